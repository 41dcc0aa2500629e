"""Ticket photos live in the messenger (a Telegram file id): fetch one for the console."""

from __future__ import annotations

import logging
from collections.abc import Callable

import httpx

from actions.core.settings import Settings

log = logging.getLogger(__name__)
PhotoFetcher = Callable[[str], bytes | None]


def telegram_photos(settings: Settings, *, transport: httpx.BaseTransport | None = None
                    ) -> PhotoFetcher:
    """Fetch a photo by file id through the Bot API (None without a token, or on failure)."""
    api = (settings.telegram_api_url or "https://api.telegram.org").rstrip("/")
    token = settings.telegram_bot_token

    def fetch(file_id: str) -> bytes | None:
        if not token:
            return None
        try:
            with httpx.Client(transport=transport, timeout=10) as client:
                found = client.get(f"{api}/bot{token}/getFile", params={"file_id": file_id})
                path = found.raise_for_status().json()["result"]["file_path"]
                return client.get(f"{api}/file/bot{token}/{path}").raise_for_status().content
        except (httpx.HTTPError, KeyError, ValueError):
            log.warning("could not fetch a ticket photo from the Bot API")
            return None

    return fetch
