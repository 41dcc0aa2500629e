"""The residents page: search (name, pinyin initials, address, phone) within one's grid and by
POST only, newcomers verified with the chat's buttons, elders enrolled as /enrol does, and
QR invite cards as a PDF; all audited, roles checked."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import select

from actions.db import session_scope
from actions.db.checkins import CheckinEnrolment
from actions.db.community import Resident
from actions.db.conversation import AuditLog, OutboxMessage
from bot.console import ConsoleChat
from bot.web.views.residents import initials
from bot.wiring import Linli
from tests.helpers import play

Client = Callable[[str], TestClient]


def register_newcomer(console: ConsoleChat) -> None:
    """刘小明 registers in 3栋2单元501 through the chat."""
    play(console, "小刘: 我刚搬来想登记一下\n小刘: 我叫刘小明\n小刘: 3号楼\n小刘: 2单元\n"
                  "小刘: 501\n小刘: 13812345678\n小刘: 好的")


def audit_actions(linli: Linli) -> list[str]:
    with session_scope(linli.sessions) as session:
        return list(session.scalars(select(AuditLog.action).order_by(AuditLog.id)))


def test_initials() -> None:
    assert initials("王秀英") == "wxy" and initials("钱淑珍") == "qsz"


def test_search_by_name_initials_address_and_phone(staff_client: Client) -> None:
    liu = staff_client("刘芳")
    for words in ("王秀英", "wxy", "WX", "3栋2单元501", "13602211001"):
        found = liu.post("/residents/search", data={"q": words}).text
        assert "王秀英" in found and "13602211001" in found, words
    assert "郑国强" in liu.post("/residents/search", data={"q": "鄭國強"}).text  # traditional
    assert "没有找到" in liu.post("/residents/search", data={"q": "zzz"}).text
    assert liu.get("/residents/search?q=王秀英").status_code == 405  # never in a URL


def test_a_grid_worker_finds_only_their_grid(staff_client: Client) -> None:
    chen = staff_client("陈伟")  # 第二网格: not 3栋
    assert "13602211001" not in chen.post("/residents/search", data={"q": "王秀英"}).text
    assert "李建国" in chen.post("/residents/search", data={"q": "ljg"}).text
    assert staff_client("吴桂芳").get("/residents").status_code == 403


def test_a_newcomer_is_verified_with_the_chat_button(linli: Linli, console: ConsoleChat,
                                                    staff_client: Client) -> None:
    register_newcomer(console)
    liu = staff_client("刘芳")
    page = liu.get("/residents").text
    assert "刘小明" in page.split('id="newcomers"')[1]
    with session_scope(linli.sessions) as session:
        person = session.scalars(select(Resident).where(Resident.name == "刘小明")).one()
    assert staff_client("陈伟").post(f"/residents/{person.id}/verify",
                                     data={"approve": "yes"}).status_code == 404
    done = liu.post(f"/residents/{person.id}/verify", data={"approve": "yes"})
    assert "flash ok" in done.text and "没有待核实的登记" in done.text
    with session_scope(linli.sessions) as session:
        assert session.get_one(Resident, person.id).verified
        told = session.scalars(select(OutboxMessage.text).where(
            OutboxMessage.chat_id == person.telegram_id)).all()
    assert any("核实" in text for text in told)
    assert "verify_resident" in audit_actions(linli)


def test_enrol_an_elder_with_contacts(linli: Linli, staff_client: Client) -> None:
    done = staff_client("刘芳").post("/residents/enrol", data={
        "elder": "李建国", "time": "19:30", "family": "李小华 13900001111"})
    assert "flash ok" in done.text and "李建国登记好了" in done.text
    with session_scope(linli.sessions) as session:
        enrolment = session.scalars(select(CheckinEnrolment).join(
            Resident, Resident.id == CheckinEnrolment.elder_id).where(
            Resident.name == "李建国")).one()
        assert enrolment.checkin_time == "19:30"
        assert [c.person.name for c in enrolment.contacts][0] == "李小华"
    assert "checkin_enrol" in audit_actions(linli)
    bad = staff_client("刘芳").post("/residents/enrol", data={"elder": "没这个人"})
    assert "flash bad" in bad.text


def test_invite_cards_pdf(linli: Linli, staff_client: Client) -> None:
    got = staff_client("孙丽").get("/residents/invites.pdf?building=9")
    assert got.status_code == 200 and got.content[:5] == b"%PDF-"
    assert got.headers["content-type"] == "application/pdf"
    assert "checkin_invites_print" in audit_actions(linli)
    assert staff_client("孙丽").get("/residents/invites.pdf?building=99").status_code == 404
