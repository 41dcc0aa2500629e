"""psycopg's cursor with a description built only when read (PostgreSQL engines only).

SQLAlchemy reads `cursor.description` after every statement, and psycopg builds it anew each
time: a Column object per result column, each decoding the column's name and looking up its
type (50 for the turn's first query: the person with their dialogue, community and address).
A statement compiled before (nearly all of them) keeps its result metadata in SQLAlchemy's
compiled cache, so the hot path only asks whether there is a description and how long it is.
Measured on the scale benchmark's mix (bench/scale.py): about 4% of the client's CPU.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

from psycopg import Column, Cursor
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
