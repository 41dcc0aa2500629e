"""A family member books the canteen for her elder (帮我妈王秀英订明天的午饭): the booking is the
elder's, at the elder's price and address. Family means a family contact of the elder's
check-in enrolment (data/demo/checkins.yml), the one relation the community has recorded."""

from __future__ import annotations

import re

from sqlalchemy import select

from actions.core.context import Context
from actions.core.forms import Slots
from actions.db.checkins import CheckinContact, CheckinEnrolment
from actions.db.community import Resident
from nlu import normalize

# the elders of one's family
KIN = (r"妈妈?|母亲|老妈|老娘|爸爸?|父亲|老爸|婆婆|公公|岳母|丈母娘|岳父|奶奶|爷爷|姥姥|姥爷|外婆|"
       r"外公")
# 帮我妈 / 给我老爸 / 替我婆婆: for one's own elder (not 我和我妈: both eat, she books)
FOR_KIN = re.compile(r"(?:帮|替|给)(?:我|咱)?(?:" + KIN + r"|老人家?)")


# 我妈明天的饭订上了吗 / 俺娘订了啥: an elder of one's own spoken of
OF_KIN = re.compile(r"(?:我|咱|俺|阿)(?:" + KIN + r"|娘|老母)|老人家|老太太|老爷子")


def family_elder(ctx: Context) -> Resident | None:
    """The elder the words book for: one the writer is family of, named, or called 我妈 when
    she is the only one."""
    text = normalize(ctx.text)
    if not re.search(r"帮|替|给|代", text):
        return None
    return _meant(ctx, text, FOR_KIN)


def elder_asked_of(ctx: Context) -> Resident | None:
    """The elder whose bookings the words ask about (我妈明天的饭订上了没有): one the writer is
    family of, named, or called 我妈 when she is the only one. Family may book for her, so
    they may see what is booked."""
    return _meant(ctx, normalize(ctx.text), OF_KIN) if ctx.text else None


def _meant(ctx: Context, text: str, kin: re.Pattern[str]) -> Resident | None:
    elders = list(ctx.session.scalars(
        select(Resident).join(CheckinEnrolment, CheckinEnrolment.elder_id == Resident.id)
        .join(CheckinContact, CheckinContact.enrolment_id == CheckinEnrolment.id)
        .where(CheckinContact.person_id == ctx.person.id, CheckinContact.relation == "family",
               Resident.id != ctx.person.id)))
    named = [e for e in elders if e.name and e.name in text]
    if len(named) == 1:
        return named[0]
    return elders[0] if len(elders) == 1 and kin.search(text) else None


def diner(ctx: Context, slots: Slots) -> Resident:
    """Whom a booking form books for: the elder it was opened for, else the writer."""
    elder = ctx.session.get(Resident, slots["for"]) if slots.get("for") else None
    return elder or ctx.person
