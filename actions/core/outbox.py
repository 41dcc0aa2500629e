"""The outbox: messages are rows first, then deliveries.

A message is queued in the same transaction as the change that caused it, so a crash never
loses one and a redelivered update never sends one twice. Adapters pick pending rows, send
them (respecting rate limits), and mark them sent, or retry with backoff and finally mark them
failed so staff hear about it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from actions.core.texts import Keyboard, keyboard_to_json
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


_TABLE = cast(Table, OutboxMessage.__table__)
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
