"""Events: recurrence, capacity and the waiting list, eligibility, reminders, attendance."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from actions.community.event_places import cancel, ensure_occurrences, sign_up
from actions.community.timebank import ledger_total
from actions.core.clock import ManualClock
from actions.db import session_scope
from actions.db.community_life import Event, EventOccurrence, EventSignup, TimeEntry
from actions.db.conversation import AuditLog
from bot.console import ConsoleChat
from bot.wiring import Linli
from tests.factories import community, make_event, make_resident

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _out(console: ConsoleChat) -> str:
    return str(console.out.getvalue())  # type: ignore[attr-defined]


def test_recurring_demo_events_expand_by_their_rule(linli: Linli, clock: ManualClock) -> None:
    with session_scope(linli.sessions) as session:
        found = ensure_occurrences(session, community_id=community(session).id,
                                   start=clock.now(), end=clock.now() + timedelta(days=70),
                                   tz=SHANGHAI)
        local: dict[str, list[datetime]] = {}
        for o in found:
            local.setdefault(o.event.title, []).append(o.starts_at.astimezone(SHANGHAI))
        assert [(d.month, d.day, d.hour) for d in local["义剪"]] == [(11, 26, 9), (12, 26, 9),
                                                                   (1, 26, 9)]
        assert all(d.weekday() == 1 and d.hour == 14 for d in local["书法班"])
        assert len(local["书法班"]) == 10
        assert [d.date().isoformat() for d in local["冬至包饺子"]] == ["2026-12-22"]
        again = ensure_occurrences(session, community_id=community(session).id,
                                   start=clock.now(), end=clock.now() + timedelta(days=70),
                                   tz=SHANGHAI)
        assert [o.id for o in again] == [o.id for o in found]  # made once


def test_capacity_waiting_list_and_moving_up(linli: Linli, clock: ManualClock) -> None:
    with session_scope(linli.sessions) as session:
        event = make_event(session, capacity=3)
        occurrence = EventOccurrence(event_id=event.id, starts_at=event.starts_at)
        session.add(occurrence)
        people = [make_resident(session, name=f"居民{i}", room=f"{201 + i}") for i in range(4)]
        now = clock.now()
        a = sign_up(session, occurrence=occurrence, person=people[0], seats=2, now=now)
        b = sign_up(session, occurrence=occurrence, person=people[1], seats=2, now=now)
        c = sign_up(session, occurrence=occurrence, person=people[2], now=now)
        assert (a.status, b.status, c.status) == ("going", "waiting", "waiting")
        helper = sign_up(session, occurrence=occurrence, person=people[3], role="helper", now=now)
        assert helper.status == "going"  # helpers take no resident place
        assert cancel(session, signup=a) == [b, c]  # first come, first served
        assert (b.status, c.status) == ("going", "going")
        assert sign_up(session, occurrence=occurrence, person=people[0], now=now).status \
            == "waiting"  # signing up again: back of the line, same row
        assert session.scalar(select(func.count()).select_from(EventSignup)) == 4


def test_join_by_name_and_cancel_moves_the_first_waiting_up(console: ConsoleChat) -> None:
    with session_scope(console.linli.sessions) as session:
        make_event(session, title="剪纸课", capacity=1)
    console.say("李建国", "剪纸课我要报名")
    console.say("赵磊", "剪纸课我要报名")
    console.say("李建国", "[取消报名]")
    out = _out(console)
    assert "◂ 李建国 | 报上了！剪纸课，11月20日（周五）14:00，在社区活动室。" in out
    assert "◂ 赵磊 | 剪纸课的名额满了，先帮您排上队，现在是第1位。" in out
    assert "◂ 赵磊 | 好消息！有人让出了名额，您报上剪纸课了" in out
    console.say("李建国", "剪纸课我要报名")
    assert "◂ 李建国 | 剪纸课的名额满了，先帮您排上队，现在是第1位。" in _out(console)


def test_birthday_party_only_for_80_and_over(console: ConsoleChat) -> None:
    console.say("赵磊", "80岁生日会我要报名")
    console.say("王秀英", "八十岁生日会算我一个")
    out = _out(console)
    assert "◂ 赵磊 | 80岁生日会是给80岁以上的老人办的，这次报不了。" in out
    assert "◂ 王秀英 | 报上了！80岁生日会，11月28日（周六）15:00" in out


def test_query_events_lists_whats_coming_with_buttons(console: ConsoleChat) -> None:
    console.say("张桂兰", "最近有什么活动")
    out = _out(console)
    assert "◂ 张桂兰 | 最近的社区活动：" in out
    assert "11月26日（周四）9:00 义剪，社区活动室，还剩30个名额" in out
    assert out.count("书法班，") == 1  # the weekly class shows its next date only
    console.say("张桂兰", "[报名 书法班 11/24]")
    assert "◂ 张桂兰 | 报上了！书法班，11月24日（周二）14:30" in _out(console)


def test_reminder_the_day_before_is_sent_once(console: ConsoleChat, clock: ManualClock) -> None:
    with session_scope(console.linli.sessions) as session:
        make_event(session, title="剪纸课")
    console.say("李建国", "剪纸课我要报名")
    console.run_script(["@at 2026-11-19 09:59"])
    assert "提醒您：" not in _out(console)
    console.run_script(["@at 2026-11-19 10:00", "@wait 3m", "@at 2026-11-19 18:00"])
    assert _out(console).count("◂ 李建国 | 提醒您：明天11月20日（周五）14:00有剪纸课") == 1


def test_helpers_are_credited_once_when_staff_mark_attendance(console: ConsoleChat,
                                                              clock: ManualClock) -> None:
    with session_scope(console.linli.sessions) as session:
        make_event(session, title="剪纸课", team="助老队", helper_minutes=120)
    console.say("何静", "最近有什么活动")
    console.say("何静", "[去帮忙 剪纸课 11/20]")
    console.say("李建国", "剪纸课我要报名")
    clock.set(datetime(2026, 11, 20, 16, 0, tzinfo=SHANGHAI))
    console.say("李建国", "/attendance")
    console.say("刘芳", "/attendance")
    console.say("刘芳", "[剪纸课 11月20日（周五）14:00]")
    console.say("刘芳", "[○ 李建国]")
    console.say("刘芳", "[○ 志愿者 何静]")
    console.say("刘芳", "[✓ 志愿者 何静（已记时长）]")
    out = _out(console)
    assert "◂ 何静 | 谢谢您来帮忙！剪纸课" in out
    assert "◂ 李建国 | 发布和管理活动需要社区工作人员或队长来办。" in out
    assert "报名1人，已到1人" in out
    assert out.count("◂ 何静 | 谢谢您来帮忙！剪纸课的服务时长2小时已经记在您的时间银行里了。") == 1
    with session_scope(console.linli.sessions) as session:
        assert session.scalar(select(func.count()).select_from(TimeEntry)) == 1 + 1  # + the demo's
        assert ledger_total(session) == 0


def test_staff_create_a_weekly_event_in_the_chat(console: ConsoleChat) -> None:
    console.run_script(["赵磊: /new_event", "周敏: /new_event", "周敏: 太极拳",
                        "周敏: 11月21日早上7点", "周敏: 小区花园", "周敏: [不限人数]",
                        "周敏: [跳过]", "周敏: [每周]", "周敏: [确认]"])
    out = _out(console)
    assert "◂ 赵磊 | 发布和管理活动需要社区工作人员或队长来办。" in out
    assert "◂ 周敏 | 发布好了：太极拳，11月21日（周六）7:00。" in out
    with session_scope(console.linli.sessions) as session:
        event = session.scalars(select(Event).where(Event.title == "太极拳")).one()
        assert event.rrule == "FREQ=WEEKLY;BYDAY=SA" and event.capacity is None
        assert session.scalars(select(AuditLog.action)).all() == ["event_create"]
    console.say("李建国", "最近有什么活动")
    assert "· 11月21日（周六）7:00 太极拳，小区花园\n" in _out(console)


def _statuses(console: ConsoleChat, name: str) -> dict[str, str]:
    with session_scope(console.linli.sessions) as session:
        rows = session.execute(
            select(Event.title, EventSignup.status).join(
                EventOccurrence, EventOccurrence.event_id == Event.id).join(
                EventSignup, EventSignup.occurrence_id == EventOccurrence.id).where(
                EventSignup.person.has(name=name)))
        return {title: status for title, status in rows}


def test_one_event_given_up_for_another_in_one_message(console: ConsoleChat) -> None:
    console.say("张桂兰", "冬至包饺子算我一个")
    console.say("张桂兰", "包饺子那天我去不了 书法班给我报上")
    assert _statuses(console, "张桂兰") == {"冬至包饺子": "cancelled", "书法班": "going"}
    console.say("张桂兰", "把书法班换成包饺子")
    assert _statuses(console, "张桂兰") == {"冬至包饺子": "going", "书法班": "cancelled"}


def test_giving_up_alone_is_no_swap(console: ConsoleChat) -> None:
    console.say("张桂兰", "冬至包饺子算我一个")
    console.say("张桂兰", "书法班给我报上")
    console.say("张桂兰", "包饺子那天我有事 去不成了")
    assert _statuses(console, "张桂兰") == {"冬至包饺子": "cancelled", "书法班": "going"}


def test_cancelling_by_what_people_call_it(console: ConsoleChat) -> None:
    console.say("张桂兰", "书法班给我报上")
    console.say("张桂兰", "防诈骗讲座给我报个名")
    console.say("张桂兰", "写毛笔字那个我不去了")
    assert _statuses(console, "张桂兰") == {"书法班": "cancelled", "防诈骗讲座": "going"}


def test_staff_sign_up_the_resident_they_name(console: ConsoleChat) -> None:
    console.say("周敏", "给钱淑珍报个生日会")
    assert _statuses(console, "钱淑珍") == {"80岁生日会": "going"}
    assert _statuses(console, "周敏") == {}
    console.say("周敏", "钱淑珍的生日会给她取消了 她住院了")
    assert _statuses(console, "钱淑珍") == {"80岁生日会": "cancelled"}


def test_one_date_given_up_for_the_next(console: ConsoleChat) -> None:
    console.say("张桂兰", "书法班给我报上")
    console.say("张桂兰", "书法班这礼拜二去不了 改到下礼拜二吧")
    assert "12月1日" in _out(console).rsplit("▸", 1)[-1]
