"""The canteen: the week's menus (edit and publish through the chat's /menu code), a day's
bookings (the kitchen list, deliveries by building), and exports to Excel and CSV.

Residents' phone numbers appear (on the page and in exports) only for canteen staff and admins;
grid staff, who also handle deliveries, see the same lists without them.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Form, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy.orm import Session

from actions.canteen.kitchen import KitchenList, kitchen_csv, kitchen_list
from actions.canteen.menu import monday_of
from actions.canteen.service import Canteen, canteen_of_community, dishes_text
from actions.canteen.staff import publish_menu_text
from actions.core.people import audit
from actions.db.canteen import menus_between
from bot.web.acting import Outcome, WebContext, run
from bot.web.auth import PHONE_ROLES, Staff, current_staff
from bot.web.state import Console

router = APIRouter()
PHONE_COLUMN = "电话"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _canteen(console: Console, session: Session, staff: Staff, request: Request) -> Canteen:
    ids = staff.communities("canteen")
    wanted = request.query_params.get("c", "")
    community_id = int(wanted) if wanted.isdigit() and int(wanted) in ids else ids[0]
    canteen = canteen_of_community(session, community_id=community_id,
                                   data_dir=console.linli.settings.data_dir)
    if canteen is None:
        raise HTTPException(404, "这个社区没有长者食堂。")
    return canteen


def _day(request: Request, console: Console) -> date:
    try:
        return date.fromisoformat(request.query_params.get("day", ""))
    except ValueError:
        return console.today() + timedelta(days=1)


def _menu_values(console: Console, session: Session, canteen: Canteen) -> dict[str, Any]:
    monday = monday_of(console.today())
    menus = menus_between(session, community_id=canteen.id, first=monday,
                          last=monday + timedelta(days=13))
    following = [m for m in menus if m.day >= monday + timedelta(days=7)]
    draft = "\n".join(f"{m.day.month}月{m.day.day}日 {m.meal}：{dishes_text(m)}"
                      for m in following)
    return {"menus": menus, "draft": draft, "next_monday": monday + timedelta(days=7)}


def _lists(session: Session, canteen: Canteen, day: date) -> list[KitchenList]:
    return [kitchen_list(session, canteen=canteen, day=day, meal=meal)
            for meal in canteen.rules.meals]


@router.get("/canteen", response_class=HTMLResponse)
def canteen_page(request: Request) -> Response:
    """Menus, the kitchen list of a day (tomorrow by default), exports."""
    console: Console = request.app.state.console
    with console.unit() as session:
        staff = current_staff(request, session, "canteen")
        canteen = _canteen(console, session, staff, request)
        day = _day(request, console)
        return console.page(request, "canteen.html", staff=staff, current="canteen",
                            canteen=canteen, day=day, lists=_lists(session, canteen, day),
                            phones=staff.holds(canteen.id, *PHONE_ROLES),
                            may_publish=staff.holds(canteen.id, "canteen"),
                            **_menu_values(console, session, canteen))


@router.post("/canteen/menu", response_class=HTMLResponse)
def publish(request: Request, text: str = Form(...)) -> Response:
    """发布菜单: the same parsing, checks, notices and audit as /menu in the chat."""
    console: Console = request.app.state.console
    with console.unit() as session:
        staff = current_staff(request, session, "canteen")
        canteen = _canteen(console, session, staff, request)
        if not staff.holds(canteen.id, "canteen"):
            raise HTTPException(403, "只有食堂负责人可以发布菜单。")

        def action(ctx: WebContext) -> None:
            publish_menu_text(ctx, text)

        outcome: Outcome = run(console, session, staff.person, action, name="menu")
        values = _menu_values(console, session, canteen)
        if not outcome.ok:
            values["draft"] = text
        return console.page(request, "_menu.html", staff=staff, canteen=canteen,
                            outcome=outcome, may_publish=True, **values)


def _export_rows(session: Session, staff: Staff, canteen: Canteen, day: date,
                 meal: str, now: datetime) -> list[list[str]]:
    """The kitchen list as rows (the chat's CSV), without phones for roles that may not see
    them; the export is audited."""
    if meal not in canteen.rules.meals:
        raise HTTPException(404, "食堂不供应这一餐。")
    listing = kitchen_list(session, canteen=canteen, day=day, meal=meal)
    rows = list(csv.reader(io.StringIO(kitchen_csv(listing))))
    phones = staff.holds(canteen.id, *PHONE_ROLES)
    if not phones:
        drop = rows[0].index(PHONE_COLUMN)
        rows = [r[:drop] + r[drop + 1:] for r in rows]
    audit(session, actor_id=staff.person.id, community_id=canteen.id, now=now,
          action="canteen_kitchen_export", target=f"canteen_day:{day.isoformat()}",
          detail={"meal": meal, "rows": len(rows) - 1, "phones": phones})
    return rows


def _filename(day: date, meal: str, ext: str) -> str:
    return f"kitchen-{day.isoformat()}-{'lunch' if meal == '午餐' else 'dinner'}.{ext}"


@router.get("/canteen/kitchen.csv")
def export_csv(request: Request, meal: str) -> Response:
    """The kitchen list as CSV (UTF-8 with a BOM, so Excel on an office PC reads Chinese)."""
    console: Console = request.app.state.console
    with console.unit() as session:
        staff = current_staff(request, session, "canteen")
        canteen = _canteen(console, session, staff, request)
        day = _day(request, console)
        rows = _export_rows(session, staff, canteen, day, meal, console.now())
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return Response("\ufeff" + out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition":
                             f'attachment; filename="{_filename(day, meal, "csv")}"'})


@router.get("/canteen/kitchen.xlsx")
def export_xlsx(request: Request, meal: str) -> Response:
    """The kitchen list as an Excel workbook."""
    console: Console = request.app.state.console
    with console.unit() as session:
        staff = current_staff(request, session, "canteen")
        canteen = _canteen(console, session, staff, request)
        day = _day(request, console)
        rows = _export_rows(session, staff, canteen, day, meal, console.now())
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"{day.month}月{day.day}日{meal}"
    for row in rows:
        sheet.append([int(v) if v.isdigit() else v for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return Response(out.getvalue(), media_type=XLSX, headers={
        "Content-Disposition": f'attachment; filename="{_filename(day, meal, "xlsx")}"'})
