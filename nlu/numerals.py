"""Chinese numerals in running text: which runs are quantities or addresses, and their values.

Only a run followed by a marker (号 栋 单元 楼 层 室 份 月 ...) or a digit-by-digit reading of a
room or phone number (五〇一, 幺三八...) is converted, so words that merely contain a numeral
character (一起 一直 十分 一下 一点 万一 一般 星期一 三心二意) are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

DIGITS = {"零": 0, "〇": 0, "○": 0, "幺": 1, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
          "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
RUN = re.compile("[零〇○幺一二两三四五六七八九十百千万]+")

# A marker after the run makes it a number, even for a lone 一 (一楼 一份 一号 一单元).
STRONG = ("单元", "号", "栋", "幢", "座", "楼", "室", "份", "盒", "碗", "户", "月", "门")
# These make a number of anything but a lone 一 (一个 一位 一点 stay words).
WEAK = ("层", "个", "位", "人", "岁", "次", "块", "元", "斤", "周", "点", "分钟", "小时")
# Before a weekday numeral (周一 星期三 礼拜天) or a lunar day (初五) the numeral stays a word.
WORD_BEFORE = ("周", "星期", "礼拜", "初")
# After these a numeral is a word's first character (一直 一起 一样 一下).
WORD_AFTER = ("直", "起", "样", "般", "下", "定", "共", "律", "些", "旦", "切", "同", "点", "边")
# 一栋 followed by these is "a whole building" (一栋的居民, 一座楼盘), not building 1.
WHOLE_BUILDING = ("的居民", "的住户", "的业主", "的人", "的老人", "楼盘", "楼房", "大楼", "高楼",
                  "住宅", "居民楼", "楼的", "楼都", "楼全", "房子", "小楼", "商品房", "新楼")
ROOM_BEFORE = ("单元", "住", "楼", "号", "室", "门", "-")


def cn_to_int(run: str) -> int | None:
    """The value of a positional numeral (二十五, 一百零一, 两千); None when it is not one."""
    if run[0] in "百千万" or run.startswith("零"):
        return None
    total, section, digit = 0, 0, None
    previous_unit = 10**9
    for char in run:
        if char in DIGITS:
            if digit is not None and digit != 0:
                return None  # two digits in a row: 三五 is "three or five", not a number
            digit = DIGITS[char]
        elif char == "万":
            section += digit or 0
            total += section * 10000
            section, digit, previous_unit = 0, None, 10**9
        else:
            unit = UNITS[char]
            if unit >= previous_unit:
                return None
            section += (1 if digit is None else digit) * unit
            digit, previous_unit = None, unit
    return total + section + (digit or 0)


def digitwise(run: str) -> str | None:
    """五〇一 -> "501" (a room or phone number read digit by digit); None for other runs."""
    if any(c not in DIGITS or c == "两" for c in run):
        return None
    return "".join(str(DIGITS[c]) for c in run)


def _marker_after(text: str, end: int) -> str | None:
    for marker in (*STRONG, *WEAK):
        if text.startswith(marker, end):
            return marker
    return None


def _is_word(text: str, start: int, run: str) -> bool:
    """A numeral that is part of a word: 周一, 星期三, 初五, 三心二意, 万一."""
    before = text[max(0, start - 2):start]
    if len(run) == 1 and any(before.endswith(w) for w in WORD_BEFORE):
        return True
    return run.startswith("万")


def convert_run(text: str, start: int, end: int) -> str | None:
    """The digits to write for text[start:end], or None to keep the characters."""
    run = text[start:end]
    if _is_word(text, start, run) or (start and text[start - 1].isdigit()):
        return None  # 205两户: two households of 205, not room 2052
    digits = digitwise(run)
    before = text[max(0, start - 2):start]
    if digits is not None and len(run) >= 3:
        if any(c in run for c in "〇零○幺") or len(run) >= 7:
            return digits
        if any(before.endswith(b) for b in ROOM_BEFORE) or _marker_after(text, end) == "室":
            return digits
        return None
    marker = _marker_after(text, end)
    if marker is None:
        return _day_after_month(text, start, end, run)
    if run == "一" and (marker not in STRONG or _a_whole_building(text, start, end)):
        return None
    if run in ("两", "俩") and marker in ("栋", "座", "幢"):
        return None  # 两栋老房子: two buildings, never building 2
    if digits is not None and len(run) == 2:
        # 一〇号楼 reads digit by digit; 三五个 ("three or five") stays a word.
        return digits if run[1] in "〇零○" else None
    value = cn_to_int(run)
    return None if value is None else str(value)


def _a_whole_building(text: str, start: int, end: int) -> bool:
    """一栋的居民, 这一栋楼, 一座楼盘: one whole building, not building number 1."""
    if not text.startswith(("栋", "座", "幢"), end):
        return False
    return text[start - 1:start] in ("这", "那", "每", "整", "哪") or text.startswith(
        WHOLE_BUILDING, end + 1) or (text[end] == "座" and _names_a_thing(text[end + 1:end + 2]))


def _names_a_thing(after: str) -> bool:
    """一座基站 / 一座桥: 座 counts a thing (not 一座3单元, 一座楼)."""
    return "\u4e00" <= after <= "\u9fff" and after not in "单楼的一二三四五六七八九十两"


def _day_after_month(text: str, start: int, end: int, run: str) -> str | None:
    """The day in 十二月五 / 十二月五日 (no 号 after it) still reads as a date (not the 一 of
    这个月一直 or 3月一起)."""
    if start < 2 or text[start - 1] != "月" or not (
            text[start - 2].isdigit() or text[start - 2] in DIGITS or text[start - 2] in UNITS):
        return None
    if text.startswith(WORD_AFTER, end):
        return None
    value = cn_to_int(run)
    return str(value) if value is not None and 1 <= value <= 31 else None


def numeral_edits(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, digits) for every Chinese numeral run in text that is a quantity."""
    for match in RUN.finditer(text):
        digits = convert_run(text, match.start(), match.end())
        if digits is not None:
            yield match.start(), match.end(), digits
