"""pytest fixtures of the Bot API peer; a suite's conftest imports the ones it uses.

    from tests.peers.botapi.fixtures import botapi_peer, botapi_url  # noqa: F401
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from tests.peers.botapi.client import PeerClient
from tests.peers.botapi.server import running_peer


@pytest.fixture(scope="module")
def botapi_url() -> Iterator[str]:
    """A peer in a background thread, one per test module; its base URL."""
    with running_peer() as url:
        yield url


@pytest.fixture
async def botapi_peer(botapi_url: str) -> AsyncIterator[PeerClient]:
    """A client of the module's peer, reset for this test."""
    async with PeerClient(botapi_url) as peer:
        await peer.reset()
        yield peer
