"""Homophone typos of danger words: what pinyin input makes of them (就命, 电提, 咋门, 不想或).

A run of characters read like a danger word (toneless pinyin, any reading of each character)
that keeps at least one of its characters in place (one slipped key: 煤其, 电体, 兄口; two wrong
characters make another word: 儿子接我 is not 自杀, 空调漏水 is not 跳楼, 好久没吃了 is not
煤气) becomes that word, unless the run is a real word of its own (没气, 咱们, 运到, 期货):
those were found once with jieba's dictionary and are listed here, with the everyday runs
across word boundaries that read the same (五楼电梯 is not 漏电, 他还没起 is not 煤气).
Readings come from
pypinyin's character table, cut down to the syllables of these words (readings.json, written by
`python -m nlu.safety.training`): the whole table with its phrase dictionary costs a process
55 MB, the cut one a few kilobytes.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

READINGS = Path(__file__).with_name("readings.json")

WORDS = {
    "煤气": "mei qi", "燃气": "ran qi", "天然气": "tian ran qi", "着火": "zhao huo",
    "起火": "qi huo", "救命": "jiu ming", "电梯": "dian ti", "中风": "zhong feng",
    "晕倒": "yun dao", "昏倒": "hun dao", "摔倒": "shuai dao", "跌倒": "die dao",
    "胸口": "xiong kou", "心口疼": "xin kou teng", "胸口疼": "xiong kou teng",
    "漏电": "lou dian", "触电": "chu dian", "不想活": "bu xiang huo", "自杀": "zi sha",
    "跳楼": "tiao lou", "砸门": "za men", "喘不上": "chuan bu shang", "喘不过": "chuan bu guo",
    "昏迷": "hun mi", "嘴歪": "zui wai", "抽搐": "chou chu", "脑梗": "nao geng",
    "心梗": "xin geng", "困住": "kun zhu", "叫不醒": "jiao bu xing", "晕过去": "yun guo qu",
    "起不来": "qi bu lai", "爬不起": "pa bu qi", "安眠药": "an mian yao", "上吊": "shang diao",
    "漏气": "lou qi",
}
# Real words that read like a danger word (jieba's dictionary), and everyday runs across words.
PROTECTED = frozenset({
    "涂点", "上调", "中土", "中度", "中方", "中渎", "中缝", "中都", "中锋", "九名", "亲生", "偺们",
    "出典", "出点", "出电", "吃不来", "咱们", "商调", "天然漆", "天燃气", "安眠葯", "心硬",
    "愁楚", "扭出", "抽出", "捆住", "捆到", "摔到", "昏到", "期货", "染起", "每支", "每期",
    "每枝", "气化", "汽化", "没刺", "没气", "混住", "混到", "漏点", "点题", "燃起", "甩到",
    "紫杉", "紫砂", "美气", "运到", "运道", "重度", "重读", "重逢", "触点", "跌到", "踢倒", "踢到",
    "露点", "没起", "没骑", "美其", "找活", "找伙", "帅到", "爹到", "楼电", "储电", "咋们",
    "穿不上", "穿不过", "传不上", "传不过", "串不上", "新更", "运过去", "吃火", "上掉", "伤掉",
    "电是", "气火",
    # 求助电话, 援助电话: a helpline, not 触电
    "助电",
})
# A run followed by these is another word: 不想或者 is 不想, 或者; 广场上跳舞 is no 上吊;
# 迷上钓鱼 is 钓鱼.
_NOT_BEFORE = {"或": "者许", "跳": "舞绳远高", "钓": "鱼"}
_BY_FIRST: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
for _word, _pinyin in WORDS.items():
    _syllables = tuple(_pinyin.split())
    _BY_FIRST.setdefault(_syllables[0], []).append((_word, _syllables))
for _candidates in _BY_FIRST.values():
    _candidates.sort(key=lambda c: -len(c[0]))  # the longest word first


# Everyday words typed as a homophone by pinyin input, where the slip hides what the message is
# about (a TV drama, a visit, a hypothetical, a flame that caught): pattern -> the word meant.
# Only where the wrong characters make no word of their own in that place.
SLIPS = tuple((re.compile(p), w) for p, w in (
    (r"电视[据具句]", "电视剧"), (r"叹访|谈访", "探访"), (r"塌实", "踏实"), (r"外麦", "外卖"),
    (r"(?<=[被他她我])七晕|七晕(?!八)", "气晕"),
    # at a clause's start 完一 / 加入 + a household danger is 万一 / 假如 (吃完一碗, 加入群聊)
    (r"(?:(?<=^)|(?<=[ ，。,.!?！？]))完一(?=[\u4e00-\u9fff])", "万一"),
    (r"(?:(?<=^)|(?<=[ ，。,.!?！？]))加入(?=水|火|家里|屋里|有人|老人|电梯|煤气|燃气|被)",
     "假如"),
    (r"(?<=[点烧])找(?=了|起来)", "着"), (r"(?<=水)趟(?=到|进|了|得)", "淌"),
    (r"(?<=电)(还|源|闸)?没短", r"\1没断"),
    (r"(?<=[停卡困关躺倒摔晕])再(?=半|[一二两三四五六七八九十\d]+[层楼]|两层|楼|地上|里面|里头|"
     r"中间|门口|床|厕所|卫生间|家)", "在"),
    (r"门为(?=说|讲|大爷|大叔|师傅|室|看)", "门卫"),
    (r"(?<![a-z])h{3,}(?![a-z])", " 哈哈 "),
))


def fix_slips(text: str) -> str:
    """The text with the homophone slips of everyday words (SLIPS) set right."""
    for pattern, word in SLIPS:
        text = pattern.sub(word, text)
    return text


def syllables() -> list[str]:
    """Every syllable of the danger words, the only readings the table keeps."""
    return sorted({s for pinyin in WORDS.values() for s in pinyin.split()})


def build_readings() -> dict[str, str]:
    """From pypinyin's character table: each syllable of the danger words and, in code point
    order, every character that can be read so (any tone)."""
    from pypinyin import pinyin_dict

    wanted = set(syllables())
    table: dict[str, list[str]] = {s: [] for s in sorted(wanted)}
    for code, found in sorted(pinyin_dict.pinyin_dict.items()):
        for reading in {_toneless(r) for r in found.split(",")} & wanted:
            table[reading].append(chr(code))
    return {s: "".join(chars) for s, chars in table.items()}


def _toneless(reading: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", reading)
                   if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _by_char() -> dict[str, frozenset[str]]:
    table = json.loads(READINGS.read_text(encoding="utf-8"))
    found: dict[str, set[str]] = {}
    for syllable, chars in table.items():
        for char in chars:
            found.setdefault(char, set()).add(syllable)
    return {char: frozenset(s) for char, s in found.items()}


def readings(char: str) -> frozenset[str]:
    """The toneless readings of one character among the danger words' syllables (empty for
    anything else)."""
    return _by_char().get(char, frozenset())


# a run of Latin letters touching a Chinese character: a syllable typed where its character
# was not found (天然qi泄漏, 我想zi杀, 爷爷hun迷了)
_SYLLABLE = re.compile(r"(?<=[\u4e00-\u9fff])[a-z]+|[a-z]+(?=[\u4e00-\u9fff])")


def fix_spelled_syllables(text: str) -> str:
    """The text with a danger word typed partly in pinyin (one syllable in Latin letters, the
    rest as characters, at least one of them the word's own) replaced by the word."""
    for match in reversed(list(_SYLLABLE.finditer(text))):
        found = _word_around(text, match.start(), match.end())
        if found:
            start, end, word = found
            text = text[:start] + word + text[end:]
    return text


def _word_around(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """A danger word that the syllable text[start:end] completes with the characters around it:
    where it starts and ends in the text, and the word."""
    typed = text[start:end]
    for word, pinyin in WORDS.items():
        spoken = pinyin.split()
        for k in (k for k, s in enumerate(spoken) if s == typed):
            left, right = start - k, end + len(word) - k - 1
            before, after = text[max(0, left):start], text[end:right]
            if left < 0 or len(after) != len(word) - k - 1:
                continue
            chars, others = before + after, word[:k] + word[k + 1:]
            if any(a == b for a, b in zip(chars, others, strict=True)) and all(
                    a == b or s in readings(a)
                    for a, b, s in zip(chars, others, spoken[:k] + spoken[k + 1:], strict=True)) \
                    and not _protected(chars, k, typed):
                return left, right, word
    return None


def _protected(chars: str, k: int, typed: str) -> bool:
    """Whether the characters around a syllable typed at k, with a character of that reading
    in its place, are a real word of their own (房租上diao了 is 上调, 衣服chuan不上 is 穿不上)."""
    return any(len(word) == len(chars) + 1 and word[:k] + word[k + 1:] == chars
               and typed in readings(word[k]) for word in PROTECTED - _RARE)


# real words too rare to stand for a syllable typed in letters: 天然qi is 天然气, not 天然漆
_RARE = frozenset({"天然漆"})


def fix_homophones(text: str) -> str:
    """The text with every homophone typo of a danger word replaced by the word."""
    out: list[str] = []
    i = 0
    while i < len(text):
        word = _word_at(text, i)
        out.append(word or text[i])
        i += len(word) if word else 1
    return "".join(out)


def _word_at(text: str, i: int) -> str:
    for syllable in readings(text[i]):
        for word, syllables in _BY_FIRST.get(syllable, ()):
            run = text[i:i + len(word)]
            if len(run) != len(word) or run == word or run in PROTECTED:
                continue
            following = text[i + len(word):i + len(word) + 1]
            if following and following in _NOT_BEFORE.get(run[-1], ""):
                continue
            if not any(a == b for a, b in zip(run, word, strict=True)):
                continue  # two wrong characters are another word: 空调漏水 is not 跳楼
            if all(s in readings(c) for c, s in zip(run[1:], syllables[1:], strict=True)):
                return word
    return ""
