"""Tickets (repairs and help requests), their history, followers and escalations; emergencies.

A ticket's whole story is in rows: `Ticket` holds where it stands now, `TicketEvent` every
change (who, when, note), `TicketFollower` the residents who said "+1", `TicketEscalation` each
SLA escalation sent (once). An `Emergency` is kept until a staff member presses 已响应.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from actions.db.base import Base

OPEN_STATUSES = ("new", "assigned", "in_progress")


class Ticket(Base):
    """A repair report (BX-...) or a help request (BZ-...)."""

    __tablename__ = "tickets"
    # /tickets: a community's open tickets, oldest first (migration 0009_scale_tickets)
    __table_args__ = (UniqueConstraint("community_id", "number"),
                      Index("ix_tickets_open", "community_id", "status", "created_at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    number: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(10))  # repair | help
    category: Mapped[str] = mapped_column(String(20))  # a facility or a service
    status: Mapped[str] = mapped_column(String(20), default="new", index=True)
    close_reason: Mapped[str | None] = mapped_column(String(20))
    reporter_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("residents.id"))
    handling_role: Mapped[str] = mapped_column(String(30))
    team: Mapped[str | None] = mapped_column(String(30))
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"))
    building_id: Mapped[int | None] = mapped_column(ForeignKey("buildings.id"))
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"))
    unit: Mapped[str | None] = mapped_column(String(10))
    floor: Mapped[str | None] = mapped_column(String(10))
    place: Mapped[str] = mapped_column(String(100), default="")  # as said, e.g. 3栋2单元
    description: Mapped[str] = mapped_column(Text, default="")
    photo: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(index=True)
    accept_due_at: Mapped[datetime]
    resolve_due_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    reopened: Mapped[int] = mapped_column(default=0)
    score: Mapped[int | None]
    events: Mapped[list[TicketEvent]] = relationship(order_by="TicketEvent.id",
                                                     back_populates="ticket")

    @property
    def is_open(self) -> bool:
        """Waiting for, or under, work."""
        return self.status in OPEN_STATUSES


class TicketEvent(Base):
    """One change of a ticket: status before and after, who did it (None: the system), a note."""

    __tablename__ = "ticket_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    at: Mapped[datetime]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("residents.id"))
    status_from: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(300), default="")
    ticket: Mapped[Ticket] = relationship(back_populates="events")


class TicketFollower(Base):
    """A resident who reported the same problem and gets the same updates."""

    __tablename__ = "ticket_followers"
    __table_args__ = (UniqueConstraint("ticket_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), index=True)
    added_at: Mapped[datetime]


class TicketEscalation(Base):
    """An SLA escalation sent once: stage accept|resolve, level 1 grid leader, 2 admin."""

    __tablename__ = "ticket_escalations"
    __table_args__ = (UniqueConstraint("ticket_id", "stage", "level", "cycle"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    stage: Mapped[str] = mapped_column(String(10))
    level: Mapped[int]
    cycle: Mapped[int] = mapped_column(default=0)  # the ticket's reopen count at the time
    at: Mapped[datetime]


class Emergency(Base):
    """A resident in danger now; alerted every few minutes until staff respond."""

    __tablename__ = "emergencies"
    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # fire gas electric medical police other
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    alerts: Mapped[int] = mapped_column(default=0)
    last_alert_at: Mapped[datetime | None]
    responded_by: Mapped[int | None] = mapped_column(ForeignKey("residents.id"))
    responded_at: Mapped[datetime | None] = mapped_column(index=True)
