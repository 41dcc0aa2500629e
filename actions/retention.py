"""Retention: what only mattered for a while is deleted once it is older than the office's
RETENTION_DAYS (default 90), so the tables a turn reads stay the size of what is current.

Pruned: handled inbox items (done; parked ones stay for staff), outbox rows sent or given up
(except those a check-in round or an announcement still points to), dialogue states nobody
touched since. Kept: the audit log (it is evidence; indexed by time, a turn never reads it),
tickets and their events, check-in rounds, bookings.

The job runs once a local day from 03:00, in batches, a bounded number a tick, so a first run
on a year of rows spreads over a few minutes instead of holding the write lock for long.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import ColumnElement, Delete, delete, select
from sqlalchemy.orm import Session

from actions.core.context import Tick
from actions.core.registry import job
from actions.db.checkins import CheckinRound
from actions.db.community_life import AnnouncementDelivery
from actions.db.conversation import DialogueState, InboxItem, JobRun, OutboxMessage

BATCH = 5_000
BATCHES_PER_TICK = 10
STARTS = time(3, 0)  # local time: the quietest hour


@job("retention")
def prune(tick: Tick) -> None:
    """Delete what is older than RETENTION_DAYS, a bounded amount a tick, once a day."""
    if tick.local_now.time() < STARTS:
        return
    key = f"retention:{tick.today.isoformat()}"
    if tick.session.scalar(select(JobRun.id).where(JobRun.key == key)) is not None:
        return
    cutoff = tick.now - timedelta(days=tick.settings.retention_days)
    if prune_some(tick.session, cutoff=cutoff, batches=BATCHES_PER_TICK):
        tick.session.add(JobRun(key=key, ran_at=tick.now))


def prune_some(session: Session, *, cutoff: datetime, batches: int) -> bool:
    """Up to `batches` deletions of BATCH rows; True when nothing older than cutoff is left."""
    for kind in (_inbox, _outbox, _states):
        while True:
            if batches == 0:
                return False
            batches -= 1
            if _delete_batch(session, *kind(cutoff)) < BATCH:
                break
    return True


def _delete_batch(session: Session, table: type[InboxItem] | type[OutboxMessage]
                  | type[DialogueState], where: ColumnElement[bool]) -> int:
    ids = list(session.scalars(select(table.id).where(where).limit(BATCH)))
    if ids:
        statement: Delete = delete(table).where(table.id.in_(ids))
        session.execute(statement, execution_options={"synchronize_session": False})
    return len(ids)


def _inbox(cutoff: datetime) -> tuple[type[InboxItem], ColumnElement[bool]]:
    return InboxItem, (InboxItem.status == "done") & (InboxItem.done_at < cutoff)


def _outbox(cutoff: datetime) -> tuple[type[OutboxMessage], ColumnElement[bool]]:
    finished = (OutboxMessage.sent_at < cutoff) | (OutboxMessage.failed_at < cutoff)
    # NOT IN a list (materialized once a statement), not a correlated NOT EXISTS: neither
    # referencing column is indexed
    return OutboxMessage, finished & OutboxMessage.id.not_in(
        select(CheckinRound.outbox_id).where(CheckinRound.outbox_id.is_not(None))) & \
        OutboxMessage.id.not_in(select(AnnouncementDelivery.outbox_id))


def _states(cutoff: datetime) -> tuple[type[DialogueState], ColumnElement[bool]]:
    return DialogueState, DialogueState.updated_at < cutoff
