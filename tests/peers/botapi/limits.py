"""Flood control like Telegram's: token buckets per bot, overall and per chat.

Telegram documents about 30 messages a second overall, one a second in a private chat (short
bursts pass) and 20 a minute in a group; beyond that a send answers 429 with retry_after. The
numbers are tunable, and a test that is not about flood control switches them off.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from typing import Any

from tests.peers.botapi.errors import BadRequest, TooManyRequests


@dataclass
class Limits:
    """Rates (events per second) and bursts (bucket sizes) of each bucket."""

    enabled: bool = True
    global_per_second: float = 30.0
    global_burst: float = 30.0
    private_per_second: float = 1.0
    private_burst: float = 3.0
    group_per_minute: float = 20.0
    group_burst: float = 20.0

    def update(self, changes: dict[str, Any]) -> None:
        """Apply the given fields; an unknown one is an error."""
        known = {f.name for f in fields(self)}
        for name, value in changes.items():
            if name not in known:
                raise BadRequest(f"unknown limit {name}")
            setattr(self, name, bool(value) if name == "enabled" else float(value))

    def as_dict(self) -> dict[str, Any]:
        """The current settings."""
        return asdict(self)


class Bucket:
    """A token bucket: `capacity` tokens, refilled at `rate` a second."""

    def __init__(self, rate: float, capacity: float, now: float) -> None:
        self.rate, self.capacity = rate, max(capacity, 1.0)
        self.tokens, self.updated = self.capacity, now

    def wait(self, now: float) -> float:
        """Seconds until a token is available (0 when one is)."""
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        return 0.0 if self.tokens >= 1.0 else (1.0 - self.tokens) / self.rate

    def take(self) -> None:
        """Use one token (call after wait() said 0)."""
        self.tokens -= 1.0


class FloodControl:
    """The buckets of one bot."""

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits, self.clock = limits, clock
        self.reset()

    def reset(self) -> None:
        """Forget past sends (after the limits changed)."""
        self.overall: Bucket | None = None
        self.chats: dict[int, Bucket] = {}

    def check(self, chat_id: int, *, private: bool) -> None:
        """Count one message to the chat, or raise TooManyRequests without counting it."""
        if not self.limits.enabled:
            return
        now = self.clock()
        buckets = [self._overall(now), self._chat(chat_id, private, now)]
        wait = max(bucket.wait(now) for bucket in buckets)
        if wait > 0:
            raise TooManyRequests(max(1, math.ceil(wait)))
        for bucket in buckets:
            bucket.take()

    def _overall(self, now: float) -> Bucket:
        if self.overall is None:
            self.overall = Bucket(self.limits.global_per_second, self.limits.global_burst, now)
        return self.overall

    def _chat(self, chat_id: int, private: bool, now: float) -> Bucket:
        if chat_id not in self.chats:
            lim = self.limits
            self.chats[chat_id] = (Bucket(lim.private_per_second, lim.private_burst, now)
                                   if private else
                                   Bucket(lim.group_per_minute / 60, lim.group_burst, now))
        return self.chats[chat_id]
