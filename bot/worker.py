"""Handles the inbox off the event loop, then asks every channel's sender to deliver.

One Worker per process, whatever channels run: turns of one chat must be handled in order,
and on SQLite by one thread at a time.
"""

from __future__ import annotations

import asyncio

from sqlalchemy.exc import SQLAlchemyError

from bot.channels import Kickable
from bot.runs import Runs
from bot.wiring import Linli


class Worker:
    """Runs `conversation.process` in a thread; requests during a run make it go round again."""

    def __init__(self, linli: Linli, *senders: Kickable) -> None:
        self.linli = linli
        self.senders = list(senders)
        self._runs = Runs(self._handle, "handling the inbox", errors=(SQLAlchemyError,))

    def add(self, sender: Kickable) -> None:
        """Another channel's sender to kick after turns were handled."""
        self.senders.append(sender)

    def kick(self) -> None:
        """Ask for a run soon."""
        self._runs.kick()

    async def _handle(self) -> None:
        if await asyncio.to_thread(self.linli.conversation.process):
            for sender in self.senders:
                sender.kick()

    async def close(self) -> None:
        """Let a running turn finish."""
        await self._runs.close()
