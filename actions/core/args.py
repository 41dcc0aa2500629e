"""Reading the arguments of buttons and commands, which anyone can forge.

Telegram passes callback data and command text through as the client sent them, so an id may
be "²", twenty digits, or a date in the year 9999. These helpers say None for anything that is
not a plausible value; the handler then answers as for a stale button, and no turn crashes.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TypeVar

from sqlalchemy.orm import Session

from actions.db.base import Base
from nlu import normalize
from nlu.dates import find_dates

MAX_ID_DIGITS = 18  # fits a 64-bit database integer
DAYS_AROUND = 400  # a day named in a button is within about a year of today

M = TypeVar("M", bound=Base)


def record_id(raw: object) -> int | None:
    """An id: ASCII digits only, small enough for the database."""
    text = str(raw).strip()
    if not text or len(text) > MAX_ID_DIGITS or not (text.isascii() and text.isdecimal()):
        return None
    return int(text)


def fetch(session: Session, model: type[M], raw: object) -> M | None:
    """The row a button names, or None for a forged or stale id."""
    number = record_id(raw)
    return session.get(model, number) if number is not None else None


def iso_day(raw: object, *, today: date) -> date | None:
    """A YYYY-MM-DD day within about a year of today, or None."""
    try:
        day = date.fromisoformat(str(raw).strip()[:10])
    except ValueError:
        return None
    return day if _near(day, today) else None


def _near(day: date, today: date) -> bool:
    return abs(day - today) <= timedelta(days=DAYS_AROUND)


def stated_day(raw: object, *, today: date) -> date | None:
    """The one day a command's argument names: 2026-11-23, or words (明天 / 周五 / 11月24日 /
    明兒, traditional and dialect as the NLU reads them), within about a year; else None."""
    exact = iso_day(raw, today=today)
    if exact is not None:
        return exact
    days = {d for m in find_dates(normalize(str(raw)), today, past=False) for d in m.days}
    day = days.pop() if len(days) == 1 else None
    return day if day is not None and _near(day, today) else None
