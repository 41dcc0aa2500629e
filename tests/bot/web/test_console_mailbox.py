"""The red mailbox page: letters waiting with their deadlines, answered in place (the chat's
code: audit, the answer to the writer), anonymity kept, roles checked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from actions.core.clock import ManualClock
from actions.db import session_scope
from actions.db.conversation import AuditLog, OutboxMessage
from actions.db.mailbox import MailboxItem
from bot.console import ConsoleChat
from bot.wiring import Linli
from tests.helpers import play

Client = Callable[[str], TestClient]


def write(console: ConsoleChat, *, anonymous: bool) -> MailboxItem:
    """李建国 writes a suggestion in the chat."""
    play(console, "李建国: 建议在小区大门口放几张长椅，老人走累了能歇歇脚\n"
                  f"李建国: [{'匿名' if anonymous else '留名'}]")
    with session_scope(console.linli.sessions) as session:
        found = session.scalars(select(MailboxItem).order_by(MailboxItem.id.desc())).first()
    assert found is not None
    return found


def test_an_anonymous_letter_stays_anonymous(console: ConsoleChat,
                                             staff_client: Client) -> None:
    item = write(console, anonymous=True)
    page = staff_client("周敏").get("/mailbox").text
    letter = page.split(f'id="letter-{item.id}"')[1].split("</section>")[0]
    assert "匿名居民" in letter and "李建国" not in letter and "长椅" in letter
    assert "答复期限" in letter


def test_a_named_letter_shows_its_writer(console: ConsoleChat, staff_client: Client) -> None:
    item = write(console, anonymous=False)
    letter = staff_client("周敏").get("/mailbox").text.split(f'id="letter-{item.id}"')[1]
    assert "李建国" in letter.split("</section>")[0]


def test_answering_in_place_reaches_the_writer(linli: Linli, console: ConsoleChat,
                                               staff_client: Client) -> None:
    item = write(console, anonymous=True)
    zhou = staff_client("周敏")
    assert "flash ok" in zhou.post(f"/mailbox/{item.id}/progress").text
    done = zhou.post(f"/mailbox/{item.id}/answer", data={"text": "下周一装两张长椅。"})
    assert "flash ok" in done.text and "下周一装两张长椅" in done.text
    with session_scope(linli.sessions) as session:
        assert session.get_one(MailboxItem, item.id).status == "answered"
        actions = session.scalars(select(AuditLog.action).where(
            AuditLog.target == f"mailbox:{item.id}")).all()
        writer_chat = session.get_one(MailboxItem, item.id).person_id
        from actions.db.community import Resident

        chat = session.get_one(Resident, writer_chat).telegram_id
        texts = session.scalars(select(OutboxMessage.text).where(
            OutboxMessage.chat_id == chat)).all()
    assert actions == ["mailbox_progress", "mailbox_answer"]
    assert any("下周一装两张长椅" in t for t in texts)
    again = zhou.post(f"/mailbox/{item.id}/answer", data={"text": "again"}).text
    assert "已答复" in again and "again" not in again


def test_an_empty_answer_is_refused(linli: Linli, console: ConsoleChat,
                                    staff_client: Client) -> None:
    item = write(console, anonymous=False)
    done = staff_client("周敏").post(f"/mailbox/{item.id}/answer", data={"text": "  "})
    assert "flash bad" in done.text and "答复不能是空的" in done.text
    with session_scope(linli.sessions) as session:
        assert session.get_one(MailboxItem, item.id).status == "received"


def test_late_letters_are_marked(console: ConsoleChat, staff_client: Client,
                                 clock: ManualClock) -> None:
    item = write(console, anonymous=False)
    clock.advance(timedelta(days=8))
    letter = staff_client("周敏").get("/mailbox").text.split(f'id="letter-{item.id}"')[1]
    assert "已超期" in letter.split("</section>")[0]


def test_roles(console: ConsoleChat, staff_client: Client) -> None:
    item = write(console, anonymous=False)
    assert staff_client("吴桂芳").get("/mailbox").status_code == 403
    assert staff_client("何经理").post(f"/mailbox/{item.id}/answer",
                                      data={"text": "x"}).status_code == 403
    assert "红色信箱" not in staff_client("吴桂芳").get("/canteen").text
