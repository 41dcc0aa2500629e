"""The outbox: messages are rows first, then deliveries.

A message is queued in the same transaction as the change that caused it, so a crash never
loses one and a redelivered update never sends one twice. Adapters pick pending rows, send
them (respecting rate limits), and mark them sent, or retry with backoff and finally mark them
failed so staff hear about it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import BigInteger, Engine, Table, bindparam, insert, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, sessionmaker

from actions.core.texts import Keyboard, keyboard_to_json
from actions.db.base import UTCDateTime, relaxed_scope
from actions.db.conversation import OutboxMessage

MAX_ATTEMPTS = 5


def queue_message(session: Session, *, chat_id: int, text: str, now: datetime,
                  buttons: Keyboard | None = None, photo: str | None = None,
                  dedupe_key: str | None = None, send_after: datetime | None = None,
                  voice: str | None = None) -> OutboxMessage | None:
    """Queue a message; with a dedupe_key already used, queue nothing and return None."""
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
    """Queue a plain reply (text and buttons): one INSERT, no object kept in the session (a
    turn's answers, the commonest row)."""
    session.execute(_QUEUE, {"chat_id": chat_id, "text": text, "created_at": now,
                             "buttons": keyboard_to_json(buttons or []), "send_after": now,
                             "attempts": 0})


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
