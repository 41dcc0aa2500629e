"""Retention prunes done inbox items, sent outbox rows and idle dialogue states older than
RETENTION_DAYS, keeps what is newer or still referenced, and never touches the audit log."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from actions.core.clock import ManualClock
from actions.core.context import Tick
from actions.db import session_scope
from actions.db.conversation import AuditLog, DialogueState, InboxItem, JobRun, OutboxMessage
from actions.retention import prune, prune_some
from bot.wiring import Linli
from tests.factories import make_resident


def _count(session: Session, model: type[object]) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _seed(session: Session, now: datetime) -> None:
    person = make_resident(session)
    for age in (200, 5):
        at = now - timedelta(days=age)
        session.add(InboxItem(source="t", update_id=age, chat_id=1, payload={}, status="done",
                              attempts=1, received_at=at, next_attempt_at=at, done_at=at))
        session.add(OutboxMessage(chat_id=1, text="x", buttons=[], created_at=at,
                                  send_after=at, sent_at=at))
        session.add(AuditLog(at=at, actor_id=person.id, action="x"))
    old = now - timedelta(days=200)
    session.add(InboxItem(source="t", update_id=1, chat_id=1, payload={}, status="parked",
                          attempts=3, received_at=old, next_attempt_at=old, done_at=old))
    session.add(OutboxMessage(chat_id=1, text="unsent", buttons=[], created_at=old,
                              send_after=old))
    session.add(DialogueState(resident_id=person.id, chat_id=1, data={}, updated_at=old))


def test_old_done_rows_go_and_the_rest_stays(linli: Linli, clock: ManualClock) -> None:
    clock.set(clock.now().replace(hour=3, minute=5))
    with session_scope(linli.sessions) as session:
        before_out = _count(session, OutboxMessage)
        before_in = _count(session, InboxItem)
        _seed(session, clock.now())
    with session_scope(linli.sessions) as session:
        prune(Tick(session, linli.settings, linli.conversation.texts, clock.now()))
    with session_scope(linli.sessions) as session:
        assert _count(session, InboxItem) == before_in + 2  # the recent one and the parked one
        assert _count(session, OutboxMessage) == before_out + 2  # recent, and never sent
        assert _count(session, DialogueState) == 0
        assert _count(session, AuditLog) == 2
        assert session.scalar(select(JobRun.id).where(JobRun.key.like("retention:%")))


def test_a_big_backlog_is_pruned_over_several_ticks(linli: Linli, clock: ManualClock) -> None:
    with session_scope(linli.sessions) as session:
        _seed(session, clock.now())
        cutoff = clock.now() - timedelta(days=90)
        assert not prune_some(session, cutoff=cutoff, batches=1)
        assert prune_some(session, cutoff=cutoff, batches=10)
