"""Helpers shared by the tests: replaying console lines, reading a check-in round."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from actions.db import session_scope
from actions.db.checkins import CheckinRound
from actions.db.community import Resident
from bot.console import ConsoleChat
from bot.wiring import Linli


def play(console: ConsoleChat, script: str) -> str:
    """Replay script lines; return only what this call printed."""
    start = len(console.out.getvalue())  # type: ignore[attr-defined]
    console.run_script(script.strip().splitlines())
    return str(console.out.getvalue())[start:]  # type: ignore[attr-defined]


def round_of(linli: Linli, name: str, day: str = "2026-11-18") -> CheckinRound:
    """An elder's check-in round of a day (detached, for reading)."""
    with session_scope(linli.sessions) as session:
        return session.scalars(select(CheckinRound).join(
            Resident, Resident.id == CheckinRound.elder_id).where(
            Resident.name == name, CheckinRound.day == date.fromisoformat(day))).one()
