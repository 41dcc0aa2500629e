"""Community life: announcements (compose for the community, a grid or a building, now or at a
time; cancel a scheduled one), events and their sign-ups, votes and results, volunteer teams
and the time bank. Composing and cancelling run the chat's own code."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from actions.community.announcements import compose, delivery_log
from actions.community.common import target_of
from actions.community.volunteers import teams_of
from actions.db.community import Building, Grid, GroupChat, Resident, StaffRole
from actions.db.community_life import (
    Announcement,
    Event,
    EventOccurrence,
    EventSignup,
    Question,
    TeamRequest,
    TimeAccount,
    TimeEntry,
    Vote,
)
from bot.web.acting import Outcome, WebContext, press, run
from bot.web.auth import Staff, current_staff
from bot.web.state import Console

router = APIRouter()
STATUS = {"scheduled": "待发送", "sent": "已发送", "cancelled": "已取消"}


def _announcements(console: Console, session: Session, ids: list[int]) -> list[dict[str, Any]]:
    tick = console.tick(session)
    rows = []
    for a in session.scalars(select(Announcement).where(Announcement.community_id.in_(ids))
                             .order_by(Announcement.id.desc()).limit(20)):
        log = delivery_log(tick, a)
        target = target_of(scope=a.scope, grid_id=a.grid_id, building_id=a.building_id,
                           session=session)
        rows.append({"a": a, "target": target.label, "status": STATUS.get(a.status, a.status),
                     "sent": sum(1 for _, m in log if m.sent_at), "total": len(log)})
    return rows


def _targets(session: Session, ids: list[int]) -> list[str]:
    grids = session.scalars(select(Grid.name).where(Grid.community_id.in_(ids)).order_by(Grid.id))
    buildings = session.scalars(
        select(Building.number).join(GroupChat, GroupChat.building_id == Building.id)
        .where(Building.community_id.in_(ids)).order_by(Building.id))
    return ["全社区", *grids, *[f"{n}号楼" for n in dict.fromkeys(buildings)]]


def _events(console: Console, session: Session, ids: list[int]) -> list[dict[str, Any]]:
    now = console.now()
    query = (select(EventOccurrence, Event).join(Event, Event.id == EventOccurrence.event_id)
             .where(Event.community_id.in_(ids), EventOccurrence.starts_at >= now,
                    EventOccurrence.starts_at < now + timedelta(days=30))
             .order_by(EventOccurrence.starts_at).limit(30))
    found = session.execute(query).all()
    seats: Counter[tuple[int, str]] = Counter()
    if found:
        for occurrence_id, status, n in session.execute(
                select(EventSignup.occurrence_id, EventSignup.status,
                       func.sum(EventSignup.seats)).where(
                    EventSignup.occurrence_id.in_([o.id for o, _ in found]),
                    EventSignup.role == "guest").group_by(EventSignup.occurrence_id,
                                                          EventSignup.status)):
            seats[(occurrence_id, status)] += int(n or 0)
    return [{"o": o, "e": e, "going": seats[(o.id, "going")],
             "waiting": seats[(o.id, "waiting")]} for o, e in found]


def _questions(session: Session, ids: list[int]) -> list[dict[str, Any]]:
    rows = []
    for q in session.scalars(select(Question).where(Question.community_id.in_(ids))
                             .order_by(Question.id.desc()).limit(10)):
        counts = list(q.counts) if q.status == "closed" and q.counts else None
        if counts is None:
            live = Counter(session.scalars(select(Vote.option).where(
                Vote.question_id == q.id)))
            counts = [live[i] for i in range(len(q.options))]
        rows.append({"q": q, "results": list(zip(q.options, counts, strict=False)),
                     "voted": sum(counts)})
    return rows


def _teams(console: Console, session: Session, ids: list[int]) -> list[dict[str, Any]]:
    rows = []
    for community_id in ids:
        teams = teams_of(session, data_dir=console.linli.settings.data_dir,
                         community_id=community_id)
        members = Counter(session.scalars(select(StaffRole.team).where(
            StaffRole.community_id == community_id, StaffRole.role == "volunteer")))
        pending = Counter(session.scalars(select(TeamRequest.team).where(
            TeamRequest.community_id == community_id, TeamRequest.status == "pending")))
        rows += [{"name": name, "about": team.about, "members": members[name],
                  "pending": pending[name]} for name, team in teams.items()]
    return rows


def _time_bank(console: Console, session: Session, ids: list[int]) -> dict[str, Any]:
    since = console.now() - timedelta(days=30)
    earned = session.scalar(select(func.coalesce(func.sum(TimeEntry.minutes), 0)).where(
        TimeEntry.community_id.in_(ids), TimeEntry.kind == "earn",
        TimeEntry.created_at >= since)) or 0
    credited = (select(TimeEntry.credit_id.label("acc"), TimeEntry.minutes.label("m"))
                .where(TimeEntry.community_id.in_(ids)))
    debited = (select(TimeEntry.debit_id.label("acc"), (-TimeEntry.minutes).label("m"))
               .where(TimeEntry.community_id.in_(ids)))
    moves = credited.union_all(debited).subquery()
    top = session.execute(
        select(Resident.name, func.sum(moves.c.m).label("total"))
        .join(TimeAccount, TimeAccount.id == moves.c.acc)
        .join(Resident, Resident.id == TimeAccount.person_id)
        .group_by(Resident.id, Resident.name).order_by(func.sum(moves.c.m).desc()).limit(10))
    return {"earned_hours": round(int(earned) / 60, 1),
            "top": [(name, round(int(total) / 60, 1)) for name, total in top]}


def _page(request: Request, console: Console, session: Session, staff: Staff,
          outcome: Outcome | None = None, partial: bool = False) -> Response:
    ids = staff.communities("community")
    return console.page(request, "_announcements.html" if partial else "community.html",
                        staff=staff, current="community", outcome=outcome,
                        announcements=_announcements(console, session, ids),
                        targets=_targets(session, ids), events=_events(console, session, ids),
                        questions=_questions(session, ids), teams=_teams(console, session, ids),
                        bank=_time_bank(console, session, ids))


@router.get("/community", response_class=HTMLResponse)
def community_page(request: Request) -> Response:
    """Announcements, events, votes, teams and the time bank."""
    console: Console = request.app.state.console
    with console.unit() as session:
        return _page(request, console, session, current_staff(request, session, "community"))


@router.post("/community/announcements", response_class=HTMLResponse)
def announce(request: Request, target: str = Form(...), text: str = Form(""),
             private: str = Form(""), when: str = Form("")) -> Response:
    """Compose an announcement: now, or at a time (community time)."""
    console: Console = request.app.state.console
    with console.unit() as session:
        staff = current_staff(request, session, "community")
        tz = console.linli.settings.tz
        try:
            moment = datetime.fromisoformat(when).replace(tzinfo=tz) if when else None
        except ValueError:
            moment = datetime.min.replace(tzinfo=tz)  # refused as in the past

        def action(ctx: WebContext) -> None:
            compose(ctx, target=target, text=text, private=bool(private), when=moment)

        outcome = run(console, session, staff.person, action, name="announce")
        return _page(request, console, session, staff, outcome, partial=True)


@router.post("/community/announcements/{number}/cancel", response_class=HTMLResponse)
def cancel(request: Request, number: int) -> Response:
    """Cancel a scheduled announcement (the chat's button)."""
    console: Console = request.app.state.console
    with console.unit() as session:
        staff = current_staff(request, session, "community")
        outcome = press(console, session, staff.person, f"/ann_cancel:{number}")
        return _page(request, console, session, staff, outcome, partial=True)
