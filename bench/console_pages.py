"""Benchmark of the staff console's pages on a year of data of a street office's worth of
people, all in the demo community (the worst case for a page: everything it filters is in one
community). Fills the database in bulk, logs in as the admin (who sees everything) and a grid
worker, renders each page many times through the ASGI app and prints the median and p95.

    python bench/console_pages.py [--elders 1000] [--residents 10000] [--repeat 20]
                                  [--database-url postgresql://...]

A year: a check-in round a day for every elder, 15 tickets a day, 100 meals a day, 3 letters a
day, every staff action in the audit log.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from actions.console_login import issue_link  # noqa: E402
from actions.core.clock import ManualClock  # noqa: E402
from actions.core.settings import load_settings  # noqa: E402
from actions.db import session_scope  # noqa: E402
from actions.db.canteen import CanteenBooking  # noqa: E402
from actions.db.checkins import CheckinEnrolment, CheckinRound  # noqa: E402
from actions.db.community import Building, Community, Household, Resident, Unit  # noqa: E402
from actions.db.conversation import AuditLog  # noqa: E402
from actions.db.mailbox import MailboxItem  # noqa: E402
from actions.db.tickets import Ticket, TicketEvent  # noqa: E402
from bot.web.app import create_app  # noqa: E402
from bot.wiring import Linli, build  # noqa: E402

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 18, 20, 30, tzinfo=SHANGHAI)
DAYS = 365
PAGES = ["/tickets", "/tickets/board?overdue=1", "/tickets/{ticket}", "/tonight",
         "/tonight/live", "/canteen", "/mailbox", "/overview"]


class NoParser:
    """Pages never parse text."""

    def parse(self, text: str, **_kwargs: object) -> dict[str, object]:
        raise RuntimeError("not used")


def fill(linli: Linli, *, residents: int, elders: int, seed: int = 7) -> int:
    """A year of rows in bulk; returns an open ticket's id."""
    rnd = random.Random(seed)
    start = NOW.astimezone(UTC) - timedelta(days=DAYS)
    with session_scope(linli.sessions) as s:
        community = s.scalars(select(Community)).one()
        buildings = list(s.scalars(select(Building).where(Building.community_id == community.id)))
        units = []
        for b in buildings:
            for n in range(1, 4):
                unit = s.scalar(select(Unit).where(Unit.building_id == b.id,
                                                   Unit.number == str(n)))
                if unit is None:
                    unit = Unit(building_id=b.id, number=str(n))
                    s.add(unit)
                    s.flush()
                units.append((b, unit))
        homes = s.execute(insert(Household).returning(Household.id, Household.unit_id), [
            {"unit_id": units[i % len(units)][1].id, "room": f"{1000 + i}"}
            for i in range(residents)]).all()
        people = s.execute(insert(Resident).returning(Resident.id), [
            {"community_id": community.id, "household_id": home_id, "name": f"居民{i}",
             "display_name": f"居民{i}", "phone": f"139{i:08d}", "birth_year": 1935 + i % 60,
             "verified": True, "lives_alone": i < elders, "needs_care": False,
             "traditional": False, "created_at": start, "telegram_id": 900_000_000 + i}
            for i, (home_id, _unit) in enumerate(homes)]).scalars().all()
        staff = s.scalars(select(Resident.id).where(Resident.name.in_(("刘芳", "周敏")))).all()
        enrolments = s.execute(insert(CheckinEnrolment).returning(CheckinEnrolment.id), [
            {"community_id": community.id, "elder_id": pid, "active": True, "created_at": start}
            for pid in people[:elders]]).scalars().all()
        for day_n in range(DAYS + 1):
            day = (start + timedelta(days=day_n)).astimezone(SHANGHAI).date()
            due = datetime.combine(day, datetime.min.time(), tzinfo=SHANGHAI) + timedelta(
                hours=20)
            rows = []
            for enrolment, pid in zip(enrolments, people[:elders], strict=True):
                today = day == NOW.date()
                roll = rnd.random()
                status = ("answered" if roll < 0.93 else "closed") if not today else (
                    "answered" if roll < 0.6 else "sent" if roll < 0.95 else "escalated")
                rows.append({"community_id": community.id, "enrolment_id": enrolment,
                             "elder_id": pid, "day": day, "due_at": due, "status": status,
                             "sent_at": due, "contacts_notified": 0,
                             "answer": "ok" if status == "answered" else None,
                             "answered_at": due + timedelta(minutes=3)
                             if status == "answered" else None,
                             "escalated_at": due + timedelta(hours=1)
                             if status in ("closed", "escalated") else None,
                             "outcome": "safe" if status == "closed" else None})
            s.execute(insert(CheckinRound), rows)
        tickets = []
        for n in range(15 * DAYS):
            created = start + timedelta(minutes=rnd.randrange(DAYS * 24 * 60))
            is_open = created > NOW.astimezone(UTC) - timedelta(days=3) and rnd.random() < 0.5
            b, _unit = rnd.choice(units)
            tickets.append({
                "community_id": community.id, "number": f"BX-{n:08d}-{n % 1000:03d}",
                "kind": "repair", "category": rnd.choice(["楼道灯", "下水道", "电梯", "门禁"]),
                "status": "new" if is_open else "closed", "reporter_id": rnd.choice(people),
                "handling_role": "property", "grid_id": b.grid_id, "building_id": b.id,
                "place": f"{b.number}栋", "description": "坏了", "created_at": created,
                "accept_due_at": created + timedelta(hours=4),
                "resolve_due_at": created + timedelta(days=2),
                "accepted_at": None if is_open else created + timedelta(hours=1),
                "resolved_at": None if is_open else created + timedelta(hours=rnd.randrange(
                    2, 72)), "closed_at": None if is_open else created + timedelta(days=3),
                "reopened": 0})
        ids = s.execute(insert(Ticket).returning(Ticket.id), tickets).scalars().all()
        s.execute(insert(TicketEvent), [
            {"ticket_id": tid, "at": t["created_at"], "actor_id": t["reporter_id"],
             "status_from": None, "status": "new", "note": ""}
            for tid, t in zip(ids, tickets, strict=True)])
        s.execute(insert(AuditLog), [
            {"at": t["created_at"] + timedelta(hours=1), "actor_id": rnd.choice(staff),
             "community_id": community.id, "action": "ticket_accept",
             "target": f"ticket:{tid}", "detail": {}}
            for tid, t in zip(ids, tickets, strict=True) for _ in range(3)])
        bookings = []
        for day_n in range(DAYS + 7):
            day = (start + timedelta(days=day_n)).astimezone(SHANGHAI).date()
            for pid in rnd.sample(list(people), 100):
                delivery = rnd.random() < 0.3
                bookings.append({
                    "community_id": community.id, "resident_id": pid, "day": day,
                    "meal": "午餐", "portions": 1, "delivery": delivery,
                    "address": f"{rnd.choice(buildings).number}栋1单元101" if delivery else "",
                    "price_label": "普通", "unit_price_fen": 1500, "extra_price_fen": 1500,
                    "total_fen": 1500, "status": "booked", "booked_at": start})
        s.execute(insert(CanteenBooking), bookings)
        s.execute(insert(MailboxItem), [
            {"community_id": community.id, "number": f"XX-{n:08d}", "person_id": people[n],
             "anonymous": n % 3 == 0, "kind": "建议", "text": "建议多放几张长椅",
             "status": "answered" if n < 3 * DAYS - 20 else "received",
             "created_at": start + timedelta(hours=8 * n), "due_at": start + timedelta(
                 hours=8 * n + 72), "answer": "好的" if n < 3 * DAYS - 20 else None,
             "answered_at": start + timedelta(hours=8 * n + 24)
             if n < 3 * DAYS - 20 else None}
            for n in range(3 * DAYS)])
        return int(ids[-1])


def logged_in(linli: Linli, who: str) -> TestClient:
    """A client logged in as a demo staff member, through a link."""
    client = TestClient(create_app(linli, photos=lambda _f: None))
    with session_scope(linli.sessions) as s:
        person = s.scalars(select(Resident).where(Resident.name == who)).one()
        secret = issue_link(s, person=person, now=linli.clock.now())
    client.post(f"/login/{secret}", follow_redirects=False)
    return client


def measure(client: TestClient, path: str, repeat: int) -> tuple[float, float, int]:
    """Median and p95 of the app's own time (Server-Timing), in ms, and the status."""
    times, status = [], 0
    for _ in range(repeat):
        got = client.get(path)
        status = got.status_code
        times.append(float(got.headers["Server-Timing"].split("dur=")[1]))
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elders", type=int, default=1000)
    parser.add_argument("--residents", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="linli-console-bench-"))
    url = args.database_url or f"sqlite:///{folder / 'bench.db'}"
    settings = load_settings(database_url=url, data_dir=str(ROOT / "data"),
                             model_dir=str(folder / "model"), _env_file=None)
    linli = build(settings, clock=ManualClock(NOW), parser=NoParser())
    began = time.perf_counter()
    ticket = fill(linli, residents=args.residents, elders=args.elders)
    print(f"filled a year ({args.residents} residents, {args.elders} elders) in "
          f"{time.perf_counter() - began:.0f}s; {url.split(':')[0]}")
    for who in ("周敏", "刘芳"):
        client = logged_in(linli, who)
        for page in PAGES:
            path = page.format(ticket=ticket)
            median, p95, status = measure(client, path, args.repeat)
            print(f"{who}\t{path:28}\t{status}\tmedian {median:6.1f} ms\tp95 {p95:6.1f} ms")


if __name__ == "__main__":
    main()
