"""居民上报 (政民沟通): orders residents file in their 居民群 become Linli tickets, with the
reporter and photos, so they are followed like every other report.

A scheduled job of the WeCom channel: get_order_list from the last creation time seen (kept
in the database), get_order_info for each new order, one ticket per order (a JobRun row per
order makes the import exactly once, in the ticket's transaction). The reporter is found by
phone among known people, or recorded as a new, unverified person with the name and phone the
order gives (no chat: updates about the ticket go to staff only).
"""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.core.context import Tick
from actions.core.people import find_building
from actions.db import session_scope
from actions.db.community import Building, Resident, first_community
from actions.db.conversation import JobRun
from actions.db.endpoints import read_cursor, write_cursor
from actions.tickets.config import config
from actions.tickets.routing import NewTicket, create_ticket
from bot.wecom.api import Json, WeComApi
from bot.wiring import Linli

log = logging.getLogger(__name__)

SINCE = "wecom_report:since"
BUILDING = re.compile(r"(\d+)\s*(?:栋|号楼|幢|号)")
UNIT = re.compile(r"(\d+)\s*单元")


def _done_key(order_id: str) -> str:
    return f"wecom_order:{order_id}"[:120]


class ReportImporter:
    """Polls 居民上报 and files new orders as tickets."""

    def __init__(self, linli: Linli, api: WeComApi) -> None:
        self.linli, self.api = linli, api

    async def run(self) -> int:
        """Import every order created since the last run; how many tickets were made."""
        since = await asyncio.to_thread(self._since)
        made, cursor = 0, ""
        while True:
            page = await self.api.post("report/resident/get_order_list", {
                "begin_create_time": since, "cursor": cursor, "limit": 50})
            for summary in page.get("order_list") or []:
                made += await self._one(str(summary["order_id"]))
            cursor = str(page.get("next_cursor") or "")
            if not cursor:
                return made

    async def _one(self, order_id: str) -> int:
        if await asyncio.to_thread(self._seen, order_id):
            return 0
        info = (await self.api.post("report/resident/get_order_info",
                                    {"order_id": order_id}))["order_info"]
        return int(await asyncio.to_thread(self._file, info))

    def _since(self) -> int:
        with session_scope(self.linli.sessions) as session:
            return int(read_cursor(session, key=SINCE) or 0)

    def _seen(self, order_id: str) -> bool:
        with session_scope(self.linli.sessions) as session:
            return session.scalar(select(JobRun.id).where(
                JobRun.key == _done_key(order_id))) is not None

    def _file(self, order: Json) -> bool:
        """One ticket for one order, in one transaction (False when it was filed before)."""
        now = self.linli.clock.now()
        with session_scope(self.linli.sessions) as session:
            if session.scalar(select(JobRun.id).where(
                    JobRun.key == _done_key(str(order["order_id"])))) is not None:
                return False
            community = first_community(session)
            if community is None:
                log.error("居民上报 order %s: no community to file it in", order["order_id"])
                return False
            session.add(JobRun(key=_done_key(str(order["order_id"])), ran_at=now))
            tick = Tick(session, self.linli.settings, self.linli.conversation.texts, now)
            reporter = _reporter(session, order, tick, community.id, now)
            create_ticket(tick, reporter=reporter, community_id=community.id,
                          new=_new_ticket(tick, order, community.id))
            since = max(int(read_cursor(session, key=SINCE) or 0),
                        int(order.get("create_time") or 0))
            write_cursor(session, key=SINCE, value=str(since), now=now)
        return True


def _reporter(session: Session, order: Json, tick: Tick, community_id: int,
              now: datetime) -> Resident:
    """The person who reported: known by phone, or recorded now (unverified, no chat)."""
    phone = str(order.get("reporter_mobile") or "")[:20] or None
    if phone:
        known = session.scalar(select(Resident).where(Resident.phone == phone).limit(1))
        if known is not None:
            return known
    name = str(order.get("reporter_name") or "")[:50]
    person = Resident(name=name, phone=phone, community_id=community_id, created_at=now,
                      display_name=tick.t("report_reporter_name", name=name)[:100])
    session.add(person)
    session.flush()
    return person


def _new_ticket(tick: Tick, order: Json, community_id: int) -> NewTicket:
    """The ticket an order makes: its words, its place, its first photo."""
    location: dict[str, Any] = order.get("location") or {}
    desc = str(order.get("desc") or "")
    words = " ".join(str(order.get(k) or "") for k in ("case_name", "desc"))
    category = config(tick).guess("repair", words) or "其他"
    note = tick.t("report_imported_note", reporter=order.get("reporter_name") or "",
                  mobile=order.get("reporter_mobile") or "")
    place = str(location.get("name") or location.get("address") or order.get("grid_name")
                or "")[:100]
    photos = [str(u) for u in order.get("image_urls") or []]
    said = " ".join([place, str(location.get("address") or ""), desc])
    building = _building(tick, community_id, said)
    unit = UNIT.search(said) if building is not None else None
    return NewTicket(kind="repair", category=category, place=place,
                     description=f"{desc}\n{note}", photo=photos[0] if photos else None,
                     building=building, unit=unit.group(1) if unit else None)


def _building(tick: Tick, community_id: int, said: str) -> Building | None:
    """The building the order's place or words name (3栋, 3号楼), when the community has it."""
    for found in BUILDING.finditer(said):
        building = find_building(tick.session, community_id=community_id,
                                 number=found.group(1))
        if building is not None:
            return building
    return None
