"""Builds a running Linli from settings: database, NLU backend, texts, the conversation."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from actions.core.clock import Clock, SystemClock
from actions.core.pipeline import Conversation, Parser
from actions.core.seed import is_empty, seed_demo
from actions.core.settings import Settings
from actions.core.texts import Texts
from actions.db import make_engine, make_session_factory, session_scope
from actions.db.migrate import upgrade

log = logging.getLogger(__name__)


@dataclass
class Linli:
    """Everything a running bot needs, built once."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    conversation: Conversation
    clock: Clock


def build_parser(settings: Settings) -> Parser:
    """The configured NLU backend (embedded by default; Rasa falls back to embedded)."""
    from nlu import ensure_model

    embedded = ensure_model(Path(settings.data_dir), Path(settings.model_dir))
    if settings.nlu_backend == "rasa":
        from nlu.rasa_client import RasaWithFallback

        return RasaWithFallback(settings.rasa_url, embedded)
    return embedded


def build(settings: Settings, *, clock: Clock | None = None, parser: Parser | None = None,
          migrate: bool = True, seed: bool = True, engine: Engine | None = None) -> Linli:
    """Migrate, seed the demo community when empty, load the NLU, wire the conversation
    (on `engine` when given: one of settings.database_url, kept with its statement cache)."""
    if migrate:
        upgrade(settings.database_url)
    engine = engine or make_engine(settings.database_url,
                                   sqlite_synchronous=settings.sqlite_synchronous)
    sessions = make_session_factory(engine)
    clock = clock or SystemClock()
    if seed:
        with session_scope(sessions) as session:
            if is_empty(session):
                seed_demo(session, data_dir=Path(settings.data_dir), now=clock.now())
                log.info("loaded the demo community")
    texts = Texts.load(Path(settings.data_dir) / "responses")
    conversation = Conversation(sessions=sessions, settings=settings, texts=texts,
                                parser=parser or build_parser(settings), clock=clock)
    return Linli(settings, engine, sessions, conversation, clock)
