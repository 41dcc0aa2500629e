"""Delivers the outbox through the Bot API: keyboards, photos, long text, rate limits, failures.

Every message is an outbox row first (actions/core/outbox.py). A delivery run loads the due rows
in batches and sends them concurrently (one ordered queue per chat, all chats together up to the
global rate), recording each outcome as soon as it is known, so a crash repeats at most the
messages in flight (Telegram cannot say whether a send that timed out arrived). On PostgreSQL
only the process holding the sender's advisory lock delivers, so two processes never send the
same row.

Telegram's limits are kept by bot/limiter.py (`Rates`, `Limiter`).

How a message is shaped for Telegram is in bot/telegram/formatting.py; what a failed send
becomes, and the report to staff of what was given up, in bot/telegram/failures.py.

When recording an outcome fails (the database went away), the run stops sending: whatever
went out meanwhile could not be recorded either, and would be sent again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Any

from sqlalchemy import bindparam, case, select
from telegram import Bot, Message
from telegram.error import ChatMigrated, RetryAfter, TelegramError

from actions.core.outbox import mark_all_sent, mark_attempt_failed, record_sent
from actions.db.base import ProcessLock, read_scope, relaxed_scope
from actions.db.conversation import OutboxMessage
from actions.db.endpoints import ENDPOINT_BASE
from bot.runs import Runs
from bot.telegram.failures import Outcome, classify, report_given_up, retry_seconds
from bot.telegram.formatting import (
    CAPTION_LIMIT,
    inline_keyboard,
    split_text,
    telegram_file,
    units,
)
from bot.telegram.limiter import Limiter, Rates
from bot.wiring import Linli

log = logging.getLogger(__name__)

BATCH_SECONDS = 2.0
FRESH = timedelta(seconds=30)  # replies to what someone just did go before older bulk messages

_OUTBOX = OutboxMessage.__table__
_DUE = (select(_OUTBOX.c.id, _OUTBOX.c.chat_id, _OUTBOX.c.text, _OUTBOX.c.buttons,
               _OUTBOX.c.photo, _OUTBOX.c.voice)
        .where(_OUTBOX.c.sent_at.is_(None), _OUTBOX.c.failed_at.is_(None),
               _OUTBOX.c.send_after <= bindparam("now"),
               _OUTBOX.c.chat_id < ENDPOINT_BASE)  # the others: bot/wecom
        .order_by(case((_OUTBOX.c.created_at >= bindparam("fresh_since"), 0), else_=1),
                  _OUTBOX.c.id)
        .limit(bindparam("limit")))  # built once: the query runs after every turn


# -- what is sent ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Outgoing:
    """An outbox row, detached from the database while it is being sent."""

    id: int
    chat_id: int
    text: str
    buttons: list[Any]
    photo: str | None
    voice: str | None = None  # a Telegram file id (another messenger's audio is not passed on)



@dataclass
class Delivered:
    """Counts of one delivery run."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    seconds: float = 0.0

    def add(self, outcomes: Sequence[Outcome]) -> None:
        """Count a batch."""
        for outcome in outcomes:
            if outcome.error is None:
                self.sent += 1
            elif outcome.permanent:
                self.failed += 1
            else:
                self.retrying += 1



class _Halted(Exception):
    """Outcomes can no longer be recorded: this delivery run sends nothing more."""


# -- the sender ------------------------------------------------------------------------------
@dataclass
class _Run:
    """State of one delivery run: chats that must wait for their failed message's retry."""

    held: set[int] = field(default_factory=set)
    reported: int = 0  # chats whose given-up messages were reported to staff (new rows)


class Sender:
    """Sends due outbox rows; `kick()` asks for a run, `deliver()` does one."""

    def __init__(self, bot: Bot, linli: Linli, *, rates: Rates | None = None,
                 limiter: Limiter | None = None, batch_size: int | None = None,
                 max_flood_wait: float = 60.0, max_flood_retries: int = 3) -> None:
        self.bot = bot
        self.linli = linli
        self.rates = rates or Rates()
        self.limiter = limiter or Limiter(self.rates)
        # a batch is about two seconds of sending: few transactions, little to resend after a
        # crash, and a fresh reply waits at most one batch behind a broadcast
        self.batch_size = batch_size or max(20, int(self.rates.per_second * BATCH_SECONDS))
        self.max_flood_wait = max_flood_wait
        self.max_flood_retries = max_flood_retries
        self._in_flight = asyncio.Semaphore(self.rates.max_in_flight)
        self._lock = asyncio.Lock()
        self._turn = ProcessLock(linli.engine, "sender")
        self._halted = False
        self._runs = Runs(self.deliver, "a delivery run")

    # -- triggering --------------------------------------------------------------------------
    def kick(self) -> None:
        """Ask for a delivery run soon; requests during a run make it go round once more."""
        self._runs.kick()

    async def close(self, timeout: float = 10.0) -> None:
        """Let a running delivery finish (unfinished sends are retried after a restart)."""
        await self._runs.close(timeout)

    # -- one run -----------------------------------------------------------------------------
    async def deliver(self) -> Delivered:
        """Send everything due now, batch by batch; returns what happened."""
        async with self._lock:
            if not await asyncio.to_thread(self._turn.acquire):
                return Delivered()  # another process is delivering right now
            try:
                return await self._deliver()
            finally:
                await asyncio.to_thread(self._turn.release)

    async def _deliver(self) -> Delivered:
        started = time.monotonic()
        run, total = _Run(), Delivered()
        self._halted = False
        while True:
            batch = await asyncio.to_thread(self._due, run.held)
            if not batch:
                break
            reported = run.reported
            outcomes = await self._send_batch(batch, run)
            total.add(outcomes)
            if len(batch) < self.batch_size and run.reported == reported:
                break
        total.seconds = time.monotonic() - started
        if total.sent or total.failed or total.retrying:
            log.info("delivered %d, retrying %d, failed %d in %.2fs", total.sent,
                     total.retrying, total.failed, total.seconds)
        return total

    def _due(self, held: set[int]) -> list[Outgoing]:
        """Due rows: fresh ones first, then oldest first; chats held in this run left out."""
        now = self.linli.clock.now()
        query = _DUE.where(_OUTBOX.c.chat_id.not_in(held)) if held else _DUE
        with read_scope(self.linli.engine) as conn:
            rows = conn.execute(query, {"now": now, "fresh_since": now - FRESH,
                                           "limit": self.batch_size})
            return [Outgoing(r.id, r.chat_id, r.text, list(r.buttons or []),
                             telegram_file(r.photo), telegram_file(r.voice)) for r in rows]

    async def _send_batch(self, batch: list[Outgoing], run: _Run) -> list[Outcome]:
        """Chats in parallel; a chat gets what its own rate lets go within the batch's time."""
        by_chat: dict[int, list[Outgoing]] = {}
        for msg in batch:
            by_chat.setdefault(msg.chat_id, []).append(msg)
        for chat_id, msgs in by_chat.items():
            room = self.limiter.capacity(chat_id, BATCH_SECONDS)
            if len(msgs) > room:  # the rest wait for the next run (one busy group must not
                del msgs[room:]  # hold back everyone else's batch)
                run.held.add(chat_id)
                self._runs.again()
        # every chat's sending ends before the run does (and before the lock is released)
        chunks = await asyncio.gather(*(self._send_chat(msgs, run) for msgs in by_chat.values()),
                                      return_exceptions=True)
        errors = [c for c in chunks if isinstance(c, BaseException)]
        if errors:
            raise next((e for e in errors if not isinstance(e, _Halted)), errors[0])
        return [outcome for chunk in chunks if not isinstance(chunk, BaseException)
                for outcome in chunk]

    async def _send_chat(self, msgs: list[Outgoing], run: _Run) -> list[Outcome]:
        """A chat's messages in order; stop at a transient failure, skip the rest if gone."""
        outcomes: list[Outcome] = []
        for number, msg in enumerate(msgs):
            outcome = await self._send_one(msg)
            done = [outcome]
            if outcome.chat_gone:  # the rest cannot arrive either: recorded (and reported) with it
                done += [Outcome(m.id, error=outcome.error, reason=outcome.reason,
                                 permanent=True, chat_gone=True) for m in msgs[number + 1:]]
            # recorded at once: a crash now repeats at most the one message in flight
            try:
                run.reported += await asyncio.to_thread(self._record, done)
            except Exception:
                self._halted = True  # the other chats stop too: their sends would not be
                raise  # recorded either, and would go again after the database is back
            outcomes += done
            if outcome.chat_gone:
                break
            if outcome.error is not None and not outcome.permanent:
                run.held.add(msg.chat_id)
                break
        return outcomes

    async def _send_one(self, msg: Outgoing) -> Outcome:
        chat_id = msg.chat_id
        for _ in range(2):
            try:
                message_id = None
                for call in self._calls(msg, chat_id):
                    message_id = (await self._call(chat_id, call)).message_id
                return Outcome(msg.id, message_id=message_id)
            except ChatMigrated as exc:
                log.warning("chat %s became %s; update its GroupChat row", chat_id,
                            exc.new_chat_id)
                chat_id = int(exc.new_chat_id)
            except TelegramError as exc:
                return classify(msg, exc)
        return Outcome(msg.id, error="chat migrated twice", reason="not_found", permanent=True)

    def _calls(self, msg: Outgoing, chat_id: int) -> list[Callable[[], Awaitable[Message]]]:
        """The API calls that make up one message (one, unless it is very long)."""
        markup = inline_keyboard(msg.buttons)
        bot = self.bot
        if msg.photo and units(msg.text) <= CAPTION_LIMIT:
            return [partial(bot.send_photo, chat_id, msg.photo, caption=msg.text or None,
                            reply_markup=markup)]
        calls: list[Callable[[], Awaitable[Message]]] = []
        if msg.voice:
            calls.append(partial(bot.send_voice, chat_id, msg.voice))
        if msg.photo:
            calls.append(partial(bot.send_photo, chat_id, msg.photo))
        parts = split_text(msg.text)
        for number, part in enumerate(parts, 1):
            keyboard = markup if number == len(parts) else None
            calls.append(partial(bot.send_message, chat_id, part, reply_markup=keyboard))
        return calls

    async def _call(self, chat_id: int, call: Callable[[], Awaitable[Message]]) -> Message:
        """One API call within the rates; flood control is waited out a few times."""
        for attempt in range(self.max_flood_retries + 1):
            await self.limiter.wait(chat_id)
            if self._halted:
                raise _Halted
            try:
                async with self._in_flight:
                    return await call()
            except RetryAfter as exc:
                wait = retry_seconds(exc)
                if wait > self.max_flood_wait or attempt == self.max_flood_retries:
                    raise
                log.warning("flood control for chat %s: waiting %.1fs", chat_id, wait)
                self.limiter.hold(chat_id, wait)
        raise AssertionError("unreachable")

    # -- recording ---------------------------------------------------------------------------
    def _record(self, outcomes: list[Outcome]) -> int:
        """Mark outcomes in one transaction, report what was given up; how many chats were.
        What was sent is marked without loading its rows (one statement for the batch)."""
        now = self.linli.clock.now()
        failed = {o.id: o for o in outcomes if o.error is not None}
        if not failed:  # the usual batch: one statement
            record_sent(self.linli.engine, self.linli.sessions,
                        [(o.id, o.message_id) for o in outcomes], now=now)
            return 0
        with relaxed_scope(self.linli.sessions) as session:
            mark_all_sent(session, [(o.id, o.message_id) for o in outcomes if o.error is None],
                          now=now)
            if not failed:
                return 0
            given_up: dict[int, list[tuple[int, str]]] = {}
            unnamed: set[int] = set()  # chats of anonymous writers (actions/mailbox._unnamed)
            for msg in session.scalars(select(OutboxMessage).where(
                    OutboxMessage.id.in_(list(failed))).order_by(OutboxMessage.id)):
                outcome = failed[msg.id]
                if mark_attempt_failed(msg, now=now, error=outcome.error or "",
                                       permanent=outcome.permanent):
                    reason = outcome.reason if outcome.permanent else "gave_up"
                    given_up.setdefault(msg.chat_id, []).append((msg.id, reason))
                    if (msg.dedupe_key or "").startswith("anon:"):
                        unnamed.add(msg.chat_id)
            for chat_id, failures in given_up.items():
                report_given_up(self.linli, session, chat_id, failures, now,
                                unnamed=chat_id in unnamed)
        return len(given_up)
