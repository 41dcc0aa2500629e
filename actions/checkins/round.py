"""The evening round as scheduled work: create the rows, send the check-ins, remind, notice the
silent and the unreachable. Called every minute; it looks only at rows and the clock.

- Each enrolled elder gets one `CheckinRound` per evening (unique per enrolment and day), created
  when its time has come (today's, or yesterday's when the bot was down over midnight), and one
  check-in message with dedupe_key `checkin:<elder>:<day>`: a restart at 20:05, a bot back at
  20:20 or a duplicated run finds the row (or the key) and sends nothing twice.
- The reminder and escalation clocks count from the check-in's delivery (the outbox row's
  sent_at), so an elder always has the full 30 / 60 minutes, however late the bot came back.
  A check-in more than `latest_send` late is not sent at all (skipped, and reported), but only
  when the round was the bot's to run: a round that was over before the bot's first run (a
  fresh install, a database seeded days before the bot started) never existed.
- A check-in the outbox gave up on (the elder blocked the bot) is reported to staff and escalated
  at once; an elder with no messenger account is reported as unreachable every evening.
- Writing to the bot after the check-in arrived is an answer too (`active`), and an emergency
  raised meanwhile is the answer `help`.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_, select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from actions.checkins.common import (
    answer_keyboard,
    clear_context,
    rules_of,
    set_context,
    tell_staff,
    who,
)
from actions.checkins.escalation import start_escalation
from actions.checkins.rules import CheckinRules
from actions.core.context import Tick
from actions.core.registry import job
from actions.core.texts import keyboard_to_json, localize, localize_keyboard
from actions.db.checkins import CheckinEnrolment, CheckinRound
from actions.db.community import Resident
from actions.db.conversation import DialogueState, JobRun, OutboxMessage
from actions.db.tickets import Emergency

log = logging.getLogger(__name__)

CHUNK = 500
FIRST_RUN = "checkin_round:first_run"
# One alias for the module: a fresh one each tick would defeat SQLAlchemy's statement cache.
EXISTING = aliased(CheckinRound)


@job("checkin_round")
def checkin_round(tick: Tick) -> None:
    """Start the rounds that are due, then look after the ones waiting for an answer."""
    start_rounds(tick)
    follow_up(tick)


# -- starting ----------------------------------------------------------------------------------
def start_rounds(tick: Tick) -> int:
    """Create today's (and a missed yesterday's) rows that are due; returns how many."""
    created = 0
    since = _first_run(tick)
    for day in (tick.today - timedelta(days=1), tick.today):
        due = _due_enrolments(tick, day, since)
        for start in range(0, len(due), CHUNK):
            created += _start_chunk(tick, day, due[start:start + CHUNK])
    return created


def _first_run(tick: Tick) -> datetime:
    """When the round job first ran on this database (recorded by that run)."""
    found = tick.session.scalar(select(JobRun.ran_at).where(JobRun.key == FIRST_RUN))
    if found is not None:
        return found
    try:
        with tick.session.begin_nested():
            tick.session.add(JobRun(key=FIRST_RUN, ran_at=tick.now))
    except IntegrityError:  # another process ran first: its moment counts
        return tick.session.scalars(select(JobRun.ran_at).where(JobRun.key == FIRST_RUN)).one()
    return tick.now


def _due_enrolments(tick: Tick, day: date,
                    since: datetime) -> list[tuple[CheckinEnrolment, Resident]]:
    """Active enrolments with no row for the day whose time has come (filtered in SQL first,
    so a tick before the round reads nothing). A round is the bot's only when the elder was
    enrolled before it and the bot ran before it was too late to send (`since`)."""
    due = []
    for community_id in _enrolled_communities(tick):
        rules = rules_of(tick, community_id)
        existing = EXISTING
        query = (select(CheckinEnrolment, Resident)
                 .join(Resident, Resident.id == CheckinEnrolment.elder_id)
                 .outerjoin(existing, and_(existing.enrolment_id == CheckinEnrolment.id,
                                           existing.day == day))
                 .where(CheckinEnrolment.community_id == community_id, CheckinEnrolment.active,
                        existing.id.is_(None), _time_has_come(tick, rules, day))
                 .order_by(CheckinEnrolment.id))
        for enrolment, elder in tick.session.execute(query):
            at = rules.due_at(day, enrolment.checkin_time, tick.settings.tz)
            if enrolment.created_at < at <= tick.now and at + rules.latest_send >= since:
                due.append((enrolment, elder))
    return due


def _enrolled_communities(tick: Tick) -> list[int]:
    return list(tick.session.scalars(select(CheckinEnrolment.community_id).distinct()))


def _time_has_come(tick: Tick, rules: CheckinRules, day: date) -> ColumnElement[bool]:
    """Own times are stored "HH:MM" (zero-padded), so they compare as text."""
    if day < tick.today:
        return true()
    now = tick.local_now.strftime("%H:%M")
    own = CheckinEnrolment.checkin_time <= now
    if rules.checkin_time.strftime("%H:%M") <= now:
        return or_(own, CheckinEnrolment.checkin_time.is_(None))
    return own


def _start_chunk(tick: Tick, day: date, chunk: list[tuple[CheckinEnrolment, Resident]]) -> int:
    """Rows and messages for a chunk, all or nothing: a concurrent run may have done them."""
    try:
        with tick.session.begin_nested():
            rows = [_new_row(tick, day, enrolment, elder) for enrolment, elder in chunk]
            tick.session.add_all(rows)
            tick.session.flush()
            _send_checkins(tick, [(row, elder) for row, (_, elder) in zip(rows, chunk,
                                                                         strict=True)])
    except IntegrityError:
        log.info("check-in rows of %s were created by another run", day)
        return 0
    _report_unsent(tick, day, [(row, elder) for row, (_, elder) in zip(rows, chunk, strict=True)])
    return len(rows)


def _new_row(tick: Tick, day: date, enrolment: CheckinEnrolment, elder: Resident) -> CheckinRound:
    rules = rules_of(tick, enrolment.community_id)
    due_at = rules.due_at(day, enrolment.checkin_time, tick.settings.tz)
    if enrolment.paused_until is not None and enrolment.paused_until >= day and (
            enrolment.paused_from is None or enrolment.paused_from <= day):
        status = "paused"
    elif tick.now > due_at + rules.latest_send:
        status = "skipped"
    elif elder.telegram_id is None:
        status = "unreachable"
    else:
        status = "sent"
    return CheckinRound(community_id=enrolment.community_id, enrolment_id=enrolment.id,
                        elder_id=elder.id, day=day, due_at=due_at, status=status,
                        contacts_notified=0)


def _send_checkins(tick: Tick, items: list[tuple[CheckinRound, Resident]]) -> None:
    """The check-in messages of a chunk as outbox rows (exactly once: the dedupe keys)."""
    sending = [(row, elder) for row, elder in items if row.status == "sent"]
    keys = {row.id: f"checkin:{elder.id}:{row.day.isoformat()}" for row, elder in sending}
    taken = set(tick.session.scalars(select(OutboxMessage.dedupe_key).where(
        OutboxMessage.dedupe_key.in_(list(keys.values())))))
    messages = []
    for row, elder in sending:
        if keys[row.id] in taken:  # a row lost and made again: the message went already
            continue
        text = tick.t("checkin_ask", variant=row.day.toordinal() + elder.id, name=who(elder))
        messages.append((row, OutboxMessage(
            chat_id=elder.telegram_id, text=localize(text, traditional=elder.traditional),
            buttons=keyboard_to_json(localize_keyboard(answer_keyboard(tick.texts, row.id),
                                                      traditional=elder.traditional)),
            dedupe_key=keys[row.id],
            created_at=tick.now, send_after=tick.now)))
    tick.session.add_all([m for _, m in messages])
    tick.session.flush()
    for row, message in messages:
        row.outbox_id = message.id
        row.sent_at = tick.now
    set_context(tick.session, tick.texts, [(elder, row.id) for row, elder in sending], tick.now,
                timedelta(minutes=tick.settings.form_expiry_minutes))


def _report_unsent(tick: Tick, day: date, items: list[tuple[CheckinRound, Resident]]) -> None:
    """Tell staff which elders got no check-in (no account, or far too late), once per day."""
    for status in ("unreachable", "skipped"):
        names: dict[int, list[str]] = {}
        for row, elder in items:
            if row.status == status:
                names.setdefault(row.community_id, []).append(who(elder))
        for community_id, found in names.items():
            tell_staff(tick, community_id, tick.t(f"checkin_staff_{status}", day=day.isoformat(),
                                                  names="、".join(found)))


# -- following up ------------------------------------------------------------------------------
def follow_up(tick: Tick) -> None:
    """Rows still waiting for an answer: blocked, to remind, or to escalate (only those due
    are read, so a quiet minute costs little however many elders wait)."""
    communities = tick.session.scalars(select(CheckinRound.community_id).where(
        CheckinRound.status == "sent").distinct())
    for community_id in list(communities):
        rules = rules_of(tick, community_id)
        remind = tick.now - rules.reminder_after
        escalate = tick.now - rules.escalate_after
        query = (select(CheckinRound, OutboxMessage)
                 .join(OutboxMessage, OutboxMessage.id == CheckinRound.outbox_id)
                 .where(CheckinRound.community_id == community_id,
                        CheckinRound.status == "sent",
                        or_(OutboxMessage.failed_at.is_not(None),
                            and_(OutboxMessage.sent_at <= remind,
                                 CheckinRound.reminded_at.is_(None)),
                            OutboxMessage.sent_at <= escalate))
                 .order_by(CheckinRound.id))
        for row, message in tick.session.execute(query):
            _follow_up_one(tick, rules, row, message)


def _follow_up_one(tick: Tick, rules: CheckinRules, row: CheckinRound,
                   message: OutboxMessage) -> None:
    if message.failed_at is not None:
        _blocked(tick, row, message)
        return
    delivered = message.sent_at
    assert delivered is not None
    reminder_due = row.reminded_at is None and tick.now >= delivered + rules.reminder_after
    escalation_due = tick.now >= delivered + rules.escalate_after
    if not (reminder_due or escalation_due):
        return
    if _answered_otherwise(tick, row, delivered):
        return
    if reminder_due:  # also when catching up past the escalation: the elder hears it first
        _remind(tick, row)
    if escalation_due:
        start_escalation(tick, row, reason="no_answer", first_at=delivered + rules.escalate_after)


def _remind(tick: Tick, row: CheckinRound) -> None:
    elder = tick.session.get_one(Resident, row.elder_id)
    tick.notify_person(elder, tick.t("checkin_reminder", variant=row.day.toordinal(),
                                     name=who(elder)),
                       buttons=answer_keyboard(tick.texts, row.id),
                       dedupe_key=f"checkin:{elder.id}:{row.day.isoformat()}:remind")
    row.reminded_at = tick.now


def _blocked(tick: Tick, row: CheckinRound, message: OutboxMessage) -> None:
    """The check-in could not be delivered: staff hear it, the contacts are asked at once."""
    elder = tick.session.get_one(Resident, row.elder_id)
    row.blocked_at = message.failed_at
    tell_staff(tick, row.community_id, tick.t("checkin_staff_blocked", name=who(elder),
                                              error=message.error
                                              or tick.t("checkin_unknown_error")),
               dedupe_key=f"checkin:{elder.id}:{row.day.isoformat()}:blocked")
    start_escalation(tick, row, reason="blocked", first_at=tick.now)


def _answered_otherwise(tick: Tick, row: CheckinRound, delivered: datetime) -> bool:
    """An emergency raised, or anything written to the bot, since the check-in arrived."""
    elder = tick.session.get_one(Resident, row.elder_id)
    raised = tick.session.scalar(select(Emergency.id).where(
        Emergency.person_id == elder.id, Emergency.created_at >= delivered).limit(1))
    talked = tick.session.scalar(select(DialogueState.id).where(
        DialogueState.resident_id == elder.id, DialogueState.chat_id == elder.telegram_id,
        DialogueState.updated_at > delivered))
    if raised is None and talked is None:
        return False
    row.status = "answered"
    row.answer = "help" if raised is not None else "active"
    row.answered_at = tick.now
    clear_context(tick.session, elder)
    return True
