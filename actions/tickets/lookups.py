"""Ticket numbers (BX-20261118-001), look-ups by number, duplicates and followers."""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from actions.db.community import Resident
from actions.db.sequences import take_number
from actions.db.tickets import OPEN_STATUSES, Ticket, TicketEvent, TicketFollower

NUMBER = re.compile(r"(?<![0-9A-Za-z])(B[XZ])-?(\d{8})-?(\d{3})(?!\d)", re.IGNORECASE)


def next_number(session: Session, *, community_id: int, prefix: str, day: date) -> str:
    """The next number of the day in a community: BX-20261118-007."""
    stem = f"{prefix}-{day:%Y%m%d}-"

    def given_before() -> int:
        return session.scalar(select(func.count()).select_from(Ticket).where(
            Ticket.community_id == community_id, Ticket.number.like(stem + "%"))) or 0

    number = take_number(session, key=f"{community_id}:{stem}", existing=given_before)
    return f"{stem}{number:03d}"


def normalize_number(text: str) -> str | None:
    """A ticket number found in text, written the canonical way."""
    match = NUMBER.search(text)
    if not match:
        return None
    return f"{match.group(1).upper()}-{match.group(2)}-{match.group(3)}"


def find_by_number(session: Session, *, number: str,
                   community_ids: list[int] | None = None) -> Ticket | None:
    """A ticket by its number (within some communities, when given)."""
    query = select(Ticket).where(Ticket.number == number)
    if community_ids is not None:
        query = query.where(Ticket.community_id.in_(community_ids))
    return session.scalars(query.order_by(Ticket.id)).first()


def find_duplicate(session: Session, *, community_id: int, category: str,
                   building_id: int | None, unit: str | None, household_id: int | None,
                   place: str, since: datetime) -> Ticket | None:
    """An open repair of the same facility at the same place, reported since a moment."""
    query = select(Ticket).where(
        Ticket.community_id == community_id, Ticket.kind == "repair",
        Ticket.category == category, Ticket.status.in_(OPEN_STATUSES),
        Ticket.created_at >= since).order_by(Ticket.id)
    for ticket in session.scalars(query):
        if household_id is not None or ticket.household_id is not None:
            if ticket.household_id == household_id:
                return ticket
        elif building_id is not None:
            if ticket.building_id == building_id and (
                    not unit or not ticket.unit or unit == ticket.unit):
                return ticket
        elif ticket.building_id is None and ticket.place == place:
            return ticket
    return None


def followers(session: Session, ticket: Ticket) -> list[Resident]:
    """Residents who said "+1" to a ticket."""
    return list(session.scalars(select(Resident).join(
        TicketFollower, TicketFollower.person_id == Resident.id).where(
        TicketFollower.ticket_id == ticket.id).order_by(TicketFollower.id)))


def add_follower(session: Session, *, ticket: Ticket, person: Resident, now: datetime) -> bool:
    """Add a "+1"; False when the person already reported or follows it."""
    if person.id == ticket.reporter_id or session.scalar(select(TicketFollower.id).where(
            TicketFollower.ticket_id == ticket.id, TicketFollower.person_id == person.id)):
        return False
    session.add(TicketFollower(ticket_id=ticket.id, person_id=person.id, added_at=now))
    session.add(TicketEvent(ticket_id=ticket.id, at=now, actor_id=person.id,
                            status_from=ticket.status, status=ticket.status, note="+1"))
    return True


def involves(session: Session, ticket: Ticket, person: Resident) -> bool:
    """Whether the person reported or follows the ticket (what a resident may see)."""
    return person.id == ticket.reporter_id or any(
        f.id == person.id for f in followers(session, ticket))
