"""Menus: residents asking, staff publishing from the chat, change notices, the Friday
announcement, and the demo menu."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from actions.core.pipeline import Incoming
from actions.db import session_scope
from actions.db.canteen import CanteenDelivery, CanteenMenu
from actions.db.conversation import AuditLog, OutboxMessage
from bot.console import ConsoleChat
from bot.wiring import Linli
from tests.factories import make_canteen_menu
from tests.helpers import play

WEEK = ("下周菜单；周一：红烧排骨、京酱肉丝、醋溜白菜、家常豆腐、紫菜蛋花汤、米饭；"
        "周二：糖醋里脊、葱爆羊肉、清炒圆白菜、烧茄子、疙瘩汤、米饭")


def menu(linli: Linli, day: date) -> list[str]:
    with session_scope(linli.sessions) as session:
        row = session.scalar(select(CanteenMenu).where(CanteenMenu.day == day))
        return list(row.dishes) if row else []


def test_the_demo_has_this_and_next_weeks_menu_and_delivery(linli: Linli) -> None:
    with session_scope(linli.sessions) as session:
        days = set(session.scalars(select(CanteenMenu.day)))
        assert len(session.scalars(select(CanteenDelivery)).all()) == 2
    assert days == {date(2026, 11, d) for d in (16, 17, 18, 19, 20, 23, 24, 25, 26, 27)}
    assert len(menu(linli, date(2026, 11, 23))) == 6


def test_todays_menu_with_this_residents_price(console: ConsoleChat) -> None:
    out = play(console, "@at 2026-11-18 08:00\n李建国: 今天吃什么")
    assert "11月18日（周三）午餐：红烧带鱼、木须肉、醋溜土豆丝、香菇油菜、西红柿鸡蛋汤" in out
    assert "您每份10元（老人优惠价）" in out and "[订这天的饭]" in out
    out = play(console, "王秀英: 明天吃什么")
    assert "11月19日（周四）午餐：小鸡炖蘑菇" in out and "您吃饭免费" in out


def test_the_weeks_menu_and_a_closed_day(console: ConsoleChat) -> None:
    out = play(console, "@at 2026-11-18 08:00\n赵磊: 下周菜单")
    assert out.count("午餐：") == 5 and "11月27日（周五）午餐：炖带鱼" in out
    assert "每份18元" in out
    out = play(console, "赵磊: 周六吃什么")
    assert "11月21日（周六）是周末，食堂不开门" in out


def test_staff_publish_with_read_back_and_audit(console: ConsoleChat, linli: Linli) -> None:
    out = play(console, f"@at 2026-11-18 10:00\n吴桂芳: /menu {WEEK}")
    assert "11月23日（周一）午餐（改）：红烧排骨" in out and "确认发布吗" in out
    assert "11月24日（周二）午餐：糖醋里脊" in out  # the same as before: no （改）
    assert menu(linli, date(2026, 11, 23))[0] == "酱爆鸡丁"  # nothing saved before the yes
    out = play(console, "吴桂芳: [确认]")
    assert "菜单已发布：11月23日（周一）、11月24日（周二）" in out
    assert "会在周五10:00自动发到居民群" in out
    assert menu(linli, date(2026, 11, 23))[0] == "红烧排骨"
    with session_scope(linli.sessions) as session:
        log = session.scalars(select(AuditLog).where(
            AuditLog.action == "canteen_menu_publish")).one()
        assert log.detail["changed"] == ["2026-11-23"]


def test_publish_needs_the_canteen_role(console: ConsoleChat, linli: Linli) -> None:
    out = play(console, f"赵磊: /menu {WEEK}")
    assert "没有这个权限" in out
    assert menu(linli, date(2026, 11, 23))[0] == "酱爆鸡丁"


def test_a_bad_line_is_explained_and_asked_again(console: ConsoleChat) -> None:
    out = play(console, "吴桂芳: /menu 红烧肉\n吴桂芳: 周一：红烧肉、米饭")
    assert "这一行没看懂：「红烧肉」" in out and "请把菜单发给我" in out
    assert "11月23日（周一）午餐（改）：红烧肉、米饭" in out


def test_a_change_after_booking_notifies_those_who_booked(console: ConsoleChat,
                                                          linli: Linli) -> None:
    play(console, "@at 2026-11-18 10:00\n李建国: 下周一中午订一份\n李建国: 确认")
    out = play(console, "吴桂芳: /menu 周一：炖排骨、米饭\n吴桂芳: [确认]")
    assert "已经订了改动那天的有1人" in out
    assert "◂ 李建国 | 您好，您订的11月23日（周一）午餐换菜了：\n" in out
    assert "炖排骨、米饭" in out and "已通知1位订了饭的居民" in out
    out = play(console, "吴桂芳: /menu 周一：炖排骨、米饭\n吴桂芳: [确认]")  # unchanged
    assert "换菜了" not in out


def test_next_weeks_menu_is_announced_once_on_friday_at_ten(console: ConsoleChat,
                                                            linli: Linli) -> None:
    out = play(console, "@at 2026-11-20 09:58\n@wait 1m")
    assert "下周菜单" not in out
    out = play(console, "@wait 5m")
    assert out.count("◂ [幸福里社区居民群] | 【幸福里长者食堂下周菜单】") == 1
    assert "11月23日（周一）午餐：酱爆鸡丁" in out and "60岁以上老人10元" in out
    assert "[3号楼住户群]" not in out
    out = play(console, "@at 2026-11-21 09:00")
    assert "下周菜单" not in out
    with session_scope(linli.sessions) as session:
        make_canteen_menu(session, day=date(2026, 11, 30))
    out = play(console, "@at 2026-11-27 10:00")  # the week after: its own announcement
    assert "【幸福里长者食堂下周菜单】11月30日（周一）" in out


def test_a_menu_published_after_friday_is_announced_at_once(console: ConsoleChat) -> None:
    play(console, "@at 2026-11-27 11:00")
    out = play(console, "吴桂芳: /menu 周一：炖排骨、米饭\n吴桂芳: [确认]\n@wait 1m")
    assert "下周的菜单马上会发到居民群" in out
    assert "◂ [幸福里社区居民群] | 【幸福里长者食堂下周菜单】11月30日（周一）" in out
    assert "11月30日（周一）午餐：炖排骨、米饭" in out


def test_no_announcement_without_a_menu(console: ConsoleChat, linli: Linli) -> None:
    play(console, "@at 2026-11-27 10:00\n@wait 2m")
    with session_scope(linli.sessions) as session:
        assert session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.text.like("%下周菜单%"))) == 0


def test_a_menu_on_several_lines_after_the_command(console: ConsoleChat, linli: Linli) -> None:
    result = linli.conversation.handle(Incoming(
        "console", 20020, 20020, "吴桂芳", update_id=777,
        text="/menu 下周菜单\n周一：炖排骨、米饭\n周二：糖醋里脊、米饭"))
    assert result
    console.deliver()
    out = str(console.out.getvalue())  # type: ignore[attr-defined]
    assert "11月23日（周一）午餐（改）：炖排骨、米饭" in out
    assert "11月24日（周二）午餐（改）：糖醋里脊、米饭" in out
    linli.conversation.handle(Incoming("console", 20020, 20020, "吴桂芳", update_id=778,
                                       text="/menu\n周三：红烧鸡块、米饭"))
    console.deliver()
    out = str(console.out.getvalue())  # type: ignore[attr-defined]
    assert "11月25日（周三）午餐（改）：红烧鸡块、米饭" in out
