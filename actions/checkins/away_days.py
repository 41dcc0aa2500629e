"""How many days an absence spans, from her words: 三天 / 两个礼拜 / 半个月, the dates said
(none after the first before it), and days no date entity holds (月底, 过完元旦)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import cn2an

from actions.core.context import Context

DAYS = re.compile(r"([0-9]+|[一二两三四五六七八九十]+)\s*(?:天|日|晚)")
MONTHS = re.compile(r"([0-9]+|[一二两三]+)\s*个\s*月")
SOME_DAYS = re.compile(r"几天|这些天|些日子|一阵|一段时间|几日|幾天")
WEEKS = re.compile(r"([0-9]+|[一二两三四五六七八九十]+)?\s*个?\s*(?:礼拜|星期|周)"
                   r"(?![一二三四五六日天末])")


def dates_ahead(ctx: Context, besides: tuple[int, int] | None = None) -> list[date]:
    """The dates said, in order, none after the first before it (12月1号去 15号回来: the 15th
    of December, not a 15 November already gone; 昨天住院了 stays yesterday); none said within
    `besides` (the words about tonight)."""
    dates: list[date] = []
    spans = [e for e in ctx.parse.get("entities", []) if e.get("entity") == "date"]
    if besides is not None:
        spans = [e for e in spans if not besides[0] <= int(e.get("start", -1)) < besides[1]]
    for said in (date.fromisoformat(str(e["value"])) for e in spans):
        while dates and said < dates[0] and said.day <= 28:  # the next month's day
            said = (said.replace(day=1) + timedelta(days=32)).replace(day=said.day)
        dates.append(said)
    return dates


MONTH_END = re.compile(r"月底|月末")
AFTER_NEW_YEAR = re.compile(r"(?:过完|过了|过)元旦|元旦(?:以后|之后|后)")


def dates_in_words(ctx: Context, text: str) -> list[date]:
    """Days no date entity holds: 月底 (the month's last day) to go, 过完元旦 (1 January) to be
    away until."""
    dates: list[date] = []
    if MONTH_END.search(text):
        last = (ctx.today.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        dates.append(max(last, ctx.today + timedelta(days=1)))
    if AFTER_NEW_YEAR.search(text):
        dates.append(date(ctx.today.year + 1, 1, 1))
    return dates


def days_said(text: str) -> int | None:
    """三天 / 两个礼拜 / 一周 / 半个月 -> days; None when the words give no number (几天)."""
    found = DAYS.search(text)
    if found:
        return number_of(found.group(1))
    if "半个月" in text:
        return 15
    months = MONTHS.search(text)
    if months:
        return 30 * number_of(months.group(1))
    weeks = WEEKS.search(text)
    if weeks:
        return 7 * (number_of(weeks.group(1)) if weeks.group(1) else 1)
    return None


def number_of(raw: str) -> int:
    return int(raw) if raw.isdecimal() else int(cn2an.cn2an(raw, "smart"))
