"""The message workloads of bench/scale.py: the mix of a resident's conversation and staff's
/tickets, delivered one at a time or in batches, and the statement and round-trip counter both
are measured with. Figures per message; see bench/scale.py's docstring for their names."""

from __future__ import annotations

import statistics
import threading
import time
from collections import deque
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, event

from actions.core.clock import ManualClock
from actions.core.pipeline import Conversation, Incoming
from bot.telegram.failures import Outcome
from bot.telegram.sender import Sender
from bot.wiring import Linli

STAFF = [20040, 20010, 20001]  # property manager, admin, grid worker: they ask /tickets
MIX: list[tuple[str, ...]] = [  # one resident's conversation; staff ask /tickets in between
    ("你好",), ("物业电话是多少",), ("垃圾几点收",),
    ("我家厨房水管漏水了",), ("3栋2单元501",), ("是",), ("确认",),
    ("今天食堂吃什么",), ("订明天的午饭",), ("一份",), ("是",),
    ("我很好",), ("谢谢",), ("/menu",),
]


class Counting:
    """Counts the statements an engine runs (a before_cursor_execute listener) and its round
    trips: the statements plus, on PostgreSQL, the BEGIN psycopg sends before a transaction's
    first statement and each COMMIT or ROLLBACK (none for an autocommit connection). On SQLite
    BEGIN is a statement already and a commit is no network trip, but each is a commit."""

    def __init__(self, engine: Engine) -> None:
        self.count = self.trips = self.commits = 0
        self._lock = threading.Lock()  # a batch's threads count side by side
        self.postgresql = engine.dialect.name == "postgresql"
        event.listen(engine, "before_cursor_execute", self._seen)
        event.listen(engine, "begin", self._begin)
        event.listen(engine, "commit", self._end)
        event.listen(engine, "rollback", self._end)

    def _seen(self, *_: Any) -> None:
        with self._lock:
            self.count += 1
            self.trips += 1

    def _begin(self, conn: Any) -> None:
        if self.postgresql and not _autocommit(conn):
            with self._lock:
                self.trips += 1

    def _end(self, conn: Any) -> None:
        if not _autocommit(conn):
            with self._lock:
                self.trips += self.postgresql
                self.commits += 1


def _autocommit(conn: Any) -> bool:
    return bool(conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT")


class NullBot:
    """The sender's bot is never called: the benchmark records outcomes itself."""


def mix(messages: int, residents: list[int]) -> list[tuple[int, str]]:
    """The mix's messages in order: (sender, words); staff ask /tickets every seventh."""
    said = []
    for i in range(messages):
        if i % 7 == 6:
            said.append((STAFF[i % len(STAFF)], "/tickets"))
        else:
            said.append((residents[(i // len(MIX)) % len(residents)], MIX[i % len(MIX)][0]))
    return said


def run_mix(linli: Linli, clock: ManualClock, count: Counting, messages: int,
            residents: list[int]) -> dict[str, float]:
    """Messages through the inbox and the sender's bookkeeping, one at a time (a webhook's
    delivery, or a poll that brought one update); figures per message."""
    conv: Conversation = linli.conversation
    sender = Sender(NullBot(), linli)  # type: ignore[arg-type]
    latencies: list[float] = []
    statements = trips = commits = 0
    cpu = time.process_time()
    wall = time.perf_counter()
    for user, words in mix(messages, residents):
        clock.advance(timedelta(milliseconds=300))
        before, started = count.count, time.perf_counter()
        trips_before, commits_before = count.trips, count.commits
        conv.handle(Incoming(source="bench", user_id=user, chat_id=user, text=words,
                             display_name="居民"))
        record_due(sender)
        latencies.append(time.perf_counter() - started)
        statements += count.count - before
        trips += count.trips - trips_before
        commits += count.commits - commits_before
    wall = time.perf_counter() - wall
    cpu = time.process_time() - cpu
    latencies.sort()
    return {"mix_msg_s": messages / wall,
            "mix_p50_ms": 1000 * statistics.median(latencies),
            "mix_p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))],
            "mix_stmts": statements / messages, "mix_trips": trips / messages,
            "mix_commits": commits / messages, "mix_cpu_ms": 1000 * cpu / messages}


def record_due(sender: Sender) -> None:
    """The sender's bookkeeping after a receiver's work: what is due, each reply recorded as
    sent (the bot itself is not called)."""
    due = sender._due(set())
    if due:
        sender._record([Outcome(m.id, message_id=1) for m in due])


def batches(said: list[tuple[int, str]], size: int) -> list[list[tuple[int, str]]]:
    """The same messages as a loaded getUpdates would bring them: batches of `size` updates,
    the chats taking turns (round robin over the chats with something left; the demo
    community has 10 residents and 3 staff who write, so a chat has one or two updates in a
    batch of 20), each chat's in its order."""
    queues: dict[int, deque[str]] = {}
    for user, words in said:
        queues.setdefault(user, deque()).append(words)
    out: list[list[tuple[int, str]]] = [[]]
    while queues:
        for user in list(queues):
            if len(out[-1]) == size:
                out.append([])
            out[-1].append((user, queues[user].popleft()))
            if not queues[user]:
                del queues[user]
    return out


def run_batched(linli: Linli, clock: ManualClock, count: Counting, messages: int,
                residents: list[int], size: int) -> dict[str, float]:
    """The same mix delivered in batches (`batches`): each batch handled by
    `Conversation.handle_batch` (one commit), then the sender's bookkeeping once a batch, as
    the Worker kicks the sender once a batch; figures per message, the latency a batch's."""
    conv: Conversation = linli.conversation
    sender = Sender(NullBot(), linli)  # type: ignore[arg-type]
    latencies: list[float] = []
    before = (count.count, count.trips, count.commits)
    cpu = time.process_time()
    wall = time.perf_counter()
    for batch in batches(mix(messages, residents), size):
        clock.advance(timedelta(milliseconds=300 * len(batch)))
        started = time.perf_counter()
        conv.handle_batch([Incoming(source="bench", user_id=user, chat_id=user, text=words,
                                    display_name="居民") for user, words in batch])
        record_due(sender)
        latencies.append(time.perf_counter() - started)
    wall = time.perf_counter() - wall
    cpu = time.process_time() - cpu
    latencies.sort()
    name = f"mix_batch{size}"
    statements, trips, commits = (now - then for now, then in zip(
        (count.count, count.trips, count.commits), before, strict=True))
    return {f"{name}_msg_s": messages / wall,
            f"{name}_p50_ms": 1000 * statistics.median(latencies),
            f"{name}_stmts": statements / messages, f"{name}_trips": trips / messages,
            f"{name}_commits": commits / messages, f"{name}_cpu_ms": 1000 * cpu / messages,
            f"{name}_threads": conv.threads.ways}
