"""Who is in danger: the writer (self), someone else (other) or unknown, read from who the cue
names, else the nearest person before it, else from who is writing."""

from __future__ import annotations

import re
from typing import Literal

from nlu.safety.context_safe import NOTE_TAKERS
from nlu.safety.cues import PERSON_KINDS
from nlu.safety.hit import Hit
from nlu.safety.text import clause_at

Speaker = Literal["resident", "family", "contact", "staff"]
Subject = Literal["self", "other", "unknown"]

OTHER = (r"我?(?:爸|妈|娘|老伴|老头|老太|老人|大爷|大妈|阿姨|奶奶|爷爷|外公|外婆|姥姥|姥爷|"
         r"阿婆|阿嫲|阿伯|阿公|阿爸|婆婆|公公|老公|老婆|媳妇|儿子|女儿|孙子|孙女|孩子|小孩|"
         r"他|她|邻居|有人|有个|别人|对门|隔壁|楼上|楼下|两口子|大姐|大哥|老爷子|外公)")
# 我 as the one told (我妈给我打电话说 / 跟我说 / 告诉我): not the subject of what follows
_PERSON = re.compile(OTHER + r"|我们|(?<![给跟和对诉])我|自己")
OTHER_ONLY = re.compile(OTHER)
_HOME = re.compile(r"我家|家里|屋里|厨房|卫生间|我这")
_SELF_KINDS = frozenset({"medical", "stroke", "fall", "self_harm", "lift"})


def subject_of(plain: str, hit: Hit, speaker: str) -> Subject:
    """Who is in danger: who the cue names, else the nearest person before it, else a default."""
    kind = hit.cue.kind
    if kind == "missing":
        return "other"  # the writer is the one looking
    if re.search(r"我(?!" + OTHER[2:] + r")", hit.words):
        return "self"
    if speaker in NOTE_TAKERS:
        return "other"
    if OTHER_ONLY.search(hit.words):
        return "other"
    left, _ = clause_at(plain, hit.start, hit.end)
    before = plain[left:hit.start]
    if kind not in PERSON_KINDS and kind != "self_harm":
        return _place_subject(before, speaker)
    people = _PERSON.findall(before) or _PERSON.findall(plain)
    if people:
        return "self" if people[-1] in ("我", "我们", "自己") else "other"
    if kind in _SELF_KINDS and speaker == "resident":
        return "self"
    return "other" if speaker == "family" or kind == "unconscious" else "unknown"


def _place_subject(before: str, speaker: str) -> Subject:
    """A place in danger is the writer's own unless the words before it name someone else's."""
    if OTHER_ONLY.search(before):
        return "other"
    if _HOME.search(before) or "我" in before:
        return "self"
    return "self" if speaker == "resident" else "other"
