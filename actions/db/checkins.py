"""Evening safety check-ins: who is enrolled, whom to call, and one row per elder per evening.

The round is nothing but these rows. The scheduled job looks at them and at the clock, so a
restart, a bot that was down, or a duplicated run finds the same rows and repeats nothing:

    CheckinEnrolment   an elder who gets the evening check-in (time, pause)
    CheckinContact     whom to call, in order, when the elder does not answer
    CheckinRound       one elder, one evening: sent, answered, reminded, escalated, closed

A round's status moves:

    sent ──> answered                  (平安 / 有点不舒服 / 需要帮助 / talked to the bot / paused)
      └────> escalated ──> confirmed ──> closed (outcome + note, by the person who closed it)
                 └───────────────────────> closed (the elder answered late, or staff closed it)
    paused | skipped | unreachable     never sent (paused; bot down too long; no account)
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from actions.db.base import Base
from actions.db.community import Resident

OPEN_ESCALATION = ("escalated", "confirmed")
OUTCOMES = {"safe": "平安", "hospital": "已就医", "away": "不在家", "false": "误报",
            "other": "其他"}


class CheckinEnrolment(Base):
    """An elder enrolled for the evening check-in."""

    __tablename__ = "checkin_enrolments"
    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    elder_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), unique=True)
    checkin_time: Mapped[str | None] = mapped_column(String(5))  # "20:00"; None: community's
    active: Mapped[bool] = mapped_column(default=True)
    paused_from: Mapped[date | None]  # first day without a check-in (None: from now)
    paused_until: Mapped[date | None]  # last day without a check-in
    created_at: Mapped[datetime]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("residents.id"))
    elder: Mapped[Resident] = relationship(foreign_keys=[elder_id])
    contacts: Mapped[list[CheckinContact]] = relationship(
        order_by="CheckinContact.position", back_populates="enrolment")


class CheckinContact(Base):
    """Someone to call when the elder does not answer; `position` 1 is called first."""

    __tablename__ = "checkin_contacts"
    __table_args__ = (UniqueConstraint("enrolment_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("checkin_enrolments.id"), index=True)
    position: Mapped[int]
    person_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), index=True)
    relation: Mapped[str] = mapped_column(String(20))  # family | building_leader | grid_worker
    enrolment: Mapped[CheckinEnrolment] = relationship(back_populates="contacts")
    person: Mapped[Resident] = relationship()


class CheckinRound(Base):
    """One elder's check-in on one evening, and everything that followed it."""

    __tablename__ = "checkin_rounds"
    __table_args__ = (UniqueConstraint("enrolment_id", "day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("checkin_enrolments.id"))
    elder_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), index=True)
    day: Mapped[date] = mapped_column(index=True)
    due_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(12), index=True)
    # indexed: deleting an outbox row (retention) looks up the rows pointing to it
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"), index=True)
    sent_at: Mapped[datetime | None]  # queued; the clocks count from the outbox's delivery
    answer: Mapped[str | None] = mapped_column(String(10))  # ok unwell help active pause
    answered_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]
    blocked_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]
    reason: Mapped[str | None] = mapped_column(String(12))  # no_answer | blocked
    contacts_notified: Mapped[int] = mapped_column(default=0)
    next_contact_at: Mapped[datetime | None]
    exhausted_at: Mapped[datetime | None]  # every contact was asked, nobody confirmed
    confirmed_by: Mapped[int | None] = mapped_column(ForeignKey("residents.id"))
    confirmed_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(10))  # a key of OUTCOMES
    outcome_note: Mapped[str | None] = mapped_column(Text)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("residents.id"))
    closed_at: Mapped[datetime | None]
    elder: Mapped[Resident] = relationship(foreign_keys=[elder_id])
    enrolment: Mapped[CheckinEnrolment] = relationship()


def enrolment_of(session: Session, *, elder_id: int) -> CheckinEnrolment | None:
    """The enrolment of an elder, if any."""
    return session.scalar(select(CheckinEnrolment).where(CheckinEnrolment.elder_id == elder_id))


def enrolments_as_contact(session: Session, *, person_id: int) -> list[CheckinEnrolment]:
    """The enrolments where this person is a contact."""
    query = (select(CheckinEnrolment).join(CheckinContact)
             .where(CheckinContact.person_id == person_id, CheckinEnrolment.active))
    return list(session.scalars(query).unique())


def is_contact(session: Session, *, enrolment_id: int, person_id: int) -> bool:
    """Whether the person is one of the enrolment's contacts."""
    return session.scalar(select(CheckinContact.id).where(
        CheckinContact.enrolment_id == enrolment_id,
        CheckinContact.person_id == person_id)) is not None


def open_round(session: Session, *, elder_id: int) -> CheckinRound | None:
    """The elder's latest round still waiting for an answer or an outcome."""
    query = (select(CheckinRound)
             .where(CheckinRound.elder_id == elder_id,
                    CheckinRound.status.in_(("sent", *OPEN_ESCALATION)))
             .order_by(CheckinRound.day.desc()).limit(1))
    return session.scalar(query)


def open_escalations(session: Session, *, community_id: int) -> list[CheckinRound]:
    """Every escalation not yet closed with an outcome, oldest first."""
    query = (select(CheckinRound)
             .where(CheckinRound.community_id == community_id,
                    CheckinRound.status.in_(OPEN_ESCALATION))
             .order_by(CheckinRound.escalated_at, CheckinRound.id))
    return list(session.scalars(query))


def rounds_of_day(session: Session, *, community_id: int, day: date) -> list[CheckinRound]:
    """All rounds of one evening in a community."""
    return list(session.scalars(select(CheckinRound).where(
        CheckinRound.community_id == community_id, CheckinRound.day == day)))
