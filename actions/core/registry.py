"""Where capabilities plug in: intent and button handlers, forms, scheduled jobs.

A capability module decorates its functions; `load_capabilities()` imports every module of the
`actions` package and its capability subpackages once, so adding a capability touches no
central list.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, overload

from actions.core.errors import rendering

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

    from sqlalchemy.orm import Session

    from actions.core.context import Context, Tick
    from actions.core.forms import Form
    from actions.db.community import Community, Resident

Handler = Callable[["Context"], None]
JobHandler = Callable[["Tick"], None]
Seeder = Callable[["Session", "Community", "Path", "datetime"], None]

HANDLERS: dict[str, Handler] = {}
FORMS: dict[str, Form] = {}
JOBS: dict[str, Job] = {}
SEEDERS: dict[str, Seeder] = {}
SPEAKERS: list[SpeakerRule] = []
ANSWER_RULES: list[AnswerRule] = []


@dataclass(frozen=True)
class Speaking:
    """Who is speaking: resident | family | contact | staff, and the person they speak of (or,
    for staff, the elders they look after as a check-in contact: the one their words name)."""

    role: str
    about: Resident | None = None
    looks_after: tuple[Resident, ...] = ()


SpeakerRule = Callable[["Context"], Speaking | None]
# typed words that answer a question asked outside this chat's turns (a vote put to the group):
# True when the rule took the message
AnswerRule = Callable[["Context"], bool]
# a cheap test before a reader: False when the reader would surely take nothing
Precondition = Callable[["Context"], bool]


@dataclass(frozen=True)
class Job:
    """Scheduled work, run on every tick; it finds what is due in the database itself."""

    name: str
    run: JobHandler


def on(*names: str) -> Callable[[Handler], Handler]:
    """Register a handler for intents, button actions ("/name:arg") or commands ("/name")."""

    def register(fn: Handler) -> Handler:
        wrapped = _HANDLER_OF.setdefault(fn, _rendering_errors(fn))
        for name in names:
            if name in HANDLERS and HANDLERS[name] is not wrapped:
                raise ValueError(f"two handlers for {name!r}")
            HANDLERS[name] = wrapped
        return fn

    return register


_HANDLER_OF: dict[Handler, Handler] = {}


def handle_as(ctx: Context, name: str) -> None:
    """Handle the message as intent `name`, what its words turned out to ask for (the NLU
    read it as something else)."""
    ctx.parse["intent"] = {"name": name, "confidence": 1.0}
    HANDLERS[name](ctx)


def _rendering_errors(fn: Handler) -> Handler:
    """The handler, with a keyed Refused / Invalid rendered from the texts before it leaves."""

    @functools.wraps(fn)
    def handle(ctx: Context) -> None:
        with rendering(ctx.texts):
            fn(ctx)

    return handle


def form(definition: Form) -> Form:
    """Register a form."""
    FORMS[definition.name] = definition
    return definition


def job(name: str) -> Callable[[JobHandler], JobHandler]:
    """Register scheduled work, called on every tick; it finds in the database what is due."""

    def register(fn: JobHandler) -> JobHandler:
        JOBS[name] = Job(name, fn)
        return fn

    return register


def speaker(fn: SpeakerRule) -> SpeakerRule:
    """Register a rule that knows who is speaking in a situation (e.g. a check-in contact)."""
    SPEAKERS.append(fn)
    return fn


@overload
def answer_rule(fn: AnswerRule) -> AnswerRule: ...


@overload
def answer_rule(*, when: Precondition) -> Callable[[AnswerRule], AnswerRule]: ...


def answer_rule(fn: AnswerRule | None = None, *, when: Precondition | None = None
                ) -> AnswerRule | Callable[[AnswerRule], AnswerRule]:
    """Register a reader of typed answers to questions the database knows are open for this
    person (a household vote, an offer made by a job); tried before the intent's handler.
    `when`: a cheap test (no query of its own) false only when the reader would surely take
    nothing, so an ordinary message costs the reader no queries: `@answer_rule(when=...)`."""

    def register(reader: AnswerRule) -> AnswerRule:
        ANSWER_RULES.append(_rendering_answers(reader, when))
        return reader

    return register if fn is None else register(fn)


def _rendering_answers(fn: AnswerRule, when: Precondition | None) -> AnswerRule:
    @functools.wraps(fn)
    def read(ctx: Context) -> bool:
        if when is not None and not when(ctx):
            return False
        with rendering(ctx.texts):
            return fn(ctx)

    return read


def seeder(name: str) -> Callable[[Seeder], Seeder]:
    """Register a loader of a capability's demo data, run after the demo community exists."""

    def register(fn: Seeder) -> Seeder:
        SEEDERS[name] = fn
        return fn

    return register


_loaded = False
ENGINE = ("actions.core", "actions.db")  # not capabilities: imported by those that use them


def load_capabilities() -> None:
    """Import every capability module (subpackages too) so their registrations run."""
    global _loaded
    if _loaded:
        return
    import actions

    for info in pkgutil.walk_packages(actions.__path__, "actions."):
        leaf = info.name.rsplit(".", 1)[-1]
        if not leaf.startswith("_") and not info.name.startswith(ENGINE):
            importlib.import_module(info.name)
    _loaded = True
