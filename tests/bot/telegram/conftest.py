"""Fixtures of the Telegram adapter's tests: the Bot API peer, a Linli pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from actions.core.clock import ManualClock
from actions.core.settings import Settings, load_settings
from bot.wiring import Linli, build
from nlu import NluModel
from tests.bot.telegram.peer import new_token, running_peer

DATA = Path(__file__).resolve().parents[3] / "data"


@pytest.fixture(scope="module")
def peer() -> Iterator[str]:
    """The local Bot API peer, one per test module; its base URL."""
    with running_peer() as base:
        yield base


@pytest.fixture
def tg_settings(db_url: str, tmp_path: Path, peer: str) -> Settings:
    """Settings of a bot on the peer, with its own token and database."""
    return load_settings(database_url=db_url, data_dir=str(DATA),
                         model_dir=str(tmp_path / "model"), telegram_bot_token=new_token(),
                         telegram_api_url=peer, _env_file=None)


@pytest.fixture
def tg_linli(tg_settings: Settings, clock: ManualClock, nlu_model: NluModel) -> Iterator[Linli]:
    """A wired Linli (demo community loaded) for the bot on the peer."""
    linli = build(tg_settings, clock=clock, parser=nlu_model, migrate=False)
    yield linli
    linli.engine.dispose()


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for playing people through the peer."""
    async with httpx.AsyncClient(timeout=5.0) as client:
        yield client
