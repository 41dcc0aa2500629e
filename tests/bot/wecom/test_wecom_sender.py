"""The WeCom sender against the peer: WeCom's limits are kept (never exceeded, since WeCom drops
the excess of app messages silently), 45009 is retried, buttons become numbered choices."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from actions.core.outbox import queue_message
from actions.core.texts import Button, keyboard_to_json
from actions.db import session_scope
from actions.db.community import Resident, first_community
from actions.db.conversation import OutboxMessage
from actions.db.endpoints import link_account
from bot.wecom.groups import bind_robot
from tests.bot.wecom.conftest import RunningWeCom

session_loop = pytest.mark.asyncio(loop_scope="session")


def queue(running: RunningWeCom, chat_id: int, count: int, **extra: object) -> None:
    with session_scope(running.linli.sessions) as session:
        for n in range(count):
            queue_message(session, chat_id=chat_id, text=f"第{n + 1}条",
                          now=running.linli.clock.now(), **extra)  # type: ignore[arg-type]


def waiting(running: RunningWeCom) -> list[OutboxMessage]:
    with session_scope(running.linli.sessions) as session:
        rows = list(session.scalars(select(OutboxMessage).where(OutboxMessage.sent_at.is_(None))))
        session.expunge_all()
        return rows


@session_loop
async def test_a_member_gets_30_app_messages_a_minute_and_the_rest_wait(
        running: RunningWeCom) -> None:
    chat = running.link("刘芳", "liufang")
    queue(running, chat, 35)
    sender = running.channel.sender  # (the channel's own tick may deliver some first)
    await sender.deliver()
    await sender.deliver()  # the minute is full: nothing more goes
    assert len(running.member_texts("liufang")) == 30
    rest = waiting(running)
    assert len(rest) == 5 and all(r.failed_at is None for r in rest)
    assert running.peer.dropped_for_member("liufang") == []
    running.linli.clock.advance(timedelta(seconds=61))
    running.peer.advance(61)
    await sender.deliver()
    texts = running.member_texts("liufang")
    assert texts == [f"第{n}条" for n in range(1, 36)]  # in order, none dropped


@session_loop
async def test_a_robot_gets_20_a_minute(running: RunningWeCom) -> None:
    key = running.peer.config()["robot_key"]
    with session_scope(running.linli.sessions) as session:
        home = first_community(session)
        assert home is not None
        chat = bind_robot(session, key=key, title="居民群", kind="community",
                          community_id=home.id, now=running.linli.clock.now()).chat_id
    queue(running, chat, 22)
    await running.channel.sender.deliver()
    await running.channel.sender.deliver()
    assert len(waiting(running)) == 2
    assert len(running.peer.sent_by_robot(key)) == 20


@session_loop
async def test_over_wecoms_api_limit_the_message_is_retried_later(
        running: RunningWeCom) -> None:
    chat = running.link("刘芳", "liufang")
    running.peer.set_api_limit(1)
    queue(running, chat, 2)
    await running.channel.sender.deliver()
    (later,) = waiting(running)
    assert later.failed_at is None and later.attempts == 1 and "45009" in str(later.error)
    running.peer.set_api_limit(10000)
    running.linli.clock.advance(timedelta(minutes=1))
    await running.channel.sender.deliver()
    assert running.member_texts("liufang") == ["第1条", "第2条"]


@session_loop
async def test_buttons_become_numbered_choices(running: RunningWeCom) -> None:
    chat = running.link("刘芳", "liufang")
    buttons = keyboard_to_json([[Button("接单", "/t_accept:1"), Button("转派", "/t_transfer:1")]])
    with session_scope(running.linli.sessions) as session:
        queue_message(session, chat_id=chat, text="【新报修】", now=running.linli.clock.now())
        msg = session.scalar(select(OutboxMessage))
        assert msg is not None
        msg.buttons = buttons
    await running.channel.sender.deliver()
    (text,) = running.member_texts("liufang")
    assert text.splitlines()[:4] == ["【新报修】", "", "1. 接单", "2. 转派"]


@session_loop
async def test_when_wecom_says_the_kf_window_is_closed_a_person_gets_the_message(
        running: RunningWeCom) -> None:
    running.link("刘芳", "liufang")
    external = running.peer.add_customer("wmWindow", "王秀英")
    with session_scope(running.linli.sessions) as session:
        wang = session.scalar(select(Resident).where(Resident.name == "王秀英"))
        assert wang is not None
        chat = link_account(session, person=wang, channel="wecom_kf", address=external,
                            now=running.linli.clock.now(), primary=True)
        chat.last_inbound_at = running.linli.clock.now()  # the bot thinks the window is open
        chat_id = chat.chat_id
    queue(running, chat_id, 1)  # but she never wrote to WeCom: 95002
    await running.channel.sender.deliver()
    await running.channel.sender.deliver()
    (routed,) = running.member_texts("liufang")
    assert "请电话转告" in routed and "第1条" in routed
    (given_up,) = [r for r in waiting(running) if r.chat_id == chat_id]
    assert given_up.failed_at is not None


@session_loop
async def test_a_robot_message_with_buttons_says_where_to_act(running: RunningWeCom) -> None:
    key = running.peer.config()["robot_key"]
    with session_scope(running.linli.sessions) as session:
        home = first_community(session)
        assert home is not None
        chat = bind_robot(session, key=key, title="工作群", kind="staff",
                          community_id=home.id, now=running.linli.clock.now()).chat_id
        queue_message(session, chat_id=chat, text="【新登记】王小明",
                      now=running.linli.clock.now())
        msg = session.scalar(select(OutboxMessage))
        assert msg is not None
        msg.buttons = keyboard_to_json([[Button("核实通过", "/verify:1")]])
    await running.channel.sender.deliver()
    (notice,) = running.peer.sent_by_robot(key)
    said = notice["body"]["content"]
    assert said.startswith("【新登记】王小明\n") and "应用里处理" in said
    assert "核实通过" not in said
