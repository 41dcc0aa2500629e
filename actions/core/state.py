"""The dialogue state: what the bot waits for in one person's chat. The only writer of its JSON.

State kept per person and chat (`dialogue_states.data`):
    form      the open form (see actions.core.forms), or absent
    stack     forms suspended by a switch of topic, resumed when the new topic is done
    buttons   the buttons last offered, so a typed 好的 / 算了 / label counts as a press
    numbered  the chat's messenger has no buttons: they were shown as numbered choices, so a
              typed 1 / 2 presses one too (set by the channel when it delivers them)
    context   what a free answer means now (e.g. "checkin": 好的 answers tonight's check-in)
    pending   the words of a message we were unsure about, kept for the intent picked after
    last_seen when the person last wrote (forms expire after a quiet while)

A turn reads and writes it through the pipeline; capabilities that must prepare a chat from a
job (a check-in waiting for its answer, a 修好了吗 with buttons) use the functions below.

In a batch shared among threads (actions/core/batch.py) a turn that prepares the chat of
someone another share handles (a new ticket's card to staff writing in the same batch) does not
write that dialogue in its own transaction: the other share holds the row until its commit,
and it may in turn wait for a row of ours, a deadlock. The write is kept (`Later`) and made
after this share's commit, in a transaction of its own that takes that chat's lock first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from actions.core.inbox import take_chat
from actions.core.texts import Keyboard, keyboard_to_json
from actions.db.base import session_scope
from actions.db.community import Resident
from actions.db.conversation import DialogueState

log = logging.getLogger(__name__)
BATCH = 500
_LATER = "linli_dialogues_later"


@dataclass
class Later:
    """A batched turn's writes to dialogues of chats another share of the batch handles
    (`others`), kept for after this share's commit (`write`)."""

    others: frozenset[int]
    writes: list[tuple[int, Callable[[Session], None]]] = field(default_factory=list)

    def write(self, sessions: sessionmaker[Session]) -> None:
        """The kept writes, after the share's commit, each in a transaction of its own that
        takes the chat's lock first: it lands between that chat's turns, never inside one
        (nor under a turn's own write of the dialogue)."""
        for chat_id, write in self.writes:
            try:
                with session_scope(sessions) as session:
                    take_chat(session, chat_id=chat_id)
                    write(session)
            except SQLAlchemyError:  # the turns are committed: only typed buttons are lost
                log.exception("a dialogue kept for after a batch was not written")


@contextmanager
def keeping(scope: Callable[[], AbstractContextManager[Session]],
            later: Later) -> Iterator[Session]:
    """A batched turn's savepoint (`scope`) whose writes to other shares' dialogues wait in
    `later`: kept only when the savepoint is (a turn rolled back drops its own)."""
    turn = Later(later.others)
    with scope() as session:
        session.info[_LATER] = turn
        yield session
    later.writes += turn.writes


def _now_or_later(session: Session, chat_id: int, write: Callable[[Session], None]) -> None:
    """The write now, or kept for after the batch share's commit when another share handles
    that chat (`Later`)."""
    later: Later | None = session.info.get(_LATER)
    if later is not None and chat_id in later.others:
        later.writes.append((chat_id, write))
    else:
        write(session)


def form_is_live(data: dict[str, Any], now: datetime, expiry: timedelta) -> bool:
    """A form is open and not gone quiet (it expires at the next message after `expiry`)."""
    last = data.get("last_seen")
    if not (data.get("form") or data.get("stack")) or not last:
        return False
    return now - datetime.fromisoformat(last) <= expiry


def form_went_quiet(data: dict[str, Any], now: datetime, expiry: timedelta) -> bool:
    """A form or suspended forms are open, and the person has been quiet longer than `expiry`."""
    return bool(data.get("last_seen") and (data.get("form") or data.get("stack"))
                and not form_is_live(data, now, expiry))


def offer_buttons(session: Session, person: Resident, buttons: Keyboard, now: datetime, *,
                  unless_in_form: bool = False) -> None:
    """Let the person type a label (还没好) as if pressing a button sent to their chat (not
    while a form is open there, unless_in_form: its own answers come first)."""
    if person.telegram_id is None:
        return
    _now_or_later(session, person.telegram_id, partial(
        _offer, resident_id=person.id, chat_id=person.telegram_id,
        buttons=keyboard_to_json(buttons, words=True), now=now, unless_in_form=unless_in_form))


def _offer(session: Session, *, resident_id: int, chat_id: int, buttons: list[Any],
           now: datetime, unless_in_form: bool) -> None:
    stored = _stored(session, resident_id, chat_id, now)
    if unless_in_form and (stored.data.get("form") or stored.data.get("stack")):
        return
    stored.data = {**stored.data, "buttons": buttons}


def shown_numbered(session: Session, *, person_id: int, chat_id: int, buttons: list[Any],
                   now: datetime) -> None:
    """A messenger without buttons showed these as numbered choices in the person's chat:
    a typed number or label now presses them (the last list shown is the one that counts)."""
    stored = _stored(session, person_id, chat_id, now)
    data = dict(stored.data)
    if _datas(data.get("buttons", [])) != _datas(buttons):
        data["buttons"] = buttons
    data["numbered"] = True
    stored.data = data


def _datas(rows: list[Any]) -> list[str]:
    return [str(b[1]) for row in rows for b in row]


def wait_for_answers(session: Session, waits: Iterable[tuple[Resident, Keyboard]], *,
                     context: str, now: datetime, expiry: timedelta) -> None:
    """Mark each person's private chat as waiting for an answer in `context` (bulk).

    Someone in the middle of a form keeps the form's meaning of 好的; the buttons still work."""
    wanted = {(p.id, p.telegram_id): kb for p, kb in waits if p.telegram_id is not None}
    ids = [resident_id for resident_id, _ in wanted]
    found: dict[tuple[int, int], DialogueState] = {}
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        query = select(DialogueState).where(DialogueState.resident_id.in_(chunk))
        found.update({(s.resident_id, s.chat_id): s for s in session.scalars(query)})
    new = []
    for key, keyboard in wanted.items():
        stored = found.get(key)
        data = dict(stored.data) if stored is not None else {}
        if form_is_live(data, now, expiry):
            continue
        data["context"] = context
        data["buttons"] = keyboard_to_json(keyboard, words=True)
        if stored is None:
            new.append({"resident_id": key[0], "chat_id": key[1], "data": data,
                        "updated_at": now})
        else:
            stored.data = data  # a new value, so the JSON column is written
    if new:  # one executemany for an evening round, not one INSERT an elder
        session.execute(insert(DialogueState), new)


def expect_context(session: Session, people: Iterable[Resident], *, context: str,
                   now: datetime) -> None:
    """Mark each person's private chat: what they write next may speak of `context` (news of
    an emergency raised); the buttons offered there stay."""
    for person in people:
        if person.telegram_id is None:
            continue
        _now_or_later(session, person.telegram_id, partial(
            _expect, resident_id=person.id, chat_id=person.telegram_id, context=context,
            now=now))


def _expect(session: Session, *, resident_id: int, chat_id: int, context: str,
            now: datetime) -> None:
    stored = _stored(session, resident_id, chat_id, now)
    stored.data = {**stored.data, "context": context}


def stop_waiting(session: Session, person: Resident, *, context: str,
                 button_prefix: str) -> None:
    """The chat no longer waits for an answer in `context`: 好的 means 好的 again."""
    if person.telegram_id is None:
        return
    _now_or_later(session, person.telegram_id, partial(
        _stop, resident_id=person.id, chat_id=person.telegram_id, context=context,
        button_prefix=button_prefix))


def _stop(session: Session, *, resident_id: int, chat_id: int, context: str,
          button_prefix: str) -> None:
    stored = session.scalar(select(DialogueState).where(
        DialogueState.resident_id == resident_id, DialogueState.chat_id == chat_id))
    if stored is None or stored.data.get("context") != context:
        return
    data = dict(stored.data)
    data.pop("context")
    if any(str(b[1]).startswith(button_prefix) for row in data.get("buttons", []) for b in row):
        data["buttons"] = []
    stored.data = data


def _stored(session: Session, resident_id: int, chat_id: int, now: datetime) -> DialogueState:
    stored = session.scalar(select(DialogueState).where(
        DialogueState.resident_id == resident_id, DialogueState.chat_id == chat_id))
    if stored is None:
        stored = DialogueState(resident_id=resident_id, chat_id=chat_id, data={},
                               updated_at=now)
        session.add(stored)
    return stored
