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
    if _is_word(text, start, run):
        return None
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
    if run == "一" and marker not in STRONG:
        return None
    if digits is not None and len(run) == 2:
        # 一〇号楼 reads digit by digit; 三五个 ("three or five") stays a word.
        return digits if run[1] in "〇零○" else None
    value = cn_to_int(run)
    return None if value is None else str(value)


def _day_after_month(text: str, start: int, end: int, run: str) -> str | None:
    """The day in 十二月五 / 十二月五日 (no 号 after it) still reads as a date."""
    if start == 0 or text[start - 1] != "月":
        return None
    value = cn_to_int(run)
    return str(value) if value is not None and 1 <= value <= 31 else None


def numeral_edits(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, digits) for every Chinese numeral run in text that is a quantity."""
    for match in RUN.finditer(text):
        digits = convert_run(text, match.start(), match.end())
        if digits is not None:
            yield match.start(), match.end(), digits
