"""Numbers that neither count nor collide: one counter row per sequence, taken by one UPDATE.

Two processes (or two threads) numbering at the same instant each get their own number: the
UPDATE ... RETURNING locks the counter row. A sequence seen for the first time starts after
what already exists (numbers given before counters existed).

On PostgreSQL the number is taken by one statement in a transaction of its own (autocommit): a
counter row locked until a whole batch's transaction ends made two threads (or processes)
deadlock, one holding the counter and waiting for a row the other had written (a dialogue
state), each stall a second (deadlock_timeout). The price: a turn rolled back after taking a
number leaves a gap. Its commit waits for no flush: the turn's own commit, later in the same
write-ahead log, flushes it (a crash before that loses only an unused number).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from actions.db.conversation import Counter


def take_number(session: Session, *, key: str, existing: Callable[[], int]) -> int:
    """The next number of a sequence (1, 2, ...); `existing` counts numbers given before."""
    if session.get_bind().dialect.name != "postgresql":
        first = existing if session.get(Counter, key) is None else None
        return _take(session.connection(), key=key, first=first)
    with session.get_bind().engine.connect() as own:  # one statement, its own transaction
        own = own.execution_options(isolation_level="AUTOCOMMIT")
        number = own.execute(_TAKE_PG, {"key": key}).scalar()
        if number is None:  # a sequence seen for the first time
            own.execute(postgresql.insert(Counter).values(
                key=key, value=existing()).on_conflict_do_nothing(index_elements=["key"]))
            number = own.execute(_TAKE_PG, {"key": key}).scalar_one()
    return int(number)


def _take(conn: Connection, *, key: str, first: Callable[[], int] | None) -> int:
    """SQLite: the number in the turn's own transaction (one writer at a time there)."""
    if first is not None:
        conn.execute(sqlite.insert(Counter).values(
            key=key, value=first()).on_conflict_do_nothing(index_elements=["key"]))
    taken = conn.execute(update(Counter).where(Counter.key == key)
                         .values(value=Counter.value + 1).returning(Counter.value))
    return int(taken.scalar_one())


# set_config(..., true) lasts to the end of the statement's own (implicit) transaction, whose
# commit reads it: no BEGIN, SET LOCAL and COMMIT round trips
_TAKE_PG = text(
    "WITH relaxed AS MATERIALIZED (SELECT set_config('synchronous_commit', 'off', true)) "
    "UPDATE counters SET value = counters.value + 1 FROM relaxed "
    "WHERE counters.key = :key RETURNING counters.value")
