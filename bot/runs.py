"""Work that runs soon when asked, never twice at once: the inbox worker and each channel's
sender. A request during a run makes it go round once more; a run that fails is logged and the
next request (or tick) tries again."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


class Runs:
    """Coalesced runs of `job` on the running event loop."""

    def __init__(self, job: Callable[[], Awaitable[object]], what: str, *,
                 errors: tuple[type[BaseException], ...] = (Exception,)) -> None:
        self.job, self.what, self.errors = job, what, errors
        self._wanted = False
        self._task: asyncio.Task[None] | None = None
        self._closed = False

    def kick(self) -> None:
        """Ask for a run soon; asked during a run, it goes round once more."""
        if self._closed:  # shutting down: what it would do waits for the next start
            return
        self._wanted = True
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._drain())

    def again(self) -> None:
        """From inside a run: go round once more when it ends (starts nothing by itself)."""
        self._wanted = True

    async def _drain(self) -> None:
        while self._wanted:
            self._wanted = False
            try:
                await self.job()
            except self.errors:
                log.exception("%s failed; the next tick tries again", self.what)
                return

    async def close(self, timeout: float | None = None) -> None:
        """Let a running run finish (within `timeout`, when given); no new run starts."""
        self._closed = True
        task, self._task = self._task, None
        if task is None or task.done():
            return
        try:
            await asyncio.wait_for(task, timeout)
        except TimeoutError:
            log.warning("%s still running at shutdown; the rest goes after a restart", self.what)
