"""Chinese as a learner types it: English words for danger among the Chinese (gas 很 smell, the
pipe broke), and a message spaced word by word (电梯 突然 停 我 按 按钮 没有 用), whose spaces
part words, not clauses."""

from __future__ import annotations

import re

# English danger words, whole words only; bare `fire` is left out (被炒了 is fire too)
ENGLISH = {
    "gas leak": "漏煤气", "gas": "煤气", "smells": "有味", "smell": "有味",
    "elevator": "电梯", "lift": "电梯", "stuck": "卡住", "trapped": "困住",
    "fall down": "摔倒", "fell down": "摔倒", "fallen": "摔倒", "fell": "摔倒",
    "cannot get up": "起不来", "can't get up": "起不来", "cant get up": "起不来",
    "water pipe": "水管", "main water pipe": "总水管", "mainwater pipe": "总水管",
    "water pipe broke": "水管爆了", "pipe broke": "水管爆了", "stopped": "停了",
    "pipe burst": "水管爆了", "burst pipe": "水管爆了",
    "broken pipe": "水管爆了", "pipe": "管子", "leaking": "在漏", "leak": "漏",
    "on fire": "着火了", "smoke": "烟", "bleeding": "流血", "unconscious": "昏迷",
    "not breathing": "没呼吸", "what number": "打什么号码", "which number": "打什么号码",
    "heart attack": "心脏病发作",
}
# with a space typed beside it, which parts the English word from its Chinese, not two clauses
_ENGLISH = re.compile(r" ?(?<![a-z'])(?P<word>"
                      + "|".join(re.escape(k) for k in sorted(ENGLISH, key=len, reverse=True))
                      + r")(?![a-z']) ?")
# a learner's 不能 + verb for the verb's own 不 form: 她不能站起来 is 她站不起来
LEARNER = {"不能站起来": "站不起来", "不能起来": "起不来", "不能出去": "出不去",
           "不能动": "动不了", "不能醒": "醒不了", "不能开门": "开不了门", "不能出来": "出不来",
           "不能呼吸": "喘不上气"}
_LEARNER = re.compile("|".join(LEARNER))
# fire of a job: 被老板 fire 了, I got fired
_FIRED = re.compile(r"(?:(?<=被)|(?<=老板)|(?<=公司)|(?<=工作))[^ ]{0,3} ?fire(?![a-z])|"
                    r"(?<![a-z])fired(?![a-z])")
_WORD = re.compile(r"[\u4e00-\u9fff]+")
# two Chinese words with only a space between them
_GAP = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")


def in_chinese(plain: str) -> str:
    """The English danger words of a lower-case message put in Chinese."""
    plain = _FIRED.sub(lambda m: m.group().replace("fired", "fire").replace("fire", "炒鱿鱼"),
                       plain)
    return _ENGLISH.sub(_in_chinese, plain)


def _in_chinese(match: re.Match[str]) -> str:
    """An English danger word in Chinese, joined to the Chinese beside it (pipe 爆了 is 管子爆了)
    and spaced from anything else."""
    text, start, end = match.string, match.start(), match.end()
    left = "" if start > 0 and _WORD.match(text[start - 1]) else " "
    right = "" if end < len(text) and _WORD.match(text[end]) else " "
    return f"{left}{ENGLISH[match.group('word')]}{right}"


def joined_words(plain: str) -> str:
    """A message spaced word by word (most of its Chinese words one or two characters long)
    with its Chinese words run together; any other message as it is."""
    words = _WORD.findall(plain)
    short = sum(len(w) <= 2 for w in words)
    if len(words) < 5 or short < 0.75 * len(words):
        return plain
    return _LEARNER.sub(lambda m: LEARNER[m.group()], _GAP.sub("", plain))
