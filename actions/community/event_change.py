"""Giving one event up for another in one message (包饺子那天我去不了 书法班给我报上, 把包饺子
换成书法班, 讲座不去了 改报书法班), or one date for the next (书法班这礼拜二去不了 改到下礼拜二):
the sign-up given up is cancelled and the other joined, whichever the message says first.
A message giving up one event and naming no other (包饺子那天我有事 去不成了) is no swap:
my_events cancels it."""

from __future__ import annotations

import re

from actions.community.common import with_event_words
from actions.community.event_family import for_whom
from actions.community.event_join import JOINING, NOT_THIS, join_occurrence
from actions.community.event_lookup import FAR_AHEAD, one_per_event, upcoming
from actions.community.my_events import (
    GIVING_UP,
    LATER,
    STILL_JOINING,
    SWAP,
    cancel_signup,
    coming_signups,
    names_title,
)
from actions.core.context import Context
from actions.core.errors import Refused
from actions.core.registry import answer_rule
from actions.db.community_life import EventOccurrence, EventSignup
from nlu import normalize

# 我报错了 我想报的是书法班: the sign-up made by mistake is given up
WRONG = re.compile(r"报错|报串|报岔|点错|弄错|搞错|报反")
GIVE_UP = re.compile(rf"{GIVING_UP.pattern}|{NOT_THIS.pattern}|{WRONG.pattern}|有事|取消|退掉|"
                     r"退了|撤了")
CLAUSES = re.compile(r"[，,。；;！!？?\s]+")
# 我还是去包饺子吧 / 我改去书法班: wanting the other one
WANTING = re.compile(r"(?:还是|改|换|想|要|打算)(?:去|参加|报|上)")


@answer_rule
def swapping_events(ctx: Context) -> bool:
    """A sign-up given up and another event wanted, in one message: both done."""
    text = normalize(ctx.text)
    if ctx.person.community_id is None or not (SWAP.search(text) or GIVE_UP.search(text)):
        return False
    given, wanted = _sides(text)
    if not given or not wanted:
        return False
    dropped = _named_signups(ctx, given)
    joined = _named_other(ctx, wanted, {s.occurrence.event_id for s in dropped}) \
        if dropped else None
    if joined is None and len(dropped) == 1 and any(LATER.search(w) for w in wanted):
        joined = _next_date(ctx, dropped[0])  # 这礼拜二去不了 改到下礼拜二: the next date
    if joined is None:
        return False
    for signup in dropped:
        cancel_signup(ctx, signup)
    try:
        join_occurrence(ctx, joined, 1, for_whom(ctx))
    except Refused as refused:  # the other one is full of age rules or over: said, the rest done
        ctx.say(refused.render(ctx.texts))
    ctx.state.pop("later", None)  # the message's parts are both done
    return True


def _sides(text: str) -> tuple[list[str], list[str]]:
    """The words giving something up and the words wanting something: either side of 换成,
    else the clauses that give up (去不了) and the clauses that join (给我报上)."""
    swap = SWAP.search(text)
    if swap:
        return [text[:swap.start()]], [text[swap.end():]]
    clauses = [c for c in CLAUSES.split(text) if c]
    given = [c for c in clauses if GIVE_UP.search(c)]
    wanted = [c for c in clauses if c not in given and (JOINING.search(c)
                                                         or STILL_JOINING.search(c)
                                                         or WANTING.search(c)
                                                         or LATER.search(c))]
    return given, wanted


def _named_signups(ctx: Context, words: list[str]) -> list[EventSignup]:
    """The coming sign-ups (the writer's, or the elder's she speaks of) the words name."""
    said = [with_event_words(ctx, w) for w in words]
    coming = coming_signups(ctx)
    named = [s for s in coming if any(names_title(w, s.occurrence.event.title) for w in said)]
    if not named and coming and any(WRONG.search(w) for w in words):
        return [max(coming, key=lambda s: s.id)]  # 报错了, naming none: the last one made
    return named


def _named_other(ctx: Context, words: list[str], given_up: set[int]) -> EventOccurrence | None:
    """The one coming event, not among those given up, that the words name."""
    said = [with_event_words(ctx, w) for w in words]
    found = [o for o in one_per_event(upcoming(ctx, None, FAR_AHEAD))
             if o.event_id not in given_up and any(names_title(w, o.event.title) for w in said)]
    return found[0] if len(found) == 1 else None


def _next_date(ctx: Context, signup: EventSignup) -> EventOccurrence | None:
    """The same event's first date after the one given up."""
    return next((o for o in upcoming(ctx, None, FAR_AHEAD)
                 if o.event_id == signup.occurrence.event_id
                 and o.starts_at > signup.occurrence.starts_at), None)
