"""Logging in to the staff console the way staff do, for the tests."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from actions.db import session_scope
from actions.db.community import Resident
from actions.db.conversation import OutboxMessage
from bot.console import ConsoleChat
from bot.wiring import Linli

LINK = re.compile(r"https?://\S+/login/[A-Za-z0-9_-]+")


def sent_link(linli: Linli, console: ConsoleChat, who: str) -> str:
    """Ask the bot for a login link as a demo person; the link it sent them."""
    console.say(who, "/console")
    with session_scope(linli.sessions) as session:
        chat = session.scalar(select(Resident.telegram_id).where(Resident.name == who))
        texts = session.scalars(select(OutboxMessage.text).where(
            OutboxMessage.chat_id == chat).order_by(OutboxMessage.id.desc()))
        for text in texts:
            found = LINK.search(text)
            if found:
                return found.group(0)
    raise AssertionError(f"no login link was sent to {who}")


def log_in(client: TestClient, linli: Linli, console: ConsoleChat, who: str) -> str:
    """Log a client in through the real flow; returns the session's CSRF token."""
    path = "/login/" + sent_link(linli, console, who).rsplit("/login/", 1)[1]
    assert client.get(path).status_code == 200
    assert client.post(path, follow_redirects=False).status_code == 303
    page = client.get("/", follow_redirects=True)
    token = re.search(r'"X-CSRF-Token": "([0-9a-f]+)"', page.text)
    assert token, page.text[:500]
    client.headers["X-CSRF-Token"] = token.group(1)
    return token.group(1)
