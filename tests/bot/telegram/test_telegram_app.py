"""How run_telegram reads its settings: the webhook's address, path and secret."""

from __future__ import annotations

import pytest

from actions.core.settings import load_settings
from bot.telegram.app import webhook_options
from bot.telegram.receiver import ALLOWED_UPDATES


def test_webhook_options_come_from_the_settings() -> None:
    settings = load_settings(webhook_url="https://linli.example.org/tg/hook-7f3a",
                             webhook_secret="s3cret", webhook_listen="0.0.0.0:8443",
                             _env_file=None)
    assert webhook_options(settings) == {
        "listen": "0.0.0.0", "port": 8443, "url_path": "tg/hook-7f3a",
        "webhook_url": "https://linli.example.org/tg/hook-7f3a", "secret_token": "s3cret",
        "allowed_updates": ALLOWED_UPDATES}


def test_a_listen_address_without_a_port_is_refused() -> None:
    settings = load_settings(webhook_url="https://linli.example.org/hook", webhook_secret="x",
                             webhook_listen="127.0.0.1", _env_file=None)
    with pytest.raises(ValueError, match="WEBHOOK_LISTEN must be host:port"):
        webhook_options(settings)
