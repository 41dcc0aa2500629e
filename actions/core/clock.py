"""The time the whole system uses, injected so tests and console scripts can move it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Something that says what time it is (timezone-aware, UTC)."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that stands still until told to move (console scripts, tests)."""

    def __init__(self, start: datetime) -> None:
        self._now = _aware(start)

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime) -> None:
        """Jump to a moment."""
        self._now = _aware(when)

    def advance(self, delta: timedelta) -> None:
        """Move forward."""
        self._now += delta


def _aware(when: datetime) -> datetime:
    if when.tzinfo is None:
        raise ValueError("ManualClock needs a timezone-aware datetime")
    return when.astimezone(UTC)
