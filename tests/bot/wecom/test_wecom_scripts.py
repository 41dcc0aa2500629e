"""The stories of docs/scripts over the WeCom peer end as they end in the console (where
Telegram's buttons are pressed): the same tickets, in the same states."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, or_, select

from actions.core.clock import ManualClock
from actions.core.settings import Settings
from actions.db import Base, session_scope
from actions.db.community import Resident
from actions.db.community_life import EventSignup
from actions.db.tickets import Ticket
from bot.console import ConsoleChat
from bot.wiring import Linli, build
from nlu import NluModel
from tests.bot.wecom.conftest import RunningWeCom
from tests.bot.wecom.replay import WeComReplay

SCRIPTS = Path(__file__).resolve().parents[3] / "docs" / "scripts"
session_loop = pytest.mark.asyncio(loop_scope="session")
# how a story was carried, not what it did: these differ between channels by design (and an
# invite code used on 微信客服 leaves the empty record its first message made: residents are
# compared by the named ones)
CHANNEL_TABLES = {"inbox", "outbox", "dialogue_states", "endpoints", "channel_cursors",
                  "job_runs", "audit_log", "counters", "announcement_deliveries", "residents"}


Outcome = list[tuple[object, ...]]


def outcome(linli: Linli) -> Outcome:
    """What the story changed: each ticket (number, status, score, reopened, taker) and each
    person (name, verified, address)."""
    with session_scope(linli.sessions) as session:
        rows: Outcome = []
        for t in session.scalars(select(Ticket).order_by(Ticket.id)):
            taker = session.get(Resident, t.assignee_id) if t.assignee_id else None
            rows.append((t.number, t.status, t.score, t.reopened,
                         taker.name if taker else ""))
        rows += sorted((p.name, p.verified, p.address() or "") for p in session.scalars(
            select(Resident)) if p.name)
        for table in Base.metadata.sorted_tables:  # every record the story made, by status
            if table.name in CHANNEL_TABLES:
                continue
            column = table.c.get("status")
            statuses = sorted(str(v) for v in session.scalars(select(column))) \
                if column is not None else []
            count = session.scalar(select(func.count()).select_from(table).where(
                *_made_by_the_story(table)))
            rows.append((table.name, count, *statuses))
        return rows


def _made_by_the_story(table: Any) -> list[Any]:
    """Event dates are written when someone first looks at them (which lookups do depends on
    the channel's words): only those with a sign-up or cancelled are the story's."""
    if table.name != "event_occurrences":
        return []
    signed = select(EventSignup.occurrence_id)
    return [or_(table.c.cancelled.is_(True), table.c.id.in_(signed))]


def console_outcome(script: str, settings: Settings, tmp_path: Path,
                    nlu_model: NluModel, clock: ManualClock) -> Outcome:
    other = settings.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'tg.db'}"})
    linli = build(other, clock=ManualClock(clock.now()), parser=nlu_model)
    try:
        ConsoleChat(linli, out=io.StringIO()).run_script(
            (SCRIPTS / script).read_text(encoding="utf-8").splitlines())
        return outcome(linli)
    finally:
        linli.engine.dispose()


@session_loop
@pytest.mark.parametrize("script", sorted(p.name for p in SCRIPTS.glob("*.txt")))
async def test_a_story_ends_the_same_over_wecom(
        script: str, running: RunningWeCom, settings: Settings, tmp_path: Path,
        nlu_model: NluModel, clock: ManualClock) -> None:
    expected = console_outcome(script, settings, tmp_path, nlu_model, clock)
    await WeComReplay(running).run((SCRIPTS / script).read_text(encoding="utf-8").splitlines())
    assert outcome(running.linli) == expected
