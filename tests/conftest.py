"""Shared fixtures: a real database (SQLite file, or PostgreSQL when LINLI_TEST_DATABASE_URL
says so), the real NLU model built once per session from the real data/, a console chat."""

from __future__ import annotations

import io
import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, text

from actions.core.clock import ManualClock
from actions.core.settings import Settings, load_settings
from actions.db.migrate import upgrade
from bot.console import ConsoleChat
from bot.wiring import Linli, build
from nlu import NluModel, train_model
from tests.pgschema import empty_schema

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SHANGHAI = ZoneInfo("Asia/Shanghai")
PG_URL = os.environ.get("LINLI_TEST_DATABASE_URL", "")


def _import_anyio_whole() -> None:
    """anyio imports its parts on first use. pytest rewrites them as they load (anyio is a
    pytest plugin), and CPython 3.11's parser is not safe when that happens in the console's
    server thread beside the main one: CI once failed with "AST constructor recursion depth
    mismatch". So every part loads here, in the main thread."""
    import anyio
    import anyio._backends._asyncio  # noqa: F401
    import anyio.from_thread  # noqa: F401

    for name in dir(anyio):
        getattr(anyio, name)


_import_anyio_whole()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that touches the database is marked `db` (CI runs those on PostgreSQL too)."""
    for item in items:
        if "db_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)


@pytest.fixture(scope="session")
def nlu_model(tmp_path_factory: pytest.TempPathFactory) -> NluModel:
    """The real model, trained once from the real data/."""
    from nlu import load_model

    model_dir = tmp_path_factory.mktemp("nlu-model")
    train_model(DATA, model_dir)
    return load_model(model_dir)


@pytest.fixture(scope="session")
def _migrated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database: a template SQLite file, or a fresh PostgreSQL schema."""
    if PG_URL:
        schema = f"linli_test_{uuid.uuid4().hex[:8]}"
        admin = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        url = f"{PG_URL}?options=-csearch_path%3D{schema}"
        upgrade(url)
        yield url
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
    else:
        path = tmp_path_factory.mktemp("db") / "template.db"
        upgrade(f"sqlite:///{path}")
        yield str(path)


@pytest.fixture
def db_url(_migrated: str, tmp_path: Path) -> str:
    """An empty, migrated database for one test."""
    if PG_URL:
        empty_schema(_migrated)
        return _migrated
    path = tmp_path / "linli.db"
    shutil.copy(_migrated, path)
    return f"sqlite:///{path}"


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    """Settings for a test: its own database, the real data/, no .env."""
    return load_settings(database_url=db_url, data_dir=str(DATA),
                         model_dir=str(tmp_path / "model"), _env_file=None)


@pytest.fixture
def clock() -> ManualClock:
    """Wednesday 2026-11-18, 09:00 community time."""
    return ManualClock(datetime(2026, 11, 18, 9, 0, tzinfo=SHANGHAI))


@pytest.fixture
def linli(settings: Settings, clock: ManualClock, nlu_model: NluModel) -> Iterator[Linli]:
    """A wired Linli on the test database with the demo community loaded."""
    app = build(settings, clock=clock, parser=nlu_model, migrate=False)
    yield app
    app.engine.dispose()


@pytest.fixture
def console(linli: Linli) -> ConsoleChat:
    """A console chat that prints into a buffer (read it with `console.out.getvalue()`)."""
    return ConsoleChat(linli, out=io.StringIO())
