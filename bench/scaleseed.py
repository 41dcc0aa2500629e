"""Seeding for bench/scale.py: the street office of 20 communities with a year of data
(SQLAlchemy Core bulk inserts), and the database each backend measures on."""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, create_engine, func, insert, select, text  # noqa: E402

from actions.db.canteen import CanteenBooking  # noqa: E402
from actions.db.checkins import CheckinContact, CheckinEnrolment, CheckinRound  # noqa: E402
from actions.db.community import (  # noqa: E402
    Building,
    Community,
    Grid,
    Household,
    Resident,
    StaffRole,
    Unit,
)
from actions.db.conversation import AuditLog, InboxItem, OutboxMessage  # noqa: E402
from actions.db.tickets import Ticket, TicketEvent  # noqa: E402

SHANGHAI = ZoneInfo("Asia/Shanghai")
CHUNK = 5_000
FULL = {"residents": 10_000, "elders": 2_000, "extra_elders": 8_000, "tickets": 100_000,
        "bookings": 50_000, "outbox": 1_000_000, "inbox": 500_000, "audit": 300_000}
RESIDENT_TG = 7_000_000


# -- seeding -----------------------------------------------------------------------------------
def seed_big(engine: Engine, factor: float, now: datetime) -> None:
    """Bulk-insert the street office around the demo community (community 1)."""
    n = {k: max(1, int(v * factor)) for k, v in FULL.items()}
    rng = random.Random(16)
    utc = now.astimezone(UTC)
    with engine.begin() as conn:
        demo_id = conn.scalar(select(func.min(Community.id)))
        conn.execute(insert(Community), [
            {"name": f"第{i}社区", "street_office": "演示街道", "city": "天津",
             "timezone": "Asia/Shanghai"} for i in range(2, 21)])
        communities = list(conn.scalars(select(Community.id).order_by(Community.id)))
        conn.execute(insert(Grid), [
            {"community_id": c, "name": f"扩展网格{g}"} for c in communities for g in range(3)])
        grids = {c: list(conn.scalars(select(Grid.id).where(Grid.community_id == c)))
                 for c in communities}
        conn.execute(insert(Building), [
            {"community_id": c, "grid_id": grids[c][b % len(grids[c])], "number": f"{100 + b}",
             "floors": 6} for c in communities for b in range(10)])
        buildings = conn.execute(select(Building.id, Building.community_id).where(
            Building.number.like("1__"))).all()
        conn.execute(insert(Unit), [
            {"building_id": b, "number": str(u)} for b, _ in buildings for u in (1, 2, 3)])
        units = conn.execute(select(Unit.id, Building.community_id).join(Building).where(
            Building.number.like("1__"))).all()
        by_community: dict[int, list[int]] = {}
        for unit_id, community_id in units:
            by_community.setdefault(community_id, []).append(unit_id)
    total = n["residents"] + n["extra_elders"]
    people: Any = []  # (resident id, community id)
    with engine.begin() as conn:
        rows = []
        for i in range(total):
            community_id = communities[i % len(communities)]
            unit_id = by_community[community_id][i % len(by_community[community_id])]
            rows.append({"unit_id": unit_id, "room": f"{1000 + i}"})
        insert_chunks(conn, Household, rows)
        homes = list(conn.scalars(select(Household.id).where(Household.room >= "1000")
                                  .order_by(Household.id)))
        residents = [{
            "community_id": communities[i % len(communities)], "household_id": homes[i],
            "telegram_id": RESIDENT_TG + i, "name": f"居民{i}", "display_name": f"居民{i}",
            "phone": f"139{i:08d}", "birth_year": 1940 + i % 60,
            "lives_alone": i < n["elders"] or i >= n["residents"], "needs_care": False,
            "verified": True, "traditional": False, "created_at": utc - timedelta(days=400),
        } for i in range(total)]
        insert_chunks(conn, Resident, residents)
        people = conn.execute(select(Resident.id, Resident.community_id).where(
            Resident.telegram_id >= RESIDENT_TG).order_by(Resident.telegram_id)).all()
        conn.execute(insert(StaffRole), [
            {"person_id": people[i].id, "community_id": c, "role": "admin"}
            for i, c in enumerate(communities) if c != demo_id])
    elders = [p for i, p in enumerate(people) if i < n["elders"] or i >= n["residents"]]
    seed_checkins(engine, elders, people[n["elders"]:n["residents"]], n["elders"], utc)
    seed_tickets(engine, people[:n["residents"]], n["tickets"], utc, rng)
    seed_history(engine, people[:n["residents"]], n, utc, rng)


def seed_checkins(engine: Engine, elders: list[Any], family: list[Any], with_history: int,
                  utc: datetime) -> None:
    """Every elder enrolled with a family contact; the first ones with 30 answered days."""
    with engine.begin() as conn:
        insert_chunks(conn, CheckinEnrolment, [
            {"community_id": e.community_id, "elder_id": e.id, "active": True,
             "created_at": utc - timedelta(days=60)} for e in elders])
        enrolments = conn.execute(select(CheckinEnrolment.id, CheckinEnrolment.elder_id,
                                         CheckinEnrolment.community_id)
                                  .order_by(CheckinEnrolment.id)).all()
        by_elder = {row.elder_id: row for row in enrolments}
        insert_chunks(conn, CheckinContact, [
            {"enrolment_id": by_elder[e.id].id, "position": 1,
             "person_id": family[i % len(family)].id, "relation": "family"}
            for i, e in enumerate(elders)])
        today = utc.astimezone(SHANGHAI).date()
        rounds = []
        for number, e in enumerate(elders):  # the rest were enrolled yesterday
            for back in range(1, 31 if number < with_history else 2):
                day = today - timedelta(days=back)
                due = datetime.combine(day, datetime.min.time(), SHANGHAI).astimezone(UTC) \
                    + timedelta(hours=20)
                rounds.append({"community_id": e.community_id, "enrolment_id": by_elder[e.id].id,
                               "elder_id": e.id, "day": day, "due_at": due, "status": "ok",
                               "sent_at": due, "answer": "ok",
                               "answered_at": due + timedelta(minutes=3),
                               "contacts_notified": 0})
        insert_chunks(conn, CheckinRound, rounds)


def seed_tickets(engine: Engine, people: list[Any], count: int, utc: datetime,
                 rng: random.Random) -> None:
    """A year of repairs: most closed, ~2% still open and overdue (what SLA checks look at)."""
    with engine.begin() as conn:
        tickets = []
        for i in range(count):
            who = people[i % len(people)]
            created = utc - timedelta(minutes=rng.randrange(60, 365 * 24 * 60))
            is_open = i % 50 == 0
            tickets.append({
                "community_id": who.community_id, "number": f"BX-S{i:07d}", "kind": "repair",
                "category": "plumbing", "status": "in_progress" if is_open else "closed",
                "close_reason": None if is_open else "confirmed", "reporter_id": who.id,
                "handling_role": "property", "place": "", "description": "水管漏水",
                "created_at": created, "accept_due_at": created + timedelta(hours=2),
                "resolve_due_at": created + timedelta(days=2),
                "accepted_at": created + timedelta(hours=1),
                "resolved_at": None if is_open else created + timedelta(days=1),
                "closed_at": None if is_open else created + timedelta(days=2), "reopened": 0})
        insert_chunks(conn, Ticket, tickets)
        ids = conn.execute(select(Ticket.id, Ticket.created_at).where(
            Ticket.number.like("BX-S%"))).all()
        events = [{"ticket_id": t.id, "at": t.created_at + timedelta(hours=h), "status": s,
                   "status_from": None, "note": ""}
                  for t in ids for h, s in ((0, "new"), (1, "accepted"), (24, "resolved"))]
        insert_chunks(conn, TicketEvent, events)


def seed_history(engine: Engine, people: list[Any], n: dict[str, int], utc: datetime,
                 rng: random.Random) -> None:
    """Bookings, sent outbox rows, done inbox rows and audit rows over a year."""
    with engine.begin() as conn:
        insert_chunks(conn, CanteenBooking, (
            {"community_id": p.community_id, "resident_id": p.id,
             "day": (utc - timedelta(days=1 + i // len(people))).date(),
             "meal": "lunch", "portions": 1, "delivery": False, "address": "",
             "status": "booked", "booked_at": utc - timedelta(days=2 + i // len(people))}
            for i in range(n["bookings"]) for p in [people[i % len(people)]]))
        insert_chunks(conn, OutboxMessage, (
            {"chat_id": RESIDENT_TG + i % len(people), "text": "您好，已收到。", "buttons": [],
             "created_at": at, "send_after": at, "attempts": 1, "sent_at": at,
             "message_id": i}
            for i in range(n["outbox"]) for at in [utc - timedelta(seconds=31_536_000 - i * 31)]))
        insert_chunks(conn, InboxItem, (
            {"source": "telegram", "update_id": i, "chat_id": RESIDENT_TG + i % len(people),
             "payload": {"source": "telegram", "user_id": 1, "chat_id": 1, "text": "你好"},
             "status": "done", "attempts": 1, "received_at": at, "next_attempt_at": at,
             "done_at": at}
            for i in range(n["inbox"]) for at in [utc - timedelta(seconds=31_536_000 - i * 60)]))
        insert_chunks(conn, AuditLog, (
            {"at": utc - timedelta(seconds=rng.randrange(31_536_000)),
             "actor_id": people[i % len(people)].id, "community_id": None,
             "action": "ticket_status", "target": f"ticket:{i}", "detail": {}}
            for i in range(n["audit"])))


def insert_chunks(conn: Any, table: Any, rows: Any) -> None:
    """executemany in chunks (a generator never holds every row at once)."""
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            conn.execute(insert(table), chunk)
            chunk = []
    if chunk:
        conn.execute(insert(table), chunk)


# -- databases ---------------------------------------------------------------------------------
@contextmanager
def database(backend: str, pg_url: str) -> Iterator[str]:
    """A fresh database URL: a temporary SQLite file or a PostgreSQL schema of its own."""
    if backend == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="linli-scale-"))
        try:
            yield f"sqlite:///{folder / 'scale.db'}"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    schema = f"bench_scale_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        sep = "&" if "?" in pg_url else "?"
        yield f"{pg_url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
