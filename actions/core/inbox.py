"""The durable inbox: an update is a committed row before the messenger hears it arrived.

Adapters hand what arrives to `Conversation.handle` (Telegram and WeCom's app, through the
Worker; see below) or `store` it (微信客服 pages, with their cursor), and acknowledge it after
that commit; the pipeline
takes `next_due` items and handles each in the transaction that marks it done, so a crash
anywhere either repeats the whole turn or none of it. Within a chat, items are taken strictly
in order: an item is due only when nothing older of its chat is still pending. On PostgreSQL
the item is locked FOR UPDATE SKIP LOCKED, so several processes share the work and never
take the same chat at once; SQLite runs one process, with its writes serialized.

Most updates find their chat with nothing waiting: `Conversation.handle` then stores, handles
and marks one done in a single transaction (`store_handled`): its
commit is what the adapter acknowledges, and a turn that fails there is rolled back and the
update stored again on its own, pending, with the failure counted. A receiver's batch (what
one getUpdates brought) goes to `Conversation.handle_batch`: the same, each update in a
savepoint of one transaction for the batch, one commit (a failed turn's savepoint is rolled
back and its update stored pending in the batch's transaction, so the later updates of its
chat wait behind it). On PostgreSQL every turn holds its chat's advisory lock (`take_chat`),
so a turn handled at once and one taken from the inbox by another process never run
together; a batch holds its chats' locks to its commit.

A turn that fails is tried again after a pause; after MAX_TRIES it is parked: the person is
told kindly and staff are told (ids only), and later items of the chat go on.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import BigInteger, and_, bindparam, exists, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased

from actions.db.base import advisory_key
from actions.db.conversation import InboxItem

MAX_TRIES = 3
RETRY_AFTER = (timedelta(seconds=2), timedelta(seconds=15))
LATE = timedelta(minutes=2)  # a reply this late starts with an apology for the delay


def local_update_id() -> int:
    """An id for something that has none (the console, tests): random, never reused."""
    return random.getrandbits(62)


def store(session: Session, *, source: str, update_id: int, chat_id: int,
          payload: dict[str, Any], now: datetime) -> bool:
    """Keep an update, pending; False when it was kept before (the messenger delivered it
    again)."""
    result = session.execute(_statement(session, "store"), _values(
        source=source, update_id=update_id, chat_id=chat_id, payload=payload, now=now,
        handled=False))
    return result.scalar() is not None


def store_handled(session: Session, *, source: str, update_id: int, chat_id: int,
                  payload: dict[str, Any], now: datetime) -> bool | None:
    """Keep an update as handled by this transaction's turn, when nothing of its chat is
    pending (the chat taken for the transaction first: a turn of a free chat runs at once, in
    order). True when kept; False when kept before (a redelivery); None when something of the
    chat waits (nothing kept: the update goes through the inbox behind it)."""
    values = _values(source=source, update_id=update_id, chat_id=chat_id, payload=payload,
                     now=now, handled=True)
    if _on_postgresql(session):  # the chat's lock taken by the INSERT itself (one round trip)
        values["lock_key"] = advisory_key(f"chat:{chat_id}")
        result = session.execute(_statement(session, "store_if_free_locked"), values)
    else:
        result = session.execute(_statement(session, "store_if_free"), values)
    if result.scalar() is not None:
        return True
    return False if find(session, source=source, update_id=update_id) is not None else None


def _values(*, source: str, update_id: int, chat_id: int, payload: dict[str, Any],
            now: datetime, handled: bool) -> dict[str, Any]:
    return {"source": source, "update_id": update_id, "chat_id": chat_id, "payload": payload,
            "status": "done" if handled else "pending", "attempts": 1 if handled else 0,
            "received_at": now, "next_attempt_at": now, "done_at": now if handled else None}


def _statement(session: Session, kind: str) -> Any:
    """The INSERT ... ON CONFLICT DO NOTHING of `store` (`store_if_free`: only when nothing
    of the chat is pending), built once per dialect: every message runs one, and building a
    statement costs more than SQLite takes to run it."""
    name = "postgresql" if _on_postgresql(session) else "sqlite"
    if (name, kind) not in _BUILT:
        table = InboxItem.__table__
        insert = (postgresql if name == "postgresql" else sqlite).insert(table)
        params = {c: bindparam(c, type_=table.c[c].type) for c in _STORED}
        free = ~exists().where(table.c.status == "pending", table.c.chat_id == params["chat_id"])
        if kind == "store":
            insert = insert.values(params)
        elif kind == "store_if_free":  # SQLite needs the WHERE: it tells ON CONFLICT from ON
            insert = insert.from_select(list(_STORED), select(*params.values()).where(free))
        else:  # the chat's advisory lock in a CTE the row is selected from (see _LOCKED)
            lock = select(func.pg_advisory_xact_lock(bindparam("lock_key", type_=BigInteger))
                          .label("taken")).cte("chat_lock").prefix_with("MATERIALIZED")
            insert = insert.from_select(list(_STORED), select(*params.values())
                                        .select_from(lock).where(free)).add_cte(lock)
        _BUILT[name, kind] = (insert.on_conflict_do_nothing(index_elements=["source", "update_id"])
                              .returning(table.c.id))
    return _BUILT[name, kind]


# _LOCKED, on PostgreSQL: `WITH chat_lock AS MATERIALIZED (SELECT pg_advisory_xact_lock(k))
# INSERT ... SELECT ... FROM chat_lock WHERE NOT EXISTS (pending of the chat)`: the lock is taken
# before the row is selected and inserted, and held to the end of the transaction, as a SELECT
# of its own before the INSERT held it, one round trip less. The statement's snapshot predates
# a wait for the lock; what it can miss is harmless: a lock holder never stores a pending item
# of its chat (store_handled stores done ones, a turn from the inbox marks one done; pending
# ones are stored without the lock, so they race with any check alike). A stale view sees an
# item pending that has just been done: the update then goes through the inbox. A redelivery
# is still told by the unique index, which sees what committed meanwhile.
_STORED = ("source", "update_id", "chat_id", "payload", "status", "attempts", "received_at",
           "next_attempt_at", "done_at")
_BUILT: dict[tuple[str, str], Any] = {}
_FIND = select(InboxItem).where(InboxItem.source == bindparam("source"),
                                InboxItem.update_id == bindparam("update_id"))


def take_chat(session: Session, *, chat_id: int) -> None:
    """On PostgreSQL, hold the chat's advisory lock until the transaction ends, so no two
    turns of one chat run at once in any process (SQLite serializes every writer anyway)."""
    if _on_postgresql(session):
        session.execute(select(func.pg_advisory_xact_lock(advisory_key(f"chat:{chat_id}"))))


def _on_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def find(session: Session, *, source: str, update_id: int) -> InboxItem | None:
    """The stored item of an update."""
    return session.scalar(_FIND, {"source": source, "update_id": update_id})


# One alias for the module: a fresh one each call would defeat SQLAlchemy's statement cache.
_OLDER = aliased(InboxItem)


def next_due(session: Session, *, now: datetime, chat_id: int | None = None
             ) -> InboxItem | None:
    """The oldest due item whose chat has nothing older pending, locked for this transaction."""
    older = _OLDER
    query = (select(InboxItem)
             .where(InboxItem.status == "pending", InboxItem.next_attempt_at <= now,
                    ~exists().where(and_(older.chat_id == InboxItem.chat_id,
                                         older.status == "pending", older.id < InboxItem.id)))
             .order_by(InboxItem.id).limit(1))
    if chat_id is not None:
        query = query.where(InboxItem.chat_id == chat_id)
    if _on_postgresql(session):
        query = query.with_for_update(skip_locked=True, of=InboxItem)
    return session.scalar(query)


def mark_done(item: InboxItem, *, now: datetime) -> None:
    """Handled: in the same transaction as everything the turn did."""
    item.status = "done"
    item.done_at = now
    item.attempts += 1


def mark_failed(item: InboxItem, *, now: datetime, error: str) -> bool:
    """A try failed (its effects rolled back): retry later, or park it; True when parked."""
    item.attempts += 1
    item.error = error[:300]
    if item.attempts >= MAX_TRIES:
        item.status = "parked"
        item.done_at = now
        return True
    item.next_attempt_at = now + RETRY_AFTER[min(item.attempts, len(RETRY_AFTER)) - 1]
    return False
