"""Text normalization shared by every NLU backend, with a map back to the original offsets.

traditional -> simplified (OpenCC), full-width -> half-width, common homophone typos, and
Chinese numerals -> digits where they are quantities or addresses (see nlu.numerals).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import opencc

from nlu.numerals import numeral_edits

# Homophone and look-alike typos of dictated or hand-written messages (wrong -> right).
TYPOS = {
    "报休": "报修", "抱修": "报修", "保修": "报修", "定餐": "订餐", "定饭": "订饭",
    "定午饭": "订午饭", "定晚饭": "订晚饭", "定中午": "订中午", "定晚上": "订晚上",
    "定一份": "订一份", "定两份": "订两份", "电悌": "电梯", "电涕": "电梯", "电题": "电梯",
    "楼到灯": "楼道灯", "楼导灯": "楼道灯", "声空灯": "声控灯", "水龙投": "水龙头",
    "下水到": "下水道", "义减": "义剪", "志原者": "志愿者", "志愿着": "志愿者",
    "自愿者": "志愿者", "投晕": "头晕", "头云": "头晕", "难收": "难受", "摔到": "摔倒",
    "着货": "着火", "煤汽": "煤气", "然气": "燃气", "燃汽": "燃气", "彩谱": "菜谱",
    "谢射": "谢谢", "射射": "谢谢", "再建": "再见", "建意": "建议", "见议": "建议",
    "投述": "投诉", "头诉": "投诉", "午反": "午饭", "晚反": "晚饭", "中反": "中饭",
    "中五": "中午", "电提": "电梯", "议剪": "义剪", "电废": "电费", "单原": "单元",
    "楼到的灯": "楼道的灯", "路等": "路灯", "门尽": "门禁", "充电装": "充电桩", "马通": "马桶",
    "睡管": "水管", "下睡道": "下水道", "漏睡": "漏水", "暖器": "暖气", "玻离": "玻璃",
    "无饭": "午饭", "五饭": "午饭", "食糖": "食堂", "取肖": "取消", "去消": "取消", "菜丹": "菜单",
    "蟹蟹": "谢谢", "多射": "多谢", "泥好": "你好", "在见": "再见", "救名": "救命", "着或": "着火",
    "头运": "头晕", "头昏脑账": "头昏脑胀", "平按": "平安", "抱名": "报名", "报明": "报名",
    "自原者": "志愿者", "装秀": "装修", "投素": "投诉", "居委汇": "居委会", "网格园": "网格员",
    "物叶": "物业", "社去": "社区",
    # 6号搂 (楼) read as the 6th; 卸卸 for 谢谢; 取销 for 取消; 威信 (a real word: prestige) is
    # 微信 only where an app is used
    "号搂": "号楼", "卸卸": "谢谢", "取销": "取消", "用威信": "用微信", "威信视频": "微信视频",
    "威信聊天": "微信聊天", "徽信": "微信",
    # not a typo but dialect: 莫要 (西南, and the old "don't") is 不要
    "莫要": "不要",
}
# Real words that contain a typo's letters: 有关部门尽快 is no 门禁, 天然气 no 然气 typo.
NOT_TYPOS = ("部门尽", "门尽量", "门尽快", "门尽早", "天然气", "自然气")


@dataclass(frozen=True)
class Normalized:
    """Normalized text; the original span of normalized char i is [starts[i], ends[i])."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of the normalized slice [start, end)."""
        if end <= start:
            return (self.starts[start], self.starts[start]) if start < len(self.text) else (
                self.ends[-1], self.ends[-1])
        return self.starts[start], self.ends[end - 1]


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def _halfwidth(char: str) -> str:
    code = ord(char)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    if code == 0x3000:
        return " "
    return char


# _halfwidth as a table for str.translate (one pass in C)
_HALFWIDTH = {code: _halfwidth(chr(code)) for code in (*range(0xFF01, 0xFF5F), 0x3000)}


def _simplified(text: str) -> str:
    converted = str(_converter("t2s").convert(text))
    if len(converted) == len(text):
        return converted
    return "".join(_converter("t2s").convert(c) for c in text)  # keep one char per char


def _rewrite(norm: Normalized, edits: list[tuple[int, int, str]]) -> Normalized:
    """Apply non-overlapping (start, end, replacement) edits; keep the offset map right."""
    if not edits:
        return norm
    text: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for start, end, new in sorted(edits):
        if start < pos:
            continue
        text.append(norm.text[pos:start])
        starts.extend(norm.starts[pos:start])
        ends.extend(norm.ends[pos:start])
        text.append(new)
        if len(new) == end - start:
            starts.extend(norm.starts[start:end])
            ends.extend(norm.ends[start:end])
        else:  # any part of the new piece maps to the whole old piece
            starts.extend([norm.starts[start]] * len(new))
            ends.extend([norm.ends[end - 1]] * len(new))
        pos = end
    text.append(norm.text[pos:])
    starts.extend(norm.starts[pos:])
    ends.extend(norm.ends[pos:])
    return Normalized("".join(text), tuple(starts), tuple(ends))


# 一分 / 两分 of food are 份 (but 一分钟, 三分之一, 十分 are left alone).
# 入木三分 is an idiom, no portions
# 11:16分 / 13时20分 / 八点十分 are minutes of a clock time.
_FEN = re.compile(r"(?<=[一二两三四五六七八九\d])(?<!入木.)(?<![:：点时]\d)(?<![:：点时]\d\d)"
                  r"(?<![点时][一二三四五六七八九十])(?<![点时][一二三四五六七八九十]{2})分"
                  r"(?![钟之钱数析开别享配手类成半都也不没])")


# Whether a text holds any typo at all: most hold none, and then nothing more is looked for.
_ANY_TYPO = re.compile("|".join(re.escape(w) for w in TYPOS))
_NOT_TYPOS = [re.compile(re.escape(word)) for word in NOT_TYPOS]


def _typo_edits(text: str) -> list[tuple[int, int, str]]:
    edits = [(m.start(), m.end(), "份") for m in _FEN.finditer(text)]
    if _ANY_TYPO.search(text) is None:
        return edits
    real = [(m.start(), m.end()) for word in _NOT_TYPOS for m in word.finditer(text)]
    for wrong, right in TYPOS.items():
        if wrong == right:
            continue
        start = text.find(wrong)
        while start >= 0:
            end = start + len(wrong)
            if not any(a <= start and end <= b for a, b in real):
                edits.append((start, end, right))
            start = text.find(wrong, end)
    return edits


@lru_cache(maxsize=8)  # a turn's readers normalize its words again and again (~6 times)
def normalize_mapped(text: str) -> Normalized:
    """Normalize text and keep, for every normalized char, where it came from (immutable:
    answers are kept for the next caller with the same text)."""
    width = text.translate(_HALFWIDTH)
    simple = _simplified(width)
    norm = Normalized(simple, tuple(range(len(text))), tuple(range(1, len(text) + 1)))
    norm = _rewrite(norm, _typo_edits(norm.text))
    return _rewrite(norm, list(numeral_edits(norm.text)))


def normalize(text: str) -> str:
    """Simplified, half-width, typo-corrected text with quantities and addresses in digits."""
    return normalize_mapped(text).text


def is_traditional(text: str) -> bool:
    """Whether the text is written in traditional characters (more traditional than simplified)."""
    trad = sum(1 for a, b in zip(text, _simplified(text), strict=True) if a != b)
    if trad == 0:
        return False
    to_trad = _converter("s2t").convert(text)
    simp = sum(1 for a, b in zip(text, to_trad, strict=False) if a != b)
    return trad > simp


def to_simplified(text: str) -> str:
    """Traditional -> simplified and nothing else (no typo fixes, no digits): for names."""
    return _simplified(text)


def to_traditional(text: str) -> str:
    """Simplified -> traditional, for residents who write traditional: as Taiwan and Hong Kong
    readers know it (OpenCC s2tw: 為 吃 才 群 核, not s2t's dictionary forms 爲 喫 纔 羣 覈)."""
    return str(_converter("s2tw").convert(text))


def simplified_only(char: str) -> bool:
    """Whether a character has another traditional form (OpenCC s2t): written by someone who
    writes simplified. 着 and 裏 are not: Hong Kong writes them so."""
    return bool(_converter("s2t").convert(char) != char)
