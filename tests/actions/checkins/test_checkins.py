"""Evening check-ins, the elder's side: every kind of answer, the NLU's check-in context,
pausing and resuming, enrolment, and the issue's scripted evening."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from actions.core.pipeline import Incoming
from actions.db import session_scope
from actions.db.checkins import CheckinEnrolment
from actions.db.community import Resident
from actions.db.conversation import DialogueState, OutboxMessage
from actions.db.tickets import Emergency
from bot.console import ConsoleChat
from bot.wiring import Linli
from tests.helpers import play, round_of

SCRIPT = Path(__file__).resolve().parents[3] / "docs" / "scripts" / "checkin_evening.txt"
DAY = "2026-11-18"


def keys(linli: Linli, prefix: str) -> list[str]:
    """Outbox dedupe keys starting with a prefix."""
    with session_scope(linli.sessions) as session:
        return sorted(k for k in session.scalars(select(OutboxMessage.dedupe_key).where(
            OutboxMessage.dedupe_key.like(f"{prefix}%"))) if k)


def test_checkins_go_at_20_00_once_to_each_enrolled_elder(console: ConsoleChat,
                                                         linli: Linli) -> None:
    out = play(console, f"@at {DAY} 19:58\n@wait 1m")
    assert "◂ 王秀英" not in out
    out = play(console, "@wait 1m\n@wait 3m")
    for name in ("王秀英", "张桂兰", "钱淑珍"):
        assert out.count(f"◂ {name} | ") == 1, name
    assert "[平安]\n      [有点不舒服]\n      [需要帮助]\n      [暂停几天]" in out
    assert len(keys(linli, "checkin:")) == 3
    assert "◂ 李建国" not in out  # not enrolled


def test_the_wording_varies_from_day_to_day(console: ConsoleChat) -> None:
    first = play(console, f"@at {DAY} 20:00").split("◂ 王秀英 | ")[1].splitlines()[0]
    second = play(console, "@at 2026-11-19 20:00").split("◂ 王秀英 | ")[1].splitlines()[0]
    assert first != second


def test_ok_button_thanks_and_records(console: ConsoleChat, linli: Linli) -> None:
    out = play(console, f"@at {DAY} 20:00\n王秀英: [平安]")
    assert "◂ 王秀英 | " in out and ("放心" in out or "收到" in out)
    row = round_of(linli, "王秀英")
    assert (row.status, row.answer) == ("answered", "ok")
    out = play(console, f"@at {DAY} 21:30")
    assert "王秀英" not in out  # no reminder, no escalation


def test_a_plain_yes_in_the_checkin_context_is_ok(console: ConsoleChat, linli: Linli) -> None:
    play(console, f"@at {DAY} 20:00")
    out = play(console, "王秀英: 好的")
    assert round_of(linli, "王秀英").answer == "ok", out
    out = play(console, "王秀英: 嗯嗯，挺好的")
    assert "放心" in out or "收到" in out or "平安" in out
    with session_scope(linli.sessions) as session:
        state = session.scalars(select(DialogueState).join(
            Resident, Resident.id == DialogueState.resident_id).where(
            Resident.name == "王秀英")).one()
        assert "context" not in state.data  # answered: 好的 means 好的 again


def test_words_of_being_fine(console: ConsoleChat, linli: Linli) -> None:
    play(console, f"@at {DAY} 20:00")
    play(console, "张桂兰: 我很好，刚吃完饭看电视呢\n钱淑珍: 平安")
    assert round_of(linli, "张桂兰").answer == "ok"
    assert round_of(linli, "钱淑珍").answer == "ok"


def test_feeling_unwell_alerts_family_and_building_leader(console: ConsoleChat,
                                                          linli: Linli) -> None:
    play(console, f"@at {DAY} 20:00")
    out = play(console, "张桂兰: 今天有点头晕，血压好像高了")
    assert "◂ 张建军 | 【平安问候·身体不适，不紧急】张桂兰" in out
    assert "◂ 冯玉梅 | 【平安问候·身体不适，不紧急】张桂兰" in out
    assert "「今天有点头晕，血压好像高了」" in out
    assert "◂ 孙丽" not in out  # the grid worker is not bothered with a non-urgent alert
    assert round_of(linli, "张桂兰").answer == "unwell"
    out = play(console, "王秀英: [有点不舒服]")
    assert "◂ 王丽 | 【平安问候·身体不适" in out and "◂ 郑国强 | 【平安问候·身体不适" in out


def test_need_help_follows_the_emergency_path(console: ConsoleChat, linli: Linli) -> None:
    play(console, f"@at {DAY} 20:00")
    out = play(console, "钱淑珍: [需要帮助]")
    assert round_of(linli, "钱淑珍").answer == "help"
    with session_scope(linli.sessions) as session:
        assert session.scalar(select(func.count()).select_from(Emergency)) == 1
    assert "已响应" in out  # the emergency alert to staff, repeated until someone responds


def test_an_emergency_in_words_answers_the_checkin(console: ConsoleChat, linli: Linli) -> None:
    play(console, f"@at {DAY} 20:00")
    out = play(console, "钱淑珍: 我摔倒了起不来")
    assert "已响应" in out
    out = play(console, f"@at {DAY} 20:30")
    assert "◂ 钱淑珍 | 钱淑珍，刚才的平安问候" not in out
    assert round_of(linli, "钱淑珍").answer == "help"


def test_talking_to_the_bot_after_the_checkin_counts(console: ConsoleChat, linli: Linli) -> None:
    play(console, f"@at {DAY} 20:00\n@at {DAY} 20:10\n王秀英: 社区电话多少")
    out = play(console, f"@at {DAY} 20:30\n@at {DAY} 21:00")
    assert "王秀英" not in out
    assert round_of(linli, "王秀英").answer == "active"


def test_outside_a_checkin_the_answers_get_their_usual_reply(console: ConsoleChat) -> None:
    out = play(console, "李建国: 我很好\n李建国: 今天有点头晕")
    assert "放心" in out
    assert "120" in out


def test_pause_from_the_checkin_then_resume(console: ConsoleChat, linli: Linli) -> None:
    play(console, f"@at {DAY} 20:00")
    out = play(console, "王秀英: [暂停几天]")
    assert "[3天] [7天]" in out
    out = play(console, "王秀英: [3天]")
    assert "暂停3天，11月22日晚上再接着问候" in out
    assert "◂ [幸福里社区工作群] | 【平安问候·暂停】王秀英暂停3天" in out
    assert round_of(linli, "王秀英").answer == "pause"
    out = play(console, "@at 2026-11-19 20:00\n@at 2026-11-21 20:00")
    assert "◂ 王秀英 | " not in out
    assert round_of(linli, "王秀英", "2026-11-19").status == "paused"
    out = play(console, "@at 2026-11-22 20:00")
    assert out.count("◂ 王秀英 | ") == 1


def test_family_pauses_and_resumes_by_command(console: ConsoleChat, linli: Linli) -> None:
    out = play(console, f"@at {DAY} 10:00\n王丽: /pause 2")
    assert "王秀英的平安问候暂停2天，11月20日" in out
    assert "◂ 王秀英 | 王丽帮您把平安问候暂停了2天" in out
    out = play(console, f"@at {DAY} 20:00")
    assert "◂ 王秀英 | " not in out
    out = play(console, "@at 2026-11-19 09:00\n王丽: /resume\n@at 2026-11-19 20:00")
    assert "王秀英的平安问候恢复了" in out
    assert out.count("◂ 王秀英 | ") == 2  # told of the resume, then the check-in


def test_staff_pause_by_name_and_strangers_may_not(console: ConsoleChat, linli: Linli) -> None:
    stranger = play(console, "李建国: /pause 王秀英 3").split("◂ 李建国 | ")[1]
    nobody = play(console, "李建国: /pause 没这个人 3").split("◂ 李建国 | ")[1]
    wang = console.telegram_id("王秀英")
    with session_scope(linli.sessions) as session:
        wang_id = session.scalars(select(Resident.id).where(Resident.telegram_id == wang)).one()
    li = console.telegram_id("李建国")
    linli.conversation.handle(Incoming("console", li, li, "李建国",
                                       button=f"/pause:{wang_id}:3"))  # a forged button
    with session_scope(linli.sessions) as session:
        by_id = " ".join(session.scalars(select(OutboxMessage.text).where(
            OutboxMessage.chat_id == li)))
    assert stranger == nobody  # whether she is enrolled (lives alone) is not told
    assert "没有找到您能设置的平安问候" in stranger and "王秀英" not in by_id
    out = play(console, "刘芳: /pause 王秀英 3")
    assert "王秀英的平安问候暂停3天" in out
    with session_scope(linli.sessions) as session:
        enrolment = session.scalars(select(CheckinEnrolment).join(
            Resident, Resident.id == CheckinEnrolment.elder_id).where(
            Resident.name == "王秀英")).one()
        assert str(enrolment.paused_until) == "2026-11-20"


def test_staff_enrol_an_elder_with_contacts_in_order(console: ConsoleChat, linli: Linli) -> None:
    out = play(console, "李建国: /enrol 李建国")
    assert "权限" in out
    out = play(console, "孙丽: /enrol 李建国 19:30 李小红 13902239999")
    assert "李建国登记好了每晚的平安问候（19:30）" in out
    assert "李小红还没绑定账号，邀请码：/start " in out
    with session_scope(linli.sessions) as session:
        enrolment = session.scalars(select(CheckinEnrolment).join(
            Resident, Resident.id == CheckinEnrolment.elder_id).where(
            Resident.name == "李建国")).one()
        contacts = [(c.person.name, c.relation) for c in enrolment.contacts]
    # family first, then the building leader (7号楼's 楼组 has none), then the grid worker
    assert contacts == [("李小红", "family"), ("陈伟", "grid_worker")]
    code = out.split("/start ")[1].split("（")[0].strip()
    out = play(console, f"@at {DAY} 19:30")
    assert out.count("◂ 李建国 | ") == 1
    out = play(console, f"李小红: /start {code}")
    assert "李小红，您好！您的账号已经和社区的登记信息绑定好了" in out


def test_the_scripted_evening(console: ConsoleChat, linli: Linli) -> None:
    console.run_script(SCRIPT.read_text(encoding="utf-8").splitlines())
    out = str(console.out.getvalue())  # type: ignore[attr-defined]
    assert "王秀英 ▸ [平安]\n  ◂ 王秀英 | " in out
    assert "◂ 张建军 | 【平安问候·身体不适，不紧急】张桂兰" in out
    assert "◂ 钱淑珍 | 钱淑珍，刚才的平安问候您还没回呢" in out
    assert "◂ 钱小燕 | 【平安问候·请帮忙看看】钱小燕您好" in out
    assert "钱志刚（家属）还没绑定账号" in out
    assert "◂ 冯玉梅 | 【平安问候·请帮忙看看】冯玉梅您好" in out
    assert "◂ 钱小燕 | 冯玉梅已确认钱淑珍平安，不用再联系了" in out
    assert "◂ [幸福里社区工作群] | 冯玉梅已确认钱淑珍平安" in out
    assert "【平安问候·已结束】钱淑珍" not in out  # her bare 平安 after confirming: said once
    assert "【平安问候·补充】钱淑珍：老人在家睡着了" in out
    assert "问候 3 位：回复 2 位（平安 1，不舒服 1，求助 0）" in out
    assert "提醒 1 位，找联系人 1 位" in out and "还没结束的 0 件" in out
    assert "◂ 孙丽" not in out  # found safe before the grid worker's turn
    row = round_of(linli, "钱淑珍")
    assert (row.status, row.outcome, row.outcome_note) == ("closed", "safe",
                                                           "老人在家睡着了，手机静音了没听见")
    with session_scope(linli.sessions) as session:
        closer = session.get_one(Resident, row.closed_by)
        assert closer.name == "冯玉梅"
