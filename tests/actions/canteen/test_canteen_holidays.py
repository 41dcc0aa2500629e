"""Staff hear, weeks ahead and once, that the holiday calendar lacks the coming year."""

from __future__ import annotations

import itertools

from actions.canteen.holidays import calendar_knows
from bot.console import ConsoleChat
from tests.helpers import play

# The first year the installed chinese_calendar does not know (2027 with 1.11.0).
UNKNOWN = next(y for y in itertools.count(2026) if not calendar_knows(y))


def test_staff_hear_once_when_the_coming_year_has_no_holidays(console: ConsoleChat) -> None:
    out = play(console, f"@at {UNKNOWN - 1}-11-30 09:00")
    assert "节假日日历" not in out  # the year starts in 32 days: not yet
    out = play(console, f"@at {UNKNOWN - 1}-12-02 09:00")
    assert out.count(f"系统的节假日日历里还没有{UNKNOWN}年的放假安排") == 1
    assert "幸福里长者食堂只按每周固定的开门日开门" in out and "closed_dates" in out
    out = play(console, f"@at {UNKNOWN - 1}-12-20 09:00")
    assert "节假日日历" not in out  # said once a year


def test_a_known_year_says_nothing(console: ConsoleChat) -> None:
    out = play(console, f"@at {UNKNOWN - 2}-12-20 09:00")
    assert "节假日日历" not in out
