"""Residents' data stays out of logs (PIPL)."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from actions.db import session_scope
from actions.db.community import Resident
from bot.wiring import Linli
from tests.factories import NOW


def test_database_errors_do_not_carry_names_or_phones(linli: Linli) -> None:
    with pytest.raises(IntegrityError) as err, session_scope(linli.sessions) as session:
        session.add(Resident(name="王秀英", phone="13699990000", telegram_id=10001,
                             created_at=NOW))  # 10001 is taken by the demo's 王秀英
        session.flush()
    assert "13699990000" not in str(err.value) and "王秀英" not in str(err.value)
