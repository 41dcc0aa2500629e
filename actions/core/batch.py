"""A receiver's batch shared among threads (PostgreSQL): each thread handles the updates of
its own chats in a transaction of its own, on a connection of its own.

Python runs one thread at a time, but a thread waiting for PostgreSQL (a statement, the
COMMIT's flush to the WAL) lets another run its turns' Python meanwhile: on two cores the
client's CPU and the server's work overlap instead of taking turns. A chat's updates all go to
one thread, in their order, so a chat's turns run in order as before; chats of different
threads are as independent as chats of different processes, which the inbox already serves
(each turn holds its chat's advisory lock; rows shared by chats, such as a day's ticket
counter, are locked by PostgreSQL until the holder's commit). The caller acknowledges the
batch only when every thread's transaction has ended.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Protocol, TypeVar


class _Chatty(Protocol):
    @property
    def chat_id(self) -> int: ...


# the NLU's models and the danger reader's are one per process, not known to be safe from two
# threads at once: a turn asks them holding this (Python runs one thread at a time anyway)
NLU_LOCK = threading.Lock()

Update = TypeVar("Update", bound=_Chatty)
Result = TypeVar("Result")


def share_out(batch: Sequence[Update], ways: int) -> list[list[Update]]:
    """The batch in at most `ways` groups: every update of a chat in one group, in the
    batch's order; the busiest chats placed first, each on the group with the fewest
    updates so far."""
    by_chat: dict[int, int] = {}
    for update in batch:
        by_chat[update.chat_id] = by_chat.get(update.chat_id, 0) + 1
    sizes = [0] * max(1, min(ways, len(by_chat)))
    group_of: dict[int, int] = {}
    for chat, count in sorted(by_chat.items(), key=lambda item: -item[1]):
        group_of[chat] = min(range(len(sizes)), key=sizes.__getitem__)
        sizes[group_of[chat]] += count
    groups: list[list[Update]] = [[] for _ in sizes]
    for update in batch:
        groups[group_of[update.chat_id]].append(update)
    return groups


class Threads:
    """Runs work on groups side by side: the first group on the calling thread, the others on
    threads kept for the process (made when first needed)."""

    def __init__(self, ways: int) -> None:
        self.ways = ways
        self._pool: ThreadPoolExecutor | None = None
        self._making = threading.Lock()

    def run(self, work: Callable[[Sequence[Update]], Result],
            groups: Sequence[Sequence[Update]]) -> list[Result | Exception]:
        """`work` of every group, each group's result or the exception it raised, in the
        groups' order; returns when every group's work has ended."""
        futures: list[Future[Result]] = [self._executor().submit(work, group)
                                         for group in groups[1:]]
        results: list[Result | Exception] = [_outcome(lambda: work(groups[0]))]
        results.extend(_outcome(future.result) for future in futures)
        return results

    def _executor(self) -> ThreadPoolExecutor:
        with self._making:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=max(1, self.ways - 1),
                                                thread_name_prefix="linli-batch")
            return self._pool

    def close(self) -> None:
        """Let the threads go once their work is done."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)


def _outcome(call: Callable[[], Result]) -> Result | Exception:
    try:
        return call()
    except Exception as exc:  # the caller handles a failed group on its own
        return exc
