"""psycopg's cursor with a description built only when read, and prepared statements kept
over rollbacks (PostgreSQL engines only).

SQLAlchemy reads `cursor.description` after every statement, and psycopg builds it anew each
time: a Column object per result column, each decoding the column's name and looking up its
type (50 for the turn's first query: the person with their dialogue, community and address).
A statement compiled before (nearly all of them) keeps its result metadata in SQLAlchemy's
compiled cache, so the hot path only asks whether there is a description and how long it is.
Measured on the scale benchmark's mix (bench/scale.py): about 4% of the client's CPU.

psycopg prepares a statement on the server after its fifth run (prepare_threshold) and, to be
safe, forgets every one at any ROLLBACK, ROLLBACK TO SAVEPOINT included, then sends DEALLOCATE
ALL: after a refused turn or a booking's savepoint every hot statement ran unprepared again
(parsed and planned by the server) five times, then paid a round trip of its own to be
prepared again, about a quarter of all statements on the scale mix. A statement prepared on the
wire protocol outlives the transaction it was made in (PostgreSQL keeps it for the session,
rollback or not; one whose preparing failed was never recorded), and turns run no DDL, so
`KeptPrepared` keeps them over rollbacks; DROP, ALTER, DISCARD ALL and DEALLOCATE ALL still
clear them, as in psycopg.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any, overload

from psycopg import Column, Connection, Cursor
from psycopg._preparing import Prepare, PrepareManager
from psycopg.pq import ExecStatus

_ROWS = (ExecStatus.TUPLES_OK, ExecStatus.SINGLE_TUPLE, ExecStatus.TUPLES_CHUNK)


class _Result:
    """What Column reads of its cursor, as it was when the description was asked for."""

    __slots__ = ("_encoding", "adapters", "pgresult")

    def __init__(self, cursor: Cursor[Any]) -> None:
        self.pgresult = cursor.pgresult
        self._encoding = cursor._encoding
        self.adapters = cursor.adapters


class Description(Sequence[Column]):
    """cursor.description, its Column objects made on first use."""

    __slots__ = ("_columns", "_length", "_result")

    def __init__(self, cursor: Cursor[Any], length: int) -> None:
        self._result = _Result(cursor)
        self._length = length
        self._columns: list[Column] | None = None

    def _made(self) -> list[Column]:
        if self._columns is None:
            self._columns = [Column(self._result, i)  # type: ignore[arg-type]
                             for i in range(self._length)]
        return self._columns

    def __len__(self) -> int:
        return self._length

    def __bool__(self) -> bool:
        return self._length > 0

    @overload
    def __getitem__(self, index: int) -> Column: ...

    @overload
    def __getitem__(self, index: slice) -> list[Column]: ...

    def __getitem__(self, index: int | slice) -> Column | list[Column]:
        return self._made()[index]

    def __iter__(self) -> Iterator[Column]:
        return iter(self._made())

    def __eq__(self, other: object) -> bool:
        return self._made() == (list(other) if isinstance(other, Description) else other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self._made())


class LazyDescriptionCursor(Cursor[Any]):
    """A psycopg cursor whose description is made when read."""

    @property
    def description(self) -> Description | None:  # type: ignore[override]
        res = self.pgresult
        if res and (res.nfields or res.status in _ROWS):
            return Description(self, res.nfields)
        return None


_STATE_CHANGING = re.compile(rb"^(?:DROP|ALTER|DISCARD ALL|DISCARD PLANS|DEALLOCATE ALL)\b").match


class KeptPrepared(PrepareManager):
    """psycopg's prepared statements bookkeeping, kept over ROLLBACK (see the module)."""

    def _should_discard(self, prep: Any, results: Any,
                        __should_clear: Any = _STATE_CHANGING) -> bool:
        if self._names or prep == Prepare.SHOULD:
            for result in results:
                status = result.command_status
                if result.status == ExecStatus.COMMAND_OK and status and __should_clear(status):
                    return self.discard()
        return False

    def get(self, query: Any, prepare: bool | None = None) -> tuple[Prepare, bytes]:
        """As psycopg, but never a query of several commands (the server refuses to prepare
        one: `RELEASE SAVEPOINT a; SAVEPOINT b`, actions/db/pg_savepoints.py)."""
        if prepare is None and b";" in query.query:
            return Prepare.NO, b""
        return super().get(query, prepare)

    def clear(self) -> bool:
        """What psycopg calls at every rollback: nothing to forget (the server keeps them)."""
        return False

    def discard(self) -> bool:
        """Forget every statement and have the server's deallocated (psycopg's clear)."""
        return PrepareManager.clear(self)


def keep_prepared_over_rollbacks(dbapi_conn: Connection[Any], _record: Any) -> None:
    """A new connection's prepared statements are kept over rollbacks (a `connect` event)."""
    old = dbapi_conn._prepared
    kept = KeptPrepared()
    kept.prepare_threshold, kept.prepared_max = old.prepare_threshold, old.prepared_max
    dbapi_conn._prepared = kept
