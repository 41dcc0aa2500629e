"""Declarative base, a UTC datetime column type, and engine / session construction."""

from __future__ import annotations

import logging
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import partial
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    Connection,
    DateTime,
    Engine,
    MetaData,
    create_engine,
    event,
    func,
    select,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DisconnectionError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC, returns aware datetimes on every backend (SQLite keeps no zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Base of every model."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[Any]: JSON}


class _NoRows(logging.Filter):
    """SQLAlchemy logs each fetched row at DEBUG: residents' names and phones. Statements stay
    (their parameters are hidden by hide_parameters); rows and their column names go."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(("Row ", "Col "))


_NO_ROWS = _NoRows()


def make_engine(url: str, *, sqlite_synchronous: str = "full") -> Engine:
    """An engine for SQLite (WAL, foreign keys on, `sqlite_synchronous`: full or normal, see
    Settings) or PostgreSQL (psycopg 3).

    Errors never carry the statement's parameters: they are residents' names and phones, and
    tracebacks go to the log.
    """
    logging.getLogger("sqlalchemy.engine.Engine").addFilter(_NO_ROWS)  # once: a set
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, hide_parameters=True)
        if sqlite_synchronous not in ("full", "normal"):
            raise ValueError(f"sqlite_synchronous is full or normal, not {sqlite_synchronous!r}")
        event.listen(engine, "connect", partial(_sqlite_pragmas, synchronous=sqlite_synchronous))
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    from actions.db.pg import (  # psycopg: only for PostgreSQL
        LazyDescriptionCursor,
        keep_prepared_over_rollbacks,
    )
    from actions.db.pg_savepoints import defer_releases

    engine = create_engine(url, hide_parameters=True,
                           connect_args={"cursor_factory": LazyDescriptionCursor})
    event.listen(engine, "connect", keep_prepared_over_rollbacks)
    defer_releases(engine.dialect)
    event.listen(engine, "checkin", _idle_from)
    event.listen(engine, "checkout", partial(_ping_if_idle, engine.dialect))
    return engine


PING_AFTER = 5.0  # seconds a pooled connection may sit idle before it is checked on checkout


def _idle_from(_dbapi_conn: Any, record: Any) -> None:
    record.info["idle_since"] = time.monotonic()


def _ping_if_idle(dialect: Dialect, dbapi_conn: Any, record: Any, _proxy: Any) -> None:
    # pool_pre_ping's round trip on every checkout (three a message) only after a quiet while:
    # a busy connection that went stale (the server restarted) fails its statement, SQLAlchemy
    # throws the pool away, and the work is retried like any other failure
    since = record.info.get("idle_since")
    if since is None or time.monotonic() - since < PING_AFTER:
        return
    try:
        dialect.do_ping(dbapi_conn)
    except Exception as exc:
        raise DisconnectionError("the database closed an idle connection") from exc


def _sqlite_pragmas(dbapi_conn: Any, record: Any, *, synchronous: str) -> None:
    # the pysqlite driver's own transaction handling begins late and lets a SAVEPOINT's work
    # commit on its own; SQLAlchemy opens each transaction itself instead (_sqlite_begin)
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute(f"PRAGMA synchronous={synchronous.upper()}")  # one of two words (make_engine)
    cur.close()
    record.info["synchronous"] = record.info["synchronous_now"] = synchronous.upper()


def _sqlite_begin(conn: Any) -> None:
    # the level is per connection and cannot change inside a transaction: a relaxed one
    # (relaxed_scope) lowers it for itself, the next transaction on the connection raises it
    info = conn.info
    wanted = "NORMAL" if conn.get_execution_options().get(RELAXED) else info["synchronous"]
    if info["synchronous_now"] != wanted:
        conn.exec_driver_sql(f"PRAGMA synchronous={wanted}")
        info["synchronous_now"] = wanted
    # IMMEDIATE takes the write lock at the start: two writers wait for each other (busy
    # timeout) instead of failing with "database is locked" when a reader turns writer; a
    # read_scope writes nothing, and under WAL reads beside a writer instead of waiting
    read_only = conn.get_execution_options().get(READ_ONLY)
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def advisory_key(name: str) -> int:
    """The PostgreSQL advisory lock key of a named piece of work (one per name, any process)."""
    return zlib.crc32(f"linli:{name}".encode())


def schema_lock_key(name: str) -> ColumnElement[int]:
    """The advisory lock key of a piece of work that another process skips while it is held:
    advisory locks are database-wide, so the schema is part of the key, or a community (or a
    test run) in another schema of the same database would skip this one's jobs."""
    return func.hashtextextended(func.concat(func.current_schema(), f":linli:{name}"), 0)


class ProcessLock:
    """Work only one process may do at a time (e.g. sending the outbox): on PostgreSQL a
    session advisory lock on its own connection, released at `release()` or when the process
    dies (its connection closes); SQLite serves one process, so it is always granted."""

    def __init__(self, engine: Engine, name: str) -> None:
        self.engine = engine
        self.key = schema_lock_key(name)
        self._conn: Connection | None = None

    def acquire(self) -> bool:
        """Take the lock if it is free; True when this process holds it now."""
        if self.engine.dialect.name != "postgresql":
            return True
        conn = self.engine.connect()
        if conn.scalar(select(func.pg_try_advisory_lock(self.key))):
            self._conn = conn
            return True
        conn.close()
        return False

    def release(self) -> None:
        """Give the lock back (a connection the database dropped took the lock with it)."""
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            conn.execute(select(func.pg_advisory_unlock(self.key)))
        except SQLAlchemyError:
            conn.invalidate()  # the server is gone, and the lock with its session
        finally:
            conn.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


RELAXED = "linli_relaxed"
READ_ONLY = "linli_read_only"


@contextmanager
def relaxed_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A unit of work whose commit need not wait for the disk, because losing it in a power
    cut (or a crash of the database server) costs a repeat, never a loss: the sender's records
    (a message not marked sent goes again, as one in flight at a crash does). SQLite:
    synchronous=NORMAL for this transaction; PostgreSQL: synchronous_commit off."""
    with session_scope(factory) as session:
        conn = session.connection(execution_options={RELAXED: True})
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
        yield session


@contextmanager
def read_scope(engine: Engine) -> Iterator[Connection]:
    """A read that writes nothing, on a plain connection (no ORM session): on PostgreSQL
    outside any transaction (autocommit: no BEGIN and COMMIT round trips); on SQLite in a
    deferred transaction (no write lock), rolled back at the end."""
    postgresql = engine.dialect.name == "postgresql"
    with engine.connect() as conn:
        yield conn.execution_options(**({"isolation_level": "AUTOCOMMIT"} if postgresql
                                         else {READ_ONLY: True}))


@contextmanager
def session_scope(factory: Callable[[], Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on error (a session joined to a
    connection's transaction with join_transaction_mode="create_savepoint": its savepoint
    released or rolled back)."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
