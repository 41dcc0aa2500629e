"""Reading a long message by its clauses: the salutation and courtesy around a letter are not
its point, and the clause that asks for something says what the message is about.

A letter to the community opens with 尊敬的领导：您好！ and a self-introduction, tells the
background, and only then asks (希望尽快修好 / 请问在哪里办). Read as one bag of words, its
loudest word wins: 您好 makes it a greeting, 菜 in the background a menu question. So the
classifier reads the message without its salutation and closing, and reads the asking clause
a second time (its words count more).
"""

from __future__ import annotations

import re
from functools import lru_cache

from nlu.lexicon import cues

_SPLIT = re.compile(r"[,，.。!！?？;；:：\n~～…]+|\s{1,}")
# 尊敬的领导： / 领导您好 / 您好！ / 社区的同志你们好 at the start of a letter.
# An addressee without 尊敬的 is one that ends in a title (各位领导：, 王书记，, 社区工作人员：).
_TITLE = (r"(?:领导|书记|主任|市长|区长|县长|镇长|乡长|局长|所长|站长|同志|工作人员|网格员|"
          r"楼长|负责人|干部)们?")
_GREETING = (r"(?:[^,，:：!！。\s]{0,10}?(?:您好|你好|你们好|您们好|领导好|大家好)|"
             r"(?:你们|您)?辛苦了|见字如面)")
_SALUTATION = re.compile(
    r"^\s*(?:(?:(?:尊敬的|敬爱的|亲爱的)[^,，:：!！。\s]{0,14}|"
    r"[^,，:：!！。?？\s]{0,12}?" + _TITLE + r"好?(?=[,，:：!！。\s]|" + _GREETING + r"))"
    r"[,，:：!！。\s]*)?"
    r"(?:" + _GREETING + r"[,，:：!！。\s~]*)*")
# A subject line, then the letter's salutation (关于…的反映 尊敬的领导：…), as message boards
# print a letter: the salutation goes, the subject stays.
_AFTER_SUBJECT = re.compile(
    r"[\s。！!]+((?:尊敬的|敬爱的)[^,，:：!！。\s]{0,14}[,，:：!！。\s]*"
    r"(?:[^,，:：!！。\s]{0,10}?(?:您好|你好|你们好|您们好|领导好)[,，:：!！。\s~]*)?|"
    r"[^,，:：!！。\s]{0,6}?" + _TITLE +
    r"[,，:：\s]*(?:您好|你好|你们好|您们好)[,，:：!！。\s~]*)")
SUBJECT = (4, 40)  # a subject line's length in characters
# 此致敬礼 / 谢谢！ / 望回复 / 辛苦了 at the end of a long one.
_CLOSING = re.compile(
    r"(?:[,，.。!！\s]*(?:此致|敬礼|谢谢(?:领导|你们|您|各位)?|感谢(?:领导|你们|您)?|"
    r"辛苦了?|望回复|盼回复|期待回复|麻烦了|拜托了)[,，.。!！~\s]*)+$")
# What makes a clause the one that asks: a wish, a request, a question. How a letter names
# itself (反映, 投诉, 举报) is not an ask: a board's subject line (反映…路灯问题) then outvoted the
# clause with the fault, and a fault read as feedback (letters30: +3 real repairs, nothing lost).
_ASKING = re.compile(
    r"希望|请|建议|麻烦|能不能|能否|可不可以|可否|怎么|如何|哪里|哪儿|在哪|什么时候|多久|"
    r"要求|尽快|赶紧|帮|想问|咨询|吗|呢|么|[?？]|要带|需要|给个说法|管管|"
    r"解决|处理|修")
# A salutation that makes the message a letter to an office (尊敬的…, 领导…, …同志, 工作人员):
# the body is then background and a request, never a greeting or a registration.
_FORMAL = re.compile(r"尊敬|敬爱|领导|同志|书记|主任|市长|区长|县长|工作人员|各位")
# A self-introduction opening a letter (我是幸福小区3栋的居民，/ 本人家住东城区柳巷。) is
# background (the contract): who writes, not what about. It is read out when more follows.
_INTRO = re.compile(
    r"^(?:(?:我|本人|我们)(?:是|系)[^,，。!！;；?？\n]{0,24}?(?:居民|业主|住户|租户|租客|村民|"
    r"市民|老人|党员|家长|职工|员工|工人|教师|老师|干部|老兵|户主|房东|群众|老百姓|一员)|"
    r"(?:(?:我|本人|我们)家?住|(?:我|本人|我们)?(?:家住|住在|居住在))[^,，。!！;；?？\n]{1,20}?"
    r"(?:小区|花园|社区|村|街|巷|路|楼|栋|单元|室|号))[,，。!！;；\s]+")
INTRO_REST = 8  # what must remain after a self-introduction for it to be read out
# Cues that say how a clause asks or how the writer feels, not about what.
GENERIC = frozenset({"knone", "kletter", "kcomplain", "kask", "kbut", "kgreet", "kbye", "kfine",
                     "kcomplain-ask", "klatin", "knohan"})
MIN_REST = 4  # what remains of a message after its salutation must say something
LONG = 20  # only a message this long loses its closing courtesy


@lru_cache(maxsize=32)  # a parse asks again of the same text (see nlu.model)
def _salutation(text: str) -> tuple[int, int] | None:
    """Where the letter's salutation is: at the start, or after a subject line; None when
    there is none or nothing would remain without it. After a subject the subject remains,
    so a board's letter cut off after its salutation (咨询…问题 书记：您好！) loses it too."""
    opening = _SALUTATION.match(text)
    if opening and opening.end():
        found = opening.start(), opening.end()
        rest = len(text) - found[1]
    else:
        later = _AFTER_SUBJECT.search(text, SUBJECT[0], SUBJECT[1] + 1)
        if later is None or later.start() > SUBJECT[1]:
            return None
        found = later.start(1), later.end(1)
        rest = len(text) - (found[1] - found[0])
    return found if rest >= MIN_REST else None


@lru_cache(maxsize=32)
def core(normalized: str) -> str:
    """The message without the salutation before it and the courtesy after it."""
    text = normalized
    where = _salutation(text)
    if where:
        start, end = where
        text = (text[:start].rstrip() + " " + text[end:]).lstrip()
    text = _without_intro(text)
    closing = _CLOSING.search(text)
    if closing and closing.start() >= LONG:
        text = text[:closing.start()]
    return text


def _without_intro(text: str) -> str:
    """The text without the self-introduction it opens with (up to two clauses of it), when
    enough follows it."""
    for _ in range(2):
        intro = _INTRO.match(text)
        if intro is None or len(text) - intro.end() < INTRO_REST:
            break
        text = text[intro.end():]
    return text


def formal(normalized: str) -> bool:
    """Whether the message opens with a formal salutation and goes on after it (a letter)."""
    where = _salutation(normalized)
    return bool(where and _FORMAL.search(normalized[where[0]:where[1]]))


def clauses(text: str) -> list[str]:
    """The clauses of a message (split at punctuation and spaces), empty ones dropped."""
    return [c for c in _SPLIT.split(text) if c]


# The office a letter asks (请政府理解, 恳请相关部门重视) says to whom, not about what.
_OFFICE = re.compile(r"政府|街道办|有关部门|相关部门|职能部门")


def _topical(part: str) -> bool:
    """Whether a clause names a topic of ours: 恳请领导重视 / 希望尽快解决 only say how urgent
    the letter's ask is, not what it is about."""
    return any(cue not in GENERIC for cue in cues(_OFFICE.sub(" ", part.lower())))


# 灯不亮了 / 暖气还没热 hold a word of a fix (亮了, 热了) said not to have happened.
_UNSOLVED = re.compile(r"[不没未](?:有)?(?:亮|热|通|好|解决|修好|恢复)")


def _solved(part: str) -> bool:
    """Whether a clause tells of a matter put right (上午报的修下午就修好了): news or thanks,
    not an ask, although its 修 looks like one."""
    return "ksolved" in cues(part.lower()) and not _UNSOLVED.search(part)


@lru_cache(maxsize=32)
def asking_clause(text: str) -> str | None:
    """The clause that asks about something (the most asking words; the later on a tie), for
    messages of three clauses or more; None for shorter ones or when no clause asks about a
    topic of ours (你们看能不能快点派人 says how, not what) or only tells of a matter put
    right."""
    parts = clauses(text)
    if len(parts) < 3:
        return None
    best, best_score = None, 0
    for part in parts:
        score = len(_ASKING.findall(part))
        if score and score >= best_score and _topical(part) and not _solved(part):
            best, best_score = part, score
    return best
