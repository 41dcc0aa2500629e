"""A ticket's reporter's phone and address are for the people who handle it."""

from __future__ import annotations

from sqlalchemy import select

from actions.db import session_scope
from actions.db.community import Resident
from actions.db.tickets import Ticket
from bot.console import ConsoleChat
from bot.wiring import Linli
from tests.helpers import play

WANG_PHONE = "13602211001"


def _number(linli: Linli) -> str:
    with session_scope(linli.sessions) as session:
        return session.scalars(select(Ticket.number).join(
            Resident, Resident.id == Ticket.reporter_id).where(Resident.name == "王秀英")).one()


def test_only_the_handlers_see_the_reporters_phone(console: ConsoleChat, linli: Linli) -> None:
    play(console, "王秀英: 3栋2单元楼道灯不亮了\n王秀英: 跳过\n王秀英: 确认")
    number = _number(linli)
    handler = play(console, f"刘芳: /ticket {number}")  # the grid worker of building 3
    assert WANG_PHONE in handler and "[接单]" in handler
    volunteer = play(console, f"何静: /ticket {number}")  # a volunteer of another team
    assert number in volunteer  # she sees the ticket, not the person
    assert WANG_PHONE not in volunteer and "3栋2单元501" not in volunteer
    assert "[接单]" not in volunteer
