"""The time bank: a double-entry ledger in minutes that always sums to zero."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from actions.community.timebank import (
    ISSUED,
    account,
    correct,
    credit_service,
    donate,
    ledger_total,
    person_balance,
    says_gives_hours,
    spend,
)
from actions.core.clock import ManualClock
from actions.core.errors import Refused
from actions.db import session_scope
from actions.db.community import Resident
from actions.db.community_life import TimeAccount, TimeEntry
from bot.console import ConsoleChat
from bot.wiring import Linli
from tests.factories import make_resident


def _out(console: ConsoleChat) -> str:
    return str(console.out.getvalue())  # type: ignore[attr-defined]


def test_credit_service_is_exactly_once_per_ref(linli: Linli, clock: ManualClock) -> None:
    with session_scope(linli.sessions) as session:
        volunteer = make_resident(session, name="志愿者甲")
        first = credit_service(session, volunteer_id=volunteer.id, minutes=90,
                               reason="陪王秀英看病", ref="ticket:BZ-1", now=clock.now())
        again = credit_service(session, volunteer_id=volunteer.id, minutes=90,
                               reason="陪王秀英看病", ref="ticket:BZ-1", now=clock.now())
        assert first is not None and again is None
        assert person_balance(session, person=volunteer) == 90
        assert ledger_total(session) == 0


def test_random_operations_keep_the_ledger_at_zero(linli: Linli, clock: ManualClock) -> None:
    rng = random.Random(7)
    with session_scope(linli.sessions) as session:
        people = [make_resident(session, name=f"居民{i}", room=f"{101 + i}") for i in range(5)]
        now = clock.now()
        for _ in range(120):
            now += timedelta(minutes=1)
            _random_operation(session, rng, people, now)
            assert ledger_total(session) == 0
        ids = [p.id for p in people]  # the demo's history has a volunteer's account too
        assert session.scalar(select(func.count()).select_from(TimeAccount).where(
            TimeAccount.person_id.in_(ids))) == len(people)
        assert session.scalar(select(func.count()).select_from(TimeAccount).where(
            TimeAccount.system.is_not(None))) == 2


def _random_operation(session: Session, rng: random.Random, people: list[Resident],
                      now: datetime) -> None:
    """Earn, spend, donate or correct at random; a refused one changes nothing, and spending or
    donating never overdraws (only a correction may leave a debt, which is the truth)."""
    person, other = rng.sample(people, 2)
    minutes = rng.randint(1, 180)
    before = [person_balance(session, person=p) for p in people]
    choice = rng.random()
    try:
        if choice < 0.4:
            credit_service(session, volunteer_id=person.id, minutes=minutes, reason="服务",
                           ref=f"r{rng.randint(0, 40)}", now=now)
        elif choice < 0.6:
            spend(session, person=person, minutes=minutes, reason="理发", now=now)
            assert person_balance(session, person=person) >= 0
        elif choice < 0.85:
            donate(session, donor=person, recipient=other, minutes=minutes, now=now)
            assert person_balance(session, person=person) >= 0
        else:
            last = session.scalar(select(TimeEntry.id).where(TimeEntry.kind != "correction")
                                  .order_by(func.random()).limit(1))
            if last is not None:
                correct(session, entry_id=last, reason="记错了", now=now, by=person.id)
    except Refused:
        assert [person_balance(session, person=p) for p in people] == before


def test_spending_more_than_one_has_is_refused(linli: Linli, clock: ManualClock) -> None:
    with session_scope(linli.sessions) as session:
        person = make_resident(session, name="居民乙")
        credit_service(session, volunteer_id=person.id, minutes=30, reason="巡逻",
                       ref="shift:1", now=clock.now())
        with pytest.raises(Refused) as refused:
            spend(session, person=person, minutes=60, reason="家政", now=clock.now())
        assert "只有30分钟" in refused.value.render(linli.conversation.texts)
        assert person_balance(session, person=person) == 30


MINE = select(TimeEntry).where(TimeEntry.ref == "shift:2")  # not the demo's history


def test_entries_are_final_and_a_correction_is_a_new_entry(linli: Linli,
                                                           clock: ManualClock) -> None:
    with session_scope(linli.sessions) as session:
        person = make_resident(session, name="居民丙")
        before = session.scalar(select(func.count()).select_from(TimeEntry))
        credit_service(session, volunteer_id=person.id, minutes=120, reason="义剪",
                       ref="shift:2", now=clock.now())
    with pytest.raises(ValueError, match="final"), session_scope(linli.sessions) as session:
        session.scalars(MINE).one().minutes = 240
    with pytest.raises(ValueError, match="final"), session_scope(linli.sessions) as session:
        session.delete(session.scalars(MINE).one())
    with session_scope(linli.sessions) as session:
        original = session.scalars(MINE).one()
        reversal = correct(session, entry_id=original.id, reason="记重了", now=clock.now(), by=1)
        assert reversal.corrects_id == original.id and reversal.minutes == 120
        assert (reversal.debit_id, reversal.credit_id) == (original.credit_id, original.debit_id)
        assert session.scalar(select(func.count()).select_from(TimeEntry)) == before + 2
        with pytest.raises(Refused) as refused:
            correct(session, entry_id=original.id, reason="再来", now=clock.now(), by=1)
        assert "更正过" in refused.value.render(linli.conversation.texts)
        assert ledger_total(session) == 0


def test_the_database_refuses_a_non_positive_entry(linli: Linli, clock: ManualClock) -> None:
    with session_scope(linli.sessions) as session:
        person = make_resident(session, name="居民丁")
        mine = account(session, community_id=person.community_id or 0, person_id=person.id,
                       now=clock.now())
        issued = account(session, community_id=person.community_id or 0, system=ISSUED,
                         now=clock.now())
        session.add(TimeEntry(community_id=mine.community_id, debit_id=issued.id,
                              credit_id=mine.id, minutes=-5, kind="earn", created_at=clock.now()))
        with pytest.raises(IntegrityError):
            session.flush()
        session.rollback()


def test_query_hours_shows_only_ones_own_balance(console: ConsoleChat, clock: ManualClock
                                                 ) -> None:
    with session_scope(console.linli.sessions) as session:
        zhao = make_resident(session, name="赵小", telegram_id=555001)
        credit_service(session, volunteer_id=zhao.id, minutes=150, reason="义剪队：理发",
                       ref="shift:x", now=clock.now())
    console.say("赵小", "查一下我的时长")
    console.say("王秀英", "时间银行还有多少")
    out = _out(console)
    assert "◂ 赵小 | 您的时间银行余额：2小时30分钟" in out
    assert "+2小时30分钟 义剪队：理发" in out
    assert "◂ 王秀英 | 您的时间银行余额：0分钟" in out


def test_staff_spend_needs_a_role_and_is_audited(console: ConsoleChat, clock: ManualClock) -> None:
    with session_scope(console.linli.sessions) as session:
        elder = make_resident(session, name="孙奶奶", telegram_id=555002)
        credit_service(session, volunteer_id=elder.id, minutes=120, reason="转赠",
                       ref="gift:1", now=clock.now())
    console.say("李建国", "/spend 孙奶奶 1小时 上门理发")
    console.say("黄美华", "/spend 孙奶奶 1小时 上门理发")
    out = _out(console)
    assert "◂ 李建国 | 抱歉，这件事需要负责的工作人员来处理" in out
    assert "◂ 黄美华 | 记好了：孙奶奶用了1小时（上门理发）。" in out
    assert "◂ 孙奶奶 | 您用时间银行换了一次服务：上门理发，用掉1小时。" in out


@pytest.mark.parametrize(("text", "gives"), [
    ("我想把1小时送给王秀英", True), ("把我的时长转一些给别人", True), ("转赠给别人", True),
    ("我想转赠点时间给邻居", True), ("我的时长能转给我妈用吗", False),
    ("时间银行还有多少", False), ("送饭的时间能改吗", False), ("我把时间记错了", False)])
def test_words_that_give_hours(text: str, gives: bool) -> None:
    assert says_gives_hours(text) is gives
