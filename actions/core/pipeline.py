"""The message pipeline no messenger owns: normalize -> NLU -> dialogue state -> action -> outbox.

Adapters (console, Telegram, tests) turn what arrives into an `Incoming`, call
`Conversation.handle` (or `handle_batch` for what one poll brought: one commit for the batch),
then deliver what the outbox holds. Understanding the event is actions/core/understanding.py.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import func, inspect, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.attributes import set_committed_value

from actions.core import inbox
from actions.core.batch import Threads, share_out
from actions.core.clock import Clock
from actions.core.context import Context, Tick
from actions.core.dialogue import run_turn
from actions.core.errors import LinliError
from actions.core.outbox import queue_message, write_replies_with_dialogue
from actions.core.people import person_and_dialogue, staff_chat_for
from actions.core.registry import JOBS, load_capabilities
from actions.core.settings import Settings
from actions.core.state import Later, keeping
from actions.core.texts import Texts, keyboard_to_json
from actions.core.understanding import Parser, understand
from actions.db.base import schema_lock_key, session_scope
from actions.db.conversation import DialogueState, InboxItem

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Incoming:
    """Something a person did in a chat: wrote text, pressed a button, or sent a command."""

    source: str
    user_id: int
    chat_id: int
    display_name: str = ""
    update_id: int | None = None
    text: str | None = None
    button: str | None = None
    photo: str | None = None

    def __post_init__(self) -> None:
        # a NUL is no character anyone typed, and PostgreSQL's text refuses it: dropped on the
        # way in, so the message is stored and read (by a messenger, a fuzzer or an attacker)
        for name in ("display_name", "text", "button", "photo"):
            value = getattr(self, name)
            if value and "\x00" in value:
                object.__setattr__(self, name, value.replace("\x00", ""))

    def payload(self) -> dict[str, Any]:
        """Its fields as the inbox stores them (what dataclasses.asdict makes of these plain
        values, without its deep copies)."""
        return dict(vars(self))


class Conversation:
    """Runs the pipeline over the database, one committed unit of work per incoming event."""

    def __init__(self, *, sessions: sessionmaker[Session], settings: Settings, texts: Texts,
                 parser: Parser, clock: Clock) -> None:
        load_capabilities()
        self.sessions = sessions
        self.settings = settings
        self.texts = texts
        self.parser = parser
        self.clock = clock
        postgresql = sessions.kw["bind"].dialect.name == "postgresql"
        self.threads = Threads(settings.batch_threads if postgresql else 1)

    def handle(self, incoming: Incoming) -> bool:
        """Receive an event and handle its chat's due items now; False for a redelivery.

        When the event was stored (committed) this returns; database errors propagate and the
        adapter must not acknowledge it then."""
        handled = self._handle_at_once(incoming)
        if handled:
            self._parser_alerts()
            return True
        stored = handled is None and self.receive(incoming)  # False: stored before
        self.process(chat_id=incoming.chat_id)
        return stored

    def handle_batch(self, batch: Sequence[Incoming]) -> int:
        """Receive a receiver's batch (a getUpdates answer) and handle it; how many were new.

        The updates whose chats have nothing waiting are stored, handled and marked done in
        one transaction, one commit for the batch (`_handle_together`); the others are stored
        in it and their chats' due items handled after the commit. On PostgreSQL the chats
        are shared among `settings.batch_threads` threads (actions/core/batch.py), each
        group in a transaction of its own. When this returns every update is committed. A
        group the database does not take whole is rolled back and handled one update at a
        time, whose errors propagate (the adapter must not acknowledge then). A batch of one
        is `handle`."""
        if len(batch) <= 1:
            return sum(self.handle(incoming) for incoming in batch)
        batch = [_with_update_id(incoming) for incoming in batch]
        groups = share_out(batch, self.threads.ways)
        work = partial(self._handle_together,
                       chats=frozenset(i.chat_id for i in batch) if len(groups) > 1 else None)
        new, waiting = 0, list[int]()
        for group, outcome in zip(groups, self.threads.run(work, groups), strict=True):
            if isinstance(outcome, Exception):
                log.warning("a batch of %d updates was rolled back (%s): handled one at a "
                            "time", len(group), type(outcome).__name__)
                new += sum(self.handle(incoming) for incoming in group)
            else:
                new += outcome[0]
                waiting += outcome[1]
        for chat_id in waiting:
            self.process(chat_id=chat_id)
        self._parser_alerts()
        return new

    def _handle_together(self, batch: Sequence[Incoming], *,
                         chats: frozenset[int] | None = None) -> tuple[int, list[int]]:
        """The batch in one transaction, each update in a savepoint of its own (a session
        joined to the transaction's connection: one that fails is rolled back alone, as a
        turn of its own transaction would be); how many were new, and the chats whose
        updates wait behind older ones (stored pending, in order). `chats`: every chat of
        a batch shared among threads; a turn's writes to the dialogue of a chat of another
        share are made after the commit (actions/core/state.py, `Later`)."""
        new, waiting = 0, dict[int, None]()
        later = Later(chats - {i.chat_id for i in batch}) if chats else None
        with session_scope(self.sessions) as batch_session:
            joined = partial(session_scope, partial(
                self.sessions, bind=batch_session.connection(),
                join_transaction_mode="create_savepoint"))
            scope = partial(keeping, joined, later) if later else joined
            for incoming in batch:
                handled = self._handle_at_once(incoming, scope)
                if handled is None:
                    waiting[incoming.chat_id] = None
                    with scope() as session:
                        handled = inbox.store(session, **_stored(incoming), now=self.clock.now())
                new += handled
        if later:
            later.write(self.sessions)
        return new, list(waiting)

    def _handle_at_once(self, incoming: Incoming,
                        scope: Callable[[], AbstractContextManager[Session]] | None = None
                        ) -> bool | None:
        """A chat with nothing waiting (the usual case): store, handle and mark the event done
        in one transaction (or, in a batch, a savepoint of the batch's: `scope`), whose commit
        stores it. None when something older of the chat waits: then it goes through the
        inbox in order. A failed turn is rolled back and the event stored on its own,
        pending, with the failure counted (retried like any other)."""
        scope = scope or partial(session_scope, self.sessions)
        now = self.clock.now()
        incoming = _with_update_id(incoming)
        turning = False
        refusal: _Refusal | None = None
        error = ""
        for _ in range(2):  # a refused turn is rolled back whole, then written again
            try:
                with scope() as session:
                    stored = inbox.store_handled(session, **_stored(incoming), now=now)
                    if not stored and refusal is None:
                        return stored  # False: a redelivery; None: the chat has items waiting
                    if not stored:  # taken meanwhile: stored pending below, tried again
                        raise RuntimeError("the chat was taken while its refusal was written")
                    turning = True
                    if refusal is None:
                        self._turn(session, incoming, now, savepoint=False)
                    else:
                        self._refused(session, incoming, now, refusal)
                return True
            except _Refusal as exc:
                refusal = exc
            except Exception as exc:
                if not turning:
                    raise  # the database itself: nothing stored, nothing to acknowledge
                log.exception("turn failed (update %s of %s)", incoming.update_id,
                              incoming.source)
                error = f"{type(exc).__name__}: {exc}"[:300]
                break
        with scope() as session:  # errors propagate: not acknowledged
            if not inbox.store(session, **_stored(incoming), now=now):
                return False
            item = inbox.find(session, source=incoming.source,
                              update_id=int(incoming.update_id or 0))
            if item is not None:
                self._count_failure(session, item, now, error)
        return True

    def receive(self, incoming: Incoming) -> bool:
        """Store what arrived (committed when this returns); False when it was stored before.

        Database errors propagate: the adapter must not acknowledge the update then."""
        return self.receive_all([incoming]) == 1

    def receive_all(self, batch: Sequence[Incoming]) -> int:
        """Store a batch in one transaction (a getUpdates answer); how many were new."""
        now = self.clock.now()
        with session_scope(self.sessions) as session:
            return sum(inbox.store(session, **_stored(_with_update_id(i)), now=now)
                       for i in batch)

    def process(self, *, chat_id: int | None = None, limit: int | None = None) -> int:
        """Handle due inbox items, each in the transaction that marks it done; how many."""
        handled = 0
        while limit is None or handled < limit:
            if self._process_one(chat_id) is None:
                break
            handled += 1
        self._parser_alerts()
        return handled

    def _process_one(self, chat_id: int | None) -> bool | None:
        """One due item: True handled, False failed (retried or parked), None nothing due."""
        now = self.clock.now()
        item_id: int | None = None
        try:
            with session_scope(self.sessions) as session:
                item = inbox.next_due(session, now=now, chat_id=chat_id)
                if item is None:
                    return None
                item_id = item.id
                incoming = Incoming(**item.payload)
                inbox.take_chat(session, chat_id=item.chat_id)
                if now - item.received_at > inbox.LATE:
                    queue_message(session, chat_id=incoming.chat_id, now=now,
                                  text=self.texts.render("sorry_late"))
                self._turn(session, incoming, now)
                inbox.mark_done(item, now=now)
            return True
        except Exception as exc:
            if item_id is None:
                raise  # the database itself: nothing was taken, the caller tries later
            log.exception("turn failed (inbox item %s)", item_id)
            self._failed(item_id, now, f"{type(exc).__name__}: {exc}"[:300])
            return False

    def _failed(self, item_id: int, now: datetime, error: str) -> None:
        """Count a failed try of an inbox item in a transaction of its own."""
        try:
            with session_scope(self.sessions) as session:
                item = session.get(InboxItem, item_id)
                if item is not None:
                    self._count_failure(session, item, now, error)
        except SQLAlchemyError:
            log.exception("could not record the failure of inbox item %s", item_id)

    def _count_failure(self, session: Session, item: InboxItem, now: datetime,
                       error: str) -> None:
        """Count a failed try; once parked, tell the person kindly and staff (ids only)."""
        if not inbox.mark_failed(item, now=now, error=error):
            return
        queue_message(session, chat_id=item.chat_id, now=now,
                      text=self.texts.render("sorry_error"))
        staff = staff_chat_for(session, community_id=None,
                               configured=self.settings.staff_chat_id)
        if staff is not None:
            queue_message(session, chat_id=staff, now=now, text=self.texts.render(
                "turn_parked_staff", id=item.id, tries=item.attempts, source=item.source))

    def _parser_alerts(self) -> None:
        """Tell staff what the NLU backend reported (e.g. Rasa down, embedded engine in use)."""
        take = getattr(self.parser, "take_alerts", None)
        for text in take() if callable(take) else []:
            self._alert_staff(text)

    def run_jobs(self) -> None:
        """Run every scheduled job once, each in its own unit of work (and, on PostgreSQL,
        only in the process that holds the job's advisory lock for this run)."""
        for job in JOBS.values():
            try:
                with session_scope(self.sessions) as session:
                    if exclusive(session, f"job:{job.name}"):
                        job.run(Tick(session, self.settings, self.texts, self.clock.now()))
            except Exception:
                log.exception("job %s failed", job.name)
                self._alert_staff(self.texts.render("job_failed_staff", job=job.name))

    def _turn(self, session: Session, incoming: Incoming, now: datetime, *,
              savepoint: bool = True) -> None:
        """Understand and handle one event. A refusal (LinliError) undoes what the turn wrote
        and is said instead: within a savepoint, or (savepoint=False, the caller writes the
        refusal again in a fresh transaction, `_refused`) by raising _Refusal, so a turn that
        is not refused, nearly every one, costs no SAVEPOINT and RELEASE round trips."""
        person, stored = person_and_dialogue(session, user_id=incoming.user_id, now=now,
                                             chat_id=incoming.chat_id,
                                             display_name=incoming.display_name)
        state = _json_copy(stored.data)  # nested changes must show as a new value
        ctx = Context(session, self.settings, self.texts, now, person=person,
                      chat_id=incoming.chat_id, state=state)
        understand(ctx, self.parser, self.settings, text=incoming.text,
                   button=incoming.button, photo=incoming.photo)
        if savepoint:
            try:
                with session.begin_nested():
                    run_turn(ctx)
            except LinliError as exc:
                ctx.say(exc.message_zh)
        else:
            traditional = person.traditional  # as understanding left it (kept by a refusal)
            try:
                run_turn(ctx)
            except LinliError as exc:
                raise _Refusal(ctx, state, traditional, exc) from exc
        self._end_turn(ctx, stored, state, now)

    def _refused(self, session: Session, incoming: Incoming, now: datetime,
                 refusal: _Refusal) -> None:
        """A refused turn written again after its transaction was rolled back: what a
        savepoint's rollback keeps (the person's script, the dialogue as the turn left it),
        and the refusal said."""
        person, stored = person_and_dialogue(session, user_id=incoming.user_id, now=now,
                                             chat_id=incoming.chat_id,
                                             display_name=incoming.display_name)
        person.traditional = refusal.traditional
        ctx = refusal.ctx
        ctx.session, ctx.person = session, person
        ctx.say(refusal.error.message_zh)
        self._end_turn(ctx, stored, refusal.state, now)

    @staticmethod
    def _end_turn(ctx: Context, stored: DialogueState, state: dict[str, Any],
                  now: datetime) -> None:
        """Keep the dialogue as the turn left it: written with the turn's replies
        (`write_replies_with_dialogue`: one statement on PostgreSQL), or, for a dialogue new
        in this turn, by the session's flush."""
        state["buttons"] = keyboard_to_json(ctx.sent_buttons or [], words=True)
        state["last_seen"] = now.isoformat()
        if inspect(stored).persistent:
            write_replies_with_dialogue(ctx.session, dialogue_id=stored.id, data=state, now=now)
            set_committed_value(stored, "data", state)  # written: no flush of its own
            set_committed_value(stored, "updated_at", now)
            return
        stored.data = state
        stored.updated_at = now

    def _alert_staff(self, text: str) -> None:
        with session_scope(self.sessions) as session:
            chat = staff_chat_for(session, community_id=None,
                                  configured=self.settings.staff_chat_id)
            if chat is not None:
                queue_message(session, chat_id=chat, now=self.clock.now(), text=text)


def _with_update_id(incoming: Incoming) -> Incoming:
    """The event with an update id (one of its own when the messenger gave none)."""
    if incoming.update_id is not None:
        return incoming
    return replace(incoming, update_id=inbox.local_update_id())


def _stored(incoming: Incoming) -> dict[str, Any]:
    """What the inbox keeps of an event that has its update id."""
    return {"source": incoming.source, "update_id": int(incoming.update_id or 0),
            "chat_id": incoming.chat_id, "payload": incoming.payload()}


def _json_copy(value: Any) -> Any:
    """A deep copy of JSON (dicts, lists, plain values): what copy.deepcopy makes of it, in a
    fraction of the time."""
    if isinstance(value, dict):
        return {key: _json_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_copy(item) for item in value]
    return value


class _Refusal(Exception):
    """A turn refused without a savepoint: its transaction is rolled back, then the refusal
    is written in a fresh one (Conversation._refused)."""

    def __init__(self, ctx: Context, state: dict[str, Any], traditional: bool,
                 error: LinliError) -> None:
        super().__init__(error.message_zh)
        self.ctx, self.state, self.traditional, self.error = ctx, state, traditional, error




def exclusive(session: Session, name: str) -> bool:
    """On PostgreSQL, whether this transaction got the named advisory lock (another process
    running the same work skips it); SQLite serves one process and always says yes."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    return bool(session.scalar(select(func.pg_try_advisory_xact_lock(schema_lock_key(name)))))


__all__ = ["Conversation", "Incoming", "Parser"]
