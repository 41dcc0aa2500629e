"""What the check-in modules share: the rules of a round's community, how an elder is described
to the people asked to look in on them, the staff chat, and the check-in context of the elder's
dialogue (so a plain 好的 / 嗯 is understood as 平安 while a check-in waits for its answer).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.checkin_rules import CheckinRules, rules_for
from actions.context import Tick
from actions.db.checkins import CheckinContact, CheckinRound
from actions.db.conversation import DialogueState
from actions.db.models import Community, Resident
from actions.people import staff_chat_id
from actions.texts import Button, Keyboard, keyboard_to_json

CONTEXT = "checkin"
ANSWERS = ("ok", "unwell", "help", "pause")


def rules_of(tick: Tick, community_id: int) -> CheckinRules:
    """The check-in rules of a community."""
    community = tick.session.get_one(Community, community_id)
    return rules_for(tick.settings.data_dir, community.name)


def staff_chat(tick: Tick, community_id: int) -> int | None:
    """The community's staff chat (or the configured one)."""
    return staff_chat_id(tick.session, community_id=community_id,
                         fallback=tick.settings.staff_chat_id)


def tell_staff(tick: Tick, community_id: int, text: str, *, buttons: Keyboard | None = None,
               dedupe_key: str | None = None) -> None:
    """A message to the staff chat, when there is one."""
    chat = staff_chat(tick, community_id)
    if chat is not None:
        tick.notify(chat, text, buttons=buttons, dedupe_key=dedupe_key)


def who(person: Resident | None) -> str:
    """How to name a person in a message."""
    if person is None:
        return "有人"
    return person.name or person.display_name or f"居民#{person.id}"


def describe(tick: Tick, elder: Resident) -> dict[str, Any]:
    """The elder's name, age, address and phone, for the people asked to look in."""
    age = elder.age(tick.today.year)
    return {"name": who(elder), "age": f"{age}岁" if age else "年龄未登记",
            "address": elder.address() or "住址未登记", "phone": elder.phone or "未留电话"}


def local_time(tick: Tick, when: datetime) -> str:
    """"20:00", in community time."""
    return when.astimezone(tick.settings.tz).strftime("%H:%M")


def answer_keyboard(round_id: int) -> Keyboard:
    """The check-in's big one-tap buttons, one to a row."""
    return [[Button("平安", f"/ci:{round_id}:ok")],
            [Button("有点不舒服", f"/ci:{round_id}:unwell")],
            [Button("需要帮助", f"/ci:{round_id}:help")],
            [Button("暂停几天", f"/ci:{round_id}:pause")]]


def contact_keyboard(round_id: int) -> Keyboard:
    """What a contact asked to look in can answer."""
    return [[Button("已确认平安", f"/ci_safe:{round_id}"),
             Button("联系不上", f"/ci_unreach:{round_id}")]]


def contacts_of(session: Session, enrolment_id: int) -> list[CheckinContact]:
    """The contacts of an enrolment, in order."""
    return list(session.scalars(select(CheckinContact)
                                .where(CheckinContact.enrolment_id == enrolment_id)
                                .order_by(CheckinContact.position)))


def notified_contacts(session: Session, row: CheckinRound) -> list[Resident]:
    """The contacts already asked about this round."""
    return [c.person for c in contacts_of(session, row.enrolment_id)[:row.contacts_notified]]


def set_context(session: Session, items: Iterable[tuple[Resident, int]], now: datetime,
                form_expiry: timedelta) -> None:
    """Mark each elder's private dialogue as waiting for a check-in answer (bulk).

    An elder in the middle of a form keeps the form's meaning of 好的 (the check-in is then
    answered by the buttons, or counts as answered when they talk to the bot)."""
    wanted = {(elder.id, elder.telegram_id): round_id for elder, round_id in items
              if elder.telegram_id is not None}
    if not wanted:
        return
    ids = [resident_id for resident_id, _ in wanted]
    found = {}
    for start in range(0, len(ids), 500):
        query = select(DialogueState).where(DialogueState.resident_id.in_(ids[start:start + 500]))
        found.update({(s.resident_id, s.chat_id): s for s in session.scalars(query)})
    for key, round_id in wanted.items():
        state = found.get(key)
        data = dict(state.data) if state is not None else {}
        if _in_form(data, now, form_expiry):
            continue
        data["context"] = CONTEXT
        data["buttons"] = keyboard_to_json(answer_keyboard(round_id))  # typed 平安 = a press
        if state is None:
            session.add(DialogueState(resident_id=key[0], chat_id=key[1], data=data,
                                      updated_at=now))
        else:
            state.data = data  # a new value, so the JSON column is written


def _in_form(data: dict[str, Any], now: datetime, expiry: timedelta) -> bool:
    """A form open and not yet gone stale (it expires at the next message after `expiry`)."""
    last = data.get("last_seen")
    if not (data.get("form") or data.get("stack")) or not last:
        return False
    return now - datetime.fromisoformat(last) <= expiry


def clear_context(session: Session, elder: Resident) -> None:
    """The check-in no longer waits for an answer: 好的 means 好的 again."""
    if elder.telegram_id is None:
        return
    state = session.scalar(select(DialogueState).where(
        DialogueState.resident_id == elder.id, DialogueState.chat_id == elder.telegram_id))
    if state is None or state.data.get("context") != CONTEXT:
        return
    data = dict(state.data)
    data.pop("context")
    if any(str(b[1]).startswith("/ci:") for row in data.get("buttons", []) for b in row):
        data["buttons"] = []
    state.data = data
