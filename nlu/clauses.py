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

from nlu.lexicon import cues

_SPLIT = re.compile(r"[,，.。!！?？;；:：\n~～…]+|\s{1,}")
# 尊敬的领导： / 领导您好 / 您好！ / 社区的同志你们好 at the start of a letter.
_SALUTATION = re.compile(
    r"^\s*(?:(?:尊敬的|敬爱的|亲爱的)[^,，:：!！。\s]{0,14}[,，:：!！。\s]*)?"
    r"(?:[^,，:：!！。\s]{0,10}?(?:您好|你好|你们好|您们好|领导好|大家好)[,，:：!！。\s~]*)?")
# A subject line, then the letter's salutation (关于…的反映 尊敬的领导：…), as message boards
# print a letter: the salutation goes, the subject stays.
_AFTER_SUBJECT = re.compile(
    r"[\s。！!]+((?:尊敬的|敬爱的)[^,，:：!！。\s]{0,14}[,，:：!！。\s]*"
    r"(?:[^,，:：!！。\s]{0,10}?(?:您好|你好|你们好|您们好|领导好)[,，:：!！。\s~]*)?)")
SUBJECT = (4, 40)  # a subject line's length in characters
# 此致敬礼 / 谢谢！ / 望回复 / 辛苦了 at the end of a long one.
_CLOSING = re.compile(
    r"(?:[,，.。!！\s]*(?:此致|敬礼|谢谢(?:领导|你们|您|各位)?|感谢(?:领导|你们|您)?|"
    r"辛苦了?|望回复|盼回复|期待回复|麻烦了|拜托了)[,，.。!！~\s]*)+$")
# What makes a clause the one that asks: a wish, a request, a question.
_ASKING = re.compile(
    r"希望|请|建议|麻烦|能不能|能否|可不可以|可否|怎么|如何|哪里|哪儿|在哪|什么时候|多久|"
    r"要求|尽快|赶紧|帮|想问|咨询|反映|投诉|举报|吗|呢|么|[?？]|要带|需要|给个说法|管管|"
    r"解决|处理|修")
# A salutation that makes the message a letter to an office (尊敬的…, 领导…, …同志, 工作人员):
# the body is then background and a request, never a greeting or a registration.
_FORMAL = re.compile(r"尊敬|敬爱|领导|同志|书记|主任|市长|区长|县长|工作人员|各位")
MIN_REST = 4  # what remains of a message after its salutation must say something
LONG = 20  # only a message this long loses its closing courtesy


def _salutation(text: str) -> tuple[int, int] | None:
    """Where the letter's salutation is: at the start, or after a subject line; None when
    there is none or nothing would remain after it."""
    opening = _SALUTATION.match(text)
    if opening and opening.end():
        found = opening.start(), opening.end()
    else:
        later = _AFTER_SUBJECT.search(text, SUBJECT[0], SUBJECT[1] + 1)
        if later is None or later.start() > SUBJECT[1]:
            return None
        found = later.start(1), later.end(1)
    return found if len(text) - found[1] >= MIN_REST else None


def core(normalized: str) -> str:
    """The message without the salutation before it and the courtesy after it."""
    text = normalized
    where = _salutation(text)
    if where:
        start, end = where
        text = (text[:start].rstrip() + " " + text[end:]).lstrip()
    closing = _CLOSING.search(text)
    if closing and closing.start() >= LONG:
        text = text[:closing.start()]
    return text


def formal(normalized: str) -> bool:
    """Whether the message opens with a formal salutation and goes on after it (a letter)."""
    where = _salutation(normalized)
    return bool(where and _FORMAL.search(normalized[where[0]:where[1]]))


def clauses(text: str) -> list[str]:
    """The clauses of a message (split at punctuation and spaces), empty ones dropped."""
    return [c for c in _SPLIT.split(text) if c]


def asking_clause(text: str) -> str | None:
    """The clause that asks about something (the most asking words; the later on a tie), for
    messages of three clauses or more; None for shorter ones or when no clause asks about a
    topic of ours (你们看能不能快点派人 says how, not what)."""
    parts = clauses(text)
    if len(parts) < 3:
        return None
    best, best_score = None, 0
    for part in parts:
        score = len(_ASKING.findall(part))
        if score and score >= best_score and "knone" not in cues(part.lower()):
            best, best_score = part, score
    return best
