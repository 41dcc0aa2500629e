"""Who signed up, asked in words (防诈骗讲座都有谁报名了 / 讲座报了多少人): the organizer (staff,
or the leader of the team running it) gets the list of names; a resident, the event's card with
the places left, never a sign-up of their own."""

from __future__ import annotations

import re

from sqlalchemy import select

from actions.community.common import when_text
from actions.community.event_lookup import named_occurrence, remember_event
from actions.community.events import query_events
from actions.community.events_staff import may_run
from actions.core.context import Context
from actions.core.registry import answer_rule
from actions.db.community_life import EventOccurrence, EventSignup
from nlu import normalize

# words that ask who (or how many) signed up, not to sign up
ASKS_WHO = re.compile(r"(?:都|还)?有谁|谁报|谁去|谁参加|多少人|几个人|几位|几人|报名的人|报名名单|"
                      r"名单|报名情况|报了多少|报满了?[吗没]")

TEAM = re.compile(r"[^排]队")  # 义剪队有几个人: the team's members, not the event's


@answer_rule
def who_signed_up(ctx: Context) -> bool:
    """防诈骗讲座都有谁报名了: the names for its organizer, the card for anyone else."""
    text = normalize(ctx.text)
    if not ASKS_WHO.search(text) or TEAM.search(text) or ctx.person.community_id is None:
        return False
    occurrence = named_occurrence(ctx)
    if occurrence is None:
        return False
    if not may_run(ctx, occurrence.event):
        query_events(ctx)
        return True
    _roster(ctx, occurrence)
    return True


def _roster(ctx: Context, occurrence: EventOccurrence) -> None:
    signups = list(ctx.session.scalars(select(EventSignup).where(
        EventSignup.occurrence_id == occurrence.id, EventSignup.status != "cancelled")
        .order_by(EventSignup.status, EventSignup.id)))
    guests = [s for s in signups if s.role != "helper"]
    going = sum(s.seats for s in guests if s.status == "going")
    lines = [ctx.t("events_roster_line", name=s.person.label(),
                   seats=ctx.t("events_roster_seats", seats=s.seats) if s.seats > 1 else "",
                   status=ctx.t("events_roster_waiting") if s.status == "waiting" else "",
                   helper=ctx.t("events_roster_helper") if s.role == "helper" else "")
             for s in signups]
    remember_event(ctx, occurrence)
    ctx.reply("events_roster" if signups else "events_roster_none",
              title=occurrence.event.title, going=going,
              when=when_text(occurrence.starts_at, ctx.settings.tz), lines="\n".join(lines))
