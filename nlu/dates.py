"""Dates in normalized text (digits already Arabic), resolved against the day a message was sent.

Rules (the contract's): 周三 is the coming Wednesday (today if today is Wednesday); 这周三 the
Wednesday of this week (Monday-first), 下周三 of next week, 下下周三 of the week after, 上周三 of
last week. 12月5号 is this year's, or next year's when this year's is more than 90 days gone
(so on 12-31, 1月2号 is in January of next year). 5号 is this month's, or next month's when
this month's is more than 7 days gone. Vague words (月底, 过几天, 周末) give no date.

A range (下周一到周五, 12月1号到5号) gives its two ends, the end read in the start's week or
month (下周一到周五: Friday of next week), each with its own span.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "七": 6,
            "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}
RELATIVE = {"大后天": 3, "大后日": 3, "后天": 2, "后日": 2, "后儿": 2, "后儿个": 2,
            "明天": 1, "明日": 1, "明儿": 1, "明儿个": 1, "明个": 1, "明早": 1, "明晚": 1,
            "明朝": 1, "听日": 1, "今天": 0, "今日": 0, "今儿": 0, "今儿个": 0, "今个": 0,
            "今早": 0, "今晚": 0, "今朝": 0, "当天": 0, "昨天": -1, "昨日": -1, "昨儿": -1,
            "寻日": -1, "前天": -2, "大前天": -3}
WEEK_OFFSET = {"下下": 2, "下": 1, "这": 0, "本": 0, "上": -1, "": None}

_DATE = re.compile(
    "(?P<rel>" + "|".join(sorted(RELATIVE, key=len, reverse=True)) + ")"
    r"|(?P<wprefix>下下|下|这|本|上)?个?(?:周|星期|礼拜)(?P<wday>[一二三四五六日天七1-7])"
    r"|(?:(?P<mprefix>下个?|这个?|本)月|(?P<month>\d{1,2})月)(?P<mday>\d{1,2})(?:号|日)?"
    r"(?![\d楼栋幢座单元层室份个])"
    r"|(?<![\d\-月第])(?P<day>\d{1,2})(?:号|日)(?![\d楼栋幢座单元门层室院线])")
_RANGE = re.compile(r"^\s*(?:到|至|~|-|—|－|一直到)\s*$")


@dataclass(frozen=True)
class DateMatch:
    """A date expression in normalized text and the day(s) it means."""

    start: int
    end: int
    days: tuple[date, ...]  # one day, or the two ends of a range
    parts: tuple[tuple[int, int], ...]  # the span of each day's words


def monday(day: date) -> date:
    """The Monday of day's week."""
    return day - timedelta(days=day.weekday())


def weekday(ref: date, index: int, week_offset: int | None) -> date:
    """周X (the coming one) or 下周X / 这周X / 上周X (in a given week)."""
    if week_offset is None:
        return ref + timedelta(days=(index - ref.weekday()) % 7)
    return monday(ref) + timedelta(days=7 * week_offset + index)


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    total = year * 12 + month - 1 + months
    return total // 12, total % 12 + 1


def month_day(ref: date, month: int, day: int) -> date | None:
    """M月D号: this year's, or next year's when this year's is long gone."""
    try:
        this_year = date(ref.year, month, day)
    except ValueError:
        return None
    if (ref - this_year).days > 90:
        return date(ref.year + 1, month, day) if _valid(ref.year + 1, month, day) else None
    return this_year


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def day_of_month(ref: date, day: int, months_ahead: int | None = None) -> date | None:
    """D号: this month's, or next month's when this month's is more than a week gone."""
    if months_ahead is not None:
        year, month = _add_months(ref.year, ref.month, months_ahead)
        return date(year, month, day) if _valid(year, month, day) else None
    for ahead in range(3):
        year, month = _add_months(ref.year, ref.month, ahead)
        if not _valid(year, month, day):
            continue
        candidate = date(year, month, day)
        if (ref - candidate).days <= 7:
            return candidate
    return None


def _resolve(match: re.Match[str], ref: date) -> date | None:
    if match.group("rel"):
        return ref + timedelta(days=RELATIVE[match.group("rel")])
    if match.group("wday"):
        offset = WEEK_OFFSET[match.group("wprefix") or ""]
        return weekday(ref, WEEKDAYS[match.group("wday")], offset)
    if match.group("mday"):
        day = int(match.group("mday"))
        if match.group("month"):
            return month_day(ref, int(match.group("month")), day)
        return day_of_month(ref, day, 1 if match.group("mprefix").startswith("下") else 0)
    return day_of_month(ref, int(match.group("day")))


def _range_end(first: re.Match[str], start: date, second: re.Match[str],
               ref: date) -> date | None:
    """The end of a range, read in the start's week or month when it names none itself."""
    if second.group("wday") and not second.group("wprefix"):
        end = monday(start) + timedelta(days=WEEKDAYS[second.group("wday")])
        return end if end >= start else end + timedelta(days=7)
    if second.group("day") and (first.group("mday") or first.group("day")):
        day = int(second.group("day"))
        if _valid(start.year, start.month, day) and day >= start.day:
            return date(start.year, start.month, day)
    return _resolve(second, ref)


def find_dates(text: str, ref: date) -> list[DateMatch]:
    """Every date stated in normalized text; ranges expanded to their days."""
    matches = [m for m in _DATE.finditer(text) if _resolve(m, ref) is not None]
    found: list[DateMatch] = []
    i = 0
    while i < len(matches):
        first = matches[i]
        start = _resolve(first, ref)
        assert start is not None
        if i + 1 < len(matches) and _RANGE.match(text[first.end():matches[i + 1].start()]):
            second = matches[i + 1]
            end = _range_end(first, start, second, ref)
            if end is not None and end >= start:
                found.append(DateMatch(first.start(), second.end(), (start, end),
                                       (first.span(), second.span())))
                i += 2
                continue
        found.append(DateMatch(first.start(), first.end(), (start,), (first.span(),)))
        i += 1
    return found
