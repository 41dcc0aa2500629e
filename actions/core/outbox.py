"""The outbox: messages are rows first, then deliveries.

A message is queued in the same transaction as the change that caused it, so a crash never
loses one and a redelivered update never sends one twice. Adapters pick pending rows, send
them (respecting rate limits), and mark them sent, or retry with backoff and finally mark them
failed so staff hear about it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    JSON,
    BigInteger,
    Engine,
    Table,
    bindparam,
    event,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from actions.core.texts import Keyboard, keyboard_to_json
from actions.db.base import UTCDateTime, relaxed_scope
from actions.db.conversation import DialogueState, OutboxMessage

MAX_ATTEMPTS = 5


def queue_message(session: Session, *, chat_id: int, text: str, now: datetime,
                  buttons: Keyboard | None = None, photo: str | None = None,
                  dedupe_key: str | None = None, send_after: datetime | None = None,
                  voice: str | None = None) -> OutboxMessage | None:
    """Queue a message; with a dedupe_key already used, queue nothing and return None."""
    write_replies(session)  # the replies queued before it go before it
    if dedupe_key and session.scalar(select(OutboxMessage.id).where(
            OutboxMessage.dedupe_key == dedupe_key)) is not None:
        return None
    msg = OutboxMessage(chat_id=chat_id, text=text, buttons=keyboard_to_json(buttons or []),
                        photo=photo, voice=voice, dedupe_key=dedupe_key, created_at=now,
                        send_after=send_after or now)
    session.add(msg)
    session.flush()
    return msg


def queue_reply(session: Session, *, chat_id: int, text: str, now: datetime,
                buttons: Keyboard | None = None) -> None:
    """Queue a plain reply (text and buttons), a turn's answers, the commonest row: kept in
    the session and written with the others by one statement, before any other message is
    queued (so the order stays), before the commit, or by the pipeline with the dialogue's
    update (`take_replies`). A rollback drops what it would have undone: all of them, or a
    savepoint's."""
    info = session.info
    pending = info.get(_REPLIES)
    if pending is None:
        pending = info[_REPLIES] = _Replies()
    pending.rows.append({"chat_id": chat_id, "text": text, "created_at": now, "attempts": 0,
                         "buttons": keyboard_to_json(buttons or []), "send_after": now})


def take_replies(session: Session) -> list[dict[str, Any]]:
    """The replies queued and not yet written, now the caller's to write in this
    transaction (columns: chat_id, text, buttons, created_at, send_after, attempts)."""
    pending: _Replies | None = session.info.get(_REPLIES)
    if pending is None or not pending.rows:
        return []
    rows, pending.rows = pending.rows, []
    pending.written += rows
    return rows


def write_replies(session: Session) -> None:
    """Write the replies queued so far (one statement)."""
    rows = take_replies(session)
    if rows:
        session.execute(_QUEUE, rows)


def write_replies_with_dialogue(session: Session, *, dialogue_id: int, data: dict[str, Any],
                                now: datetime) -> None:
    """The replies queued so far, then a dialogue's update (its data and updated_at): a
    turn's last writes, without the ORM's flush (its unit of work costs more than the
    statement). On PostgreSQL one statement when a reply waits; else the replies' statement
    (when any) and the update's. The caller tells the session the dialogue is written."""
    if not _waiting(session):
        session.execute(_DIALOGUE, {"dialogue": dialogue_id, "new_data": data, "at": now})
        return
    if session.get_bind().dialect.name != "postgresql":
        write_replies(session)
        session.execute(_DIALOGUE, {"dialogue": dialogue_id, "new_data": data, "at": now})
        return
    replies = take_replies(session)
    session.execute(_REPLIES_AND_DIALOGUE, {
        "chats": [r["chat_id"] for r in replies], "texts": [r["text"] for r in replies],
        "buttons": [json.dumps(r["buttons"]) for r in replies],
        "created": [_naive_utc(r["created_at"]) for r in replies],
        "after": [_naive_utc(r["send_after"]) for r in replies],
        "data": data, "updated_at": now, "id": dialogue_id})


def _waiting(session: Session) -> bool:
    pending: _Replies | None = session.info.get(_REPLIES)
    return pending is not None and bool(pending.rows)


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


# the replies in the order said (ids follow WITH ORDINALITY), then the dialogue
_REPLIES_AND_DIALOGUE = text(
    "WITH replies AS (INSERT INTO outbox (chat_id, text, buttons, created_at, send_after, "
    "attempts) SELECT r.chat_id, r.text, r.buttons, r.created_at, r.send_after, 0 FROM unnest("
    "CAST(:chats AS BIGINT[]), CAST(:texts AS TEXT[]), CAST(:buttons AS JSON[]), "
    "CAST(:created AS TIMESTAMP[]), CAST(:after AS TIMESTAMP[])) WITH ORDINALITY "
    "AS r(chat_id, text, buttons, created_at, send_after, n) ORDER BY r.n) "
    "UPDATE dialogue_states SET data = :data, updated_at = :updated_at WHERE id = :id"
).bindparams(bindparam("data", type_=JSON()), bindparam("updated_at", type_=UTCDateTime()))


@dataclass
class _Replies:
    rows: list[dict[str, Any]] = field(default_factory=list)
    written: list[dict[str, Any]] = field(default_factory=list)  # before these, in order
    # savepoint -> (replies queued before it, of them written before it); kept to the
    # session's end: a savepoint's end is told before its rollback is
    marks: dict[Any, tuple[int, int]] = field(default_factory=dict)


_REPLIES = "linli_replies"


@event.listens_for(Session, "before_commit")
def _write_before_commit(session: Session) -> None:
    write_replies(session)


@event.listens_for(Session, "after_commit")
def _forget_written(session: Session) -> None:
    pending: _Replies | None = session.info.get(_REPLIES)
    if pending is not None:  # no savepoint of it can roll back now
        pending.written, pending.marks = [], {}


@event.listens_for(Session, "after_transaction_create")
def _mark_savepoint(session: Session, transaction: SessionTransaction) -> None:
    if transaction.nested:
        pending = session.info.get(_REPLIES)
        if pending is None:
            pending = session.info[_REPLIES] = _Replies()
        written = len(pending.written)
        pending.marks[transaction] = (written + len(pending.rows), written)


@event.listens_for(Session, "after_soft_rollback")
def _drop_rolled_back(session: Session, previous: SessionTransaction) -> None:
    pending = session.info.get(_REPLIES)
    if pending is None:
        return
    if not previous.nested:
        session.info.pop(_REPLIES, None)  # the whole transaction: none of them
        return
    mark = pending.marks.pop(previous, None)
    if mark is None:
        return
    # a savepoint: those queued in it are dropped; those queued before it but written in it
    # (the database undid them) wait to be written again
    said, written = mark
    everything = pending.written + pending.rows
    pending.written, pending.rows = everything[:written], everything[written:said]



def pending_messages(session: Session, *, now: datetime, limit: int = 200) -> list[OutboxMessage]:
    """Messages due for (another) delivery attempt, oldest first."""
    query = (select(OutboxMessage)
             .where(OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None),
                    OutboxMessage.send_after <= now)
             .order_by(OutboxMessage.id).limit(limit))
    return list(session.scalars(query))


def mark_sent(msg: OutboxMessage, *, now: datetime, message_id: int | None = None) -> None:
    """Delivered."""
    msg.sent_at = now
    msg.message_id = message_id
    msg.attempts += 1


def mark_all_sent(session: Session, sent: list[tuple[int, int | None]], *,
                  now: datetime) -> None:
    """Delivered: (outbox id, messenger's message id) pairs, in one statement (executemany),
    without loading the rows."""
    if sent:
        session.execute(_MARK_SENT, [{"row": row, "mid": mid, "now": now} for row, mid in sent])


def record_sent(engine: Engine, sessions: sessionmaker[Session],
                sent: list[tuple[int, int | None]], *, now: datetime) -> None:
    """Delivered, when nothing else is to record: the sender's commonest bookkeeping, whose
    commit need not wait for the disk (lost in a power cut, a message goes twice, never lost).
    On PostgreSQL one statement outside any transaction block (no BEGIN, SET LOCAL, COMMIT
    round trips): it lowers synchronous_commit for its own implicit transaction itself. On
    SQLite mark_all_sent in a relaxed_scope."""
    if not sent:
        return
    if engine.dialect.name != "postgresql":
        with relaxed_scope(sessions) as session:
            mark_all_sent(session, sent, now=now)
        return
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(_MARK_SENT_PG, {
            "ids": [row for row, _ in sent], "mids": [mid for _, mid in sent], "now": now})


_TABLE = cast(Table, OutboxMessage.__table__)
_DIALOGUES = cast(Table, DialogueState.__table__)
_DIALOGUE = (update(_DIALOGUES).where(_DIALOGUES.c.id == bindparam("dialogue"))
             .values(data=bindparam("new_data"), updated_at=bindparam("at")))
# set_config(..., true) lasts to the end of the statement's own transaction, whose commit reads
# it; the CTE is joined, so it runs (once) before any row is written
_MARK_SENT_PG = text(
    "WITH relaxed AS MATERIALIZED (SELECT set_config('synchronous_commit', 'off', true)) "
    "UPDATE outbox SET sent_at = :now, message_id = sent.mid, attempts = outbox.attempts + 1 "
    "FROM unnest(CAST(:ids AS BIGINT[]), CAST(:mids AS BIGINT[])) AS sent(id, mid), relaxed "
    "WHERE outbox.id = sent.id"
).bindparams(bindparam("ids", type_=ARRAY(BigInteger)), bindparam("mids", type_=ARRAY(BigInteger)),
             bindparam("now", type_=UTCDateTime()))
_MARK_SENT = (update(_TABLE).where(_TABLE.c.id == bindparam("row"))
              .values(sent_at=bindparam("now"), message_id=bindparam("mid"),
                      attempts=_TABLE.c.attempts + 1))
_QUEUE = insert(_TABLE).values({c: bindparam(c) for c in (
    "chat_id", "text", "buttons", "created_at", "send_after", "attempts")})


def mark_attempt_failed(msg: OutboxMessage, *, now: datetime, error: str,
                        permanent: bool = False) -> bool:
    """Record a failed attempt; returns True when the message is given up (to report it)."""
    msg.attempts += 1
    msg.error = error[:300]
    if permanent or msg.attempts >= MAX_ATTEMPTS:
        msg.failed_at = now
        return True
    msg.send_after = now + timedelta(seconds=5 * 2 ** msg.attempts)
    return False
