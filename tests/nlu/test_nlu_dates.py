"""Dates resolved against the day a message was sent, around week, month and year ends."""

from __future__ import annotations

from datetime import date

import pytest

from nlu.dates import find_dates
from nlu.normalize import normalize

MONDAY_NOV_30 = date(2026, 11, 30)
SUNDAY_NOV_29 = date(2026, 11, 29)
THURSDAY_DEC_31 = date(2026, 12, 31)


def days(text: str, ref: date) -> list[str]:
    """Every day stated, as ISO strings."""
    return [d.isoformat() for m in find_dates(normalize(text), ref) for d in m.days]


@pytest.mark.parametrize(("text", "expected"), [
    ("今天", "2026-11-30"), ("明天", "2026-12-01"), ("后天", "2026-12-02"),
    ("大后天", "2026-12-03"), ("周三", "2026-12-02"), ("星期一", "2026-11-30"),
    ("礼拜天", "2026-12-06"), ("下周一", "2026-12-07"), ("下礼拜三", "2026-12-09"),
    ("这周五", "2026-12-04"), ("12月1号", "2026-12-01"), ("十二月一号", "2026-12-01"),
    ("1号", "2026-12-01"), ("5号", "2026-12-05"), ("28号", "2026-11-28"),
    ("下个月3号", "2026-12-03"), ("明儿", "2026-12-01"), ("昨天", "2026-11-29"),
])
def test_on_a_monday_at_the_end_of_the_month(text: str, expected: str) -> None:
    assert days(text, MONDAY_NOV_30) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("周日", "2026-11-29"), ("周一", "2026-11-30"), ("下周一", "2026-11-30"),
    ("这周六", "2026-11-28"), ("明天", "2026-11-30"), ("下周日", "2026-12-06"),
])
def test_on_a_sunday_the_week_is_monday_first(text: str, expected: str) -> None:
    assert days(text, SUNDAY_NOV_29) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("明天", "2027-01-01"), ("1月2号", "2027-01-02"), ("一月二号", "2027-01-02"),
    ("12月31号", "2026-12-31"), ("2号", "2027-01-02"), ("下周一", "2027-01-04"),
])
def test_across_the_year_end(text: str, expected: str) -> None:
    assert days(text, THURSDAY_DEC_31) == [expected]


def test_a_range_gives_its_two_ends_in_the_same_week() -> None:
    assert days("下周一到周五", MONDAY_NOV_30) == ["2026-12-07", "2026-12-11"]
    assert days("12月1号到5号", MONDAY_NOV_30) == ["2026-12-01", "2026-12-05"]


@pytest.mark.parametrize("text", ["月底", "过几天", "3号楼", "我住5号2单元", "五号线", "周末"])
def test_vague_words_and_addresses_are_not_dates(text: str) -> None:
    assert days(text, MONDAY_NOV_30) == []


def test_invalid_days_are_skipped() -> None:
    assert days("2月30号", MONDAY_NOV_30) == []
