"""Events spoken of in words the NLU reads as something else: a team's volunteer offering to
help at an event (26号义剪我去帮忙 is no help request of her own), and a look-up of one's own or
the elder's sign-ups (我妈报了啥) that reads as nothing in particular."""

from __future__ import annotations

import re

from actions.community.common import span_said
from actions.community.event_family import HELPING
from actions.community.event_lookup import named_occurrence, names_event
from actions.community.event_places import ensure_occurrences
from actions.community.events import MINE
from actions.community.my_events import my_events
from actions.community.volunteers import LEARNING
from actions.core.context import Context
from actions.core.registry import HANDLERS, answer_rule
from actions.db.community_life import EventOccurrence
from nlu import normalize

SIGNING = re.compile(r"报名|报个|[给帮]我报")  # 帮忙给我报个义剪: a guest's place


@answer_rule
def helping_at_an_event(ctx: Context) -> bool:
    """这个月26号义剪我去帮忙, from a volunteer of the team running it: she helps there."""
    text = normalize(ctx.text)
    if not HELPING.search(text) or SIGNING.search(text) \
            or ctx.person.community_id is None:
        return False
    teams = {r.team for r in ctx.person.roles if r.role == "volunteer"}
    occurrence = _occurrence_said(ctx) if teams else None
    if occurrence is None or occurrence.event.team not in teams:
        return False
    ctx.args = str(occurrence.id)
    HANDLERS["ev_help"](ctx)
    return True


def _occurrence_said(ctx: Context) -> EventOccurrence | None:
    """The occurrence named, in the week or month the words name (下个月义剪) when they do."""
    occurrence = named_occurrence(ctx)
    span = span_said(ctx) if occurrence is not None and not ctx.entity("date") else None
    if occurrence is None or span is None or span[0] <= occurrence.starts_at < span[1]:
        return occurrence
    later = ensure_occurrences(ctx.session, community_id=occurrence.event.community_id,
                               start=max(span[0], ctx.now), end=span[1], tz=ctx.settings.tz)
    return next((o for o in later if o.event_id == occurrence.event_id), occurrence)


# 我妈报了啥 / 我报了哪些: asking, not signing up
ASKING_MINE = re.compile(r"啥|什么|哪些|哪几|哪个|几个|吗|没有?$")


@answer_rule
def my_signups_asked(ctx: Context) -> bool:
    """我妈报了啥, read as nothing sure: the sign-ups of the writer or of the elder."""
    if ctx.intent not in ("nlu_fallback", "out_of_scope", "affirm") \
            or ctx.person.community_id is None:
        return False
    text = normalize(ctx.text)
    if not MINE.search(text) or not ASKING_MINE.search(text):
        return False
    my_events(ctx)
    return True


# 我想学写毛笔字: a place in the class, whatever the NLU took it for (a team's teachers, or
# nothing in particular)
LEARNING_READ_AS = ("join_team", "nlu_fallback", "out_of_scope", "faq", "request_help")


@answer_rule
def learning_at_an_event(ctx: Context) -> bool:
    """我想学写毛笔字 / 想去听听那个讲座, naming a coming event: a sign-up for it."""
    if ctx.intent not in LEARNING_READ_AS or ctx.args or ctx.person.community_id is None \
            or not LEARNING.search(normalize(ctx.text)) or not names_event(ctx):
        return False
    HANDLERS["join_event"](ctx)
    return True
