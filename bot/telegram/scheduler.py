"""Scheduled triggers on PTB's JobQueue (APScheduler): run the jobs, deliver the outbox.

The jobs are only triggers. What is due (who must be checked in, what is overdue, which message
waits for its retry) lives in database rows, and the jobs are idempotent, so a restart loses
nothing and a duplicated tick repeats nothing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from telegram.ext import CallbackContext, JobQueue

log = logging.getLogger(__name__)



def install(job_queue: JobQueue[Any], *, run_jobs: Callable[[], None],
            deliver: Callable[[], None], jobs_every: float, outbox_every: float) -> None:
    """Schedule the jobs tick and the outbox tick (the first outbox run goes at start)."""

    async def jobs_tick(_context: CallbackContext[Any, Any, Any, Any]) -> None:
        # the jobs are synchronous database work: keep the event loop free meanwhile
        await asyncio.to_thread(run_jobs)
        deliver()

    async def outbox_tick(_context: CallbackContext[Any, Any, Any, Any]) -> None:
        deliver()

    once = {"coalesce": True, "max_instances": 1}
    job_queue.run_repeating(jobs_tick, interval=jobs_every, first=jobs_every,
                            name="linli-jobs", job_kwargs=once)
    job_queue.run_repeating(outbox_tick, interval=outbox_every, first=0.0,
                            name="linli-outbox", job_kwargs=once)
    log.info("scheduled: jobs every %.0fs, outbox every %.0fs", jobs_every, outbox_every)
