"""The intent classifier's features: character n-grams and jieba words of normalized text.

Training (scikit-learn) and parsing (numpy only) call the same `features`, so what a model
learned and what it sees at run time cannot drift apart. A letter is read without its
salutation and closing, and its asking clause is read twice (see nlu.clauses).
"""

from __future__ import annotations

import re

from nlu.clauses import asking_clause, clauses, core
from nlu.lexicon import cues, mask_negated
from nlu.tokenizer import Tokenizer

_DIGITS = re.compile(r"\d+")
_NOISE = re.compile(r"[\s,，.。!！~～…、;；:：\"'“”‘’()（）\[\]【】]+")
_INVISIBLE = re.compile("[\uFE0F\u200B-\u200D]")
# A message board's anonymised place (A7县, K1区, G市) says where a letter comes from, never what
# it is about: as n-grams it taught that board letters are feedback. Its 县/区/市 stays.
_PLACE_CODE = re.compile(r"(?<![a-z0-9])[a-z]\d{0,2}\s?(?=[市县区])")


# How a letter names itself (反映, 投诉, 举报) or puts its request (希望, 请求, 呼吁) says it
# is a letter, not what it is about: in a long message the topic decides
# (关于供暖温度长期不达标的投诉 and 希望尽快修复 are faults to fix, 希望增设路灯 a proposal).
# The words stay in the cues (kletter, kcomplain); short messages (我要投诉, 希望早点开门) keep
# them as words too.
_FRAMING = re.compile(r"反映|投诉|举报|诉求|希望|请求|呼吁")
FRAMING_LEN = 16


def _unframed(body: str) -> str:
    """The body without the words that name a letter's kind, when it is long enough."""
    return _FRAMING.sub(" ", body) if len(body) >= FRAMING_LEN else body


def shape(normalized: str) -> str:
    """Text as the classifier sees it: numbers as 0, punctuation dropped (emoji kept: 👍 🙏)."""
    text = _DIGITS.sub("0", _PLACE_CODE.sub("", normalized.lower()))
    text = _INVISIBLE.sub("", text)
    return _NOISE.sub(" ", text).strip()


def cut_texts(normalized: str) -> list[str]:
    """The texts `features` segments with jieba (training keeps their words in the lexicon)."""
    body = mask_negated(core(normalized))
    ask = asking_clause(body)
    return [shape(_unframed(body))] + ([shape(ask)] if ask else [])


def features(normalized: str, tokenizer: Tokenizer) -> list[str]:
    """Char 1-3-grams (with edges marked) plus word unigrams and bigrams of the message's core,
    the asking clause's words and cues again, and the message's length in clauses."""
    body = mask_negated(core(normalized))
    text = shape(_unframed(body))
    if not text:
        return []
    feats: list[str] = []
    for chunk in text.split(" "):
        padded = f"^{chunk}$"
        feats.extend(["c" + c for c in chunk if c != "^" and c != "$"])  # the edges alone: no
        feats.extend(["c" + padded[i:i + 2] for i in range(len(padded) - 1)])
        feats.extend(["c" + padded[i:i + 3] for i in range(len(padded) - 2)])
    words = tokenizer.cut(text)
    feats.extend("w" + w for w in words)
    feats.extend(f"b{a}|{b}" for a, b in zip(words, words[1:], strict=False))
    if len(text) <= 3:
        feats.append(f"len{len(text)}")
    if len(text) <= 6:  # a short message as a whole: 88 is not 123, 好好 is not 好的
        feats.append("t" + _NOISE.sub("", _INVISIBLE.sub("", body.lower())))
    feats.extend(cues(body.lower()))
    parts = len(clauses(text))
    if parts >= 3:
        feats.append(f"n{min(parts, 6)}")
    ask = asking_clause(body)
    if ask:
        feats.extend("w" + w for w in tokenizer.cut(shape(ask)))
        feats.extend("a" + k for k in cues(ask.lower()) if k != "knone")
    return feats
