"""Canteen rules and menu formats, without a database: opening days, cut-off, prices, parsing."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from actions.canteen.menu import menu_from_csv, menu_from_yaml, parse_menu_lines
from actions.canteen.rules import Rules, days_label, load_rules, yuan
from actions.core.errors import Invalid
from actions.core.texts import Texts
from actions.db.community import Resident

DATA = Path(__file__).resolve().parents[3] / "data"
SHANGHAI = ZoneInfo("Asia/Shanghai")
TEXTS = Texts.load(DATA / "responses")


@pytest.fixture
def rules() -> Rules:
    return load_rules(DATA)["幸福里社区"]


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=SHANGHAI)


def person(birth_year: int | None, *, needs_care: bool = False,
           verified: bool = True) -> Resident:
    return Resident(name="某", birth_year=birth_year, needs_care=needs_care, verified=verified)


def test_open_on_weekdays_closed_on_weekends_and_public_holidays(rules: Rules) -> None:
    assert rules.is_open(date(2026, 11, 18))
    weekend = rules.closed_reason(date(2026, 11, 21))
    assert weekend is not None and weekend.text(TEXTS) == "11月21日（周六）是周末，食堂不开门"
    national_day = rules.closed_reason(date(2026, 10, 1))
    assert national_day is not None and "国庆节假期" in national_day.text(TEXTS)


def test_open_on_a_make_up_workday(rules: Rules) -> None:
    saturday = date(2026, 2, 14)  # a Saturday worked in lieu of the Spring Festival
    assert saturday.isoweekday() == 6
    assert rules.is_open(saturday)


def test_a_year_the_calendar_does_not_know_falls_back_to_weekdays(rules: Rules) -> None:
    assert rules.is_open(date(2030, 1, 7))  # a Monday
    assert not rules.is_open(date(2030, 1, 5))  # a Saturday


def test_a_year_without_holidays_is_logged_once_not_for_every_day(
        rules: Rules, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("WARNING", logger="actions.canteen.rules"):
        for day in range(1, 29):
            rules.is_open(date(2031, 2, day))
    said = [r.getMessage() for r in caplog.records if "has no data for 2031" in r.getMessage()]
    assert len(said) == 1


def test_cut_off_and_booking_window(rules: Rules) -> None:
    day = date(2026, 11, 18)
    assert rules.refusal(day, "午餐", at("2026-11-18 08:59")) is None
    late = rules.refusal(day, "午餐", at("2026-11-18 09:00"))
    assert late is not None and late.text(TEXTS) == "今天的午餐9:00就截止预订了"
    past = rules.refusal(date(2026, 11, 17), "午餐", at("2026-11-18 08:00"))
    assert past is not None and past.key == "canteen_past"
    far = rules.refusal(date(2026, 12, 31), "午餐", at("2026-11-18 08:00"))
    assert far is not None and far.key == "canteen_too_far"
    assert rules.next_bookable("午餐", at("2026-11-20 09:30")) == date(2026, 11, 23)


@pytest.mark.parametrize(("birth_year", "needs_care", "verified", "own", "label"), [
    (1943, True, True, 0, "80岁以上失能老人"),
    (1943, False, True, 800, "80岁以上老人"),
    (1957, False, True, 1000, "60岁以上老人"),
    (1990, False, True, 1800, ""),
    (None, False, True, 1800, ""),
    (1943, True, False, 1800, ""),  # age and care status count once the address is verified
])
def test_price_tiers(rules: Rules, birth_year: int | None, needs_care: bool, verified: bool,
                     own: int, label: str) -> None:
    price = rules.price_for(person(birth_year, needs_care=needs_care, verified=verified),
                            date(2026, 11, 23))
    assert (price.own_fen, price.label) == (own, label)


def test_further_portions_cost_the_full_price(rules: Rules) -> None:
    price = rules.price_for(person(1957), date(2026, 11, 23))
    assert price.total_fen(3) == 1000 + 2 * 1800


def test_money_and_day_wording() -> None:
    assert (yuan(0), yuan(1000), yuan(1250)) == ("免费", "10元", "12.5元")
    week = [date(2026, 11, d) for d in (23, 24, 25, 26, 27)]
    assert days_label(week) == "11月23日（周一）到11月27日（周五），共5天"
    assert days_label([date(2026, 11, 23), date(2026, 11, 25)]) == \
        "11月23日（周一）、11月25日（周三）"


def test_menu_lines_default_to_next_week() -> None:
    items = parse_menu_lines("下周菜单\n周一：红烧肉、醋溜白菜、米饭；周三 午餐: 木须肉、米饭",
                             today=date(2026, 11, 18), default_meal="午餐", texts=TEXTS)
    assert [(i.day, i.meal, i.dishes) for i in items] == [
        (date(2026, 11, 23), "午餐", ("红烧肉", "醋溜白菜", "米饭")),
        (date(2026, 11, 25), "午餐", ("木须肉", "米饭")),
    ]


def test_menu_lines_this_week_and_dates() -> None:
    items = parse_menu_lines("本周\n周五：炖带鱼、米饭\n12月1日（周二）：疙瘩汤、米饭",
                             today=date(2026, 11, 18), default_meal="午餐", texts=TEXTS)
    assert [i.day for i in items] == [date(2026, 11, 20), date(2026, 12, 1)]


def test_menu_line_errors_say_which_line() -> None:
    with pytest.raises(Invalid, match="这一行没看懂：「红烧肉」"):
        parse_menu_lines("周一：米饭\n红烧肉", today=date(2026, 11, 18), default_meal="午餐",
                         texts=TEXTS)
    with pytest.raises(Invalid, match="没有菜名"):
        parse_menu_lines("周一：", today=date(2026, 11, 18), default_meal="午餐", texts=TEXTS)


def test_menu_from_yaml_and_csv() -> None:
    items = menu_from_yaml({"days": {"2026-11-30": ["酱爆鸡丁", "米饭"]},
                            "week_of": "2026-12-07", "menu": {"周二": "糖醋里脊、米饭"}},
                           today=date(2026, 11, 18), default_meal="午餐")
    assert [(i.day, i.dishes) for i in items] == [
        (date(2026, 11, 30), ("酱爆鸡丁", "米饭")), (date(2026, 12, 8), ("糖醋里脊", "米饭"))]
    rows = menu_from_csv("date,meal,dishes\n2026-11-30,午餐,红烧肉、米饭\n"
                         "2026-12-01,炖带鱼,米饭\n", default_meal="午餐")
    assert [(i.day, i.meal, i.dishes) for i in rows] == [
        (date(2026, 11, 30), "午餐", ("红烧肉", "米饭")),
        (date(2026, 12, 1), "午餐", ("炖带鱼", "米饭"))]
