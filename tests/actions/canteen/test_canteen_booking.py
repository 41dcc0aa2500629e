"""Booking the canteen in conversation: prices by age, several days, refusals with alternatives,
delivery, cancelling, "what did I book", and no double booking on redelivery."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from actions.core.pipeline import Incoming
from actions.db import session_scope
from actions.db.canteen import CanteenBooking, CanteenSlot
from actions.db.community import Resident
from bot.console import ConsoleChat
from bot.wiring import Linli
from tests.factories import community, make_resident
from tests.helpers import play


def bookings(linli: Linli, name: str) -> list[CanteenBooking]:
    """A resident's bookings (any status), by day."""
    with session_scope(linli.sessions) as session:
        return list(session.scalars(
            select(CanteenBooking).join(Resident, Resident.id == CanteenBooking.resident_id)
            .where(Resident.name == name).order_by(CanteenBooking.day)))


def taken(linli: Linli, day: date) -> int:
    with session_scope(linli.sessions) as session:
        return session.scalar(select(CanteenSlot.booked).where(CanteenSlot.day == day)) or 0


def test_prices_follow_age_and_care_and_are_stored(console: ConsoleChat, linli: Linli) -> None:
    out = play(console, """
@at 2026-11-18 08:00
王秀英: 明天中午订一份
王秀英: [到食堂吃]
王秀英: 好的
李建国: 明天中午帮我订两份
李建国: 确认
赵磊: 明天中午订一份
赵磊: 确认
""")
    assert "您这份免费" in out and "失能" not in out
    assert "一共28元（老人优惠价），第二份起每份18元" in out
    assert "一共18元" in out
    (wang,) = bookings(linli, "王秀英")
    (li,) = bookings(linli, "李建国")
    (zhao,) = bookings(linli, "赵磊")
    assert (wang.total_fen, wang.price_label, wang.delivery) == (0, "80岁以上失能老人", False)
    assert (li.portions, li.unit_price_fen, li.extra_price_fen, li.total_fen) == (2, 1000, 1800,
                                                                                  2800)
    assert (zhao.total_fen, zhao.price_label) == (1800, "")
    assert taken(linli, date(2026, 11, 19)) == 4


def test_a_range_books_five_days_at_once(console: ConsoleChat, linli: Linli) -> None:
    out = play(console, """
@at 2026-11-18 10:00
李建国: 下周一到周五每天一份
李建国: 确认
""")
    assert "11月23日（周一）到11月27日（周五），共5天的午餐，每天1份" in out
    assert "每天10元，5天一共50元" in out
    assert "订好了" in out
    assert [b.day for b in bookings(linli, "李建国")] == [date(2026, 11, d)
                                                          for d in (23, 24, 25, 26, 27)]


def test_a_late_booking_is_refused_with_what_is_possible(console: ConsoleChat,
                                                          linli: Linli) -> None:
    out = play(console, "@at 2026-11-18 09:05\n钱淑珍: 今天中午订一份")
    assert "今天的午餐9:00就截止预订了。明天11月19日（周四）的还可以订。" in out
    assert "[明天11月19日（周四）]" in out
    out = play(console, "钱淑珍: [明天11月19日（周四）]\n钱淑珍: [送到家]")
    assert "11月19日（周四）的午餐，1份" in out and "送到家：9栋2单元102" in out
    assert not bookings(linli, "钱淑珍")


def test_a_weekend_is_refused_with_the_next_open_day(console: ConsoleChat) -> None:
    out = play(console, "@at 2026-11-20 08:00\n赵磊: 明天中午订一份")
    assert "11月21日（周六）是周末，食堂不开门。11月23日（周一）的还可以订。" in out


def test_full_day_is_refused_with_another_day(console: ConsoleChat, linli: Linli) -> None:
    with session_scope(linli.sessions) as session:
        session.add(CanteenSlot(community_id=community(session).id, day=date(2026, 11, 19),
                                meal="午餐", booked=60))
    out = play(console, "@at 2026-11-18 10:00\n赵磊: 明天中午订一份\n赵磊: 确认")
    assert "11月19日（周四）的午餐已经订满了。后天11月20日（周五）的还可以订。" in out
    assert not bookings(linli, "赵磊")
    assert taken(linli, date(2026, 11, 19)) == 60


def test_delivery_only_for_those_staff_marked(console: ConsoleChat, linli: Linli) -> None:
    out = play(console, "@at 2026-11-18 10:00\n赵磊: 明天中午订一份送到家\n赵磊: 确认")
    assert "送餐上门是给行动不便的老人安排的" in out and "到食堂吃（11:30-12:30" in out
    assert not bookings(linli, "赵磊")[0].delivery
    out = play(console, "钱淑珍: 明天中午订一份送到家\n钱淑珍: 确认")
    assert "送到家：9栋2单元102" in out and "志愿者中午给您送到家" in out
    (qian,) = bookings(linli, "钱淑珍")
    assert (qian.delivery, qian.address) == (True, "9栋2单元102")


def test_too_many_portions_are_capped_and_said(console: ConsoleChat) -> None:
    out = play(console, "@at 2026-11-18 10:00\n赵磊: 明天中午订五份")
    assert "一次最多订3份" in out and "3份" in out


def test_cancel_a_day_and_refuse_after_the_cut_off(console: ConsoleChat, linli: Linli) -> None:
    play(console, "@at 2026-11-18 10:00\n李建国: 下周一到周五每天一份\n李建国: 确认")
    out = play(console, "李建国: 下周三的饭不要了")
    assert "11月25日（周三）的午餐已经取消了" in out
    assert [b.status for b in bookings(linli, "李建国")].count("cancelled") == 1
    assert taken(linli, date(2026, 11, 25)) == 0
    out = play(console, "@at 2026-11-23 09:30\n李建国: 今天的饭不要了")
    assert "已经过了截止时间" in out and "022-2833 5577" in out
    assert bookings(linli, "李建国")[0].status == "booked"


def test_cancel_buttons_and_what_did_i_book(console: ConsoleChat, linli: Linli) -> None:
    play(console, "@at 2026-11-18 10:00\n李建国: 下周一到周五每天一份\n李建国: 确认")
    out = play(console, "李建国: [我订了什么]")
    assert "11月23日（周一）午餐 1份，到食堂吃，10元" in out and "合计50元" in out
    out = play(console, "李建国: [取消订餐]\n李建国: [取消11月24日（周二）午餐]")
    assert "11月24日（周二）的午餐已经取消了" in out
    out = play(console, "李建国: /mymeals")
    assert "11月24日" not in out and "合计40元" in out
    for text in ("我订了哪几天的饭", "查一下我订的饭"):  # the NLU: cancel_meal, book_meal
        out = play(console, f"李建国: {text}")
        assert "您订的饭" in out and "取消了" not in out and "核对" not in out


def test_a_cancelled_day_can_be_booked_again(console: ConsoleChat, linli: Linli) -> None:
    play(console, "@at 2026-11-18 10:00\n赵磊: 明天中午订一份\n赵磊: 确认\n赵磊: 明天的饭不要了")
    out = play(console, "赵磊: 明天中午订两份\n赵磊: 确认")
    assert "订好了" in out
    (row,) = bookings(linli, "赵磊")
    assert (row.status, row.portions) == ("booked", 2)
    assert taken(linli, date(2026, 11, 19)) == 2


def test_booking_twice_says_it_is_already_booked(console: ConsoleChat, linli: Linli) -> None:
    play(console, "@at 2026-11-18 10:00\n赵磊: 明天中午订一份\n赵磊: 确认")
    out = play(console, "赵磊: 明天中午订一份\n赵磊: 确认")
    assert "您已经订了1份啦" in out
    assert len(bookings(linli, "赵磊")) == 1 and taken(linli, date(2026, 11, 19)) == 1


def test_a_redelivered_confirmation_books_once(console: ConsoleChat, linli: Linli) -> None:
    play(console, "@at 2026-11-18 10:00\n赵磊: 明天中午订一份")
    confirm = Incoming("console", 10004, 10004, "赵磊", update_id=424242, button="/affirm")
    assert linli.conversation.handle(confirm) is True
    assert linli.conversation.handle(confirm) is False  # the same update again
    console.deliver()
    assert len(bookings(linli, "赵磊")) == 1 and taken(linli, date(2026, 11, 19)) == 1


def test_the_database_refuses_a_second_row_for_the_same_meal(linli: Linli) -> None:
    with session_scope(linli.sessions) as session:
        person = make_resident(session, name="测试")
        home = community(session)
        for _ in range(2):
            session.add(CanteenBooking(community_id=home.id, resident_id=person.id,
                                       day=date(2026, 11, 19), meal="午餐", portions=1,
                                       booked_at=linli.clock.now()))
        with pytest.raises(IntegrityError):
            session.flush()
        session.rollback()


def test_booking_needs_a_registered_address(console: ConsoleChat, linli: Linli) -> None:
    out = play(console, "@at 2026-11-18 10:00\n新来的: 明天中午订一份")
    assert "要先登记一下您家的住址" in out and "[登记住址]" in out
    with session_scope(linli.sessions) as session:
        assert session.scalar(select(func.count()).select_from(CanteenBooking)) == 0


@pytest.mark.parametrize(("words", "days"), [
    ("下礼拜一二三各一份", [23, 24, 25]), ("下周二、四、五", [24, 26, 27]),
    ("星期五六", [20, 21]), ("周二三点去", []), ("下周一到周三", [])])
def test_weekdays_listed_in_one_word(words: str, days: list[int]) -> None:
    from actions.canteen.service import _weekday_list
    today = date(2026, 11, 19)  # a Thursday
    assert [d.day for d in _weekday_list(words, today)] == days
