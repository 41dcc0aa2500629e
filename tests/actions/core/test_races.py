"""Races: what two people (or two processes) doing the same thing at the same instant get.

Each test starts its contenders together (a barrier) in threads with their own database
sessions, as two bot processes on one PostgreSQL would; CI runs them on PostgreSQL too, where
rows are locked and skipped, while SQLite serializes its writers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

from sqlalchemy import func, select

from actions.core.pipeline import Incoming
from actions.db import session_scope
from actions.db.canteen import CanteenBooking, CanteenSlot
from actions.db.community import Resident
from actions.db.conversation import InboxItem, OutboxMessage
from actions.db.tickets import Ticket
from actions.tickets.lookups import next_number
from bot.console import ConsoleChat
from bot.wiring import Linli
from tests.helpers import play

WANG = 10001  # 王秀英, lives in building 3 (第一网格)
LIU_FANG, ZHOU_MIN = 20001, 20010  # the grid worker of building 3, the admin


def together(*work: Callable[[], object]) -> list[object]:
    """Run each callable in its own thread, released at the same instant; their results."""
    start = threading.Barrier(len(work))
    results: list[object] = [None] * len(work)
    errors: list[BaseException] = []

    def run(i: int, fn: Callable[[], object]) -> None:
        start.wait()
        try:
            results[i] = fn()
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(work)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return results


def texts_to(linli: Linli, chat_id: int) -> list[str]:
    with session_scope(linli.sessions) as session:
        return list(session.scalars(select(OutboxMessage.text).where(
            OutboxMessage.chat_id == chat_id).order_by(OutboxMessage.id)))


def test_two_staff_pressing_accept_at_once_one_takes_it_and_the_other_hears_who(
        console: ConsoleChat, linli: Linli) -> None:
    play(console, "王秀英: 3栋2单元楼道灯不亮了\n王秀英: 跳过\n王秀英: 确认")
    with session_scope(linli.sessions) as session:
        ticket_id = session.scalars(select(Ticket.id).join(
            Resident, Resident.id == Ticket.reporter_id).where(Resident.telegram_id == WANG)).one()
    before = len(texts_to(linli, WANG))
    press = [lambda who=who: linli.conversation.handle(Incoming(
        "console", who, who, "staff", button=f"/t_accept:{ticket_id}"))
        for who in (LIU_FANG, ZHOU_MIN)]
    together(*press)
    replies = texts_to(linli, LIU_FANG)[-1:] + texts_to(linli, ZHOU_MIN)[-1:]
    assert sum(r.startswith("已接单") for r in replies) == 1
    assert sum("已经由" in r for r in replies) == 1
    pushes = [t for t in texts_to(linli, WANG)[before:] if "有人负责了" in t]
    assert len(pushes) == 1


def test_four_presses_of_one_booking_cancel_give_its_seat_back_once(
        console: ConsoleChat, linli: Linli) -> None:
    play(console, "王秀英: 明天中午订一份饭 到食堂吃\n王秀英: 确认")
    with session_scope(linli.sessions) as session:
        booking = session.scalars(select(CanteenBooking)).one()
        day, meal = booking.day, booking.meal
        booked = session.scalar(select(CanteenSlot.booked).where(
            CanteenSlot.day == day, CanteenSlot.meal == meal))
    assert (booking.status, booked) == ("booked", 1)
    together(*[lambda: linli.conversation.handle(Incoming(
        "console", WANG, WANG, "王秀英", button=f"/meal_cancel:{booking.id}"))] * 4)
    with session_scope(linli.sessions) as session:
        assert session.scalar(select(CanteenSlot.booked).where(
            CanteenSlot.day == day, CanteenSlot.meal == meal)) == 0
        assert session.get_one(CanteenBooking, booking.id).status == "cancelled"


def test_numbers_taken_at_the_same_instant_never_collide(linli: Linli) -> None:
    day = date(2026, 11, 18)

    def take() -> str:
        with session_scope(linli.sessions) as session:
            return next_number(session, community_id=1, prefix="BX", day=day)

    numbers = together(*[take] * 8)
    assert sorted(numbers) == [f"BX-20261118-{n:03d}" for n in range(1, 9)]


def test_a_double_tap_is_handled_in_order_by_two_workers(console: ConsoleChat,
                                                         linli: Linli) -> None:
    play(console, "王秀英: 3栋2单元楼道灯不亮了")  # the photo question is open
    for n, text in enumerate(("跳过", "确认")):
        linli.conversation.receive(Incoming("telegram", WANG, WANG, "王秀英",
                                            update_id=7_000_000 + n, text=text))
    together(linli.conversation.process, linli.conversation.process)
    with session_scope(linli.sessions) as session:
        assert session.scalar(select(func.count()).select_from(Ticket).join(
            Resident, Resident.id == Ticket.reporter_id).where(Resident.telegram_id == WANG)) == 1
        statuses = set(session.scalars(select(InboxItem.status)))
    assert statuses == {"done"}


def test_a_newcomers_first_two_messages_at_once_are_both_answered(linli: Linli) -> None:
    newcomer = 712_345_678
    together(*[lambda n=n, text=text: linli.conversation.handle(Incoming(
        "telegram", newcomer, newcomer, "新来的", update_id=8_000_000 + n, text=text))
        for n, text in enumerate(("你好", "社区电话多少"))])
    linli.conversation.process()
    with session_scope(linli.sessions) as session:
        assert session.scalar(select(func.count()).select_from(Resident).where(
            Resident.telegram_id == newcomer)) == 1
        assert set(session.scalars(select(InboxItem.status))) == {"done"}
    assert len(texts_to(linli, newcomer)) >= 2
