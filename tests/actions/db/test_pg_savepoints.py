"""PostgreSQL engines send a savepoint's RELEASE with the next SAVEPOINT, one round trip
(actions/db/pg_savepoints.py): what a transaction keeps or undoes is as if each RELEASE had
been sent at once, whether the transaction then commits, rolls back, or rolls back to an outer
savepoint, a failed statement included; and many savepoints in a row (a batch's turns) stay
prepared-statement safe."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.exc import DBAPIError

from actions.db.base import make_engine


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL engines only (LINLI_TEST_DATABASE_URL)")
    made = make_engine(db_url)
    with made.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS sp_probe"))
        conn.execute(text("CREATE TABLE sp_probe (n INTEGER PRIMARY KEY)"))
    yield made
    with made.begin() as conn:
        conn.execute(text("DROP TABLE sp_probe"))
    made.dispose()


def _sent(engine: Engine) -> list[str]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    return seen


def _rows(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return list(conn.scalars(text("SELECT n FROM sp_probe ORDER BY n")))


def test_a_release_goes_with_the_next_savepoint_and_keeps_what_it_kept(
        engine: Engine) -> None:
    sent = _sent(engine)
    with engine.begin() as conn:
        for n in range(12):  # a batch's turns: more than psycopg's prepare threshold
            with conn.begin_nested():
                conn.execute(text("INSERT INTO sp_probe VALUES (:n)"), {"n": n})
    assert _rows(engine) == list(range(12))
    savepoints = [s for s in sent if "SAVEPOINT" in s]
    assert len(savepoints) == 12  # the first alone, then each with the RELEASE before it
    assert all(s.startswith("RELEASE SAVEPOINT") and "; SAVEPOINT" in s for s in savepoints[1:])
    assert not any(s.startswith("RELEASE") and ";" not in s for s in sent)


def test_rolled_back_to_an_outer_savepoint_after_a_waiting_release(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO sp_probe VALUES (1)"))
        outer = conn.begin_nested()
        with conn.begin_nested():
            conn.execute(text("INSERT INTO sp_probe VALUES (2)"))
        conn.execute(text("INSERT INTO sp_probe VALUES (3)"))  # inside the waiting one
        outer.rollback()  # undoes 2 and 3
        with conn.begin_nested():  # no RELEASE of what the rollback ended
            conn.execute(text("INSERT INTO sp_probe VALUES (4)"))
    assert _rows(engine) == [1, 4]


def test_a_failed_statement_after_a_waiting_release_is_rolled_back_alone(
        engine: Engine) -> None:
    with engine.begin() as conn:
        with conn.begin_nested():
            conn.execute(text("INSERT INTO sp_probe VALUES (1)"))
        with pytest.raises(DBAPIError), conn.begin_nested():
            conn.execute(text("INSERT INTO sp_probe VALUES (1)"))  # a duplicate
        with conn.begin_nested():
            conn.execute(text("INSERT INTO sp_probe VALUES (2)"))
    with engine.connect() as conn:
        conn.begin_nested().commit()  # released, waiting: the rollback at return drops it
    assert _rows(engine) == [1, 2]
    with engine.begin() as conn, conn.begin_nested():  # the pooled connection starts clean
        conn.execute(text("INSERT INTO sp_probe VALUES (3)"))
    assert _rows(engine) == [1, 2, 3]
