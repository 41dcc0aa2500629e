"""The sender through the Bot API peer: long text, keyboards, flood control, failures, rates.

A bare Bot talks HTTP to the peer; failures are made at the HTTP edge (tg_emu_compat's
`refuse`). The limiter's time is injected where a test would otherwise sleep.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select
from telegram import Bot

from actions.core.clock import ManualClock
from actions.core.outbox import MAX_ATTEMPTS, queue_message
from actions.core.texts import Button
from actions.db import session_scope
from actions.db.conversation import OutboxMessage
from bot.telegram.limiter import Limiter, Rates
from bot.telegram.sender import Sender
from bot.wiring import Linli
from tests.bot.telegram.peer import Person
from tests.bot.telegram.test_limiter import FakeTime
from tests.bot.telegram.tg_emu_compat import EmulatorCompatRequest

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]

STAFF_GROUP = -1001000001
BLOCKED = (403, "Forbidden: bot was blocked by the user", {})
BAD_GATEWAY = (502, "Bad Gateway", {})


@pytest.fixture
async def bot(tg_linli: Linli) -> AsyncIterator[Bot]:
    """A Bot on the peer, its request object at `bot.request` (refuse sends with it)."""
    settings = tg_linli.settings
    request = EmulatorCompatRequest()
    client = Bot(settings.telegram_bot_token or "", base_url=f"{settings.telegram_api_url}/bot",
                 request=request)
    await client.initialize()
    yield client
    await client.shutdown()


def refuse(bot: Bot, chat_id: int, *answers: tuple[int, str, dict[str, object]] | None) -> None:
    request = bot.request
    assert isinstance(request, EmulatorCompatRequest)
    request.refuse[chat_id] = list(answers)


def chat(http: httpx.AsyncClient, linli: Linli, chat_id: int) -> Person:
    settings = linli.settings
    return Person(http, settings.telegram_api_url or "", settings.telegram_bot_token or "",
                  user_id=chat_id if chat_id > 0 else 1, chat_id=chat_id)


def queue(linli: Linli, chat_id: int, text: str, **extra: object) -> int:
    with session_scope(linli.sessions) as session:
        msg = queue_message(session, chat_id=chat_id, text=text, now=linli.clock.now(),
                            **extra)  # type: ignore[arg-type]
        assert msg is not None
        return msg.id


def row(linli: Linli, msg_id: int) -> OutboxMessage:
    with session_scope(linli.sessions) as session:
        found = session.get_one(OutboxMessage, msg_id)
        session.expunge(found)
        return found


async def test_long_text_with_buttons_goes_in_parts_with_the_keyboard_last(
        bot: Bot, tg_linli: Linli, http: httpx.AsyncClient) -> None:
    text = "\n".join(f"第{n}条：" + "社区通知内容" * 10 for n in range(80))  # about 5,000
    msg_id = queue(tg_linli, 6001, text, buttons=[[Button("知道了", "/affirm")]])
    delivered = await Sender(bot, tg_linli).deliver()
    assert delivered.sent == 1
    first, second = await chat(http, tg_linli, 6001).receive(2)
    assert first["message"]["text"] + "\n" + second["message"]["text"] == text
    assert "reply_markup" not in first["message"]
    assert second["message"]["reply_markup"]["inline_keyboard"][0][0]["text"] == "知道了"
    assert row(tg_linli, msg_id).message_id == second["messageId"]


async def test_flood_control_is_waited_out(bot: Bot, tg_linli: Linli,
                                           http: httpx.AsyncClient) -> None:
    refuse(bot, 6002, (429, "Too Many Requests: retry after 7", {"parameters": {
        "retry_after": 7}}), None)
    fake = FakeTime()
    sender = Sender(bot, tg_linli, limiter=Limiter(Rates(), clock=fake.clock, sleep=fake.sleep))
    msg_id = queue(tg_linli, 6002, "您好")
    assert (await sender.deliver()).sent == 1
    assert fake.now >= 7  # waited as told, on the injected clock
    assert await chat(http, tg_linli, 6002).texts() == ["您好"]
    assert row(tg_linli, msg_id).attempts == 1


async def test_a_network_error_backs_off_and_keeps_the_chat_in_order(
        bot: Bot, tg_linli: Linli, http: httpx.AsyncClient, clock: ManualClock) -> None:
    refuse(bot, 6003, BAD_GATEWAY, None)
    first, second = queue(tg_linli, 6003, "第一条"), queue(tg_linli, 6003, "第二条")
    sender = Sender(bot, tg_linli)
    delivered = await sender.deliver()
    assert (delivered.sent, delivered.retrying) == (0, 1)
    failed = row(tg_linli, first)
    assert failed.attempts == 1 and failed.error and "Bad Gateway" in failed.error
    assert row(tg_linli, second).attempts == 0  # not sent ahead of the first
    clock.advance(timedelta(seconds=11))
    assert (await sender.deliver()).sent == 2
    assert await chat(http, tg_linli, 6003).texts(2) == ["第一条", "第二条"]


async def test_giving_up_after_repeated_network_errors_is_reported(
        bot: Bot, tg_linli: Linli, http: httpx.AsyncClient, clock: ManualClock) -> None:
    refuse(bot, 10002, BAD_GATEWAY)  # 李建国 of the demo
    msg_id = queue(tg_linli, 10002, "您的报修已受理")
    sender = Sender(bot, tg_linli, rates=Rates(private_per_second=100))
    for _ in range(MAX_ATTEMPTS):
        await sender.deliver()
        clock.advance(timedelta(minutes=10))
    assert row(tg_linli, msg_id).failed_at is not None
    (report,) = await chat(http, tg_linli, STAFF_GROUP).texts()
    assert report.startswith("【消息没送到】李建国：试了好几次都没发出去（网络问题）。共 1 条")


async def test_chat_not_found_is_permanent_and_reported(
        bot: Bot, tg_linli: Linli, http: httpx.AsyncClient) -> None:
    refuse(bot, -1001000003, (400, "Bad Request: chat not found", {}))  # 3号楼住户群
    queue(tg_linli, -1001000003, "停水通知")
    delivered = await Sender(bot, tg_linli).deliver()
    assert (delivered.failed, delivered.sent) == (1, 1)  # the report went out in the same run
    (report,) = await chat(http, tg_linli, STAFF_GROUP).texts()
    assert report.startswith("【消息没送到】群「3号楼住户群」：找不到这个聊天")


async def test_a_failure_of_the_staff_chat_itself_is_logged_not_looped(
        bot: Bot, tg_linli: Linli, caplog: pytest.LogCaptureFixture) -> None:
    refuse(bot, STAFF_GROUP, BLOCKED)
    queue(tg_linli, STAFF_GROUP, "【居民找工作人员】……")
    with caplog.at_level(logging.ERROR, logger="bot.telegram.failures"):
        delivered = await Sender(bot, tg_linli).deliver()
    assert (delivered.failed, delivered.sent) == (1, 0)
    assert "no staff chat to report undeliverable messages" in caplog.text
    with session_scope(tg_linli.sessions) as session:
        pending = session.scalars(select(OutboxMessage).where(OutboxMessage.sent_at.is_(None),
                                                              OutboxMessage.failed_at.is_(None)))
        assert list(pending) == []


async def test_throughput_follows_the_global_rate(bot: Bot, tg_linli: Linli,
                                                  http: httpx.AsyncClient) -> None:
    rate, count = 100.0, 120
    with session_scope(tg_linli.sessions) as session:
        for n in range(count):
            queue_message(session, chat_id=700_000 + n, text=f"平安打卡提醒 {n}",
                          now=tg_linli.clock.now())
    started = time.monotonic()
    delivered = await Sender(bot, tg_linli, rates=Rates(per_second=rate)).deliver()
    elapsed = time.monotonic() - started
    assert delivered.sent == count
    assert elapsed >= (count - 1) / rate  # never faster than the rate
    print(f"\n{count} messages to {count} chats in {elapsed:.2f}s: {count / elapsed:.0f}/s "
          f"(limit {rate:.0f}/s)")
    assert await chat(http, tg_linli, 700_000 + count - 1).texts() == [f"平安打卡提醒 {count - 1}"]


async def test_a_busy_group_does_not_hold_back_other_chats(
        bot: Bot, tg_linli: Linli, http: httpx.AsyncClient) -> None:
    for n in range(8):
        queue(tg_linli, -1001000002, f"社区公告 {n}")  # 幸福里社区居民群: 20 a minute
    queue(tg_linli, 6004, "您的报修已受理")
    delivered = await Sender(bot, tg_linli).deliver()
    assert delivered.sent == 4  # the group's burst of 3, and the resident's reply
    assert await chat(http, tg_linli, 6004).texts() == ["您的报修已受理"]
    with session_scope(tg_linli.sessions) as session:
        waiting = session.scalars(select(OutboxMessage.text).where(
            OutboxMessage.sent_at.is_(None), OutboxMessage.chat_id == -1001000002))
        assert list(waiting) == [f"社区公告 {n}" for n in range(3, 8)]  # next runs, in order


async def test_fresh_replies_go_before_an_older_backlog(
        bot: Bot, tg_linli: Linli, http: httpx.AsyncClient, clock: ManualClock) -> None:
    with session_scope(tg_linli.sessions) as session:
        for n in range(6):
            queue_message(session, chat_id=6100 + n, text="晚上好，今天平安吗？",
                          now=clock.now() - timedelta(minutes=5))
    queue(tg_linli, 6200, "好的，已经帮您登记了")
    await Sender(bot, tg_linli, batch_size=2).deliver()
    (reply,) = await chat(http, tg_linli, 6200).receive()
    (last_of_backlog,) = await chat(http, tg_linli, 6105).receive()
    assert reply["messageId"] < last_of_backlog["messageId"]
