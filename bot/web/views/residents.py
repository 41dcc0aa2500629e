"""Residents: search by name (pinyin initials too), address or phone; verify newcomers; enrol
elders for the evening check-in with their contacts; print QR invite cards (PDF).

Grid staff see the residents of their grid (admins and grid leaders without a grid, all);
searches are POSTed, so names and phone numbers never appear in a URL or an access log.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Form, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import ColumnElement, false, or_, select
from sqlalchemy.orm import Session

from actions.checkins.enrol import invites_for_building
from actions.core.people import audit
from actions.db.community import Building, Household, Resident, StaffRole, Unit
from bot.cli.checkin import deep_link
from bot.web.acting import Outcome, press
from bot.web.auth import Staff, current_staff
from bot.web.cards import invite_cards_pdf
from bot.web.state import Console
from nlu import to_simplified

router = APIRouter()
LIMIT = 50


@lru_cache(maxsize=100_000)
def initials(name: str) -> str:
    """王秀英 -> wxy (what staff type on a phone)."""
    # Imported here: pypinyin's phrase dictionary costs 55 MB, and the bot process that
    # serves the console beside it should pay that only once staff search.
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).lower()


def in_grid(roles: list[StaffRole]) -> ColumnElement[bool]:
    """The residents these roles look after."""
    clauses: list[ColumnElement[bool]] = []
    for role in roles:
        here = Resident.community_id == role.community_id
        if role.role == "grid_worker" and role.grid_id is not None:
            clauses.append(here & (Building.grid_id == role.grid_id))
        else:
            clauses.append(here)
    return or_(*clauses) if clauses else false()


@dataclass(frozen=True)
class Found:
    """A resident as a row of the list."""

    id: int
    name: str
    phone: str
    address: str
    verified: bool
    bound: bool


def _people(session: Session, staff: Staff, *, unverified: bool = False) -> list[Found]:
    query = (select(Resident.id, Resident.name, Resident.phone, Building.number, Unit.number,
                    Household.room, Resident.verified, Resident.telegram_id)
             .join(Household, Household.id == Resident.household_id)
             .join(Unit, Unit.id == Household.unit_id)
             .join(Building, Building.id == Unit.building_id)
             .where(in_grid(staff.roles_for("residents"))))
    if unverified:
        query = query.where(Resident.verified.is_(False))
    return [Found(i, name or "", phone or "", f"{b}栋{u}单元{room}", bool(v), tg is not None)
            for i, name, phone, b, u, room, v, tg in session.execute(query)]


def search(people: list[Found], words: str) -> list[Found]:
    """Residents whose name, pinyin initials, address or phone hold the words (黃志明 typed
    finds 黄志明, and a name stored in traditional before stop 28 is found in simplified)."""
    q = to_simplified(words.strip().lower().replace(" ", ""))
    if not q:
        return []
    return [p for p in people if q in to_simplified(p.name) or q in p.phone or q in p.address
            or (q.isascii() and q.isalpha() and initials(p.name).startswith(q))][:LIMIT]


def _page(request: Request, console: Console, session: Session, staff: Staff, *,
          partial: str = "", **values: Any) -> Response:
    buildings = sorted({p.address.split("栋")[0] for p in _people(session, staff)},
                       key=lambda n: (len(n), n))
    return console.page(request, partial or "residents.html", staff=staff, current="residents",
                        newcomers=_people(session, staff, unverified=True),
                        buildings=buildings, **values)


@router.get("/residents", response_class=HTMLResponse)
def residents_page(request: Request) -> Response:
    """Search, newcomers to verify, enrolment, invite cards."""
    console: Console = request.app.state.console
    with console.unit() as session:
        return _page(request, console, session, current_staff(request, session, "residents"))


@router.post("/residents/search", response_class=HTMLResponse)
def search_residents(request: Request, q: str = Form("")) -> Response:
    """The search (a POST: what is searched for stays out of URLs and logs)."""
    console: Console = request.app.state.console
    with console.unit() as session:
        staff = current_staff(request, session, "residents")
        found = search(_people(session, staff), q)
        return console.page(request, "_found.html", staff=staff, found=found, q=q)


@router.post("/residents/{person_id}/verify", response_class=HTMLResponse)
def verify(request: Request, person_id: int, approve: str = Form("yes")) -> Response:
    """核实通过 / 不通过: the chat's buttons for a registration."""
    console: Console = request.app.state.console
    with console.unit() as session:
        staff = current_staff(request, session, "residents")
        if person_id not in {p.id for p in _people(session, staff)}:
            raise HTTPException(404, "没有这位居民，或者不在您负责的网格。")
        verb = "verify" if approve == "yes" else "reject"
        outcome = press(console, session, staff.person, f"/{verb}:{person_id}")
        return _page(request, console, session, staff, partial="_newcomers.html",
                     outcome=outcome)


@router.post("/residents/enrol", response_class=HTMLResponse)
def enrol(request: Request, elder: str = Form(...), time: str = Form(""),
          family: str = Form("")) -> Response:
    """Enrol an elder for the evening check-in, as /enrol does (contacts in order)."""
    console: Console = request.app.state.console
    with console.unit() as session:
        staff = current_staff(request, session, "residents")
        words = [elder.strip(), time.strip(), *family.split()]
        outcome: Outcome = press(console, session, staff.person,
                                 "/enrol:" + " ".join(w for w in words if w))
        return console.page(request, "_flash.html", outcome=outcome)


@router.get("/residents/invites.pdf")
def invite_cards(request: Request, building: str) -> Response:
    """QR invite cards of a building's check-in elders and families, ready to print."""
    console: Console = request.app.state.console
    with console.unit() as session:
        staff = current_staff(request, session, "residents")
        ids = staff.communities("residents")
        found = session.scalar(select(Building).where(Building.community_id.in_(ids),
                                                      Building.number == building))
        if found is None:
            raise HTTPException(404, "没有这栋楼。")
        invites = invites_for_building(session, community_id=found.community_id,
                                       building=building)
        audit(session, actor_id=staff.person.id, community_id=found.community_id,
              now=console.now(), action="checkin_invites_print",
              target=f"building:{found.id}", detail={"cards": len(invites)})
        bot = os.environ.get("LINLI_BOT_USERNAME", "linli_bot")
        cards = [(i.name, f"{i.role}（{i.elder}）", deep_link(bot, i.code) if i.code else None)
                 for i in invites]
    pdf = invite_cards_pdf(f"{building}号楼 平安问候邀请卡", cards)
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="invites-{building}.pdf"'})
