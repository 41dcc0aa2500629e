"""End to end over the WeCom peer: residents on 微信客服, staff on the app, 居民群 robots.

The bot runs on the test's event loop with its real receiver, pipeline, database, NLU model and
sender; the peer plays WeCom on 127.0.0.1 and calls it back (wait=False: the bot must run).
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from actions.core.clock import ManualClock
from actions.core.people import new_invite_code
from actions.db import session_scope
from actions.db.community import Resident
from actions.db.tickets import Ticket
from tests.bot.wecom.conftest import RunningWeCom

pytestmark = pytest.mark.e2e
session_loop = pytest.mark.asyncio(loop_scope="session")


def invite(running: RunningWeCom, handle: str) -> str:
    """Staff give a demo person an invite code (as /invite does)."""
    with session_scope(running.linli.sessions) as session:
        person = session.scalar(select(Resident).where(Resident.name == handle))
        assert person is not None
        person.invite_code = new_invite_code()
        return person.invite_code


def manual_clock(running: RunningWeCom) -> ManualClock:
    """The clock the WeCom tests build Linli with, which they move by hand."""
    clock = running.linli.clock
    assert isinstance(clock, ManualClock)
    return clock


def ticket(running: RunningWeCom) -> Ticket | None:
    with session_scope(running.linli.sessions) as session:
        found = session.scalar(select(Ticket).order_by(Ticket.id.desc()).limit(1))
        if found is not None:
            session.expunge(found)
        return found


class Talk:
    """One person's side of a chat: say something, wait for the next reply."""

    def __init__(self, running: RunningWeCom, who: str, *, member: bool) -> None:
        self.running, self.who, self.member = running, who, member
        self.seen = 0

    def _texts(self) -> list[str]:
        read = self.running.member_texts if self.member else self.running.customer_texts
        return read(self.who)

    async def say(self, text: str) -> str:
        """Write, and return the replies that come (joined)."""
        if self.member:
            self.running.peer.member_says(self.who, text, wait=False)
        else:
            self.running.peer.customer_says(self.who, text, wait=False)
        return await self.replies()

    async def replies(self) -> str:
        """Everything new this person got (once nothing more came for a moment)."""
        new = await self.running.eventually(lambda: self._texts()[self.seen:])
        while True:
            await asyncio.sleep(0.4)
            more = (await asyncio.to_thread(self._texts))[self.seen:]
            if len(more) == len(new):
                break
            new = more
        self.seen += len(new)
        return "\n".join(new)


@session_loop
async def test_a_repair_through_wechat_kf_is_taken_by_staff_on_the_app(
        running: RunningWeCom) -> None:
    liu = running.link("刘芳", "liufang")  # grid worker of buildings 1-4, on WeCom
    assert liu
    external = running.peer.add_customer("wmWangXiuying", "王秀英")
    wang = Talk(running, external, member=False)
    bound = await wang.say(f"/start {invite(running, '王秀英')}")
    assert "王秀英" in bound and "1. " in bound  # the help menu as numbered choices
    confirm = await wang.say("3栋2单元楼道灯不亮了")  # all said: the read-back at once
    assert "1. 确认" in confirm and "照片" in confirm
    done = await wang.say("1")  # the first numbered choice: 确认
    assert "BX-" in done
    filed = ticket(running)
    assert filed is not None and filed.status == "new"
    staff = Talk(running, "liufang", member=True)
    card = await staff.replies()
    assert filed.number in card and "接单" in card and "1. 接单" in card
    taken = await staff.say("1")  # 接单, typed as its number
    assert filed.number in taken
    accepted = ticket(running)
    assert accepted is not None and accepted.status == "assigned"
    assert "刘芳" in await wang.replies()  # the resident hears on 微信客服 who took it


@session_loop
async def test_staff_can_also_type_the_label(running: RunningWeCom) -> None:
    running.link("刘芳", "liufang")
    external = running.peer.add_customer("wmZheng", "郑国强")
    zheng = Talk(running, external, member=False)
    await zheng.say(f"/start {invite(running, '郑国强')}")
    await zheng.say("3栋2单元楼道灯不亮了")
    await zheng.say("确认")
    staff = Talk(running, "liufang", member=True)
    assert "接单" in await staff.replies()
    await staff.say("接单")
    filed = ticket(running)
    assert filed is not None and filed.status == "assigned"


@session_loop
async def test_a_closed_48_hour_window_goes_to_the_grid_worker_said_as_such(
        running: RunningWeCom) -> None:
    running.link("刘芳", "liufang")
    external = running.peer.add_customer("wmWang2", "王秀英")
    wang = Talk(running, external, member=False)
    await wang.say(f"/start {invite(running, '王秀英')}")
    running.peer.advance(49 * 3600)
    manual_clock(running).advance(timedelta(hours=49))
    with session_scope(running.linli.sessions) as session:
        person = session.scalar(select(Resident).where(Resident.name == "王秀英"))
        assert person is not None and person.telegram_id is not None
        from actions.core.outbox import queue_message

        queue_message(session, chat_id=person.telegram_id, text="您的快递到社区了",
                      now=running.linli.clock.now())
    running.channel.sender.kick()
    staff = Talk(running, "liufang", member=True)
    routed = await staff.replies()
    assert "请电话转告" in routed and "王秀英" in routed and "您的快递到社区了" in routed
    assert "您的快递到社区了" not in "\n".join(running.customer_texts(external))


@session_loop
async def test_an_announcement_reaches_the_buildings_group_through_its_robot(
        running: RunningWeCom) -> None:
    from actions.db.community import first_community
    from bot.wecom.groups import bind_robot

    key = running.peer.config()["robot_key"]
    with session_scope(running.linli.sessions) as session:
        home = first_community(session)
        assert home is not None
        bind_robot(session, key=key, title="3号楼住户群", kind="building", community_id=home.id,
                   building="3", now=running.linli.clock.now())
    running.link("刘芳", "liufang")
    staff = Talk(running, "liufang", member=True)
    await staff.say("/announce")
    await staff.say("3号楼")
    await staff.say("明天上午9点到11点楼道粉刷，请把楼道里的杂物收回家，谢谢大家配合！")
    await staff.say("只发群里")
    await staff.say("明天早上8点")
    assert "通知" in await staff.say("确认")
    manual_clock(running).advance(timedelta(days=1))
    await asyncio.to_thread(running.linli.conversation.run_jobs)
    running.channel.sender.kick()
    notices = await running.eventually(lambda: running.peer.sent_by_robot(key))
    assert "楼道粉刷" in notices[0]["body"]["content"]


@session_loop
async def test_a_report_from_the_residents_group_becomes_a_ticket_with_photo_and_reporter(
        running: RunningWeCom) -> None:
    running.link("刘芳", "liufang")
    running.peer.add_order(desc="3栋2单元楼道灯不亮了，晚上很黑", case_name="公共设施",
                           grid_name="第一网格", reporter_name="赵阿姨",
                           reporter_mobile="13900001111", photos=[b"\x89PNG fake photo"],
                           location={"name": "3栋2单元", "address": "幸福里3栋",
                                     "latitude": 0, "longitude": 0})
    importer = running.channel.importer
    assert await importer.run() == 1
    assert await importer.run() == 0  # imported once
    filed = ticket(running)
    assert filed is not None and filed.category == "楼道灯" and filed.place == "3栋2单元"
    assert filed.unit == "2" and filed.grid_id is not None  # so the grid worker hears
    assert filed.photo is not None and filed.photo.startswith("http://127.0.0.1")
    assert "赵阿姨" in filed.description
    with session_scope(running.linli.sessions) as session:
        reporter = session.get(Resident, filed.reporter_id)
        assert reporter is not None and reporter.phone == "13900001111"
    running.channel.sender.kick()
    sent = await _two_sent(running, "liufang")
    assert [m["msgtype"] for m in sent][:2] == ["image", "text"]  # the photo, then the card
    assert filed.number in sent[1]["body"]["content"]


@session_loop
async def test_a_voice_message_goes_to_the_grid_worker_as_audio(running: RunningWeCom) -> None:
    running.link("刘芳", "liufang")
    external = running.peer.add_customer("wmWangVoice", "王秀英")
    wang = Talk(running, external, member=False)
    await wang.say(f"/start {invite(running, '王秀英')}")
    running.peer.customer_sends(external, "voice", b"#!AMR\n" + bytes(40), wait=False)
    told = await wang.replies()
    assert "刘芳" in told and "回电话" in told
    sent = await _two_sent(running, "liufang")
    assert [m["msgtype"] for m in sent] == ["voice", "text"]
    assert "王秀英" in sent[1]["body"]["content"] and "3栋2单元" in sent[1]["body"]["content"]


@session_loop
async def test_an_evening_check_in_past_the_window_becomes_a_call_for_the_building_leader(
        running: RunningWeCom) -> None:
    running.link("郑国强", "zhengguoqiang")  # 楼长 of 第二楼组 (buildings 3 and 4)
    external = running.peer.add_customer("wmWangCheckin", "王秀英")
    wang = Talk(running, external, member=False)
    await wang.say(f"/start {invite(running, '王秀英')}")
    later = timedelta(days=2, hours=11)  # Friday 20:00: she has not written for 59 hours
    manual_clock(running).advance(later)
    running.peer.advance(later.total_seconds())
    await asyncio.to_thread(running.linli.conversation.run_jobs)
    running.channel.sender.kick()
    leader = Talk(running, "zhengguoqiang", member=True)
    task = await leader.replies()
    assert "电话报平安任务" in task and "王秀英" in task and "13" in task
    assert not any("平安" in t for t in running.customer_texts(external)[1:])


async def _two_sent(running: RunningWeCom, userid: str) -> list[dict[str, Any]]:
    """A member's messages once there are two: a file and its card are two sends, and a busy
    machine shows the first alone."""
    sent: list[dict[str, Any]] = await running.eventually(
        lambda: (lambda s: s if len(s) >= 2 else None)(running.peer.sent_to_member(userid)))
    return sent
