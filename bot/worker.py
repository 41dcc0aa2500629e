"""Handles the inbox off the event loop, then asks every channel's sender to deliver.

One Worker per process, whatever channels run: turns of one chat must be handled in order,
and on SQLite by one thread at a time.
"""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.exc import SQLAlchemyError

from bot.channels import Kickable
from bot.wiring import Linli

log = logging.getLogger(__name__)


class Worker:
    """Runs `conversation.process` in a thread; requests during a run make it go round again."""

    def __init__(self, linli: Linli, *senders: Kickable) -> None:
        self.linli = linli
        self.senders = list(senders)
        self._wanted = False
        self._task: asyncio.Task[None] | None = None

    def add(self, sender: Kickable) -> None:
        """Another channel's sender to kick after turns were handled."""
        self.senders.append(sender)

    def kick(self) -> None:
        """Ask for a run soon."""
        self._wanted = True
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._drain())

    async def _drain(self) -> None:
        while self._wanted:
            self._wanted = False
            try:
                handled = await asyncio.to_thread(self.linli.conversation.process)
            except SQLAlchemyError:
                log.exception("the inbox could not be read; the next tick tries again")
                return
            if handled:
                for sender in self.senders:
                    sender.kick()

    async def close(self) -> None:
        """Let a running turn finish."""
        if self._task is not None and not self._task.done():
            await self._task
