"""One person, several accounts: endpoints, invite codes from any channel, numbered choices."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from actions.core.people import bind_invite, get_or_create_person, person_by_telegram
from actions.core.texts import numbered_choice, numbers_shown
from actions.db import session_scope
from actions.db.endpoints import ENDPOINT_BASE, endpoint_for, link_account
from bot.wiring import Linli
from tests.factories import make_resident

NOW = datetime(2026, 11, 18, 1, 0, tzinfo=UTC)


def _kf(session: Session, address: str) -> int:
    return endpoint_for(session, channel="wecom_kf", address=address, now=NOW).chat_id


def test_a_newcomer_on_wecom_gets_a_record_reached_there(linli: Linli) -> None:
    with session_scope(linli.sessions) as session:
        chat = _kf(session, "wmNew")
        assert chat > ENDPOINT_BASE
        person = get_or_create_person(session, telegram_id=chat, display_name="新人", now=NOW)
        assert person.telegram_id == chat
        assert get_or_create_person(session, telegram_id=chat, display_name="新人",
                                    now=NOW).id == person.id


def test_an_invite_code_from_wecom_links_the_record_and_keeps_telegram(linli: Linli) -> None:
    with session_scope(linli.sessions) as session:
        wang = make_resident(session, name="王测试", telegram_id=777001)
        wang.invite_code = "CODE-1"
        chat = _kf(session, "wmWang")
        newcomer = get_or_create_person(session, telegram_id=chat, display_name="王", now=NOW)
        bound = bind_invite(session, code="CODE-1", telegram_id=chat)
        assert bound is not None and bound.id == wang.id and newcomer.telegram_id is None
        assert wang.telegram_id == chat  # reached where the code was used
        assert person_by_telegram(session, telegram_id=chat) is wang
        assert person_by_telegram(session, telegram_id=777001) is wang  # Telegram still counts


def test_an_invite_code_from_telegram_after_wecom(linli: Linli) -> None:
    with session_scope(linli.sessions) as session:
        li = make_resident(session, name="李测试", telegram_id=777002)
        link_account(session, person=li, channel="wecom_app", address="lice", now=NOW,
                     primary=True)
        li.invite_code = "CODE-2"
        assert bind_invite(session, code="CODE-2", telegram_id=777003) is li
        assert li.telegram_id == 777003
        member = endpoint_for(session, channel="wecom_app", address="lice", now=NOW)
        assert person_by_telegram(session, telegram_id=member.chat_id) is li


def test_numbers_pick_choices_where_numbers_were_shown() -> None:
    assert numbers_shown(["接单", "转派"]) and not numbers_shown(["跳过"])
    assert numbered_choice(["接单", "转派"], "2") == 1
    assert numbered_choice(["接单", "转派"], "3") is None
    assert numbered_choice(["跳过"], "1") is None  # 1 is an answer (1单元), not 跳过
    assert numbered_choice(["5分", "4分", "3分", "2分", "1分"], "5") == 0  # the label's number
    assert numbered_choice(["1单元", "2单元", "跳过"], "2") == 1
    assert numbered_choice(["接单"], "好的") is None
