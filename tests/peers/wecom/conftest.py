"""Fixtures for tests that talk to the WeCom peer: the running peer and its control client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.peers.wecom.client import WeComPeerClient
from tests.peers.wecom.peer import WeComPeer, running_peer


@pytest.fixture(scope="module")
def wecom_peer() -> Iterator[WeComPeer]:
    """One peer per test module, on 127.0.0.1 and a free port."""
    with running_peer() as peer:
        yield peer


@pytest.fixture
def wecom(wecom_peer: WeComPeer) -> Iterator[WeComPeerClient]:
    """The control client of a freshly reset peer."""
    client = WeComPeerClient(wecom_peer.base_url)
    client.reset(config=True)
    yield client
    client.close()
