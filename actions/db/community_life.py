"""Community life: volunteer teams, the time bank, events, announcements and deliberation (议事).

- `TeamRequest`: a resident asks to join a volunteer team; the leader approves or declines.
  An approved member holds a `StaffRole(role="volunteer", team=...)`, which the rest of the
  system (tickets routed to a team) already reads.
- `TimeAccount` / `TimeEntry`: the time bank, a double-entry ledger in minutes. Each entry moves
  a positive number of minutes from one account (debit) to another (credit), so every entry sums
  to zero and so does the whole ledger. Entries are never changed or deleted (a correction is a
  new entry that points at the one it reverses); a `ref` names the business fact an entry stands
  for and is unique per community, so crediting the same service twice is impossible.
- `Event` / `EventOccurrence` / `EventSignup`: an activity, maybe recurring (an RFC 5545 RRULE),
  its dated occurrences (made on demand), and who signed up (going, waiting, cancelled).
- `Announcement` / `AnnouncementDelivery`: what staff announce to a target, and which outbox rows
  carry it (their sent / failed state is the delivery log).
- `Question` / `Vote`: a question put to a building or the community; one vote per household.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from actions.db.base import Base
from actions.db.community import Resident


class TeamRequest(Base):
    """A resident's request to join a volunteer team, and what the leader decided."""

    __tablename__ = "team_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    team: Mapped[str] = mapped_column(String(30))
    person_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="pending")  # approved declined removed
    created_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("residents.id"))
    person: Mapped[Resident] = relationship(foreign_keys=[person_id])


class TimeAccount(Base):
    """A person's time-bank account, or a system account (issued: where earned time comes from;
    spent: where time spent on services goes)."""

    __tablename__ = "time_accounts"
    __table_args__ = (
        UniqueConstraint("community_id", "person_id"),
        UniqueConstraint("community_id", "system"),
        CheckConstraint("(person_id IS NULL) <> (system IS NULL)", name="owner"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("residents.id"))
    system: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime]


class TimeEntry(Base):
    """Minutes moved from one account to another; never edited, never deleted."""

    __tablename__ = "time_entries"
    __table_args__ = (
        UniqueConstraint("community_id", "ref"),
        CheckConstraint("minutes > 0", name="positive"),
        CheckConstraint("debit_id <> credit_id", name="two_sides"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    debit_id: Mapped[int] = mapped_column(ForeignKey("time_accounts.id"), index=True)
    credit_id: Mapped[int] = mapped_column(ForeignKey("time_accounts.id"), index=True)
    minutes: Mapped[int]
    kind: Mapped[str] = mapped_column(String(12))  # earn spend donate correction
    reason: Mapped[str] = mapped_column(String(200), default="")
    ref: Mapped[str | None] = mapped_column(String(120))
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("time_entries.id"))
    created_at: Mapped[datetime] = mapped_column(index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("residents.id"))


@event.listens_for(TimeEntry, "before_update")
@event.listens_for(TimeEntry, "before_delete")
def _entries_are_final(_mapper: Any, _conn: Any, target: TimeEntry) -> None:
    raise ValueError(f"time entry {target.id} is final: add a correction instead")


class Event(Base):
    """An activity; with an RRULE it repeats (e.g. FREQ=MONTHLY;BYMONTHDAY=26)."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    title: Mapped[str] = mapped_column(String(60))
    place: Mapped[str] = mapped_column(String(100), default="")
    starts_at: Mapped[datetime]  # the first occurrence
    duration_minutes: Mapped[int] = mapped_column(default=120)
    rrule: Mapped[str | None] = mapped_column(String(200))
    capacity: Mapped[int | None]  # places for residents; helpers do not take one
    min_age: Mapped[int | None]
    team: Mapped[str | None] = mapped_column(String(30))  # the team that runs it
    helper_minutes: Mapped[int] = mapped_column(default=0)  # credited to each helper
    note: Mapped[str] = mapped_column(String(300), default="")
    cancelled: Mapped[bool] = mapped_column(default=False)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("residents.id"))
    created_at: Mapped[datetime]


class EventOccurrence(Base):
    """One dated occurrence of an event (signups hang from it)."""

    __tablename__ = "event_occurrences"
    __table_args__ = (UniqueConstraint("event_id", "starts_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(index=True)
    cancelled: Mapped[bool] = mapped_column(default=False)
    event: Mapped[Event] = relationship()


class EventSignup(Base):
    """A person's place at an occurrence: going, waiting (in `queued_at` order) or cancelled."""

    __tablename__ = "event_signups"
    __table_args__ = (UniqueConstraint("occurrence_id", "person_id"),
                      CheckConstraint("seats > 0", name="seats"))
    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("event_occurrences.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), index=True)
    role: Mapped[str] = mapped_column(String(10), default="guest")  # guest | helper
    seats: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(10))  # going | waiting | cancelled
    queued_at: Mapped[datetime]
    reminded_at: Mapped[datetime | None]
    attended: Mapped[bool | None]
    occurrence: Mapped[EventOccurrence] = relationship()
    person: Mapped[Resident] = relationship()


class Announcement(Base):
    """A staff announcement to the community, a grid or a building; sent at `send_at`."""

    __tablename__ = "announcements"
    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    scope: Mapped[str] = mapped_column(String(12))  # community | grid | building
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"))
    building_id: Mapped[int | None] = mapped_column(ForeignKey("buildings.id"))
    text: Mapped[str] = mapped_column(Text)
    private: Mapped[bool] = mapped_column(default=False)  # also to each resident privately
    send_at: Mapped[datetime] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(12), default="scheduled")  # sent cancelled
    created_by: Mapped[int] = mapped_column(ForeignKey("residents.id"))
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    reported_at: Mapped[datetime | None]


class AnnouncementDelivery(Base):
    """One outbox row carrying an announcement to one chat (a group, or a resident)."""

    __tablename__ = "announcement_deliveries"
    __table_args__ = (UniqueConstraint("announcement_id", "chat_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id"), index=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox.id"), index=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("residents.id"))


class Question(Base):
    """A question put to a building (or the whole community) until `closes_at`."""

    __tablename__ = "questions"
    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    building_id: Mapped[int | None] = mapped_column(ForeignKey("buildings.id"))
    title: Mapped[str] = mapped_column(String(200))
    options: Mapped[list[Any]] = mapped_column(default=list)
    closes_at: Mapped[datetime] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | closed
    created_by: Mapped[int] = mapped_column(ForeignKey("residents.id"))
    proposed_by: Mapped[int | None] = mapped_column(ForeignKey("residents.id"))
    created_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    counts: Mapped[list[Any]] = mapped_column(default=list)  # votes per option, at closing
    households_voted: Mapped[int] = mapped_column(default=0)
    households_total: Mapped[int] = mapped_column(default=0)
    answer: Mapped[str | None] = mapped_column(String(10))  # 采纳 | 不采纳 | 研究中
    answer_note: Mapped[str] = mapped_column(String(500), default="")
    answered_at: Mapped[datetime | None]
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("residents.id"))


class Vote(Base):
    """A household's vote on a question (the last member to vote sets it, until closing)."""

    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("question_id", "household_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), index=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("residents.id"))
    option: Mapped[int]
    updated_at: Mapped[datetime]
