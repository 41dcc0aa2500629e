"""When an elder does not answer: their contacts, in order, until someone has seen they are safe.

- The first contact is asked `escalate_after` after the check-in's delivery (at once when it
  could not be delivered); each further `next_contact_every` without 已确认平安, the next one.
  The times are anchored, so a bot that was down catches up and asks everyone now due.
  联系不上 asks the next contact at once (a contact at her door who cannot get in, 敲不开门,
  raises an emergency for her instead: actions.core.safety). A contact with no messenger
  account is skipped (staff are told). When every contact was asked and nobody confirmed, the
  staff chat is told to go.
- The staff chat sees every escalation when it opens, when it runs out of contacts, and when it
  closes (once: the confirmer's 平安 right after her 已确认平安 tells it nothing new);
  `/checkins` lists the open ones.
- Any contact (or staff) can press 已确认平安: the chain stops for everyone. The one who
  confirmed then records the outcome (平安 / 已就医 / 不在家 / 误报 / 其他) and a note; staff may
  close any escalation the same way. Every closing is audited.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import select

from actions.checkins.common import (
    clear_context,
    contact_keyboard,
    contacts_of,
    describe,
    local_time,
    notified_contacts,
    rules_of,
    tell_staff,
    who,
)
from actions.checkins.named import meant_round
from actions.checkins.reports import waiting_tonight
from actions.core.args import fetch
from actions.core.context import Context, Tick
from actions.core.dialogue import open_form
from actions.core.errors import Invalid
from actions.core.forms import Form, Slots
from actions.core.forms import Slot as FormSlot
from actions.core.people import audit, require_role, roles_of
from actions.core.registry import form, job, on
from actions.core.state import offer_buttons
from actions.core.texts import Button, Keyboard
from actions.db.checkins import (
    OPEN_ESCALATION,
    OUTCOMES,
    CheckinRound,
    is_contact,
    open_escalations,
)
from actions.db.community import Resident
from nlu import normalize

# typed words are read for these outcomes first: the most serious wins (送医院了 没大事)
OUTCOME_PRIORITY = ("hospital", "false", "away", "safe")
STAFF_ROLES = ("grid_worker", "grid_leader", "building_leader", "admin")
RELATIONS = ("family", "building_leader", "grid_worker", "neighbour")  # checkin_relation_<code>


def _relation(tick: Tick, relation: str) -> str:
    return tick.t(f"checkin_relation_{relation}") if relation in RELATIONS else relation


def _outcome(tick: Tick, code: str | None) -> str:
    """An outcome as people read it (OUTCOMES holds the codes; the words are checkin_outcome_*)."""
    return tick.t(f"checkin_outcome_{code}" if code in OUTCOMES else "checkin_outcome_ended")


# -- the chain -----------------------------------------------------------------------------------
def start_escalation(tick: Tick, row: CheckinRound, *, reason: str, first_at: datetime) -> None:
    """Open the escalation: ask the contacts due, and show it in the staff chat."""
    row.status = "escalated"
    row.escalated_at = tick.now
    row.reason = reason
    row.next_contact_at = first_at
    advance(tick, row)
    elder = tick.session.get_one(Resident, row.elder_id)
    asked = "、".join(who(p) for p in notified_contacts(tick.session, row)) or tick.t(
        "checkin_nobody_yet")
    tell_staff(tick, row.community_id,
               tick.t("checkin_staff_escalated", why=_why(tick, row), asked=asked,
                      **describe(tick, elder)),
               buttons=[[Button(tick.t("button_checkin_safe"), f"/ci_safe:{row.id}")]],
               dedupe_key=f"checkin:{elder.id}:{row.day.isoformat()}:staff")


@job("checkin_escalation")
def escalation_steps(tick: Tick) -> None:
    """Ask the next contact of every escalation whose time has come."""
    for community_id in _communities_with_open(tick):
        for row in open_escalations(tick.session, community_id=community_id):
            if row.status == "escalated" and row.next_contact_at is not None \
                    and row.next_contact_at <= tick.now:
                advance(tick, row)


def _communities_with_open(tick: Tick) -> list[int]:
    return list(tick.session.scalars(select(CheckinRound.community_id).where(
        CheckinRound.status == "escalated").distinct()))


def advance(tick: Tick, row: CheckinRound) -> None:
    """Ask every contact now due (in order); tell staff when nobody is left to ask."""
    contacts = contacts_of(tick.session, row.enrolment_id)
    every = rules_of(tick, row.community_id).next_contact_every
    assert row.next_contact_at is not None
    while (row.status == "escalated" and row.contacts_notified < len(contacts)
           and row.next_contact_at <= tick.now):
        contact = contacts[row.contacts_notified]
        row.contacts_notified += 1
        if _ask_contact(tick, row, contact.person, contact.relation, row.contacts_notified):
            row.next_contact_at += every
    if (row.status == "escalated" and row.contacts_notified >= len(contacts)
            and row.exhausted_at is None and row.next_contact_at <= tick.now):
        row.exhausted_at = tick.now
        elder = tick.session.get_one(Resident, row.elder_id)
        tell_staff(tick, row.community_id,
                   tick.t("checkin_staff_exhausted", **describe(tick, elder)),
                   buttons=[[Button(tick.t("button_checkin_safe"), f"/ci_safe:{row.id}")]],
                   dedupe_key=f"checkin:{elder.id}:{row.day.isoformat()}:exhausted")


def _ask_contact(tick: Tick, row: CheckinRound, person: Resident, relation: str, n: int) -> bool:
    """Ask one contact to look in; False when they cannot be reached by the bot."""
    elder = tick.session.get_one(Resident, row.elder_id)
    key = f"checkin:{elder.id}:{row.day.isoformat()}:contact:{n}"
    text = tick.t("checkin_contact_ask", contact=who(person), why=_why(tick, row),
                  **describe(tick, elder))
    keyboard = contact_keyboard(tick.texts, row.id)
    if tick.notify_person(person, text, buttons=keyboard, dedupe_key=key):
        offer_buttons(tick.session, person, keyboard, tick.now)  # a typed 打不通 answers
        return True
    tell_staff(tick, row.community_id,
               tick.t("checkin_staff_contact_unbound", contact=who(person),
                      relation=_relation(tick, relation), name=who(elder)),
               dedupe_key=key + ":unbound")
    return False


def _why(tick: Tick, row: CheckinRound) -> str:
    return tick.t(f"checkin_why_{row.reason or 'no_answer'}", time=local_time(tick, row.due_at))


# -- the people asked --------------------------------------------------------------------------
def _round(ctx: Context, raw: str) -> CheckinRound:
    row = fetch(ctx.session, CheckinRound, raw)
    if row is None:
        raise Invalid(ctx.t("stale_button"))
    return row


def _may_act(ctx: Context, row: CheckinRound) -> None:
    """A contact of this elder, or staff of the community; else Refused."""
    if is_contact(ctx.session, enrolment_id=row.enrolment_id, person_id=ctx.person.id):
        return
    require_role(ctx.session, person_id=ctx.person.id, community_id=row.community_id,
                 roles=STAFF_ROLES)


@on("ci_safe")
def confirm_safe(ctx: Context) -> None:
    """已确认平安: the chain stops for everyone; the one who confirmed records the outcome."""
    row = meant_round(ctx, _round(ctx, ctx.args))
    _may_act(ctx, row)
    if row.status not in OPEN_ESCALATION:
        _already(ctx, row)
        return
    if row.status == "confirmed":
        confirmer = ctx.session.get(Resident, row.confirmed_by) if row.confirmed_by else None
        ctx.reply("checkin_already_confirmed",
                  who=who(confirmer) if confirmer else ctx.t("checkin_someone"))
        if confirmer is not None and confirmer.id == ctx.person.id:
            ctx.reply("checkin_ask_outcome", buttons=outcome_keyboard(ctx, row.id))
        return
    typed = words_beyond(ctx, ctx.t("button_checkin_safe"))
    row.status = "confirmed"
    row.confirmed_by = ctx.person.id
    row.confirmed_at = ctx.now
    row.outcome_note = typed or row.outcome_note
    elder = ctx.session.get_one(Resident, row.elder_id)
    clear_context(ctx.session, elder)
    audit(ctx.session, actor_id=ctx.person.id, community_id=row.community_id, now=ctx.now,
          action="checkin_confirm", target=f"checkin_round:{row.id}")
    # with the words that confirmed it (人找到了 在邻居家看电视呢), so that the outcome
    # recorded next need not be said to the staff chat again
    _tell_everyone(ctx, row, ctx.t("checkin_confirmed_others_said" if typed
                                   else "checkin_confirmed_others", who=who(ctx.person),
                                   name=who(elder), said=typed))
    ctx.reply("checkin_ask_outcome", buttons=outcome_keyboard(ctx, row.id))


@on("ci_unreach")
def unreachable(ctx: Context) -> None:
    """联系不上: ask the next contact now."""
    row = meant_round(ctx, _round(ctx, ctx.args))
    _may_act(ctx, row)
    if row.status != "escalated":
        _already(ctx, row)
        return
    audit(ctx.session, actor_id=ctx.person.id, community_id=row.community_id, now=ctx.now,
          action="checkin_unreachable", target=f"checkin_round:{row.id}")
    row.next_contact_at = ctx.now
    advance(ctx, row)
    elder = ctx.session.get_one(Resident, row.elder_id)
    typed = words_beyond(ctx, ctx.t("button_checkin_unreachable"))
    if typed is not None:  # 邻居说她下午出门了还没回: what they learnt, for those who go
        tell_staff(ctx, row.community_id, ctx.t("checkin_note_from_contact", name=who(elder),
                                                who=who(ctx.person), note=typed))
    # the buttons again: the one who could not get through may still find her later
    ctx.reply("checkin_unreachable_thanks", name=who(elder),
              buttons=contact_keyboard(ctx.texts, row.id))


def outcome_keyboard(ctx: Context, round_id: int) -> Keyboard:
    """The outcomes an escalation closes with (typed words press them: 送医院了 在输液)."""
    buttons = [Button(_outcome(ctx, code), f"/ci_outcome:{round_id}:{code}",
                      _says(ctx, code)) for code in OUTCOMES]
    return [buttons[:3], buttons[3:]]


def _says(tick: Tick, code: str) -> str:
    """The outcome's words, leading the message (平安 她在邻居家 / 送医院了 在输液)."""
    key = f"says_checkin_outcome_{code}"
    return f"^(?:{tick.t(key)})(?:了|啦|的)?(?=[，,。；;！! ]|$)" if tick.texts.has(key) else ""


def outcome_in_words(tick: Tick, text: str, default: str) -> str:
    """The outcome a contact's words tell, the most serious first (送医院了 没大事: 已就医)."""
    for code in OUTCOME_PRIORITY:
        says = _says(tick, code)
        if says and re.search(says, text):
            return code
    return default


def words_beyond(ctx: Context, label: str) -> str | None:
    """What a contact typed that pressed a button, when it says more than the button's label
    (找到了 在楼下遛弯呢): kept as the escalation's note."""
    text = ctx.text.strip()
    if not text or normalize(text).strip("。.！!，, ~") == label:
        return None
    return text[:300]


@on("ci_close")
def close_menu(ctx: Context) -> None:
    """Staff: record the outcome of an escalation (from /checkins)."""
    row = _round(ctx, ctx.args)
    _may_act(ctx, row)
    if row.status not in OPEN_ESCALATION:
        _already(ctx, row)
        return
    ctx.reply("checkin_ask_outcome", buttons=outcome_keyboard(ctx, row.id))


@on("ci_outcome")
def record_outcome(ctx: Context) -> None:
    """平安 / 已就医 / 不在家 / 误报 / 其他: close the escalation, then ask for a note."""
    raw, _, code = ctx.args.partition(":")
    row = _round(ctx, raw)
    if code not in OUTCOMES:
        raise Invalid(ctx.t("stale_button"))
    if row.status not in OPEN_ESCALATION:
        _already(ctx, row)
        return
    if row.confirmed_by != ctx.person.id:
        _may_act(ctx, row)
    typed = words_beyond(ctx, _outcome(ctx, code))
    if typed is not None:  # 平安 她在邻居家打麻将呢: the outcome and its note in one message
        code = outcome_in_words(ctx, typed, code)
    note = typed or row.outcome_note
    close(ctx, row, outcome=code, note=note)
    if note:
        ctx.reply("checkin_closed_by_words", name=who(ctx.session.get_one(Resident, row.elder_id)),
                  outcome=_outcome(ctx, code))
        return
    open_form(ctx, "checkin_note")


def close(tick: Tick, row: CheckinRound, *, outcome: str, note: str | None,
          by: Resident | None = None) -> None:
    """Close an escalation with its outcome, by the person acting (audited), and tell everyone."""
    closer = by or (tick.person if isinstance(tick, Context) else None)
    assert closer is not None
    unconfirmed = row.status == "escalated"
    # the confirmer's 平安: the staff chat heard her 已确认平安 (and its words) a moment ago
    said_already = (not unconfirmed and row.confirmed_by == closer.id and outcome == "safe"
                    and (not note or note == row.outcome_note))
    if row.confirmed_at is None:
        row.confirmed_by, row.confirmed_at = closer.id, tick.now
    row.status = "closed"
    row.outcome, row.outcome_note = outcome, note
    row.closed_by, row.closed_at = closer.id, tick.now
    elder = tick.session.get_one(Resident, row.elder_id)
    clear_context(tick.session, elder)
    audit(tick.session, actor_id=closer.id, community_id=row.community_id, now=tick.now,
          action="checkin_close", target=f"checkin_round:{row.id}", detail={"outcome": outcome})
    text = tick.t("checkin_closed_staff", name=who(elder), outcome=_outcome(tick, outcome),
                  who=who(closer), note=tick.t("checkin_closed_note", note=note) if note else "")
    if not said_already:
        tell_staff(tick, row.community_id, text)
    if unconfirmed and isinstance(tick, Context):  # those asked learn the chain is over
        _tell_everyone(tick, row, text, staff=False)


def _tell_everyone(ctx: Context, row: CheckinRound, text: str, *, staff: bool = True) -> None:
    """The contacts already asked (but not the one acting), and the staff chat."""
    for person in notified_contacts(ctx.session, row):
        if person.id != ctx.person.id:
            ctx.notify_person(person, text)
    if staff:
        tell_staff(ctx, row.community_id, text)


def _already(ctx: Context, row: CheckinRound) -> None:
    if row.status == "closed":
        closer = ctx.session.get(Resident, row.closed_by) if row.closed_by else None
        ctx.reply("checkin_already_closed",
                  who=who(closer) if closer else ctx.t("checkin_someone"),
                  outcome=_outcome(ctx, row.outcome))
    else:
        ctx.reply("checkin_no_escalation")


# -- the note ----------------------------------------------------------------------------------
def _note_prefill(ctx: Context) -> Slots:
    raw, _, code = ctx.args.partition(":")
    return {"round": int(raw), "outcome": code}


def _note_submit(ctx: Context, slots: Slots) -> None:
    row = ctx.session.get_one(CheckinRound, int(slots["round"]))
    note = str(slots.get("note") or slots.get("other_note") or "").strip()
    if not note:
        ctx.reply("checkin_note_none")
        return
    row.outcome_note = note
    elder = ctx.session.get_one(Resident, row.elder_id)
    tell_staff(ctx, row.community_id, ctx.t("checkin_note_staff", name=who(elder),
                                            who=who(ctx.person), note=note))
    ctx.reply("checkin_note_saved")


def _summary(_ctx: Context, _slots: Slots) -> str:
    return ""


form(Form(
    name="checkin_note",
    staff=True,
    slots=[FormSlot("note", "checkin_ask_note", free_text=True, optional=True,
                    needed=lambda s: s.get("outcome") != "other"),
           FormSlot("other_note", "checkin_ask_other_note", free_text=True,
                    needed=lambda s: s.get("outcome") == "other")],
    summary=_summary, submit=_note_submit, prefill=_note_prefill, confirm=False))


# -- staff ---------------------------------------------------------------------------------------
@on("checkins")
def list_open(ctx: Context) -> None:
    """/checkins: tonight's check-ins still unanswered, then every escalation not yet closed,
    with buttons to confirm or record."""
    community_id = staff_community(ctx)
    rows = open_escalations(ctx.session, community_id=community_id)
    waiting = waiting_tonight(ctx, community_id)  # not answered yet, nobody asked yet
    if not rows and not waiting:
        ctx.reply("checkin_none_open")
        return
    if waiting:
        ctx.say(waiting)
    for row in rows:
        ctx.say(_open_line(ctx, row),
                buttons=[[Button(ctx.t("button_checkin_safe"), f"/ci_safe:{row.id}"),
                          Button(ctx.t("button_checkin_record_result"), f"/ci_close:{row.id}")]])


def staff_community(ctx: Context) -> int:
    """The community where this person is check-in staff; else Refused."""
    for role in roles_of(ctx.session, person_id=ctx.person.id):
        if role.role in (*STAFF_ROLES, "admin"):
            return role.community_id
    require_role(ctx.session, person_id=ctx.person.id, community_id=0, roles=STAFF_ROLES)
    raise AssertionError("unreachable")


def _open_line(ctx: Context, row: CheckinRound) -> str:
    elder = ctx.session.get_one(Resident, row.elder_id)
    values: dict[str, Any] = describe(ctx, elder)
    asked = "、".join(who(p) for p in notified_contacts(ctx.session, row)) or ctx.t(
        "checkin_nobody_yet")
    state = ctx.t("checkin_state_confirmed" if row.status == "confirmed"
                  else "checkin_state_unconfirmed")
    return ctx.t("checkin_open_line", day=row.day.isoformat(), asked=asked, state=state,
                 why=_why(ctx, row), **values)
