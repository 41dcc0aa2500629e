"""Voice messages: no speech recognition ships with Linli, so a person listens.

The messenger adapter turns a voice message into `/voice_message <ref>` (ref: the messenger's
reference to the audio, opaque here). The audio goes to the resident's grid worker (or the
staff chat) with who sent it, their address and phone, and the resident is told that a person
will listen and call back.
"""

from __future__ import annotations

from actions.core.context import Context
from actions.core.people import home_community_id, staff_chat_for, staff_with_role
from actions.core.registry import on
from actions.db.community import Resident


def _grid_workers(ctx: Context) -> list[Resident]:
    household, community_id = ctx.person.household, ctx.person.community_id
    if household is None or community_id is None:
        return []
    return staff_with_role(ctx.session, community_id=community_id, role="grid_worker",
                           grid_id=household.unit.building.grid_id)


@on("voice_message")
def voice_message(ctx: Context) -> None:
    """Pass a voice message to a person who listens and calls back."""
    unknown = ctx.t("fallback_unregistered")
    text = ctx.t("voice_forward_staff", who=ctx.person.label(),
                 address=ctx.person.address() or unknown, phone=ctx.person.phone or unknown)
    reached = [w for w in _grid_workers(ctx)
               if ctx.notify_person(w, text, voice=ctx.args or None)]
    if reached:
        ctx.reply("voice_forward_done", worker="、".join(w.label() for w in reached))
        return
    chat = staff_chat_for(ctx.session, community_id=home_community_id(ctx.session, ctx.person),
                          configured=ctx.settings.staff_chat_id)
    if chat is not None:
        ctx.notify(chat, text, voice=ctx.args or None)
    ctx.reply("voice_forward_nobody")
