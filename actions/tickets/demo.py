"""Demo history for tickets and the red mailbox (data/demo/tickets.yml): finished items only."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.community.timebank import credit_service
from actions.core.datafiles import load_yaml
from actions.core.people import find_building
from actions.core.registry import seeder
from actions.core.texts import Texts
from actions.db.community import Community, Resident
from actions.db.mailbox import MailboxItem
from actions.db.tickets import Ticket, TicketEvent
from actions.tickets.config import load_config
from actions.tickets.lookups import next_number


def _person(session: Session, name: str) -> Resident:
    return session.scalars(select(Resident).where(Resident.name == name)).one()


@seeder("tickets")
def seed_tickets(session: Session, community: Community, data_dir: Path, now: datetime) -> None:
    """Load the finished demo tickets and answered letters."""
    spec: dict[str, Any] = load_yaml(data_dir, "demo/tickets.yml", dict, missing={})
    for item in spec.get("tickets", []):
        _ticket(session, community, data_dir, now, item)
    for item in spec.get("mailbox", []):
        _letter(session, community, now, item)


def _ticket(session: Session, community: Community, data_dir: Path, now: datetime,
            item: dict[str, Any]) -> None:
    cfg = load_config(str(data_dir))
    category = cfg.category(item["kind"], item["category"])
    reporter = _person(session, item["reporter"])
    handler = _person(session, item["handled_by"])
    made = now - timedelta(days=item["days_ago"])
    building_no, unit = (str(p) for p in item.get("place", ["", ""]))
    building = find_building(session, community_id=community.id, number=building_no)
    ticket = Ticket(
        community_id=community.id, kind=item["kind"], category=item["category"],
        number=next_number(session, community_id=community.id,
                           prefix=cfg.prefix[item["kind"]], day=made.date()),
        status="closed", close_reason="已确认", reporter_id=reporter.id,
        assignee_id=handler.id, handling_role=category.role, team=category.team,
        grid_id=building.grid_id if building else None,
        building_id=building.id if building else None, unit=unit or None,
        place=f"{building_no}栋{unit}单元" if building else (reporter.address() or ""),
        description=item["description"], created_at=made,
        accept_due_at=made + category.accept, resolve_due_at=made + category.resolve,
        accepted_at=made + timedelta(hours=1), resolved_at=made + timedelta(hours=5),
        closed_at=made + timedelta(hours=6), score=item.get("score"))
    session.add(ticket)
    session.flush()
    steps = [(None, "new", reporter, 0, ""), ("new", "assigned", handler, 1, "接单"),
             ("assigned", "resolved", handler, 5, ""), ("resolved", "closed", reporter, 6,
                                                        "已确认")]
    for before, after, actor, hours, note in steps:
        session.add(TicketEvent(ticket_id=ticket.id, at=made + timedelta(hours=hours),
                                actor_id=actor.id, status_from=before, status=after,
                                note=note))
    if ticket.kind == "help":  # confirmed: its volunteer earned the service's minutes then
        credit_service(session, volunteer_id=handler.id, minutes=category.minutes,
                       reason=Texts.load(Path(data_dir) / "responses").render(
                           "helpreq_credit_reason", name=reporter.name,
                           service=ticket.category, number=ticket.number),
                       ref=f"ticket:{ticket.number}", now=made + timedelta(hours=6))


def _letter(session: Session, community: Community, now: datetime,
            item: dict[str, Any]) -> None:
    made = now - timedelta(days=item["days_ago"])
    count = session.scalars(select(MailboxItem.id).where(
        MailboxItem.community_id == community.id)).all()
    session.add(MailboxItem(
        community_id=community.id, number=f"XX-{made:%Y%m%d}-{len(count) + 1:03d}",
        person_id=_person(session, item["writer"]).id, anonymous=item["anonymous"],
        kind=item["kind"], text=item["text"], status="answered", created_at=made,
        due_at=made + timedelta(days=3), answer=item["answer"],
        answered_by=_person(session, item["answered_by"]).id,
        answered_at=made + timedelta(days=1)))
