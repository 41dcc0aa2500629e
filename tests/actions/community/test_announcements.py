"""Announcements: one message per bound group, private copies, scheduling, delivery report."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from actions.core.clock import ManualClock
from actions.core.outbox import mark_attempt_failed, mark_sent, pending_messages
from actions.db import session_scope
from actions.db.community_life import Announcement, AnnouncementDelivery
from actions.db.conversation import AuditLog, OutboxMessage
from bot.console import ConsoleChat
from tests.factories import make_resident

COMMUNITY_GROUP, BUILDING3_GROUP = -1001000002, -1001000003


def _out(console: ConsoleChat) -> str:
    return str(console.out.getvalue())  # type: ignore[attr-defined]


def _compose(console: ConsoleChat, who: str, target: str, text: str, private: str,
             when: str) -> None:
    for line in [f"{who}: /announce", f"{who}: {target}"]:
        console.run_script([line])
    console.say(who, text)
    console.run_script([f"{who}: {private}", f"{who}: {when}", f"{who}: [确认]"])


def test_a_long_community_announcement_is_one_message_per_group(console: ConsoleChat) -> None:
    long_text = "明天停水通知：" + "因管网检修，全天停水，请提前储水。" * 150  # ~2,500 characters
    _compose(console, "周敏", "[全社区]", long_text, "[只发群里]", "[现在发]")
    with session_scope(console.linli.sessions) as session:
        rows = session.scalars(select(OutboxMessage).where(
            OutboxMessage.text.startswith("【社区通知】"))).all()
        chats = sorted(r.chat_id for r in rows)
        assert chats == sorted([COMMUNITY_GROUP, BUILDING3_GROUP])
        assert all(len(r.text) > 2500 for r in rows)
        assert session.scalar(select(func.count()).select_from(AnnouncementDelivery)) == 2
        assert session.scalars(select(AuditLog.action)).all() == ["announcement_create"]
    console.run_script(["@wait 1m"])
    assert "◂ 周敏 | 第1号通知已送达：2个群、0位居民。" in _out(console)


def test_building_announcement_privately_to_each_resident(console: ConsoleChat) -> None:
    with session_scope(console.linli.sessions) as session:
        make_resident(session, name="孙大妈", building="3", unit="1", room="101",
                      telegram_id=556001)
        make_resident(session, name="外楼居民", building="5", unit="1", room="101",
                      telegram_id=556002)
    _compose(console, "刘芳", "3号楼", "今晚8点楼下开会，商量停车的事。", "[也私信每位居民]",
             "[现在发]")
    out = _out(console)
    assert "◂ [3号楼住户群] | 【社区通知】" in out
    assert "◂ 孙大妈 | 【社区通知】" in out and "◂ 王秀英 | 【社区通知】" in out
    assert "◂ 外楼居民 | 【社区通知】" not in out
    assert "◂ [幸福里社区居民群] | 【社区通知】" not in out


def test_a_grid_worker_may_not_announce_to_another_grid(console: ConsoleChat) -> None:
    console.run_script(["陈伟: /announce", "陈伟: 3号楼", "陈伟: [全社区]"])
    out = _out(console)
    assert out.count("◂ 陈伟 | 抱歉，这件事需要负责的工作人员来处理") == 2
    console.run_script(["李建国: /announce"])
    assert "◂ 李建国 | 抱歉，这件事需要负责的工作人员来处理" in _out(console)


def test_a_text_too_long_for_one_message_is_refused(console: ConsoleChat) -> None:
    console.run_script(["周敏: /announce", "周敏: [全社区]"])
    console.say("周敏", "通知" * 2000)
    assert "◂ 周敏 | 通知有4000字，超过了3500字" in _out(console)


def test_scheduled_announcement_goes_out_once_at_its_time(console: ConsoleChat,
                                                          clock: ManualClock) -> None:
    _compose(console, "刘芳", "3号楼", "周六上午电梯检修。", "[只发群里]", "11月18日上午10点")
    assert "◂ 刘芳 | 好的，第1号通知会在11月18日（周三）10:00发给3号楼。" in _out(console)
    console.run_script(["@at 2026-11-18 09:59"])
    assert "◂ [3号楼住户群] | 【社区通知】" not in _out(console)
    console.run_script(["@wait 2m"])
    console.linli.conversation.run_jobs()  # a duplicated run repeats nothing
    console.deliver()
    out = _out(console)
    assert out.count("◂ [3号楼住户群] | 【社区通知】") == 1


def test_a_cancelled_announcement_never_goes_out(console: ConsoleChat) -> None:
    _compose(console, "刘芳", "3号楼", "周六上午电梯检修。", "[只发群里]", "明天上午8点")
    console.run_script(["刘芳: [取消这条公告]", "@at 2026-11-19 09:00"])
    out = _out(console)
    assert "◂ 刘芳 | 第1号通知已取消，不会发出。" in out
    assert "【社区通知】" not in out


def test_failed_deliveries_are_reported_to_the_author(console: ConsoleChat,
                                                      clock: ManualClock) -> None:
    _compose(console, "周敏", "[全社区]", "明天上午社区大扫除。", "[只发群里]",
             "11月18日上午9点30分")
    clock.advance(timedelta(minutes=31))
    console.linli.conversation.run_jobs()
    with session_scope(console.linli.sessions) as session:
        for msg in pending_messages(session, now=clock.now()):
            if msg.chat_id == BUILDING3_GROUP:
                mark_attempt_failed(msg, now=clock.now(), error="Forbidden: bot was kicked",
                                    permanent=True)
            else:
                mark_sent(msg, now=clock.now())
    console.tick()
    assert ("◂ 周敏 | 第1号通知：送达1个群、0位居民；有1处没发出去：3号楼住户群。"
            in _out(console))
    with session_scope(console.linli.sessions) as session:
        assert session.scalars(select(Announcement)).one().reported_at is not None
