"""Telegram's rate limits as token buckets: one per chat, one for the whole bot (GCRA).

Telegram (core.telegram.org/bots/faq): about 30 messages a second overall, no more than one a
second in a private chat (short bursts tolerated), 20 a minute in a group. Time and sleep are
injected, so tests check the spacing without sleeping.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class Rates:
    """How fast the bot may send (Telegram's limits by default)."""

    per_second: float = 30.0
    private_per_second: float = 1.0
    group_per_minute: float = 20.0
    chat_burst: int = 3  # a chat may get this many at once before the spacing applies
    max_in_flight: int = 32  # concurrent HTTP requests


@dataclass
class _Bucket:
    """GCRA: `tat` is when the bucket would be empty again; `burst` sends may run ahead of it."""

    interval: float
    burst: int = 1
    tat: float = float("-inf")

    def ready_at(self) -> float:
        return self.tat - (self.burst - 1) * self.interval

    def take(self, at: float) -> None:
        self.tat = max(self.tat, at) + self.interval


class Limiter:
    """Spaces sends per chat and overall; time and sleep are injected (tests move them)."""

    def __init__(self, rates: Rates, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Sleep = asyncio.sleep) -> None:
        self.rates = rates
        self.clock = clock
        self.sleep = sleep
        self._global = _Bucket(1.0 / rates.per_second)
        self._chats: dict[int, _Bucket] = {}

    def _chat(self, chat_id: int) -> _Bucket:
        bucket = self._chats.get(chat_id)
        if bucket is None:
            if len(self._chats) > 20_000:
                self._forget_idle(self.clock())
            group = chat_id < 0  # groups, supergroups and channels have negative ids
            interval = 60.0 / self.rates.group_per_minute if group else \
                1.0 / self.rates.private_per_second
            bucket = self._chats[chat_id] = _Bucket(interval, self.rates.chat_burst)
        return bucket

    def _forget_idle(self, now: float) -> None:
        self._chats = {c: b for c, b in self._chats.items() if b.tat > now}

    def capacity(self, chat_id: int, seconds: float) -> int:
        """How many messages the chat's own rate lets go within that many seconds (at least 1)."""
        chat, now = self._chat(chat_id), self.clock()
        first = max(chat.ready_at(), now - (chat.burst - 1) * chat.interval)  # a full bucket
        return max(1, int((now + seconds - first) / chat.interval) + 1)

    def chat_delay(self, chat_id: int, now: float) -> float:
        """Seconds until this chat may send again (0 when it may now)."""
        return max(0.0, self._chat(chat_id).ready_at() - now)

    def take(self, chat_id: int, now: float) -> float:
        """Reserve the next send slot of a chat that is ready; seconds until that slot."""
        chat = self._chat(chat_id)
        at = max(now, chat.ready_at(), self._global.ready_at())
        chat.take(at)
        self._global.take(at)
        return at - now

    def hold(self, chat_id: int, seconds: float) -> None:
        """Keep a chat quiet for a while (Telegram said RetryAfter)."""
        chat = self._chat(chat_id)
        chat.tat = max(chat.tat, self.clock() + seconds + (chat.burst - 1) * chat.interval)

    async def wait(self, chat_id: int) -> None:
        """Return when a message to this chat may go (the slot is then taken)."""
        while (delay := self.chat_delay(chat_id, self.clock())) > 0:
            await self.sleep(delay)
        # only the global bucket is reserved ahead: a chat waiting for its own bucket
        # must not hold a global slot others could use meanwhile
        delay = self.take(chat_id, self.clock())
        if delay > 0:
            await self.sleep(delay)
