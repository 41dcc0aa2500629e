"""Transactions mean the same on SQLite as on PostgreSQL: a savepoint's work is part of its
transaction (the pysqlite driver's own handling let a released savepoint commit on its own)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text

from actions.core.pipeline import exclusive
from actions.db import base, make_engine, make_session_factory, session_scope
from actions.db.base import read_scope, relaxed_scope
from actions.db.conversation import JobRun

NOW = datetime(2026, 11, 18, 1, 0, tzinfo=UTC)


def test_work_in_a_released_savepoint_rolls_back_with_its_transaction(db_url: str) -> None:
    engine = make_engine(db_url)
    sessions = make_session_factory(engine)
    try:
        with sessions() as session:
            with session.begin_nested():
                session.add(JobRun(key="savepoint-test", ran_at=NOW))
            session.rollback()
        with sessions() as session:
            assert session.scalar(select(func.count()).select_from(JobRun)) == 0
    finally:
        engine.dispose()


def test_an_idle_connection_the_server_dropped_is_replaced(db_url: str,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """PostgreSQL: a pooled connection idle for a while is checked before use (a server restart
    leaves it dead) and replaced; no round trip for one in steady use."""
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite has no server to drop a connection")
    engine = make_engine(db_url)
    try:
        dropped = engine.connect()
        killer = engine.connect()
        dead = dropped.scalar(select(func.pg_backend_pid()))
        dropped.close()  # back in the pool, next in line
        killer.execute(select(func.pg_terminate_backend(dead)))
        killer.close()
        monkeypatch.setattr(base, "PING_AFTER", 0.0)  # idle "long enough"
        with engine.connect() as conn:
            assert conn.scalar(select(func.pg_backend_pid())) != dead
    finally:
        engine.dispose()


def test_a_relaxed_transaction_commits_like_any_other(db_url: str) -> None:
    """The sender's records need not wait for the disk, but they are committed all the same,
    and the next transaction on the connection waits for the disk again."""
    engine = make_engine(db_url)
    sessions = make_session_factory(engine)
    try:
        with relaxed_scope(sessions) as session:
            session.add(JobRun(key="relaxed-test", ran_at=NOW))
        with session_scope(sessions) as session:
            assert session.scalar(select(func.count()).select_from(JobRun)) == 1
            if engine.dialect.name == "sqlite":
                assert session.scalar(text("PRAGMA synchronous")) == 2  # FULL again
            else:
                assert session.scalar(text("SHOW synchronous_commit")) == "on"
    finally:
        engine.dispose()


def test_a_read_goes_on_beside_a_writer(db_url: str) -> None:
    """The sender's look for due messages does not wait for a turn that is writing."""
    engine = make_engine(db_url)
    sessions = make_session_factory(engine)
    try:
        with session_scope(sessions) as writer:
            writer.add(JobRun(key="writing", ran_at=NOW))
            writer.flush()  # the write lock (SQLite) and the row lock are held from here
            with read_scope(engine) as reader:
                assert reader.scalar(select(func.count()).select_from(JobRun)) == 0
        with read_scope(engine) as reader:
            assert reader.scalar(select(func.count()).select_from(JobRun)) == 1
    finally:
        engine.dispose()


def test_a_job_lock_is_one_per_schema(db_url: str) -> None:
    """Advisory locks are database-wide: a job running in another schema of the same database
    (another community, another test run) must not make this one skip its job."""
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite serves one process: its job lock is always granted")
    here = make_engine(db_url)
    admin = make_engine(db_url.split("?")[0])
    other = f"linli_lock_{uuid.uuid4().hex[:8]}"
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {other}"))
    there = make_engine(f"{db_url.split('?')[0]}?options=-csearch_path%3D{other}")
    try:
        with session_scope(make_session_factory(there)) as elsewhere:
            assert exclusive(elsewhere, "job:checkin-round")
            with session_scope(make_session_factory(here)) as session:
                assert exclusive(session, "job:checkin-round")
            with session_scope(make_session_factory(there)) as same_schema:
                assert not exclusive(same_schema, "job:checkin-round")
    finally:
        there.dispose()
        here.dispose()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {other} CASCADE"))
        admin.dispose()
