"""A released savepoint's RELEASE sent with the next SAVEPOINT, in one round trip
(PostgreSQL engines only).

A receiver's batch runs every turn in a savepoint of its own (`Conversation.handle_batch`):
SAVEPOINT, the turn's statements, RELEASE SAVEPOINT, SAVEPOINT for the next turn, ... Two of
the ~7 round trips of a batched turn were those two commands, each a wait for the server. A
RELEASE changes nothing a later statement sees (it only merges the savepoint into the one
around it), so it may wait: it is kept and sent as `RELEASE SAVEPOINT a; SAVEPOINT b` with the
next SAVEPOINT (one simple query, never prepared), and dropped when the transaction ends
(COMMIT and ROLLBACK end every savepoint) or when an outer savepoint is rolled back to (which
ends the inner ones). Only the latest RELEASE waits: any new savepoint sends it first, so a
RELEASE asked after it is of a savepoint around it, which ends it as well. Statements run
meanwhile run inside the still open savepoint; nobody rolls back to it any more, so that
is the same as running in the one around it. SQLAlchemy's savepoint events fire as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect

_PENDING = "_linli_release"  # on the psycopg connection: the savepoint whose RELEASE waits


def defer_releases(dialect: Dialect) -> None:
    """Have this (PostgreSQL) engine's dialect send each RELEASE SAVEPOINT with the next
    SAVEPOINT."""
    savepoint, rollback_to = dialect.do_savepoint, dialect.do_rollback_to_savepoint
    commit, rollback = dialect.do_commit, dialect.do_rollback
    quote = cast(Callable[[_Named], str], dialect.identifier_preparer.format_savepoint)

    def do_release_savepoint(connection: Connection, name: str) -> None:
        setattr(_raw(connection), _PENDING, name)

    def do_savepoint(connection: Connection, name: str) -> None:
        waiting = _take(_raw(connection))
        if waiting is None:
            savepoint(connection, name)
        else:
            connection.exec_driver_sql(
                f"RELEASE SAVEPOINT {quote(_Named(waiting))}; SAVEPOINT {quote(_Named(name))}")

    def do_rollback_to_savepoint(connection: Connection, name: str) -> None:
        _take(_raw(connection))  # inside the one rolled back to: ended by it
        rollback_to(connection, name)

    def do_commit(dbapi_connection: Any) -> None:
        _take(dbapi_connection)
        commit(dbapi_connection)

    def do_rollback(dbapi_connection: Any) -> None:
        _take(dbapi_connection)
        rollback(dbapi_connection)

    dialect.do_release_savepoint = do_release_savepoint  # type: ignore[method-assign]
    dialect.do_savepoint = do_savepoint  # type: ignore[method-assign]
    dialect.do_rollback_to_savepoint = do_rollback_to_savepoint  # type: ignore[method-assign]
    dialect.do_commit = do_commit  # type: ignore[method-assign]
    dialect.do_rollback = do_rollback  # type: ignore[method-assign]


class _Named:
    """What format_savepoint reads: a savepoint's name (it quotes it when it must)."""

    def __init__(self, name: str) -> None:
        self.ident = name


def _raw(connection: Connection) -> Any:
    return connection.connection.dbapi_connection


def _take(dbapi_connection: Any) -> str | None:
    """The savepoint whose RELEASE waits on this connection (now forgotten), if any."""
    raw = getattr(dbapi_connection, "dbapi_connection", dbapi_connection)  # a pool's proxy
    waiting: str | None = getattr(raw, _PENDING, None)
    if waiting is not None:
        setattr(raw, _PENDING, None)
    return waiting
