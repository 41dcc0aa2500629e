"""The check-in's times, per community, from data/checkins.yml (read once per file change)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from actions.core.datafiles import load_yaml


@dataclass(frozen=True)
class CheckinRules:
    """How one community runs its evening check-ins."""

    checkin_time: time = time(20, 0)
    reminder_after: timedelta = timedelta(minutes=30)
    escalate_after: timedelta = timedelta(minutes=60)
    next_contact_every: timedelta = timedelta(minutes=20)
    latest_send: timedelta = timedelta(minutes=120)
    summary_after: timedelta = timedelta(minutes=120)
    weekly_chart_weekday: int = 7
    pause_choices: tuple[int, ...] = (3, 7, 14, 30)
    chart_dir: str = "reports/checkins"

    def due_at(self, day: date, own_time: str | None, tz: ZoneInfo) -> datetime:
        """When an elder's check-in is due on a day (their own time, else the community's)."""
        at = parse_time(own_time) if own_time else self.checkin_time
        return datetime.combine(day, at, tzinfo=tz)

    def summary_at(self, day: date, tz: ZoneInfo) -> datetime:
        """When the day's summary goes to the staff chat."""
        return datetime.combine(day, self.checkin_time, tzinfo=tz) + self.summary_after


def parse_time(value: str) -> time:
    """"20:00" -> time(20, 0); raises ValueError on anything else."""
    hours, _, minutes = str(value).strip().partition(":")
    return time(int(hours), int(minutes or 0))


def _rules(spec: dict[str, Any]) -> CheckinRules:
    def minutes(key: str, default: int) -> timedelta:
        return timedelta(minutes=int(spec.get(key, default)))

    return CheckinRules(
        checkin_time=parse_time(spec.get("checkin_time", "20:00")),
        reminder_after=minutes("reminder_after", 30),
        escalate_after=minutes("escalate_after", 60),
        next_contact_every=minutes("next_contact_every", 20),
        latest_send=minutes("latest_send", 120),
        summary_after=minutes("summary_after", 120),
        weekly_chart_weekday=int(spec.get("weekly_chart_weekday", 7)),
        pause_choices=tuple(int(d) for d in spec.get("pause_choices", (3, 7, 14, 30))),
        chart_dir=str(spec.get("chart_dir", "reports/checkins")))


def _load(spec: dict[str, Any]) -> tuple[CheckinRules, dict[str, CheckinRules]]:
    default = spec.get("default") or {}
    communities = {name: _rules({**default, **(own or {})})
                   for name, own in (spec.get("communities") or {}).items()}
    return _rules(default), communities


def rules_for(data_dir: str | Path, community: str) -> CheckinRules:
    """The rules of a community (the defaults when it is not listed, or no file)."""
    nothing: dict[str, CheckinRules] = {}
    default, communities = load_yaml(data_dir, "checkins.yml", _load,
                                     missing=(CheckinRules(), nothing))
    return communities.get(community, default)
