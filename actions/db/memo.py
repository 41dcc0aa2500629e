"""What a transaction has read once and may read again, kept in its session.

A turn asks some questions several times (who is speaking: the safety layer and again a
capability; the canteen's closed days: every step of the booking form). `remembered` answers
the second time from the session, until the transaction ends (commit or rollback) or the session
writes one of the tables the answer came from (a flush, or an UPDATE / INSERT / DELETE run
through the session). Writes made on another connection are not seen, as they would not be
within one transaction's snapshot either.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

T = TypeVar("T")
_MEMO = "linli_memo"  # key -> (tables the answer came from, or None for "any write", answer)
_MISSING = object()


def remembered(session: Session, key: Hashable, tables: frozenset[str] | None,
               compute: Callable[[], T]) -> T:
    """The answer kept under key, else compute()'s, kept until the transaction ends or the
    session writes one of tables (None: any table)."""
    value = known(session, key, _MISSING)
    if value is _MISSING:
        value = compute()
        keep(session, key, tables, value)
    return value  # type: ignore[no-any-return]


def keep(session: Session, key: Hashable, tables: frozenset[str] | None, value: Any) -> None:
    """Keep an answer learned on the way (another query's column) as if remembered() had
    computed it: forgotten the same way."""
    session.info.setdefault(_MEMO, {})[key] = (tables, value)


def known(session: Session, key: Hashable, default: Any = None) -> Any:
    """The answer kept under key (unflushed writes to its tables forget it first), else
    default; never computes."""
    memo = session.info.get(_MEMO)
    if not memo:
        return default
    if session.new or session.deleted or session.dirty:
        forget(session, _tables_of(session.new, session.dirty, session.deleted))
    kept = memo.get(key)
    return default if kept is None else kept[1]


def forget(session: Session, tables: Iterable[str] | None = None) -> None:
    """Forget answers that came from tables (None: every answer)."""
    memo = session.info.get(_MEMO)
    if not memo:
        return
    if tables is None:
        session.info.pop(_MEMO, None)
        return
    written = set(tables)
    if not written:
        return
    for key in [k for k, (used, _) in memo.items() if used is None or used & written]:
        del memo[key]


def _tables_of(*groups: Iterable[Any]) -> set[str]:
    names: set[str] = set()
    for group in groups:
        for obj in group:
            table = getattr(type(obj), "__table__", None)
            names.add(getattr(table, "name", "") or "?")
    return names


@event.listens_for(Session, "before_flush")
def _forget_before_flush(session: Session, _flush: UOWTransaction, _instances: Any) -> None:
    if session.info.get(_MEMO):
        forget(session, _tables_of(session.new, session.dirty, session.deleted))


@event.listens_for(Session, "do_orm_execute")
def _forget_after_write(state: ORMExecuteState) -> None:
    if not state.is_select and state.session.info.get(_MEMO):
        table = getattr(state.statement, "table", None)
        name = getattr(table, "name", None)
        forget(state.session, None if name is None else {name})


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _forget_at_end(session: Session, *_: Any) -> None:
    session.info.pop(_MEMO, None)
