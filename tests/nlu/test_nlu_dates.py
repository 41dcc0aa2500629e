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


@pytest.mark.parametrize("text", ["月底", "过几天", "3号楼", "我住5号2单元", "五号线", "周末",
                                  "专家号一号难求", "那个医生的号一号难挂"])
def test_vague_words_and_addresses_are_not_dates(text: str) -> None:
    assert days(text, MONDAY_NOV_30) == []


def test_invalid_days_are_skipped() -> None:
    assert days("2月30号", MONDAY_NOV_30) == []


WEDNESDAY_NOV_18 = date(2026, 11, 18)


@pytest.mark.parametrize(("text", "expected"), [
    ("2017年11月11号停的水", "2017-11-11"), ("二〇一七年十一月十一号", "2017-11-11"),
    ("2019.2.1那天来的通知", "2019-02-01"), ("2019/02/01", "2019-02-01"),
    ("2019-2-1", "2019-02-01"), ("去年3月5号", "2025-03-05"), ("今年3月8日", "2026-03-08"),
    ("明年1月2号", "2027-01-02"),
])
def test_a_year_makes_the_date_exact(text: str, expected: str) -> None:
    assert days(text, WEDNESDAY_NOV_18) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("3月5日那天我去报修了", "2026-03-05"), ("上个月5号", "2026-10-05"),
    ("5号报的修还没人来", "2026-11-05"), ("已经报名了20号的", "2026-11-20"),
    ("上周三", "2026-11-11"), ("昨天", "2026-11-17"),
])
def test_a_message_about_the_past_means_past_days(text: str, expected: str) -> None:
    assert days(text, WEDNESDAY_NOV_18) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("12月5号订饭", "2026-12-05"), ("1月15号订一份", "2027-01-15"), ("5号", "2026-12-05"),
    ("一月份十五号订一份", "2027-01-15"), ("明年一月份十五号", "2027-01-15"),
])
def test_bookings_still_mean_the_coming_day(text: str, expected: str) -> None:
    assert days(text, WEDNESDAY_NOV_18) == [expected]


@pytest.mark.parametrize("text", [
    "近一个月一直停水", "这个月一直没水", "半年没亮过", "三天了还没修", "去年3月", "2019年",
    "3月一起去", "3月份的时候", "去年就坏了", "上个月反映过", "去年冬天开始漏水", "两年了",
])
def test_durations_and_months_alone_are_not_dates(text: str) -> None:
    assert days(text, WEDNESDAY_NOV_18) == []
