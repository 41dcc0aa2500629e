"""What the check-in modules share: the rules of a round's community, how an elder is described
to the people asked to look in on them, the staff chat, and the check-in context of the elder's
dialogue (so a plain 好的 / 嗯 is understood as 平安 while a check-in waits for its answer).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import Session, aliased

from actions.checkins.rules import CheckinRules, rules_for
from actions.core.context import Context, Tick
from actions.core.people import may_be_contact, roles_of, staff_chat_for
from actions.core.registry import Speaking, speaker
from actions.core.state import stop_waiting, wait_for_answers
from actions.core.texts import Button, Keyboard, Texts
from actions.db.checkins import OPEN_ESCALATION, CheckinContact, CheckinEnrolment, CheckinRound
from actions.db.community import Community, Resident
from nlu.dates import find_dates

CONTEXT = "checkin"
ANSWERS = ("ok", "unwell", "help", "pause")


def rules_of(tick: Tick, community_id: int) -> CheckinRules:
    """The check-in rules of a community (read once per unit of work: the identity map keeps
    no loaded community alive, so every call would be a query)."""
    cache: dict[int, CheckinRules] = tick.session.info.setdefault("checkin_rules", {})
    if community_id not in cache:
        community = tick.session.get_one(Community, community_id)
        cache[community_id] = rules_for(tick.settings.data_dir, community.name)
    return cache[community_id]


def staff_chat(tick: Tick, community_id: int) -> int | None:
    """The community's staff chat (or the configured one)."""
    return staff_chat_for(tick.session, community_id=community_id,
                          configured=tick.settings.staff_chat_id)


def tell_staff(tick: Tick, community_id: int, text: str, *, buttons: Keyboard | None = None,
               dedupe_key: str | None = None) -> None:
    """A message to the staff chat, when there is one."""
    chat = staff_chat(tick, community_id)
    if chat is not None:
        tick.notify(chat, text, buttons=buttons, dedupe_key=dedupe_key)


def who(person: Resident) -> str:
    """How to name a person in a message."""
    return person.label()


def describe(tick: Tick, elder: Resident) -> dict[str, Any]:
    """The elder's name, age, address and phone, for the people asked to look in."""
    age = elder.age(tick.today.year)
    return {"name": who(elder),
            "age": tick.t("checkin_age", age=age) if age else tick.t("checkin_no_age"),
            "address": elder.address() or tick.t("checkin_no_address"),
            "phone": elder.phone or tick.t("fallback_no_phone")}


def local_time(tick: Tick, when: datetime) -> str:
    """"20:00", in community time."""
    return when.astimezone(tick.settings.tz).strftime("%H:%M")


def answer_keyboard(texts: Texts, round_id: int) -> Keyboard:
    """The check-in's big one-tap buttons, one to a row."""
    return [[Button(texts.render("button_checkin_ok"), f"/ci:{round_id}:ok")],
            [Button(texts.render("button_checkin_unwell"), f"/ci:{round_id}:unwell")],
            [Button(texts.render("button_checkin_help"), f"/ci:{round_id}:help",
                    texts.render("says_checkin_help"))],
            [Button(texts.render("button_checkin_pause"), f"/ci:{round_id}:pause")]]


def contact_keyboard(texts: Texts, round_id: int) -> Keyboard:
    """What a contact asked to look in can answer."""
    return [[Button(texts.render("button_checkin_safe"), f"/ci_safe:{round_id}",
                    texts.render("says_checkin_safe")),
             Button(texts.render("button_checkin_unreachable"), f"/ci_unreach:{round_id}",
                    texts.render("says_checkin_unreachable"))]]


def contacts_of(session: Session, enrolment_id: int) -> list[CheckinContact]:
    """The contacts of an enrolment, in order."""
    return list(session.scalars(select(CheckinContact)
                                .where(CheckinContact.enrolment_id == enrolment_id)
                                .order_by(CheckinContact.position)))


def notified_contacts(session: Session, row: CheckinRound) -> list[Resident]:
    """The contacts already asked about this round."""
    return [c.person for c in contacts_of(session, row.enrolment_id)[:row.contacts_notified]]


def set_context(session: Session, texts: Texts, items: Iterable[tuple[Resident, int]],
                now: datetime, form_expiry: timedelta) -> None:
    """Mark each elder's private dialogue as waiting for a check-in answer (bulk); typed 平安
    counts as the button. An elder in the middle of a form keeps the form's meaning of 好的."""
    wait_for_answers(session,
                     ((elder, answer_keyboard(texts, round_id)) for elder, round_id in items),
                     context=CONTEXT, now=now, expiry=form_expiry)


def clear_context(session: Session, elder: Resident) -> None:
    """The check-in no longer waits for an answer: 好的 means 好的 again."""
    stop_waiting(session, elder, context=CONTEXT, button_prefix="/ci:")


@speaker
def checkin_speaker(ctx: Context) -> Speaking | None:
    """A contact asked about an elder's unanswered check-in writes of that elder (a contact);
    a family contact of an enrolled elder otherwise writes as family; a building leader or grid
    worker who is a contact writes as staff."""
    # one narrow look at the person's contact rows: every typed message asks who is speaking
    # (none when the turn's first query found the person is nobody's contact)
    if not may_be_contact(ctx.session, person_id=ctx.person.id):
        return None
    rows = ctx.session.execute(_CONTACT_OF, {"person_id": ctx.person.id}).all()
    asked = [r for r in rows if r.round_id is not None and r.position <= r.notified]
    if asked:
        return Speaking("contact", about=max(asked, key=lambda r: r.round_id).elder)
    family = [r for r in rows if r.active and r.relation == "family"]
    if family:
        return Speaking("family", about=min(family, key=lambda r: r.position).elder)
    # a building leader or grid worker: staff, who may name one of the elders they look after
    return Speaking("staff", looks_after=tuple(r.elder for r in rows if r.active)) \
        if roles_of(ctx.session, person_id=ctx.person.id) else None


_ELDER = aliased(Resident, name="elder")  # loaded with the rows: the one spoken of needs no get
_CONTACT_OF = (select(CheckinContact.position, CheckinContact.relation, CheckinEnrolment.active,
                      CheckinRound.id.label("round_id"),
                      CheckinRound.contacts_notified.label("notified"), _ELDER)
               .join(CheckinEnrolment, CheckinEnrolment.id == CheckinContact.enrolment_id)
               .join(_ELDER, _ELDER.id == CheckinEnrolment.elder_id)
               .outerjoin(CheckinRound, and_(
                   CheckinRound.enrolment_id == CheckinContact.enrolment_id,
                   CheckinRound.status.in_(OPEN_ESCALATION)))
               .where(CheckinContact.person_id == bindparam("person_id")))


def enrolment_as_contact(session: Session, *, person_id: int) -> CheckinEnrolment | None:
    """The active enrolment a person is a contact of (the first in which she comes first)."""
    return session.scalar(
        select(CheckinEnrolment).join(CheckinContact,
                                      CheckinContact.enrolment_id == CheckinEnrolment.id)
        .where(CheckinContact.person_id == person_id, CheckinEnrolment.active)
        .order_by(CheckinContact.position).limit(1))


def date_entities(text: str, today: date) -> list[dict[str, Any]]:
    """The date entities of normalized words read here, not by the NLU (a command's argument,
    the rest of a message): one per day said, with its span."""
    return [{"entity": "date", "value": day.isoformat(), "start": start, "end": end}
            for found in find_dates(text, today)
            for day, (start, end) in zip(found.days, found.parts, strict=True)]
