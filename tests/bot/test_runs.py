"""Coalesced runs: a kick during a run goes round once more; after close() nothing starts
(a run on a shut executor would fail as 'cannot schedule new futures after shutdown')."""

from __future__ import annotations

import asyncio

from bot.runs import Runs


async def test_a_kick_during_a_run_goes_round_once_more() -> None:
    started: list[int] = []
    gate = asyncio.Event()

    async def job() -> None:
        started.append(len(started))
        await gate.wait()

    runs = Runs(job, "test")
    runs.kick()
    await asyncio.sleep(0)
    runs.kick()
    runs.kick()  # coalesced with the one before
    gate.set()
    await runs.close()
    assert started == [0, 1]


async def test_nothing_starts_once_closing_has_begun() -> None:
    started: list[int] = []

    async def job() -> None:
        started.append(1)

    runs = Runs(job, "test")
    await runs.close()
    runs.kick()
    await asyncio.sleep(0.01)
    assert started == []
