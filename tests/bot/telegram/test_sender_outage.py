"""The sender when the database goes away in the middle of a delivery run (found by the chaos
benchmark, bench/chaos.py: a PostgreSQL outage during a broadcast repeated 48 messages).

Every send is recorded as soon as it is answered; once recording fails, whatever else the run
sends cannot be recorded either and goes again when the database is back. So the run must stop
sending at the first failed record, in every chat, not only in the chat whose record failed.
The database's failure is made at its edge (the driver's statement raises); the Bot API is the
local peer (tests/peers/botapi), which counts every send.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.exc import OperationalError
from telegram import Bot

from actions.core.clock import ManualClock
from actions.core.outbox import queue_message
from actions.core.settings import load_settings
from actions.db import session_scope
from bot.telegram.limiter import Rates
from bot.telegram.sender import Sender
from bot.wiring import Linli, build
from nlu import NluModel
from tests.peers.botapi.client import PeerClient
from tests.peers.botapi.fixtures import botapi_peer, botapi_url

__all__ = ["botapi_peer", "botapi_url"]

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]

TOKEN = "770002:sender-outage"
SPACED = Rates(per_second=2.0)
DATA = Path(__file__).resolve().parents[3] / "data"


class Outage:
    """The database stops answering after `after` outbox updates (every statement fails)."""

    def __init__(self, engine: Engine, *, after: int) -> None:
        self.engine, self.left, self.down = engine, after, False
        event.listen(engine, "before_cursor_execute", self._statement)

    def _statement(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if self.down:
            raise OperationalError(statement, None,
                                   Exception("the database system is shutting down"))
        if "UPDATE outbox" in statement:  # on PostgreSQL the sender's record is a WITH ... UPDATE
            self.left -= 1
            self.down = self.left < 0

    def end(self) -> None:
        """The database is back."""
        event.remove(self.engine, "before_cursor_execute", self._statement)


@pytest.fixture
def outage_linli(db_url: str, tmp_path: Path, botapi_url: str, clock: ManualClock,
                 nlu_model: NluModel) -> Iterator[Linli]:
    settings = load_settings(database_url=db_url, data_dir=str(DATA),
                             model_dir=str(tmp_path / "model"), telegram_bot_token=TOKEN,
                             telegram_api_url=botapi_url, _env_file=None)
    linli = build(settings, clock=clock, parser=nlu_model, migrate=False)
    yield linli
    linli.engine.dispose()


@pytest.fixture
async def bot(botapi_peer: PeerClient, botapi_url: str) -> AsyncIterator[Bot]:
    await botapi_peer.add_bot(TOKEN)
    client = Bot(TOKEN, base_url=f"{botapi_url}/bot")
    await client.initialize()
    yield client
    await client.shutdown()


async def test_an_outage_during_delivery_stops_the_sending_in_every_chat(
        bot: Bot, botapi_peer: PeerClient, outage_linli: Linli) -> None:
    chats = [int((await botapi_peer.add_user(f"居民{n}"))["id"]) for n in range(20)]
    with session_scope(outage_linli.sessions) as session:
        for chat_id in chats:
            queue_message(session, chat_id=chat_id, text=f"【停水通知】明天停水 #{chat_id}",
                          now=outage_linli.clock.now())
    outage = Outage(outage_linli.engine, after=1)
    # sends half a second apart: a slow machine's commit (CI measured 200 ms) must not decide
    # how many go out before the failed record is known
    with pytest.raises(OperationalError):
        await Sender(bot, outage_linli, rates=SPACED).deliver()
    # the one recorded, the one whose record failed, at most one more already in flight
    assert (await botapi_peer.stats(TOKEN))["sends"] <= 3

    outage.end()
    delivered = await Sender(bot, outage_linli).deliver()
    stats = await botapi_peer.stats(TOKEN)
    assert sorted(int(chat) for chat in stats["sends_per_chat"]) == sorted(chats)
    assert stats["repeated_sends"] <= 2 and delivered.sent >= 17
