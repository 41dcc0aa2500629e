"""The red mailbox: a letter (anonymous when asked), staff answer from the chat, states,
the 3-working-day deadline on China's calendar, and the escalation to the admin."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from actions.core.pipeline import Incoming
from actions.db import session_scope
from actions.db.conversation import AuditLog
from actions.db.mailbox import MailboxItem
from actions.mailbox import answer_due, is_workday
from bot.console import ConsoleChat
from tests.helpers import play

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "scripts" / "mailbox.txt"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def letters(console: ConsoleChat) -> list[MailboxItem]:
    """The letters written during the test (the demo's answered one left out)."""
    with session_scope(console.linli.sessions) as session:
        return list(session.scalars(select(MailboxItem).where(
            MailboxItem.number.like("XX-20261118-%")).order_by(MailboxItem.id)))


def test_the_issue_story_replays(console: ConsoleChat) -> None:
    console.run_script(SCRIPT.read_text(encoding="utf-8").splitlines())
    out = str(console.out.getvalue())  # type: ignore[attr-defined]
    assert "要留您的名字吗" in out
    assert "◂ 周敏 | 【红色信箱·建议】XX-20261118-001" in out
    assert "来自：匿名居民" in out and "李建国" not in out.split("来自：匿名居民")[1][:60]
    assert "7栋1单元302" not in out  # anonymous: staff never see the address either
    assert "会在11月23日前答复您" in out  # Thu, Fri, then Monday
    assert "◂ 李建国 | 您提的建议（XX-20261118-001）社区正在处理" in out
    assert "请直接发答复内容" in out
    assert "◂ 李建国 | 您11月18日提的建议（XX-20261118-001），社区答复了：" in out
    assert "下周一就在大门口装两张长椅" in out
    [item] = letters(console)
    assert (item.status, item.anonymous) == ("answered", True)
    with session_scope(console.linli.sessions) as session:
        assert session.scalars(select(AuditLog.action).order_by(AuditLog.id)).all() == [
            "mailbox_progress", "mailbox_answer"]


def test_a_named_complaint_shows_who_wrote_it(console: ConsoleChat) -> None:
    out = play(console, "王秀英: 楼上装修太吵了，我要投诉\n王秀英: [可以留名字]")
    assert "【红色信箱·投诉】" in out and "来自：王秀英（3栋2单元501，13602211001）" in out


def test_anonymous_when_the_message_says_so_without_asking(console: ConsoleChat) -> None:
    out = play(console, "赵磊: 我匿名提个建议，小区晚上路灯太暗了，希望多装几盏")
    assert "要留您的名字吗" not in out and "收到了（匿名）" in out


def test_residents_cannot_answer_letters(console: ConsoleChat) -> None:
    play(console, "王秀英: 建议社区多组织一些老年人的活动\n王秀英: [匿名]")
    [item] = letters(console)
    out = play(console, "赵磊: /mailbox")
    assert "没有这个权限" in out
    user_id = console.telegram_id("赵磊")
    console.linli.conversation.handle(Incoming("console", user_id, user_id, "赵磊",
                                               button=f"/mb_reply:{item.id}"))
    console.deliver()
    assert "没有这个权限" in str(console.out.getvalue())[-200:]  # type: ignore[attr-defined]
    assert letters(console)[0].status == "received"


def test_a_late_answer_goes_to_the_admin_once(console: ConsoleChat) -> None:
    play(console, "李建国: 建议在小区里多放几个垃圾桶\n李建国: [可以留名字]")
    out = play(console, "@at 2026-11-23 23:58")
    assert "信箱超时" not in out
    out = play(console, "@wait 3m")
    assert out.count("◂ 周敏 | 【信箱超时未答复】XX-20261118-001") == 1
    out = play(console, "@wait 5m")
    assert "信箱超时" not in out
    out = play(console, "周敏: /mailbox")
    assert "XX-20261118-001" in out and "[回复]" in out


def test_the_deadline_counts_working_days_on_the_holiday_calendar() -> None:
    assert not is_workday(date(2026, 10, 1))  # National Day
    assert is_workday(date(2026, 11, 23))
    before_national_day = datetime(2026, 9, 29, 10, 0, tzinfo=SHANGHAI)
    due = answer_due(before_national_day, SHANGHAI)
    assert due.date() > date(2026, 10, 7)  # the golden week is skipped
    assert answer_due(datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI), SHANGHAI).date() == date(
        2026, 11, 25)  # Friday: Mon, Tue, Wed
    assert answer_due(datetime(2027, 3, 5, 10, 0, tzinfo=SHANGHAI), SHANGHAI).date() == date(
        2027, 3, 10)  # beyond the calendar's data: weekdays


def test_a_yes_typed_at_the_name_question_keeps_the_name(console: ConsoleChat) -> None:
    out = play(console, "李建国: 建议社区组织一次义诊\n李建国: 确认")
    assert "收到了 ✅" in out and "请点一下" not in out and "这里要选一个" not in out
    [item] = letters(console)
    assert item.anonymous is False


def test_no_typed_at_the_name_question_is_anonymous(console: ConsoleChat) -> None:
    play(console, "赵磊: 投诉一下 楼下烧烤店油烟太大\n赵磊: 不留了")
    [item] = letters(console)
    assert item.anonymous is True


def test_a_thanks_letter_named_as_one_is_a_letter(console: ConsoleChat) -> None:
    out = play(console, "钱淑珍: 给社区写封感谢信 谢谢马师傅给我修好了水龙头\n钱淑珍: 好")
    [item] = letters(console)
    assert "马师傅" in item.text and "不客气" not in out
