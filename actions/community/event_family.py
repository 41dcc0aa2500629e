"""Events spoken of for someone else: a family member signs up, cancels or looks up the events
of the elder she looks after (帮我妈报个包饺子, 我妈报的包饺子去不了了), and a team's volunteer
who says she will help (包饺子那天我去帮忙) is a helper, not a guest."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, literal, select

from actions.core.context import Context
from actions.core.safety import speaking
from actions.db.community import Resident
from actions.db.community_life import EventSignup
from nlu import normalize

HELPING = re.compile(r"帮忙|帮把手|搭把手|去帮|当志愿者|做志愿|打下手")
# 帮我妈报个包饺子: a family member signs up the elder she looks after
OTHER = re.compile(r"我妈|我爸|我母亲|我父亲|老妈|老爸|俺娘|俺妈|俺爹|我奶奶|我爷爷|我姥姥|"
                   r"我姥爷|我外婆|我外公|我婆婆|老人家|老太太|老爷子|[帮给替]她|[帮给替]他")

def for_whom(ctx: Context) -> Resident:
    """Whom the words sign up: the elder a family contact speaks of (帮我妈报一个, or her name),
    the resident staff name (给钱淑珍报个生日会), else the writer."""
    text = normalize(ctx.text)
    situation = speaking(ctx)
    elder = situation.about
    if situation.role in ("family", "contact") and elder is not None and (
            OTHER.search(text) or (elder.name and elder.name in text)):
        return elder
    if situation.role == "staff" or (situation.role == "contact" and ctx.person.roles):
        return _named_by_staff(ctx, text) or ctx.person  # staff handling a check-in too
    return ctx.person


def _named_by_staff(ctx: Context, text: str) -> Resident | None:
    """The one resident of the community whose name (two characters or more) the words hold:
    staff sign up elders who asked them in person or by phone."""
    if ctx.person.community_id is None or len(text) > MAX_TEXT:
        return None
    found = list(ctx.session.scalars(select(Resident).where(
        Resident.community_id == ctx.person.community_id, Resident.id != ctx.person.id,
        func.length(Resident.name) >= 2, literal(text).contains(Resident.name)).limit(2)))
    return found[0] if len(found) == 1 else None


MAX_TEXT = 60

def joined_for(ctx: Context, elder: Resident, signup: EventSignup, existing: str | None,
                values: dict[str, Any]) -> None:
    """Signed up by family: the writer hears it, and so does the elder (her reminder too)."""
    name = elder.label()
    if existing in ("going", "waiting"):
        ctx.reply("events_already_for", name=name, **values)
        return
    key = "events_joined_for" if signup.status == "going" else "events_waiting_for"
    ctx.reply(key, name=name, **values)
    if signup.status == "going":
        ctx.notify_person(elder, ctx.t("events_joined_by_family", by=ctx.person.label(),
                                       **values))
