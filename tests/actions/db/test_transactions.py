"""Transactions mean the same on SQLite as on PostgreSQL: a savepoint's work is part of its
transaction (the pysqlite driver's own handling let a released savepoint commit on its own)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from actions.db import make_engine, make_session_factory
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
