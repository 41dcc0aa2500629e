"""The message pipeline no messenger owns: normalize -> NLU -> dialogue state -> action -> outbox.

Adapters (console, Telegram, tests) turn what arrives into an `Incoming`, call
`Conversation.handle`, then deliver what the outbox holds.
"""

from __future__ import annotations

import copy
import logging
import traceback
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from actions.core.clock import Clock
from actions.core.context import Context, Tick
from actions.core.dialogue import run_turn
from actions.core.errors import LinliError
from actions.core.outbox import queue_message
from actions.core.people import get_or_create_person, staff_chat_for
from actions.core.registry import JOBS, load_capabilities
from actions.core.settings import Settings
from actions.core.texts import Texts, keyboard_from_json, keyboard_to_json
from actions.db.base import session_scope
from actions.db.community import Resident
from actions.db.conversation import DialogueState, ProcessedUpdate
from nlu import is_traditional

log = logging.getLogger(__name__)


class Parser(Protocol):
    """An NLU backend: text in, Rasa /model/parse JSON out."""

    def parse(self, text: str, *, ref_date: date | None = None, tz: str = "Asia/Shanghai",
              context: str | None = None) -> dict[str, Any]: ...


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

    def handle(self, incoming: Incoming) -> bool:
        """Handle one event; False when this update was handled before (redelivery)."""
        now = self.clock.now()
        try:
            with session_scope(self.sessions) as session:
                if not self._first_delivery(session, incoming, now):
                    return False
                self._turn(session, incoming, now)
        except Exception:
            log.exception("turn failed (source=%s update=%s)", incoming.source,
                          incoming.update_id)
            self._report_failure(incoming, now, traceback.format_exc(limit=3))
        self._parser_alerts()
        return True

    def _parser_alerts(self) -> None:
        """Tell staff what the NLU backend reported (e.g. Rasa down, embedded engine in use)."""
        take = getattr(self.parser, "take_alerts", None)
        for text in take() if callable(take) else []:
            self._alert_staff(text)

    def run_jobs(self) -> None:
        """Run every scheduled job once, each in its own unit of work."""
        for job in JOBS.values():
            try:
                with session_scope(self.sessions) as session:
                    job.run(Tick(session, self.settings, self.texts, self.clock.now()))
            except Exception:
                log.exception("job %s failed", job.name)
                self._alert_staff(f"定时任务 {job.name} 出错，已记录日志，请技术人员查看。")

    def _first_delivery(self, session: Session, incoming: Incoming, now: datetime) -> bool:
        if incoming.update_id is None:
            return True
        try:
            with session.begin_nested():
                session.add(ProcessedUpdate(source=incoming.source, update_id=incoming.update_id,
                                            processed_at=now))
        except IntegrityError:
            return False
        return True

    def _turn(self, session: Session, incoming: Incoming, now: datetime) -> None:
        person = get_or_create_person(session, telegram_id=incoming.user_id,
                                      display_name=incoming.display_name, now=now)
        stored = self._state(session, person, incoming.chat_id, now)
        state = copy.deepcopy(stored.data)  # nested changes must show as a new value
        ctx = Context(session, self.settings, self.texts, now, person=person,
                      chat_id=incoming.chat_id, state=state)
        self._understand(ctx, incoming)
        try:
            with session.begin_nested():
                run_turn(ctx)
        except LinliError as exc:
            ctx.say(exc.message_zh)
        state["buttons"] = keyboard_to_json(ctx.sent_buttons or [])
        state["last_seen"] = now.isoformat()
        stored.data = state
        stored.updated_at = now

    def _understand(self, ctx: Context, incoming: Incoming) -> None:
        """Fill ctx.parse (and args) from text, a button, or a command."""
        ctx.photo = incoming.photo
        if incoming.button is not None:
            self._press(ctx, incoming.button)
            return
        text = (incoming.text or "").strip()
        if is_traditional(text) != ctx.person.traditional and _has_han(text):
            ctx.person.traditional = is_traditional(text)
        ctx.traditional = ctx.person.traditional
        if text.startswith("/"):
            self._command(ctx, text)
            return
        ctx.parse = self.parser.parse(text, ref_date=ctx.today, tz=self.settings.timezone,
                                      context=ctx.state.get("context"))
        confidence = float(ctx.parse["intent"].get("confidence", 0.0))
        if confidence < self.settings.nlu_threshold:
            ctx.parse["intent"] = {"name": "nlu_fallback", "confidence": confidence}
        self._typed_button(ctx, text)

    def _command(self, ctx: Context, text: str) -> None:
        head, args = (text.split(maxsplit=1) + [""])[:2]  # "/menu\n周一：…" keeps its lines
        name = head[1:].split("@", 1)[0].lower()
        ctx.args = args.strip()
        ctx.parse = {"text": text, "intent": {"name": name, "confidence": 1.0}, "entities": [],
                     "explicit": True}

    def _press(self, ctx: Context, data: str) -> None:
        ctx.traditional = ctx.person.traditional
        if data.startswith("="):
            name, args = "form_answer", data[1:]
        else:
            name, _, args = data.lstrip("/").partition(":")
        ctx.args = args
        ctx.parse = {"text": "", "intent": {"name": name, "confidence": 1.0}, "entities": [],
                     "explicit": True}

    def _typed_button(self, ctx: Context, text: str) -> None:
        """A typed label, or a typed yes / no, counts as pressing the button offered last."""
        offered = [b for row in keyboard_from_json(ctx.state.get("buttons", [])) for b in row]
        for button in offered:
            if text == button.label:
                self._press(ctx, button.data)
                ctx.parse["text"] = text
                return
        datas = {b.data for b in offered}
        if ctx.intent in ("affirm", "deny") and f"/{ctx.intent}" in datas:
            return
        if ctx.intent == "affirm" and len(offered) == 1:
            self._press(ctx, offered[0].data)

    def _state(self, session: Session, person: Resident, chat_id: int,
               now: datetime) -> DialogueState:
        stored = session.scalar(select(DialogueState).where(
            DialogueState.resident_id == person.id, DialogueState.chat_id == chat_id))
        if stored is None:
            stored = DialogueState(resident_id=person.id, chat_id=chat_id, data={},
                                   updated_at=now)
            session.add(stored)
        return stored

    def _report_failure(self, incoming: Incoming, now: datetime, trace: str) -> None:
        with session_scope(self.sessions) as session:
            queue_message(session, chat_id=incoming.chat_id, now=now,
                          text=self.texts.render("sorry_error"))
        last = trace.strip().splitlines()[-1]
        said = incoming.text or incoming.button or ""
        self._alert_staff(f"处理一条消息时出错（{incoming.source} 更新 {incoming.update_id}）："
                          f"{last}\n原话：{said}")

    def _alert_staff(self, text: str) -> None:
        with session_scope(self.sessions) as session:
            chat = staff_chat_for(session, community_id=None,
                                  configured=self.settings.staff_chat_id)
            if chat is not None:
                queue_message(session, chat_id=chat, now=self.clock.now(), text=text)


def _has_han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


__all__ = ["Conversation", "Incoming", "Parser"]
