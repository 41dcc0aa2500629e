"""The turn's first query says whether the speaker's community has a question open or asked
lately, so typed votes ask nothing more of a community that has none; a question written in
the same transaction is seen at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, select

from actions.core.people import may_have_questions, person_and_dialogue
from actions.db import session_scope
from actions.db.community import Resident
from actions.db.community_life import Question
from bot.wiring import Linli

pytestmark = pytest.mark.db


def _speaker(linli: Linli) -> tuple[int, int]:
    with session_scope(linli.sessions) as session:
        person = session.scalars(select(Resident).where(
            Resident.telegram_id.is_not(None), Resident.community_id.is_not(None))
            .order_by(Resident.id)).first()
        assert person is not None and person.telegram_id is not None
        assert person.community_id is not None
        return person.telegram_id, person.community_id


def test_known_none_until_a_question_is_written(linli: Linli) -> None:
    user, community = _speaker(linli)
    now = linli.conversation.clock.now()
    with session_scope(linli.sessions) as session:
        session.execute(delete(Question))
    with session_scope(linli.sessions) as session:
        person, _ = person_and_dialogue(session, user_id=user, chat_id=user,
                                        display_name="x", now=now)
        assert not may_have_questions(session, community_id=community, now=now)
        assert may_have_questions(session, community_id=community, now=now + timedelta(1))
        session.add(Question(community_id=community, title="加装扶手", options=["同意", "不同意"],
                             closes_at=now + timedelta(days=2), created_by=person.id,
                             created_at=now))
        assert may_have_questions(session, community_id=community, now=now)  # unflushed
    with session_scope(linli.sessions) as session:
        person_and_dialogue(session, user_id=user, chat_id=user, display_name="x", now=now)
        assert may_have_questions(session, community_id=community, now=now)
        question = session.scalars(select(Question)).one()
        question.status, question.created_at = "closed", now - timedelta(days=8)
    with session_scope(linli.sessions) as session:  # closed, and asked long ago
        person_and_dialogue(session, user_id=user, chat_id=user, display_name="x", now=now)
        assert not may_have_questions(session, community_id=community, now=now)
