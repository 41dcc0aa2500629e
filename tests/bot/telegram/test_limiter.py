"""The rate limiter's spacing, on an injected clock (no sleeping)."""

from __future__ import annotations

import pytest

from bot.telegram.limiter import Limiter, Rates


class FakeTime:
    """A clock that moves only when slept on."""

    def __init__(self) -> None:
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


def limiter(time: FakeTime, **rates: float) -> Limiter:
    return Limiter(Rates(**rates), clock=time.clock, sleep=time.sleep)  # type: ignore[arg-type]


async def send_times(time: FakeTime, lim: Limiter, chats: list[int]) -> list[float]:
    times = []
    for chat in chats:
        await lim.wait(chat)
        times.append(time.now)
    return times


async def test_private_chat_gets_a_short_burst_then_one_a_second() -> None:
    time = FakeTime()
    times = await send_times(time, limiter(time), [42] * 6)
    assert times == pytest.approx([0, 1 / 30, 2 / 30, 1, 2, 3])  # the burst is paced overall


async def test_group_chat_gets_twenty_a_minute() -> None:
    time = FakeTime()
    times = await send_times(time, limiter(time, chat_burst=1), [-100] * 4)
    assert times == [0, 3, 6, 9]


async def test_many_chats_share_thirty_a_second() -> None:
    time = FakeTime()
    times = await send_times(time, limiter(time), list(range(1, 91)))
    assert times[-1] == pytest.approx(89 / 30)
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert gaps == pytest.approx([1 / 30] * 89, abs=1e-5)


async def test_rates_are_configurable() -> None:
    time = FakeTime()
    lim = limiter(time, per_second=1000, private_per_second=100, chat_burst=1)
    times = await send_times(time, lim, [1, 1, 2, 2])
    assert times == pytest.approx([0, 0.01, 0.011, 0.021])


async def test_a_waiting_chat_does_not_hold_global_slots() -> None:
    time = FakeTime()
    lim = limiter(time, chat_burst=1)
    await lim.wait(7)
    assert lim.chat_delay(7, time.now) == pytest.approx(1.0)
    # another chat goes at the next global slot, not after chat 7's second
    assert lim.take(8, time.now) == pytest.approx(1 / 30)


async def test_hold_keeps_a_chat_quiet_after_flood_control() -> None:
    time = FakeTime()
    lim = limiter(time)
    lim.hold(5, 7.0)
    assert await send_times(time, lim, [5, 6]) == pytest.approx([7.0, 7.0 + 1 / 30])


async def test_capacity_is_what_a_chat_may_get_within_a_time() -> None:
    time = FakeTime()
    lim = limiter(time)
    assert lim.capacity(1, 2.0) == 5  # a burst of 3, then one a second
    assert lim.capacity(-1, 2.0) == 3  # a group: the burst only (one every 3 s)
    await send_times(time, lim, [1, 1, 1])
    assert lim.capacity(1, 2.0) == 2  # the burst is used up
    lim.hold(1, 30.0)
    assert lim.capacity(1, 2.0) == 1  # held, but a run may still take one
