"""Fixtures of the peer's own tests."""

from __future__ import annotations

import pytest

from tests.peers.botapi.fixtures import botapi_peer, botapi_url

__all__ = ["botapi_peer", "botapi_url"]


@pytest.fixture(autouse=True)
def _ptb_time_periods(monkeypatch: pytest.MonkeyPatch) -> None:
    """PTB's future time periods (reading RetryAfter.retry_after warns otherwise)."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
