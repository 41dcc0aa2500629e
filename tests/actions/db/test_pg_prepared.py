"""PostgreSQL engines keep psycopg's prepared statements over rollbacks (actions/db/pg.py):
what the client believes prepared must stay prepared on the server, a savepoint's or a whole
transaction's rollback or not, and a statement that changes the server's state still clears
both sides."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Connection, text

from actions.db.base import make_engine

QUERY = text("SELECT CAST(:n AS INTEGER) + 1")


def _prepared(conn: Connection) -> tuple[set[bytes], set[str]]:
    """(names the client believes prepared, names the server has)."""
    driver: Any = conn.connection.driver_connection
    client = set(driver._prepared._names.values())
    server = set(conn.scalars(text("SELECT name FROM pg_prepared_statements")))
    return client, server


def test_prepared_statements_outlive_rollbacks(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL engines only (LINLI_TEST_DATABASE_URL)")
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            assert [conn.scalar(QUERY, {"n": n}) for n in range(7)] == list(range(1, 8))
            client, server = _prepared(conn)
            assert client and {c.decode() for c in client} <= server
            savepoint = conn.begin_nested()
            conn.execute(QUERY, {"n": 1})
            savepoint.rollback()
            conn.rollback()
            assert conn.scalar(QUERY, {"n": 41}) == 42  # runs prepared, after both rollbacks
            after, server = _prepared(conn)
            assert after == client and {c.decode() for c in after} <= server
            conn.rollback()
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("DISCARD ALL"))
            assert _prepared(conn) == (set(), set())
            assert conn.scalar(QUERY, {"n": 1}) == 2
    finally:
        engine.dispose()
