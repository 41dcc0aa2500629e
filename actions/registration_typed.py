"""A grid worker's typed verdict on a registration (核实通过 / 不通过 typed, not pressed): the
one registration waiting for this person's verdict, else the cards to choose from."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from actions.core.context import Context
from actions.core.people import has_role, roles_of
from actions.core.registry import answer_rule
from actions.core.texts import Button
from actions.db.community import Resident
from actions.registration import decide
from nlu import normalize

APPROVES = re.compile(r"^(?:已经?|我)?(?:核实通过|核实了|核实过了|核实好了|审核通过|通过了?|属实|"
                      r"确实住这|是住这儿?的)[了吧。！!]*$")
REJECTS = re.compile(r"^(?:核实)?(?:不通过|没通过|不属实|不住这儿?|没这个人|查无此人)[了。！!]*$")
RECENT = timedelta(days=30)
VERIFIERS = ("grid_worker", "grid_leader")


@answer_rule
def typed_verdict(ctx: Context) -> bool:
    """核实通过 typed by a grid worker: the verdict on the only registration waiting for her."""
    text = normalize(ctx.text.strip())
    approve = bool(APPROVES.match(text))
    if not approve and not REJECTS.match(text):
        return False
    waiting = _waiting(ctx)
    if not waiting:
        return False
    if len(waiting) == 1:
        decide(ctx, waiting[0], approve=approve)
        return True
    key, label = ("verify", "button_register_verify") if approve \
        else ("reject", "button_register_reject")
    ctx.reply("register_which", buttons=[[Button(
        f"{ctx.t(label)} {p.label()}（{p.address()}）", f"/{key}:{p.id}")] for p in waiting[:5]])
    return True


def _waiting(ctx: Context) -> list[Resident]:
    """Unverified residents with an address, new lately, whose grid this person verifies."""
    communities = {r.community_id for r in roles_of(ctx.session, person_id=ctx.person.id)
                   if r.role in (*VERIFIERS, "admin")}
    if not communities:
        return []
    found = ctx.session.scalars(select(Resident).where(
        Resident.community_id.in_(communities), Resident.verified.is_(False),
        Resident.household_id.is_not(None), Resident.created_at >= ctx.now - RECENT)
        .order_by(Resident.id.desc()))
    return [p for p in found if p.id != ctx.person.id and p.household is not None
            and p.community_id is not None and has_role(
                ctx.session, person_id=ctx.person.id, community_id=p.community_id,
                roles=VERIFIERS, grid_id=p.household.unit.building.grid_id)]
