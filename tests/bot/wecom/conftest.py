"""Fixtures of the WeCom channel's tests: the WeCom peer, a Linli whose WeCom channel talks to
it over HTTP on 127.0.0.1, and people of the demo community linked to WeCom accounts."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from actions.core.clock import ManualClock
from actions.core.settings import Settings
from actions.db import session_scope
from actions.db.community import Resident
from actions.db.endpoints import link_account
from bot.wecom.app import WeComChannel, build_wecom, start_wecom
from bot.wecom.settings import WeComSettings, load_wecom_settings
from bot.wiring import Linli, build
from nlu import NluModel
from tests.peers.wecom.client import WeComPeerClient
from tests.peers.wecom.conftest import wecom, wecom_peer  # noqa: F401 (fixtures)
from tests.peers.wecom.peer import WeComPeer

DATA = Path(__file__).resolve().parents[3] / "data"


def wecom_settings_for(peer: WeComPeer, client: WeComPeerClient, **extra: Any) -> WeComSettings:
    """Settings of a channel on the peer (its corp, app, 微信客服 account and robot)."""
    cfg = client.config()
    return load_wecom_settings(
        corp_id=cfg["corp_id"], agent_id=cfg["agent_id"], secret=cfg["secret"],
        token=cfg["token"], aes_key=cfg["encoding_aes_key"], kf_open_kfid=cfg["open_kfid"],
        robots=f"居民群={cfg['robot_key']}", api_url=peer.base_url, listen="127.0.0.1:0",
        timeout=5.0, _env_file=None, **extra)


@dataclass
class RunningWeCom:
    """A Linli serving WeCom on the test's event loop, and the peer's control client."""

    linli: Linli
    channel: WeComChannel
    peer: WeComPeerClient

    def link(self, handle: str, userid: str) -> int:
        """Make a demo person a WeCom member reached by app messages; their chat id."""
        self.peer.add_member(userid, handle)
        with session_scope(self.linli.sessions) as session:
            person = session.scalar(select(Resident).where(Resident.name == handle))
            assert person is not None, handle
            return link_account(session, person=person, channel="wecom_app", address=userid,
                                now=self.linli.clock.now(), primary=True).chat_id

    async def eventually(self, check: Callable[[], Any], timeout: float = 15.0) -> Any:
        """Wait (without blocking the bot) until check() gives something truthy."""
        deadline = time.monotonic() + timeout
        while True:
            found = await asyncio.to_thread(check)
            if found:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"not within {timeout}s: {check}")
            await asyncio.sleep(0.05)

    def member_texts(self, userid: str) -> list[str]:
        """The text of every app message a member got."""
        return [m["body"].get("content", "") for m in self.peer.sent_to_member(userid)
                if m["msgtype"] == "text"]

    def customer_texts(self, external: str) -> list[str]:
        """The text of every 微信客服 reply a customer got."""
        return [m["body"].get("content", "") for m in self.peer.sent_to_customer(external)
                if m["msgtype"] == "text"]


@pytest.fixture
def wecom_linli(settings: Settings, clock: ManualClock, nlu_model: NluModel
                ) -> Iterator[Linli]:
    """A wired Linli with the demo community loaded."""
    linli = build(settings, clock=clock, parser=nlu_model, migrate=False)
    yield linli
    linli.engine.dispose()


@pytest.fixture
async def running(wecom_linli: Linli, wecom_peer: WeComPeer,  # noqa: F811
                  wecom: WeComPeerClient) -> AsyncIterator[RunningWeCom]:  # noqa: F811
    """The WeCom channel serving on a free port, the peer calling it back (fast retries)."""
    channel = build_wecom(wecom_linli, wecom_settings_for(wecom_peer, wecom))
    await start_wecom(wecom_linli, channel, run_jobs=False)
    wecom.set_app(callback_url=f"http://127.0.0.1:{channel.port}/wecom/callback",
                  callback_timeout=5.0)
    yield RunningWeCom(wecom_linli, channel, wecom)
    await channel.close()
