"""Staff actions from the browser go through the chat's own code.

A button in the console sends the same data as the chat's button ("/t_accept:12"); the handler
runs with a `WebContext`: the Context the pipeline builds, whose replies to the staff member are
collected for the page instead of queued as chat messages. Everything else (role checks, the
audit log, the residents' messages in the outbox) is exactly what the chat does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from actions.core.context import Context
from actions.core.errors import LinliError
from actions.core.registry import HANDLERS, load_capabilities
from actions.core.texts import Button, Keyboard
from actions.db.community import Resident

if TYPE_CHECKING:
    from bot.web.state import Console


@dataclass
class WebContext(Context):
    """A turn from the console: replies are shown on the page, not sent to a chat."""

    said: list[str] = field(default_factory=list)
    offered: Keyboard = field(default_factory=list)

    def say(self, text: str, *, buttons: Keyboard | None = None) -> None:
        """Keep the reply (and its buttons) for the page."""
        self.said.append(text)
        if buttons:
            self.offered.extend(buttons)
            self.sent_buttons = buttons


@dataclass(frozen=True)
class Outcome:
    """What an action answered: ok or refused, the words, the buttons it offered."""

    ok: bool
    text: str
    buttons: list[Button] = field(default_factory=list)


def make_context(console: Console, session: Session, person: Resident, *, name: str = "",
                 args: str = "") -> WebContext:
    """The Context the pipeline would build for this person pressing a button."""
    linli = console.linli
    conversation = linli.conversation
    return WebContext(session, linli.settings, conversation.texts, linli.clock.now(),
                      person=person, chat_id=person.telegram_id or 0, args=args,
                      parse={"text": "", "intent": {"name": name, "confidence": 1.0},
                             "entities": [], "explicit": True},
                      traditional=False)


def run(console: Console, session: Session, person: Resident,
        action: Callable[[WebContext], None], *, name: str = "", args: str = "") -> Outcome:
    """Run an action in its own savepoint; a refusal rolls back what it started."""
    ctx = make_context(console, session, person, name=name, args=args)
    try:
        with session.begin_nested():
            action(ctx)
    except LinliError as exc:
        return Outcome(False, exc.message_zh)
    return Outcome(True, "\n".join(ctx.said), [b for row in ctx.offered for b in row])


def press(console: Console, session: Session, person: Resident, data: str) -> Outcome:
    """Press a chat button ("/t_resolve:12") as this person."""
    load_capabilities()
    name, _, args = data.lstrip("/").partition(":")
    handler = HANDLERS[name]
    return run(console, session, person, handler, name=name, args=args)
