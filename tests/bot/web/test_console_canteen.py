"""The canteen page: publishing a menu (the /menu code: audit, notices), a day's bookings,
exports to CSV and Excel that carry only what the role may see, and audit the export."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select

from actions.db import session_scope
from actions.db.canteen import CanteenMenu
from actions.db.conversation import AuditLog
from bot.console import ConsoleChat
from bot.wiring import Linli
from tests.helpers import play

Client = Callable[[str], TestClient]
TOMORROW = date(2026, 11, 19)
MENU = "周一：红烧肉、醋溜白菜、米饭\n周二：鱼香肉丝、蒜蓉油麦菜、米饭"


def actions(linli: Linli, action: str) -> list[AuditLog]:
    with session_scope(linli.sessions) as session:
        return list(session.scalars(select(AuditLog).where(AuditLog.action == action)))


def book(console: ConsoleChat) -> None:
    """Two residents book tomorrow's lunch in the chat: one eats in, one is delivered."""
    out = play(console, "赵磊: 明天中午订两份\n赵磊: 好的\n"
                        "王秀英: 明天中午的饭送到家\n王秀英: [确认]")
    assert out.count("订好了") >= 2 or "订好" in out, out


def test_publishing_the_menu_is_the_chat_command(linli: Linli, staff_client: Client) -> None:
    wu = staff_client("吴桂芳")
    page = wu.get("/canteen")
    assert page.status_code == 200 and "发布菜单" in page.text
    done = wu.post("/canteen/menu", data={"text": MENU})
    assert done.status_code == 200 and "flash ok" in done.text
    with session_scope(linli.sessions) as session:
        monday = session.scalar(select(CanteenMenu).where(CanteenMenu.day == date(2026, 11, 23)))
        assert monday is not None and monday.dishes == ["红烧肉", "醋溜白菜", "米饭"]
    [row] = actions(linli, "canteen_menu_publish")
    assert row.detail["days"] == ["2026-11-23", "2026-11-24"]
    assert "红烧肉、醋溜白菜、米饭" in wu.get("/canteen").text


def test_a_bad_menu_is_explained_and_nothing_is_saved(linli: Linli,
                                                      staff_client: Client) -> None:
    done = staff_client("吴桂芳").post("/canteen/menu", data={"text": "明天吃好的"})
    assert "flash bad" in done.text and "明天吃好的" in done.text
    assert actions(linli, "canteen_menu_publish") == []


def test_only_canteen_staff_publish(staff_client: Client) -> None:
    liu = staff_client("刘芳")  # grid staff see the lists, not the menu editor
    assert "发布菜单</button>" not in liu.get("/canteen").text
    assert liu.post("/canteen/menu", data={"text": MENU}).status_code == 403
    assert staff_client("何经理").get("/canteen").status_code == 403


def test_tomorrows_bookings_and_deliveries_by_building(console: ConsoleChat,
                                                       staff_client: Client) -> None:
    book(console)
    page = staff_client("吴桂芳").get("/canteen").text
    assert "11月19日（周四）的订餐" in page
    assert "午餐：共3份（堂食2，送餐1）" in page
    assert "赵磊×2" in page and "3号楼" in page and "王秀英" in page


def test_the_exports_for_the_canteen_carry_phones(linli: Linli, console: ConsoleChat,
                                                  staff_client: Client) -> None:
    book(console)
    wu = staff_client("吴桂芳")
    got = wu.get(f"/canteen/kitchen.csv?day={TOMORROW}&meal=午餐")
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    assert "attachment" in got.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["日期", "餐次", "姓名", "电话"]
    assert {r[2] for r in rows[1:]} == {"赵磊", "王秀英"}
    xlsx = wu.get(f"/canteen/kitchen.xlsx?day={TOMORROW}&meal=午餐")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == rows[0] and len(values) == len(rows)
    exports = actions(linli, "canteen_kitchen_export")
    assert [e.detail["phones"] for e in exports] == [True, True]
    assert all("赵磊" not in str(e.detail) for e in exports)  # ids and counts only


def test_the_exports_for_grid_staff_carry_no_phones(linli: Linli, console: ConsoleChat,
                                                    staff_client: Client) -> None:
    book(console)
    liu = staff_client("刘芳")
    page = liu.get("/canteen").text
    assert "13" not in page.split("的订餐")[1].split("</section>")[0].replace("2026", "")
    text = liu.get(f"/canteen/kitchen.csv?day={TOMORROW}&meal=午餐").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert "电话" not in rows[0] and not any("139" in c or "138" in c for r in rows for c in r)
    sheet = load_workbook(io.BytesIO(liu.get(
        f"/canteen/kitchen.xlsx?day={TOMORROW}&meal=午餐").content)).active
    assert sheet is not None and "电话" not in [c.value for c in sheet[1]]
    assert [e.detail["phones"] for e in actions(linli, "canteen_kitchen_export")] == [False,
                                                                                      False]
    assert liu.get(f"/canteen/kitchen.csv?day={TOMORROW}&meal=夜宵").status_code == 404
