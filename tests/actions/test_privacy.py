"""Residents' data stays out of logs (PIPL)."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from actions.db import make_engine, make_session_factory, session_scope
from actions.db.community import Resident
from bot.console import ConsoleChat
from bot.wiring import Linli
from tests.factories import NOW
from tests.helpers import play


def test_database_errors_do_not_carry_names_or_phones(linli: Linli) -> None:
    with pytest.raises(IntegrityError) as err, session_scope(linli.sessions) as session:
        session.add(Resident(name="王秀英", phone="13699990000", telegram_id=10001,
                             created_at=NOW))  # 10001 is taken by the demo's 王秀英
        session.flush()
    assert "13699990000" not in str(err.value) and "王秀英" not in str(err.value)


def test_debug_logs_carry_no_names_phones_or_addresses(console: ConsoleChat,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    """Everything logged at DEBUG (SQLAlchemy's statements included) while a resident reports
    a repair, is checked on at 20:00 and raises an emergency."""
    with caplog.at_level(logging.DEBUG):
        play(console, "王秀英: 3栋2单元楼道灯不亮了\n王秀英: 跳过\n王秀英: 确认\n"
                      "@at 2026-11-18 19:59\n@wait 2m\n王秀英: 我摔倒了起不来")
    logged = caplog.text
    assert "ticket" in logged and "emergency" in logged  # what happened is logged, by ids
    for personal in ("13602211001", "王秀英", "3栋2单元501", "楼道灯不亮了"):
        assert personal not in logged, personal


def test_sql_logged_at_debug_hides_its_parameters(linli: Linli,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    logging.getLogger("sqlalchemy.engine").setLevel(logging.DEBUG)
    try:
        engine = make_engine(str(linli.engine.url.render_as_string(hide_password=False)))
        with caplog.at_level(logging.DEBUG), session_scope(make_session_factory(engine)) as s:
            s.scalars(select(Resident).where(Resident.phone == "13602211001")).all()
        engine.dispose()
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    assert "SELECT" in caplog.text and "13602211001" not in caplog.text
