"""The kitchen list at the cut-off, its CSV, staff commands, and capacity under concurrency."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from actions.canteen.booking import book_day
from actions.canteen.kitchen import kitchen_csv, kitchen_list
from actions.canteen.rules import Meal
from actions.canteen.service import Canteen, canteen_of_community
from actions.core.errors import Refused
from actions.db import session_scope
from actions.db.canteen import CanteenBooking, CanteenSlot
from actions.db.conversation import AuditLog
from bot.console import ConsoleChat
from bot.wiring import Linli
from tests.factories import community, make_resident
from tests.helpers import play

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = """
@at 2026-11-18 10:00
王秀英: 明天中午的饭送到家
王秀英: 确认
钱淑珍: 明天中午订一份送到家
钱淑珍: 确认
赵磊: 明天中午订两份
赵磊: 确认
李建国: 明天中午订一份
李建国: 确认
"""


def test_the_kitchen_gets_its_list_once_at_the_cut_off(console: ConsoleChat) -> None:
    play(console, DAY)
    out = play(console, "@at 2026-11-19 08:58\n@wait 1m")
    assert "备餐单" not in out
    out = play(console, "@wait 3m")
    assert out.count("◂ [长者食堂后厨群] | 【11月19日（周四）午餐 备餐单】共5份") == 1
    assert "堂食3份，送餐2份（2户），应收46元" in out
    assert "堂食：赵磊×2、李建国" in out
    assert out.index("3号楼：") < out.index("王秀英　3栋2单元501　13602211001　1份") \
        < out.index("9号楼：") < out.index("钱淑珍　9栋2单元102　13602211005　1份")
    assert "菜单：小鸡炖蘑菇" in out
    out = play(console, "@at 2026-11-19 11:00")
    assert "备餐单" not in out


def test_a_bot_started_after_the_meal_sends_no_list_for_it(console: ConsoleChat) -> None:
    play(console, DAY)
    out = play(console, "@at 2026-11-19 12:40\n@wait 2m")  # lunch served 11:30-12:30
    assert "备餐单" not in out
    out = play(console, "@at 2026-11-20 12:20")  # still serving: the list is of use
    assert out.count("【11月20日（周五）午餐 备餐单】") == 1


def test_no_kitchen_list_on_a_closed_day(console: ConsoleChat) -> None:
    out = play(console, "@at 2026-11-21 08:59\n@wait 2m")
    assert "备餐单" not in out


def test_kitchen_csv(console: ConsoleChat, linli: Linli) -> None:
    play(console, DAY)
    with session_scope(linli.sessions) as session:
        canteen = canteen_of_community(session, community_id=community(session).id,
                                       data_dir=linli.settings.data_dir)
        assert canteen is not None
        text = kitchen_csv(kitchen_list(session, canteen=canteen, day=date(2026, 11, 19),
                                        meal="午餐"))
    rows = text.strip().splitlines()
    assert rows[0] == "日期,餐次,姓名,电话,楼栋,地址,份数,方式,价格类别,金额(元)"
    assert "2026-11-19,午餐,赵磊,13602211004,,,2,堂食,普通,36.00" in rows
    assert "2026-11-19,午餐,王秀英,13602211001,3,3栋2单元501,1,送餐,80岁以上失能老人,0.00" in rows
    assert len(rows) == 5


def test_staff_commands_kitchen_and_delivery(console: ConsoleChat, linli: Linli) -> None:
    play(console, DAY)
    out = play(console, "吴桂芳: /kitchen 2026-11-19")
    assert "共5份" in out and "钱淑珍" in out
    out = play(console, "赵磊: /kitchen")
    assert "没有这个权限" in out
    out = play(console, "刘芳: /meal_delivery 李建国")
    assert "已开通送餐上门：李建国，7栋1单元302" in out
    assert "◂ 李建国 | 您好，社区给您开通了长者食堂送餐上门" in out
    out = play(console, "李建国: 后天中午订一份送到家\n李建国: 确认")
    assert "送到家：7栋1单元302" in out
    out = play(console, "吴桂芳: /meal_delivery_off 李建国\n吴桂芳: /meal_delivery 不存在的人")
    assert "已取消李建国的送餐上门" in out and "没找到「不存在的人」" in out
    with session_scope(linli.sessions) as session:
        actions = set(session.scalars(select(AuditLog.action)))
    assert {"canteen_delivery_grant", "canteen_delivery_revoke"} <= actions


def test_capacity_holds_under_concurrent_bookings(linli: Linli) -> None:
    """Many residents book the last portions at the same moment, each in its own session."""
    if linli.engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs one writer at a time; row locking is proven on PostgreSQL "
                    "(set LINLI_TEST_DATABASE_URL)")
    day, capacity, people = date(2026, 11, 19), 7, 24
    with session_scope(linli.sessions) as session:
        home = community(session)
        ids = [make_resident(session, name=f"居民{n}", room=f"{100 + n}").id
               for n in range(people)]
        base = canteen_of_community(session, community_id=home.id,
                                    data_dir=linli.settings.data_dir)
        assert base is not None
        canteen = Canteen(base.community, replace(base.rules, meals={
            "午餐": Meal("午餐", "11:30-12:30", base.rules.meals["午餐"].cutoff, capacity)}))
    local = datetime(2026, 11, 18, 10, 0, tzinfo=SHANGHAI)
    start = threading.Barrier(people)
    results: list[str] = []

    def book(resident_id: int) -> None:
        from actions.db.community import Resident

        start.wait()
        try:
            with session_scope(linli.sessions) as session:
                person = session.get_one(Resident, resident_id)
                book_day(session, canteen=canteen, person=person, day=day, meal="午餐",
                         portions=1, delivery=False, now=local, local=local,
                         texts=linli.conversation.texts)
            results.append("booked")
        except Refused:
            results.append("full")

    threads = [threading.Thread(target=book, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == ["booked"] * capacity + ["full"] * (people - capacity)
    with session_scope(linli.sessions) as session:
        assert session.scalar(select(CanteenSlot.booked).where(CanteenSlot.day == day)) == capacity
        assert session.scalar(select(func.count()).select_from(CanteenBooking).where(
            CanteenBooking.day == day, CanteenBooking.status == "booked")) == capacity
