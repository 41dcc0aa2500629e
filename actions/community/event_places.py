"""Event places: the dated occurrences of (repeating) events, who may join, signing up with
capacity and a waiting list, cancelling and moving the waiting up. Database rules only; the
conversation about them is in events, my_events and events_staff."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from dateutil.rrule import rrulestr
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from actions.db.community import Resident
from actions.db.community_life import Event, EventOccurrence, EventSignup

# -- occurrences -----------------------------------------------------------------------------

def starts_between(event: Event, start: datetime, end: datetime, tz: Any) -> list[datetime]:
    """When an event happens in [start, end) (its RRULE expanded in community time)."""
    first = event.starts_at.astimezone(tz)
    if not event.rrule:
        return [event.starts_at] if start <= event.starts_at < end else []
    rule = rrulestr(event.rrule, dtstart=first)
    return [moment for moment in rule.between(start.astimezone(tz), end.astimezone(tz), inc=True)
            if moment < end]


def ensure_occurrences(session: Session, *, community_id: int, start: datetime, end: datetime,
                       tz: Any) -> list[EventOccurrence]:
    """The occurrences of a community's events in a window, made when first needed."""
    events = session.scalars(select(Event).where(Event.community_id == community_id,
                                                 Event.cancelled.is_(False)))
    wanted = [(event, moment) for event in events
              for moment in starts_between(event, start, end, tz)]
    made = _made(session, wanted)
    found = [made.get((event.id, moment)) or _occurrence(session, event, moment)
             for event, moment in wanted]
    return sorted((o for o in found if not o.cancelled), key=lambda o: (o.starts_at, o.id))


def _made(session: Session, wanted: list[tuple[Event, datetime]]
          ) -> dict[tuple[int, datetime], EventOccurrence]:
    """The wanted occurrences already made, in one query (not one per occurrence)."""
    if not wanted:
        return {}
    moments = [moment for _, moment in wanted]
    rows = session.scalars(select(EventOccurrence).where(
        EventOccurrence.event_id.in_({event.id for event, _ in wanted}),
        EventOccurrence.starts_at >= min(moments), EventOccurrence.starts_at <= max(moments)))
    return {(o.event_id, o.starts_at): o for o in rows}


def _occurrence(session: Session, event: Event, moment: datetime) -> EventOccurrence:
    query = select(EventOccurrence).where(EventOccurrence.event_id == event.id,
                                          EventOccurrence.starts_at == moment)
    existing = session.scalar(query)
    if existing is not None:
        return existing
    try:
        with session.begin_nested():
            made = EventOccurrence(event_id=event.id, starts_at=moment)
            session.add(made)
        return made
    except IntegrityError:  # made at the same moment by another turn
        return session.scalars(query).one()


def taken(session: Session, *, occurrence_id: int) -> int:
    """Places taken by residents who are going (helpers take none)."""
    return int(session.scalar(select(func.coalesce(func.sum(EventSignup.seats), 0)).where(
        EventSignup.occurrence_id == occurrence_id, EventSignup.status == "going",
        EventSignup.role == "guest")) or 0)


def places_left(session: Session, occurrence: EventOccurrence) -> int | None:
    """Free places, or None when there is no limit."""
    capacity = occurrence.event.capacity
    return None if capacity is None else capacity - taken(session, occurrence_id=occurrence.id)


def eligible(event: Event, person: Resident, day: date) -> bool:
    """Whether the person may join (e.g. 80岁生日会: 80 or older that year)."""
    if event.min_age is None:
        return True
    age = person.age(day.year)
    return age is not None and age >= event.min_age


# -- signing up and cancelling ---------------------------------------------------------------

def sign_up(session: Session, *, occurrence: EventOccurrence, person: Resident, now: datetime,
            seats: int = 1, role: str = "guest") -> EventSignup:
    """A place if one is free, else the waiting list; signing up again keeps one row."""
    session.scalar(select(EventOccurrence.id).where(EventOccurrence.id == occurrence.id)
                   .with_for_update())  # one signup at a time per occurrence on PostgreSQL
    signup = session.scalar(select(EventSignup).where(
        EventSignup.occurrence_id == occurrence.id, EventSignup.person_id == person.id))
    if signup is not None and signup.status != "cancelled":
        return signup
    left = places_left(session, occurrence)
    has_queue = _first_waiting(session, occurrence.id) is not None
    fits = role == "helper" or left is None or (seats <= left and not has_queue)
    if signup is None:
        signup = EventSignup(occurrence_id=occurrence.id, person_id=person.id, status="going",
                             queued_at=now)
        session.add(signup)
    signup.role, signup.seats, signup.queued_at = role, seats, now
    signup.status = "going" if fits else "waiting"
    signup.reminded_at = signup.attended = None
    session.flush()
    return signup


def cancel(session: Session, *, signup: EventSignup) -> list[EventSignup]:
    """Give up a place (or a waiting spot); returns those moved up from the waiting list."""
    was_going = signup.status == "going"
    signup.status = "cancelled"
    session.flush()
    return promote(session, occurrence=signup.occurrence) if was_going else []


def promote(session: Session, *, occurrence: EventOccurrence) -> list[EventSignup]:
    """Move waiting residents up, first come first served, while places are free."""
    moved = []
    while (head := _first_waiting(session, occurrence.id)) is not None:
        left = places_left(session, occurrence)
        if left is not None and head.seats > left:
            break
        head.status = "going"
        session.flush()
        moved.append(head)
    return moved


def _first_waiting(session: Session, occurrence_id: int) -> EventSignup | None:
    return session.scalar(select(EventSignup).where(
        EventSignup.occurrence_id == occurrence_id, EventSignup.status == "waiting")
        .order_by(EventSignup.queued_at, EventSignup.id).limit(1))


def waiting_position(session: Session, signup: EventSignup) -> int:
    """1 for the first in line."""
    ahead = session.scalars(select(EventSignup.id).where(
        EventSignup.occurrence_id == signup.occurrence_id, EventSignup.status == "waiting")
        .order_by(EventSignup.queued_at, EventSignup.id))
    return list(ahead).index(signup.id) + 1
