"""Which elder a contact's words are about, when she was asked about more than one tonight
(a building leader is a contact of several): 张阿姨在家 好好的 answers for 张桂兰, whichever
elder's buttons came last."""

from __future__ import annotations

import re

from sqlalchemy import or_, select

from actions.core.context import Context
from actions.core.people import TITLES, names_person, roles_of
from actions.db.checkins import (
    OPEN_ESCALATION,
    CheckinContact,
    CheckinEnrolment,
    CheckinRound,
    enrolments_as_contact,
)
from actions.db.community import Resident
from nlu import normalize

names_elder = names_person  # the words name her (the elder a contact looks after)


def meant_round(ctx: Context, row: CheckinRound) -> CheckinRound:
    """The open round whose elder the typed words name, when they name only another elder
    this contact was asked about; else the round of the button."""
    text = ctx.text.strip()
    if not text or names_elder(text, ctx.session.get_one(Resident, row.elder_id)):
        return row
    rows = ctx.session.scalars(
        select(CheckinRound).join(CheckinContact,
                                  CheckinContact.enrolment_id == CheckinRound.enrolment_id)
        .where(CheckinContact.person_id == ctx.person.id,
               CheckinContact.position <= CheckinRound.contacts_notified,
               CheckinRound.status.in_(OPEN_ESCALATION), CheckinRound.id != row.id)).all()
    named = [r for r in rows if names_elder(text, ctx.session.get_one(Resident, r.elder_id))]
    return named[0] if len(named) == 1 else row


# staff who look after enrolled elders (the escalation's STAFF_ROLES): they may name any of the
# community's
LOOK_AFTER = {"grid_worker", "grid_leader", "building_leader", "admin"}


def elder_named(ctx: Context) -> Resident | None:
    """The one enrolled elder the words name (9号楼钱淑珍奶奶住院了) among those this person is
    a contact of, or, for staff, among the community's; None when none or several."""
    text = normalize(ctx.text)
    elders = [e.elder for e in enrolments_as_contact(ctx.session, person_id=ctx.person.id)]
    named = [e for e in elders if names_elder(text, e)]
    if not named and ctx.person.community_id is not None and any(
            r.role in LOOK_AFTER for r in roles_of(ctx.session, person_id=ctx.person.id,
                                                   community_id=ctx.person.community_id)):
        named = [e for e in _enrolled_like(ctx, text) if names_elder(text, e)]
    unique = {e.id: e for e in named}
    return next(iter(unique.values())) if len(unique) == 1 else None


def _enrolled_like(ctx: Context, text: str) -> list[Resident]:
    """The community's enrolled elders a name or surname in the words may be (a narrow query:
    the person entity, else each surname before a title)."""
    person = ctx.entity("person")
    surnames = {m.group(1) for m in re.finditer(rf"(\w)(?:{TITLES})", text)}
    wanted = [Resident.name == person] if person else []
    wanted += [Resident.name.startswith(s) for s in surnames]
    if not wanted:
        return []
    return list(ctx.session.scalars(
        select(Resident).join(CheckinEnrolment, CheckinEnrolment.elder_id == Resident.id)
        .where(CheckinEnrolment.active, CheckinEnrolment.community_id ==
               ctx.person.community_id, or_(*wanted)).limit(20)))
