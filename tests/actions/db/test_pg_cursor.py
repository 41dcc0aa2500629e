"""PostgreSQL engines use a cursor whose description is made only when read
(actions/db/pg.py): it must read exactly like psycopg's own, since it leans on psycopg's
Column and the pinned version's cursor internals."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import text

from actions.db.base import make_engine

QUERY = "SELECT 1 AS a, 'x'::text AS b, now() AS c, NULL::numeric AS d WHERE true"


def test_the_lazy_description_reads_as_psycopgs(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL engines only (LINLI_TEST_DATABASE_URL)")
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            row = conn.execute(text(QUERY)).one()
            assert list(row._mapping) == ["a", "b", "c", "d"] and row.a == 1 and row.b == "x"
            lazy = conn.connection.driver_connection.cursor()
            assert type(lazy).__name__ == "LazyDescriptionCursor"
            lazy.execute(QUERY)
            ours = [(c.name, c.type_code, c.display_size) for c in lazy.description]
            assert len(lazy.description) == 4 and lazy.description[1].name == "b"
            lazy.execute("SET application_name = 'linli-test'")  # no rows: no description
            assert lazy.description is None
        with psycopg.connect(db_url.split("?")[0]) as plain, plain.cursor() as cursor:
            cursor.execute(QUERY)
            theirs = [(c.name, c.type_code, c.display_size) for c in cursor.description or ()]
        assert ours == theirs
    finally:
        engine.dispose()
