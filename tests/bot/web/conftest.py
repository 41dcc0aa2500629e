"""Fixtures of the staff console tests: the app on the test's Linli, and logged-in clients."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from bot.console import ConsoleChat
from bot.web.app import create_app
from bot.wiring import Linli
from tests.bot.web.webhelpers import log_in

JPEG = b"\xff\xd8\xff\xe0 a photo"


@pytest.fixture
def web(linli: Linli) -> Iterator[TestClient]:
    """An ASGI test client on the test's Linli (same database and clock)."""
    with TestClient(create_app(linli, photos=lambda _file_id: JPEG)) as client:
        yield client


@pytest.fixture
def staff_client(linli: Linli, console: ConsoleChat) -> Iterator[Callable[[str], TestClient]]:
    """A factory of logged-in clients: staff_client("刘芳")."""
    clients: list[TestClient] = []

    def make(who: str) -> TestClient:
        client = TestClient(create_app(linli, photos=lambda _file_id: JPEG))
        log_in(client, linli, console, who)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
