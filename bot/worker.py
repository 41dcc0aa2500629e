"""Runs the process's turns on one thread of its own, then asks every channel's sender to
deliver.

One Worker per process, whatever channels run: turns of one chat must be handled in order,
and every turn starts from the Worker's single thread, so on SQLite the process's turns never
compete for the one writer. On PostgreSQL a receiver's batch is shared out by chat among a few
threads (`Conversation.handle_batch`, actions/core/batch.py), each chat's turns in order on one
of them, and the call returns once every share has committed. Two kinds of
work go there: what a receiver hands over (`handle`: an update whose chat has nothing waiting
is stored, handled and marked done in one transaction, whose commit the receiver then
acknowledges; a batch's such updates share one transaction and one commit, each turn in a
savepoint of its own: `Conversation.handle_batch`), and the inbox's due items (`kick`:
retries, what waited behind an older item, what was stored before a restart), a limited
number a run so a receiver never waits long.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from sqlalchemy.exc import SQLAlchemyError

from actions.core.pipeline import Incoming
from bot.channels import Kickable
from bot.runs import Runs
from bot.wiring import Linli

TURNS_A_RUN = 50  # due inbox items handled before the thread serves a receiver again


class Worker:
    """Turns on one thread: a receiver's updates (`handle`) and the inbox's due items
    (`conversation.process` in runs; requests during a run make it go round again)."""

    def __init__(self, linli: Linli, *senders: Kickable) -> None:
        self.linli = linli
        self.senders = list(senders)
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="linli-turns")
        self._runs = Runs(self._process, "handling the inbox", errors=(SQLAlchemyError,))

    def add(self, sender: Kickable) -> None:
        """Another channel's sender to kick after turns were handled."""
        self.senders.append(sender)

    def kick(self) -> None:
        """Ask for a run over the inbox's due items soon."""
        self._runs.kick()

    async def run(self, work: Callable[[], object]) -> None:
        """Run turns' work (a receiver's: store and handle what arrived) on the turns' thread,
        then kick the senders; when this returns, the work is done (committed). Its errors
        propagate."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._thread, work)
        self._kick_senders()

    async def handle(self, batch: Sequence[Incoming]) -> None:
        """Store and handle what a receiver got, in order (`Conversation.handle_batch`: the
        updates whose chats have nothing waiting handled in one transaction, one commit; the
        others stored in it and handled from the inbox after). When this returns every update
        of the batch is committed: the receiver may acknowledge them. Database errors
        propagate (the batch is then tried one update at a time; what came before the error
        stays committed, and a messenger that delivers the batch again finds it stored
        once)."""
        if batch:
            await self.run(partial(self.linli.conversation.handle_batch, list(batch)))

    async def _process(self) -> None:
        loop = asyncio.get_running_loop()
        handled = await loop.run_in_executor(
            self._thread, partial(self.linli.conversation.process, limit=TURNS_A_RUN))
        if handled:
            self._kick_senders()
        if handled >= TURNS_A_RUN:
            self._runs.again()  # more may be due: after what receivers queued meanwhile

    def _kick_senders(self) -> None:
        for sender in self.senders:
            sender.kick()

    async def close(self) -> None:
        """Let a running turn finish."""
        await self._runs.close()
        self._thread.shutdown(wait=False)
