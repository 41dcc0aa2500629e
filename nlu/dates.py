"""Dates in normalized text (digits already Arabic), resolved against the day a message was sent.

Rules (the contract's): 周三 is the coming Wednesday (today if today is Wednesday); 这周三 the
Wednesday of this week (Monday-first), 下周三 of next week, 下下周三 of the week after, 上周三 of
last week. 12月5号 is this year's, or next year's when this year's is more than 90 days gone
(so on 12-31, 1月2号 is in January of next year). 5号 is this month's, or next month's when
this month's is more than 7 days gone. Vague words (月底, 过几天, 周末, 当天) and spans of days
(3日内, 近5日) give no date, nor do a house number (建设路18号) and a span of weeks
(一星期一节课, 一周三次).

A year makes a date exact (2017年11月11号, 18年5月3日, 去年3月5号, 2019.2.1); a month
without a day (去年3月) and a duration (近一个月, 半年, 三天了) are no date. In a message about
the past (那天, 已经, 上周, 去年, 报的, 至今 ...) a day without a year is the latest one not
after the message's day: 上个月5号 is last month's, 3月5日那天 this year's March 5th.

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
            "今早": 0, "今晚": 0, "今朝": 0, "昨天": -1, "昨日": -1, "昨儿": -1,
            "寻日": -1, "前天": -2, "大前天": -3}
WEEK_OFFSET = {"下下": 2, "下": 1, "这": 0, "本": 0, "上": -1, "": None}

# Words that put a message's days in the past (a report of what happened, not a booking).
PAST = re.compile(r"那天|那次|那会|已经|上周|上个?星期|上个?礼拜|上个?月|去年|前年|之前|以前|当时|"
                  r"曾经|至今|迄今|到现在|到今天|早在|[报打交买装修提]的|反映的|发生|以来")
# A day a few days ahead in a "past" message is still that day (已经报名了20号的).
PAST_SLACK_DAYS = 7
PAST_SLACK_MONTH_DAYS = 45
YEARS = {"去年": -1, "前年": -2, "今年": 0, "明年": 1}

_DATE = re.compile(
    r"(?P<year>(?<!\d)(?:19|20)\d\d(?=年)|(?<![\d.])[0-2]\d(?=年\d{1,2}月)|去年|前年|今年|明年)年?"
    r"(?P<ymonth>\d{1,2})月份?(?P<yday>\d{1,2})(?:号|日)?(?![\d楼栋幢座单元层室份个几多])"
    r"|(?<![\d.])(?P<dyear>(?:19|20)\d\d)(?P<sep>[./-])(?P<dmonth>\d{1,2})(?P=sep)"
    r"(?P<dday>\d{1,2})(?![\d.])"
    r"|(?P<rel>" + "|".join(sorted(RELATIVE, key=len, reverse=True)) + ")"
    r"|(?P<wprefix>(?<!一)下下|下|这|本|(?<!报)上)?个?(?<!(?<![周期拜])[一两几半])(?:周|星期|礼拜)"
    r"(?P<wday>[一二三四五六日天七1-7])(?![节次])"
    r"|(?:(?P<mprefix>下个?|这个?|本|上个?)月|(?P<month>\d{1,2})月份?)(?P<mday>\d{1,2})(?:号|日)?"
    r"(?![\d楼栋幢座单元层室份个路岁元块次人户年斤米万千多辆名位条几])"
    r"|(?<![\d月第近满共续隔)）〕】\]路街巷弄])(?<!\d-)(?P<day>\d{1,2})(?:号|日)"
    r"(?![\d楼栋幢座单元门层室院线内窗床机车位柜台箱口铺]|难求|难挂|难约|难抢|之内|以内|"
    r"的?(?:居民|住户|业主|院子|大院|门牌))")
_RANGE = re.compile(r"^\s*(?:到|至|~|-|—|－|一直到)\s*$")
# two days said as one word (明后天 / 今明两天): a range from the first to the second
_PAIR = re.compile(r"(?P<a>明)(?P<b>后)(?:两|俩)?(?:天|日|儿)"
                   r"|(?P<a2>今)(?P<b2>明)(?:两|俩)?(?:天|日)")
_PAIR_DAYS = {"明": 1, "今": 0, "后": 2}


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


def month_day(ref: date, month: int, day: int, past: bool = False) -> date | None:
    """M月D号: this year's, or next year's when this year's is long gone (last year's when
    the message is about the past and this year's is still ahead)."""
    try:
        this_year = date(ref.year, month, day)
    except ValueError:
        return None
    if past:
        if (this_year - ref).days <= PAST_SLACK_MONTH_DAYS:  # 之前订的12月5号的: still ahead
            return this_year
        return date(ref.year - 1, month, day) if _valid(ref.year - 1, month, day) else None
    if (ref - this_year).days > 90:
        return date(ref.year + 1, month, day) if _valid(ref.year + 1, month, day) else None
    return this_year


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def day_of_month(ref: date, day: int, months_ahead: int | None = None,
                 past: bool = False) -> date | None:
    """D号: this month's, or next month's when this month's is more than a week gone (in a
    message about the past: the latest D号 not after the message's day)."""
    if past and months_ahead is None:
        for back in range(3):
            year, month = _add_months(ref.year, ref.month, -back)
            if _valid(year, month, day) and (date(year, month, day) - ref).days <= (
                    PAST_SLACK_DAYS if back == 0 else 0):
                return date(year, month, day)
        return None
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


def _exact(year: int, month: int, day: int) -> date | None:
    return date(year, month, day) if year >= 1900 and _valid(year, month, day) else None


def _resolve(match: re.Match[str], ref: date, past: bool = False) -> date | None:
    if match.group("year"):
        named = match.group("year")
        # 18年5月3日: a year written with two digits is this century's
        year = ref.year + YEARS[named] if named in YEARS else int(named) + (
            2000 if len(named) == 2 else 0)
        return _exact(year, int(match.group("ymonth")), int(match.group("yday")))
    if match.group("dyear"):
        return _exact(int(match.group("dyear")), int(match.group("dmonth")),
                      int(match.group("dday")))
    if match.group("rel"):
        return ref + timedelta(days=RELATIVE[match.group("rel")])
    if match.group("wday"):
        offset = WEEK_OFFSET[match.group("wprefix") or ""]
        return weekday(ref, WEEKDAYS[match.group("wday")], offset)
    if match.group("mday"):
        day = int(match.group("mday"))
        if match.group("month"):
            return month_day(ref, int(match.group("month")), day, past)
        prefix = match.group("mprefix")
        return day_of_month(ref, day, 1 if prefix.startswith("下") else
                            -1 if prefix.startswith("上") else 0)
    return day_of_month(ref, int(match.group("day")), past=past)


def _range_end(first: re.Match[str], start: date, second: re.Match[str],
               ref: date, past: bool) -> date | None:
    """The end of a range, read in the start's week or month when it names none itself."""
    if second.group("wday") and not second.group("wprefix"):
        end = monday(start) + timedelta(days=WEEKDAYS[second.group("wday")])
        return end if end >= start else end + timedelta(days=7)
    if second.group("day") and (first.group("mday") or first.group("day")
                                 or first.group("yday") or first.group("dday")):
        day = int(second.group("day"))
        if _valid(start.year, start.month, day) and day >= start.day:
            return date(start.year, start.month, day)
    return _resolve(second, ref, past)


def _in_the_story(match: re.Match[str], anchor: date) -> date | None:
    """A day without a year after a day with one is read in its year (于2014年5月12日住院，15日
    手术: 2014-05-15; 2019年7月5日 … 8月1日: 2019-08-01)."""
    if match.group("day"):
        day = int(match.group("day"))
        year, month = (anchor.year, anchor.month) if day >= anchor.day else _add_months(
            anchor.year, anchor.month, 1)
        return date(year, month, day) if _valid(year, month, day) else None
    if match.group("month") and match.group("mday"):
        month, day = int(match.group("month")), int(match.group("mday"))
        year = anchor.year + (month + 6 <= anchor.month)  # 12月30日 … 1月3日: the next January
        return date(year, month, day) if _valid(year, month, day) else None
    return None


def about_the_past(text: str) -> bool:
    """Whether a normalized message tells of the past (its bare days are then past days)."""
    return PAST.search(text) is not None


def find_dates(text: str, ref: date, *, past: bool | None = None) -> list[DateMatch]:
    """Every date stated in normalized text; ranges expanded to their days. `past` says
    whether bare days are past ones (None: read it from the text)."""
    if past is None:
        past = about_the_past(text)
    found = _pairs(text, ref)
    days: list[tuple[re.Match[str], date]] = []
    anchor: date | None = None  # the last day a year was written for
    for m in _DATE.finditer(text):
        if any(f.start <= m.start() < f.end for f in found):
            continue
        day = (_in_the_story(m, anchor) if anchor else None) or _resolve(m, ref, past)
        if day is None:
            continue
        days.append((m, day))
        # a written year sets the story's time; its later days carry it on
        if m.group("year") or m.group("dyear") or (
                anchor is not None and (m.group("day") or m.group("month"))):
            anchor = day
    i = 0
    while i < len(days):
        first, start = days[i]
        if i + 1 < len(days) and _RANGE.match(text[first.end():days[i + 1][0].start()]):
            second = days[i + 1][0]
            end = _range_end(first, start, second, ref, past)
            if end is not None and end >= start:
                found.append(DateMatch(first.start(), second.end(), (start, end),
                                       (first.span(), second.span())))
                i += 2
                continue
        found.append(DateMatch(first.start(), first.end(), (start,), (first.span(),)))
        i += 1
    return sorted(found, key=lambda f: f.start)


def _pairs(text: str, ref: date) -> list[DateMatch]:
    """明后天 (tomorrow and the day after), 今明两天 (today and tomorrow)."""
    found = []
    for m in _PAIR.finditer(text):
        first = _PAIR_DAYS[m.group("a") or m.group("a2")]
        second = _PAIR_DAYS[m.group("b") or m.group("b2")]
        found.append(DateMatch(m.start(), m.end(),
                               (ref + timedelta(days=first), ref + timedelta(days=second)),
                               ((m.start(), m.start() + 1), (m.start() + 1, m.end()))))
    return found
