"""Menus with closed days (周四：休息, 周四不开 食堂检修) and headers before the first day."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from actions.canteen.menu import parse_menu_lines
from actions.core.texts import Texts
from actions.db import session_scope
from actions.db.canteen import CanteenBooking
from bot.console import ConsoleChat
from bot.wiring import Linli
from tests.helpers import play

TEXTS = Texts.load(Path(__file__).resolve().parents[3] / "data" / "responses")
WEDNESDAY = date(2026, 11, 18)


def _read(text: str) -> list[tuple[date, tuple[str, ...]]]:
    return [(i.day, i.dishes) for i in parse_menu_lines(text, today=WEDNESDAY,
                                                         default_meal="午餐", texts=TEXTS)]


def test_a_rest_day_is_closed_not_a_dish() -> None:
    found = _read("下周菜单；周一：红烧肉、米饭；周四：休息")
    assert found == [(date(2026, 11, 23), ("红烧肉", "米饭")), (date(2026, 11, 26), ())]


def test_closed_in_words_with_no_week_said_is_the_coming_day() -> None:
    assert _read("周四不开 食堂检修") == [(date(2026, 11, 19), ())]
    assert _read("下周 周四：停业") == [(date(2026, 11, 26), ())]


def test_closed_words_after_the_reason() -> None:
    assert _read("下周菜单；周三：红烧鸡块、米饭；周四 食堂检修不开") == [
        (date(2026, 11, 25), ("红烧鸡块", "米饭")), (date(2026, 11, 26), ())]


def test_a_header_with_a_colon_keeps_monday() -> None:
    found = _read("下周的菜单：周一：葱烧海参、米饭；周二：糖醋里脊、米饭")
    assert [day for day, _ in found] == [date(2026, 11, 23), date(2026, 11, 24)]


def test_traditional_heads_are_read() -> None:
    found = _read("下週菜單：週一：紅燒肉、米飯")
    assert found == [(date(2026, 11, 23), ("红烧肉", "米饭"))]


def test_closing_a_booked_day_cancels_and_tells(console: ConsoleChat, linli: Linli) -> None:
    play(console, "@at 2026-11-18 08:00\n李建国: 后天中午订一份\n李建国: [确认]")
    out = play(console, "吴桂芳: /menu 周五：停业 检修\n吴桂芳: [确认]")
    assert "食堂不开" in out and "取消" in out
    with session_scope(linli.sessions) as session:
        booking = session.query(CanteenBooking).one()
        assert booking.status == "cancelled"
    out = play(console, "李建国: 周五中午订一份")
    assert "暂停营业" in out
