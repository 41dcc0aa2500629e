"""Ticket categories and their deadlines (SLAs), read from data/tickets.yml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time, timedelta
from pathlib import Path
from typing import Any

from actions.core.context import Tick
from actions.core.datafiles import load_yaml
from actions.tickets.service_words import service_in_words
from nlu import normalize

SPAN = re.compile(r"^(\d+)\s*([mhd])$")
UNITS = {"m": "minutes", "h": "hours", "d": "days"}
ROOT = Path(__file__).resolve().parents[2]


# 活动室的卫生间 / 食堂厨房 / 公共厕所: a room of a shared place, not of the writer's home
SHARED = re.compile(r"公共|公用|公厕|服务中心|活动室|食堂|办公室|楼道|门卫|老年大学")


@dataclass(frozen=True)
class Category:
    """How one facility or service is handled: by whom, and how fast."""

    name: str
    kind: str  # repair | help
    role: str
    team: str | None
    accept: timedelta
    resolve: timedelta
    minutes: int = 60  # time-bank minutes a volunteer earns for a confirmed help request


@dataclass(frozen=True)
class TicketConfig:
    """data/tickets.yml, read once."""

    prefix: dict[str, str]
    duplicate_days: int
    reopen_days: int
    confirm_days: int
    digest_at: time
    escalate_to: tuple[str, ...]
    categories: dict[tuple[str, str], Category]
    words: dict[str, dict[str, list[str]]]
    urgent_accept: timedelta
    urgent_resolve: timedelta
    home_things: tuple[str, ...] = ()  # found only inside a home (煤气灶, 马桶)

    def category(self, kind: str, name: str) -> Category:
        """The category by name, or the kind's catch-all 其他."""
        return self.categories.get((kind, name)) or self.categories[(kind, "其他")]

    def names(self, kind: str) -> list[str]:
        """Category names of a kind, in data order."""
        return [name for k, name in self.categories if k == kind]

    def named(self, kind: str, text: str) -> str | None:
        """The category the words name: exactly, or by its words; None when none fits."""
        name = text.strip()
        return name if name in self.names(kind) else self.guess(kind, name)

    def guess(self, kind: str, text: str) -> str | None:
        """A category named in free words ("灯不亮" -> 楼道灯), or None."""
        if kind == "help":  # scored, on the simplified text (actions.tickets.service_words)
            return service_in_words(text, self.names(kind), self.words.get(kind, {}))
        for name in self.names(kind):
            if name != "其他" and name in text:
                return name
        for name, words in self.words.get(kind, {}).items():
            if any(word in text for word in words):
                return name
        return None

    def in_a_home(self, text: str) -> bool:
        """The words name a thing found only inside a home: the report is about one's own."""
        words = normalize(text)  # 廚房 / 衛生間 as 厨房 / 卫生间
        return any(thing in words for thing in self.home_things) and not SHARED.search(words)


def parse_span(value: str) -> timedelta:
    """30m / 4h / 2d as a timedelta."""
    match = SPAN.match(str(value).strip())
    if not match:
        raise ValueError(f"not a time span: {value!r} (e.g. 30m, 4h, 2d)")
    return timedelta(**{UNITS[match.group(2)]: int(match.group(1))})


def load_config(data_dir: str) -> TicketConfig:
    """data/tickets.yml: categories, deadlines, numbering."""
    return load_yaml(data_dir, "tickets.yml", _config)


def _config(raw: dict[str, Any]) -> TicketConfig:
    categories = {}
    for kind, section in (("repair", "facilities"), ("help", "services")):
        for name, spec in raw[section].items():
            categories[(kind, name)] = Category(
                name, kind, spec.get("role") or "team_leader", spec.get("team"),
                parse_span(spec["accept"]), parse_span(spec["resolve"]),
                int(spec.get("minutes", 60)))
    hour, minute = (int(p) for p in str(raw["digest_at"]).split(":"))
    return TicketConfig(
        prefix=dict(raw["prefix"]), duplicate_days=int(raw["duplicate_days"]),
        reopen_days=int(raw["reopen_days"]), confirm_days=int(raw["confirm_days"]),
        digest_at=time(hour, minute), escalate_to=tuple(raw["escalate_to"]),
        categories=categories,
        words={"repair": raw.get("facility_words", {}), "help": raw.get("service_words", {})},
        urgent_accept=parse_span(raw["urgent_fault"]["accept"]),
        urgent_resolve=parse_span(raw["urgent_fault"]["resolve"]),
        home_things=tuple(raw.get("home_things", ())))


def config(tick: Tick) -> TicketConfig:
    """The ticket configuration of this deployment."""
    return load_config(tick.settings.data_dir)
