"""Numbers that neither count nor collide: one counter row per sequence, taken by one UPDATE.

Two processes (or two threads) numbering at the same instant each get their own number: the
UPDATE ... RETURNING locks the counter row until the transaction ends. A sequence seen for the
first time starts after what already exists (numbers given before counters existed).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from actions.db.conversation import Counter


def take_number(session: Session, *, key: str, existing: Callable[[], int]) -> int:
    """The next number of a sequence (1, 2, ...); `existing` counts numbers given before."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    if session.get(Counter, key) is None:
        session.execute(dialect.insert(Counter).values(key=key, value=existing())
                        .on_conflict_do_nothing(index_elements=["key"]))
    taken = session.execute(update(Counter).where(Counter.key == key)
                            .values(value=Counter.value + 1).returning(Counter.value))
    return int(taken.scalar_one())
