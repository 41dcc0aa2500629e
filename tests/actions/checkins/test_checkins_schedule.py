"""Evening check-ins that survive anything: a restart mid-round, a bot down at 20:00, duplicated
job runs, a blocked elder, an elder without an account; the daily summary and weekly chart."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from actions.core.clock import ManualClock
from actions.core.outbox import mark_attempt_failed
from actions.core.settings import Settings
from actions.db import session_scope
from actions.db.community import Resident
from actions.db.conversation import OutboxMessage
from bot.console import ConsoleChat
from bot.wiring import Linli, build
from nlu import NluModel
from tests.helpers import play, round_of

DAY = "2026-11-18"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def checkins_per_chat(linli: Linli) -> Counter[int]:
    """How many check-in messages each chat got (any evening)."""
    with session_scope(linli.sessions) as session:
        rows = session.scalars(select(OutboxMessage).where(
            OutboxMessage.dedupe_key.like("checkin:%"),
            OutboxMessage.dedupe_key.not_like("checkin:%:%:%")))
        return Counter(m.chat_id for m in rows)


def set_time(clock: ManualClock, hhmm: str, day: str = DAY) -> None:
    """Move the clock without running anything (the bot is down)."""
    clock.set(datetime.fromisoformat(f"{day} {hhmm}").replace(tzinfo=SHANGHAI))


def test_a_restart_at_20_05_repeats_nothing_and_keeps_the_clocks(
        console: ConsoleChat, linli: Linli, settings: Settings, clock: ManualClock,
        nlu_model: NluModel) -> None:
    play(console, f"@at {DAY} 20:00\n张桂兰: [平安]\n钱淑珍: [平安]")
    linli.engine.dispose()
    restarted = build(settings, clock=clock, parser=nlu_model, migrate=False)
    again = ConsoleChat(restarted, out=console.out)
    try:
        out = play(again, f"@at {DAY} 20:05\n@wait 2m")
        assert "◂ " not in out
        out = play(again, f"@at {DAY} 20:30\n@at {DAY} 21:00")
        assert "◂ 王秀英 | 王秀英，" in out and "◂ 王丽 | 【平安问候·请帮忙看看】" in out
        assert set(checkins_per_chat(restarted).values()) == {1}
    finally:
        restarted.engine.dispose()


def test_down_at_20_00_back_at_20_20_sends_once_and_counts_from_the_send(
        console: ConsoleChat, linli: Linli, clock: ManualClock) -> None:
    play(console, f"@at {DAY} 19:50")
    set_time(clock, "20:20")
    out = play(console, f"@at {DAY} 20:20\n@wait 2m\n张桂兰: [平安]\n钱淑珍: [平安]")
    assert out.count("◂ 王秀英 | ") == 1
    out = play(console, f"@at {DAY} 20:49")
    assert "◂ 王秀英" not in out  # 30 minutes after the send, not after 20:00
    out = play(console, f"@at {DAY} 20:50")
    assert "◂ 王秀英 | 王秀英，" in out
    out = play(console, f"@at {DAY} 21:19")
    assert "◂ 王丽" not in out
    out = play(console, f"@at {DAY} 21:20")
    assert "◂ 王丽 | 【平安问候·请帮忙看看】" in out
    assert set(checkins_per_chat(linli).values()) == {1}


def test_queued_at_20_00_but_delivered_at_20_20_counts_from_the_delivery(
        console: ConsoleChat, linli: Linli, clock: ManualClock) -> None:
    set_time(clock, "20:00")
    linli.conversation.run_jobs()  # the jobs ran, the sender was down
    set_time(clock, "20:20")
    console.deliver()
    out = play(console, f"@at {DAY} 20:30")
    assert "刚才的平安问候" not in out
    out = play(console, f"@at {DAY} 20:50")
    assert out.count("刚才的平安问候您还没回") + out.count("回个话") >= 3


def test_duplicated_and_concurrent_job_runs_send_nothing_twice(
        linli: Linli, settings: Settings, clock: ManualClock, nlu_model: NluModel) -> None:
    set_time(clock, "20:00")
    other = build(settings, clock=clock, parser=nlu_model, migrate=False, seed=False)
    try:
        threads = [threading.Thread(target=app.conversation.run_jobs)
                   for app in (linli, other, linli, other)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        linli.conversation.run_jobs()
        assert sorted(checkins_per_chat(linli).values()) == [1, 1, 1]
        set_time(clock, "20:30")
        linli.conversation.run_jobs()
        other.conversation.run_jobs()
        with session_scope(linli.sessions) as session:
            reminders = list(session.scalars(select(OutboxMessage.dedupe_key).where(
                OutboxMessage.dedupe_key.like("checkin:%:remind"))))
        assert reminders == []  # not delivered yet: the clock has not started
    finally:
        other.engine.dispose()


def test_a_blocked_elder_is_reported_and_escalated_at_once(console: ConsoleChat,
                                                           linli: Linli,
                                                           clock: ManualClock) -> None:
    set_time(clock, "20:00")
    linli.conversation.run_jobs()
    with session_scope(linli.sessions) as session:
        elder = session.scalars(select(Resident).where(Resident.name == "王秀英")).one()
        msg = session.scalars(select(OutboxMessage).where(
            OutboxMessage.dedupe_key == f"checkin:{elder.id}:{DAY}")).one()
        mark_attempt_failed(msg, now=clock.now(), error="Forbidden: bot was blocked by the user",
                            permanent=True)
    console.deliver()
    out = play(console, f"@at {DAY} 20:01")
    assert "【平安问候发不出去】王秀英的平安问候没送到（Forbidden: bot was blocked" in out
    assert "◂ 王丽 | 【平安问候·请帮忙看看】" in out and "发不出去（可能把机器人屏蔽了" in out
    row = round_of(linli, "王秀英")
    assert (row.status, row.reason) == ("escalated", "blocked")
    out = play(console, f"@at {DAY} 20:21")
    assert "◂ 郑国强 | 【平安问候·请帮忙看看】" in out


def test_an_elder_without_an_account_is_reported_every_evening(console: ConsoleChat,
                                                               linli: Linli) -> None:
    with session_scope(linli.sessions) as session:
        session.scalars(select(Resident).where(Resident.name == "钱淑珍")).one(
        ).telegram_id = None
    out = play(console, f"@at {DAY} 20:00")
    assert "这几位老人还没绑定账号，今晚没法问候：钱淑珍" in out
    assert round_of(linli, "钱淑珍").status == "unreachable"
    out = play(console, f"@at {DAY} 22:00")
    assert "没发出 1 位" in out


def test_back_too_late_skips_and_reports_even_over_midnight(console: ConsoleChat,
                                                            linli: Linli,
                                                            clock: ManualClock) -> None:
    play(console, f"@at {DAY} 19:00")
    out = play(console, "@at 2026-11-19 00:30")
    assert "◂ 王秀英" not in out
    assert "机器人停机太久，这几位老人的问候没有发出，请电话问候一下：王秀英、张桂兰、钱淑珍" \
        in out
    assert round_of(linli, "王秀英").status == "skipped"


def test_daily_summary_once_after_the_round(console: ConsoleChat, linli: Linli) -> None:
    play(console, f"@at {DAY} 20:00\n王秀英: [平安]\n张桂兰: [有点不舒服]")
    out = play(console, f"@at {DAY} 21:59")
    assert "日报" not in out
    out = play(console, f"@at {DAY} 22:00\n@wait 2m")
    assert out.count("【平安问候日报】11月18日") == 1
    assert "问候 3 位：回复 2 位（平安 1，不舒服 1，求助 0）" in out
    assert "提醒 1 位，找联系人 1 位，暂停 0 位，没发出 0 位" in out
    assert "· 钱淑珍（2026-11-18）还没人确认" in out


def test_weekly_chart_of_answer_rates_per_building(console: ConsoleChat, linli: Linli,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    for day in ("18", "19", "20", "21", "22"):  # Wednesday to Sunday
        play(console, f"@at 2026-11-{day} 20:00\n王秀英: [平安]\n张桂兰: [平安]"
                      f"\n@at 2026-11-{day} 22:00")
    with session_scope(linli.sessions) as session:
        charts = list(session.scalars(select(OutboxMessage).where(
            OutboxMessage.photo.is_not(None), OutboxMessage.dedupe_key.like("checkin_chart:%"))))
    assert len(charts) == 1
    assert "2026-11-22" in str(charts[0].dedupe_key)
    assert "3号楼 100%；9号楼 0%；10号楼 100%" in charts[0].text
    image = Path(str(charts[0].photo))
    assert image.is_file() and image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert tmp_path in image.parents


def test_an_open_form_keeps_its_meaning_of_yes(console: ConsoleChat, linli: Linli,
                                               clock: ManualClock) -> None:
    from actions.db.conversation import DialogueState

    play(console, f"@at {DAY} 19:50\n王秀英: 你好\n张桂兰: 你好")
    with session_scope(linli.sessions) as session:
        for state in session.scalars(select(DialogueState)):
            person = session.get_one(Resident, state.resident_id)
            if person.name in ("王秀英", "张桂兰"):  # 王秀英's form is fresh, 张桂兰's stale
                seen = "19:50" if person.name == "王秀英" else "19:00"
                state.data = {**state.data, "form": {"name": "register", "slots": {}},
                              "last_seen": f"{DAY}T{seen}:00+08:00"}
    play(console, f"@at {DAY} 20:00")
    with session_scope(linli.sessions) as session:
        contexts = {session.get_one(Resident, s.resident_id).name: s.data.get("context")
                    for s in session.scalars(select(DialogueState))}
    assert contexts["王秀英"] is None
    assert contexts["张桂兰"] == "checkin" and contexts["钱淑珍"] == "checkin"


@pytest.mark.parametrize(("first_run", "day"), [("2026-11-18 23:00", "2026-11-19"),
                                               ("2026-11-20 10:00", "2026-11-20")])
def test_a_fresh_install_reports_no_round_that_never_existed(console: ConsoleChat, linli: Linli,
                                                             first_run: str, day: str) -> None:
    """Seeded at 09:00 (the fixture), the bot first runs after that evening's round was over:
    no "停机太久" about it (nor about the evening before), and the next round goes out."""
    out = play(console, f"@at {first_run}")
    assert "停机太久" not in out and "◂ 王秀英" not in out
    assert "日报" not in out  # no summary of an evening without a round
    out = play(console, f"@at {day} 20:00")
    assert "◂ 王秀英 | 王秀英，" in out
    after = date.fromisoformat(day) + timedelta(days=1)  # the next round, on time
    out = play(console, f"@at {day} 23:00\n@at {after} 19:58\n@wait 4m\n@at {after} 23:00")
    assert "停机太久" not in out
    assert set(checkins_per_chat(linli).values()) == {2}


def test_a_bot_started_just_after_the_round_still_sends_it(console: ConsoleChat,
                                                           linli: Linli) -> None:
    out = play(console, f"@at {DAY} 20:30")
    assert "◂ 王秀英 | 王秀英，" in out and "停机太久" not in out
