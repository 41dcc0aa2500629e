"""What keeps conversations and deliveries safe across restarts.

- `InboxItem`: every update a messenger delivers, committed before the messenger is told it
  arrived, then handled in order per chat; a redelivered update is stored (and handled) once.
- `Counter`: numbers that never collide (BX-20261118-007), taken by one conditional UPDATE.
- `DialogueState`: the open form and pending question of a person in a chat.
- `OutboxMessage`: every message the bot sends is first a row, written in the same transaction
  as the change that caused it, then delivered (rate-limited, retried, reported when it fails).
- `JobRun`: a scheduled piece of work that must happen once per period (e.g. one digest a day).
- `AuditLog`: every staff action, by ids only (no personal data).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from actions.db.base import Base


class InboxItem(Base):
    """One update from a messenger: stored first, handled later, in order within its chat.

    status: pending (to handle, at `next_attempt_at`) -> done | parked (failed MAX_TRIES times:
    shown to staff, the person told kindly). `payload` is what the adapter made of the update.
    """

    __tablename__ = "inbox"
    __table_args__ = (UniqueConstraint("source", "update_id"),
                      Index("ix_inbox_pending", "status", "chat_id", "id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(20))
    update_id: Mapped[int] = mapped_column(BigInteger)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    received_at: Mapped[datetime]
    next_attempt_at: Mapped[datetime]
    done_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(String(300))


class Counter(Base):
    """A named sequence (e.g. BX-20261118 in community 1): the last number given out."""

    __tablename__ = "counters"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[int] = mapped_column(default=0)


class DialogueState(Base):
    """The conversation state of one person in one chat."""

    __tablename__ = "dialogue_states"
    __table_args__ = (UniqueConstraint("resident_id", "chat_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), index=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(index=True)  # retention prunes by age


class OutboxMessage(Base):
    """A message to deliver to a chat."""

    __tablename__ = "outbox"
    # what is due is read after every turn: a partial index holds only the unsent rows, so the
    # query costs what waits, not what was ever sent. Its column is sent_at (the one filtered
    # with IS NULL): SQLite's planner then takes it over ix_outbox_send_after's range.
    __table_args__ = (Index("ix_outbox_due", "sent_at",
                            sqlite_where=text("sent_at IS NULL AND failed_at IS NULL"),
                            postgresql_where=text("sent_at IS NULL AND failed_at IS NULL")),)
    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    text: Mapped[str] = mapped_column(Text)
    buttons: Mapped[list[Any]] = mapped_column(default=list)
    photo: Mapped[str | None] = mapped_column(String(300))
    voice: Mapped[str | None] = mapped_column(String(300))  # a voice message to pass on
    parts: Mapped[int | None]  # how many messages delivering it took (counted in rate limits)
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime]
    send_after: Mapped[datetime] = mapped_column(index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(String(300))
    message_id: Mapped[int | None] = mapped_column(BigInteger)


class JobRun(Base):
    """Marks a once-per-period job as done (the key names job and period)."""

    __tablename__ = "job_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    ran_at: Mapped[datetime]


class AuditLog(Base):
    """One staff action: who, what, on which record, when. Ids only, no personal data."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), index=True)
    community_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id"))
    action: Mapped[str] = mapped_column(String(50))
    target: Mapped[str] = mapped_column(String(100), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
