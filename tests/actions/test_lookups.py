"""Look-ups of one's own past and plans, in the words people use (issue 14's examples)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from actions.db import session_scope
from actions.db.checkins import CheckinEnrolment, CheckinRound
from actions.db.community import Resident
from actions.db.community_life import EventSignup
from bot.console import ConsoleChat
from bot.wiring import Linli
from tests.helpers import play


def test_my_bookings_in_words(console: ConsoleChat) -> None:
    play(console, "王秀英: 明天中午订一份饭 到食堂吃\n王秀英: 确认")
    out = play(console, "王秀英: 我订了哪几天的饭")
    assert "11月19日" in out and "1份" in out


def test_a_signup_cancelled_by_naming_the_event(console: ConsoleChat, linli: Linli) -> None:
    play(console, "王秀英: 我要报名参加活动\n王秀英: [报名 防诈骗讲座 11/20]")
    out = play(console, "王秀英: 防诈骗那个我去不了了 帮我取消吧")
    assert "防诈骗讲座" in out
    with session_scope(linli.sessions) as session:
        wang = session.scalars(select(Resident.id).where(Resident.name == "王秀英")).one()
        statuses = set(session.scalars(select(EventSignup.status).where(
            EventSignup.person_id == wang)))
    assert statuses == {"cancelled"}


def test_my_letters_and_their_answer(console: ConsoleChat) -> None:
    play(console, "赵磊: 建议小区门口装个减速带\n赵磊: [可以留名字]\n赵磊: [确认]")
    out = play(console, "赵磊: 我提的建议有回音了吗")
    assert "减速带" in out and "已收到" in out


def test_what_was_announced_about_the_water(console: ConsoleChat) -> None:
    play(console, "周敏: /announce\n周敏: [全社区]\n"
                  "周敏: 11月20日周五9点到17点全小区停水 请提前储水\n周敏: [只发群里]\n"
                  "周敏: [现在发]\n周敏: [确认]")
    out = play(console, "王秀英: 停水是哪天来着")
    assert "停水" in out.split("王秀英 ▸ 停水是哪天来着")[1]


def test_going_away_pauses_the_check_in_from_the_day_named(console: ConsoleChat,
                                                           linli: Linli) -> None:
    play(console, "王秀英: 我明天去我儿子家住三天 这几天不用问了")
    with session_scope(linli.sessions) as session:
        wang = session.scalars(select(Resident).where(Resident.name == "王秀英")).one()
        enrolment = session.scalars(select(CheckinEnrolment).where(
            CheckinEnrolment.elder_id == wang.id)).one()
        assert (enrolment.paused_from, enrolment.paused_until) == (date(2026, 11, 19),
                                                                    date(2026, 11, 21))
    play(console, "@at 2026-11-18 19:59\n@wait 2m")  # tonight she is home: asked as usual
    with session_scope(linli.sessions) as session:
        tonight = session.scalars(select(CheckinRound).where(
            CheckinRound.elder_id == wang.id, CheckinRound.day == date(2026, 11, 18))).one()
        assert tonight.status == "sent"


def test_a_daughter_asks_whether_her_mother_answered(console: ConsoleChat) -> None:
    out = play(console, "@at 2026-11-18 08:00\n王丽: 我妈今天晚上的平安问候回了吗")
    assert "还没到时间" in out
    play(console, "@at 2026-11-18 19:59\n@wait 2m\n王秀英: [平安]")
    out = play(console, "王丽: 我妈今天的平安回了吗")
    assert "回了平安" in out
