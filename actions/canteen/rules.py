"""The canteen's rules, read from data/canteen.yml: when it opens, cut-offs, capacity, prices.

Nothing here touches the database: given a day, a time or a resident, it says whether the
canteen is open, whether one may still book, and what a portion costs that resident.
Public holidays come from the `chinese_calendar` package (the State Council's yearly notice,
make-up workdays included); for a year it does not know yet, only the weekday rule applies.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import chinese_calendar

from actions.core.datafiles import load_yaml
from actions.core.dates import day_label
from actions.core.texts import Texts
from actions.db.community import Resident

log = logging.getLogger(__name__)
_YEARS_WITHOUT_HOLIDAYS: set[int] = set()  # said once a process, not on every day looked at

HOLIDAY_NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节", "Anti-Fascist 70th Day": "纪念日",
}


@dataclass(frozen=True)
class Why:
    """Why something cannot be done: a response key and its values (the wording is data)."""

    key: str
    values: dict[str, Any]

    def text(self, texts: Texts) -> str:
        """The reason in words."""
        return texts.render(self.key, **self.values)


@dataclass(frozen=True)
class Meal:
    """One meal the canteen serves: when, until when one books, how many it cooks."""

    name: str
    serve: str
    cutoff: time
    capacity: int

    def serving_ends(self) -> time | None:
        """When serving ends ("11:30-12:30": 12:30), or None when `serve` names no end."""
        if "-" not in self.serve:
            return None
        try:
            return datetime.strptime(self.serve.rsplit("-", 1)[-1].strip(), "%H:%M").time()
        except ValueError:
            return None


@dataclass(frozen=True)
class Price:
    """What one resident pays for a meal: their own portion, and each further one."""

    label: str
    own_fen: int
    extra_fen: int

    def total_fen(self, portions: int) -> int:
        """The price of `portions` portions."""
        return self.own_fen + max(portions - 1, 0) * self.extra_fen


@dataclass(frozen=True)
class Rules:
    """One community's canteen."""

    name: str
    place: str
    phone: str
    weekdays: frozenset[int]
    public_holidays: bool
    closed_dates: frozenset[date]
    book_ahead_days: int
    max_portions: int
    meals: dict[str, Meal]
    full_fen: int
    tiers: tuple[dict[str, Any], ...]
    extra_full: bool
    delivery_fee_fen: int
    delivery_note: str
    announce_weekday: int
    announce_time: time
    announce_chats: tuple[str, ...]

    # -- opening days ----------------------------------------------------------------------
    def closed_reason(self, day: date) -> Why | None:
        """Why the canteen is closed that day, or None when it is open."""
        if day in self.closed_dates:
            return Why("canteen_closed_extra", {"day": day_label(day)})
        if self.public_holidays:
            try:
                is_holiday, name = chinese_calendar.get_holiday_detail(day)
            except NotImplementedError:
                _warn_no_holidays(day.year)
            else:
                if is_holiday and name and day.isoweekday() in self.weekdays:
                    return Why("canteen_closed_holiday", {
                        "day": day_label(day), "holiday": HOLIDAY_NAMES.get(name, "法定假日")})
                if not is_holiday and name:
                    return None  # a make-up workday (调休上班): open even on a weekend
        if day.isoweekday() not in self.weekdays:
            return Why("canteen_closed_weekend", {"day": day_label(day)})
        return None

    def is_open(self, day: date) -> bool:
        """Whether meals are served that day."""
        return self.closed_reason(day) is None

    # -- booking window --------------------------------------------------------------------
    def cutoff_at(self, day: date, meal: str, tz: Any) -> datetime:
        """The moment booking and cancelling close for a meal (aware, community time)."""
        return datetime.combine(day, self.meals[meal].cutoff, tzinfo=tz)

    def last_bookable_day(self, today: date) -> date:
        """The furthest day one may book today."""
        return today + timedelta(days=self.book_ahead_days)

    def refusal(self, day: date, meal: str, local: datetime) -> Why | None:
        """Why this meal cannot be booked at `local` (community time), or None when it can."""
        if day < local.date():
            return Why("canteen_past", {"day": day_label(day)})
        closed = self.closed_reason(day)
        if closed:
            return closed
        if local >= self.cutoff_at(day, meal, local.tzinfo):
            return Why("canteen_after_cutoff", {"when": when_word(day, local.date()),
                                                "meal": meal,
                                                "cutoff": hhmm(self.meals[meal].cutoff)})
        if day > self.last_bookable_day(local.date()):
            return Why("canteen_too_far", {"day": day_label(day), "n": self.book_ahead_days})
        return None

    def next_bookable(self, meal: str, local: datetime, *, after: date | None = None
                      ) -> date | None:
        """The first day after `after` (or from now) whose meal can still be booked."""
        day = max(after + timedelta(days=1) if after else local.date(), local.date())
        while day <= self.last_bookable_day(local.date()):
            if self.refusal(day, meal, local) is None:
                return day
            day += timedelta(days=1)
        return None

    # -- prices ----------------------------------------------------------------------------
    def price_for(self, person: Resident, day: date) -> Price:
        """The price tier that fits the resident on that day (verified residents only)."""
        age = person.age(day.year) if person.verified else None
        for tier in self.tiers:
            if age is None or age < int(tier.get("min_age", 0)):
                continue
            if tier.get("needs_care") and not person.needs_care:
                continue
            own = to_fen(tier["price"])
            return Price(str(tier["label"]), own, self.full_fen if self.extra_full else own)
        return Price("", self.full_fen, self.full_fen)


def tier_words(texts: Texts, tier: dict[str, Any]) -> str:
    """Who a price is for, in words residents read, from the tier's facts (never the staff's
    label, which may name an office category such as 失能): 80岁以上、行动不便的老人."""
    key = "canteen_faq_who_care" if tier.get("needs_care") else "canteen_faq_who"
    return texts.render(key, age=int(tier.get("min_age", 0)))


def to_fen(yuan: Any) -> int:
    """Yuan (a YAML number) to fen."""
    return int(Decimal(str(yuan)) * 100)


def hhmm(moment: time) -> str:
    """9:00, 10:30"""
    return f"{moment.hour}:{moment.minute:02d}"


def yuan(fen: int) -> str:
    """Money as residents say it: 10元, 12.5元, 免费."""
    if fen == 0:
        return "免费"
    value = Decimal(fen) / 100
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text}元"


def when_word(day: date, today: date) -> str:
    """今天 / 明天 / 后天, or the date."""
    words = {0: "今天", 1: "明天", 2: "后天"}
    return words.get((day - today).days, day_label(day))


def nice_day(day: date, today: date) -> str:
    """明天11月19日（周四）, or 11月23日（周一）."""
    word = when_word(day, today)
    return word + day_label(day) if word != day_label(day) else word


def days_label(days: list[date]) -> str:
    """A run of days as briefly as possible: 11月23日（周一）到11月27日（周五）, or a list."""
    if len(days) > 2 and all((b - a).days == 1 or (a.weekday() == 4 and b.weekday() == 0)
                             for a, b in zip(days, days[1:], strict=False)):
        return f"{day_label(days[0])}到{day_label(days[-1])}，共{len(days)}天"
    return "、".join(day_label(d) for d in days)


def _clock(value: Any) -> time:
    if isinstance(value, int):  # YAML reads 09:00 unquoted as sexagesimal minutes
        return time(value // 60, value % 60)
    hour, minute = str(value).split(":")
    return time(int(hour), int(minute))


def _rules(spec: dict[str, Any]) -> Rules:
    prices = spec.get("prices", {})
    meals = {name: Meal(name, str(m.get("serve", "")), _clock(m["cutoff"]), int(m["capacity"]))
             for name, m in spec["meals"].items()}
    delivery = spec.get("delivery") or {}
    announce = spec.get("announce") or {}
    return Rules(
        name=str(spec.get("name", "长者食堂")), place=str(spec.get("place", "")),
        phone=str(spec.get("phone", "")),
        weekdays=frozenset(int(d) for d in spec.get("weekdays", [1, 2, 3, 4, 5])),
        public_holidays=bool(spec.get("public_holidays", True)),
        closed_dates=frozenset(_as_date(d) for d in spec.get("closed_dates") or []),
        book_ahead_days=int(spec.get("book_ahead_days", 14)),
        max_portions=int(spec.get("max_portions", 3)), meals=meals,
        full_fen=to_fen(prices.get("full", 0)), tiers=tuple(prices.get("tiers") or []),
        extra_full=prices.get("extra_portions", "full") == "full",
        delivery_fee_fen=to_fen(delivery.get("fee", 0)),
        delivery_note=str(delivery.get("note", "")),
        announce_weekday=int(announce.get("weekday", 5)),
        announce_time=_clock(announce.get("time", "10:00")),
        announce_chats=tuple(announce.get("chats") or ["community"]))


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _load(raw: dict[str, Any]) -> dict[str, Rules]:
    return {str(name): _rules(spec) for name, spec in raw.items()}


def load_rules(data_dir: str | Path) -> dict[str, Rules]:
    """Every community's canteen rules by community name (re-read when the file changes)."""
    return load_yaml(data_dir, "canteen.yml", _load, missing={})


def _warn_no_holidays(year: int) -> None:
    """The holiday calendar ends before `year` (the State Council publishes each year's in
    November): staff can list the closed days in closed_dates until the package is updated."""
    if year not in _YEARS_WITHOUT_HOLIDAYS:
        _YEARS_WITHOUT_HOLIDAYS.add(year)
        log.warning("chinese_calendar has no data for %s; weekdays only (list holidays in "
                    "closed_dates)", year)
