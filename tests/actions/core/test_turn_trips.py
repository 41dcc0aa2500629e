"""A turn in few round trips, with the same outcome as before: a refused turn handled at once
(no savepoint: rolled back whole and written again) leaves what the inbox's savepoint path
leaves; a resident's plain turn takes no savepoint; the sender records a batch in one go."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, select

from actions.core import registry
from actions.core.context import Context
from actions.core.errors import Refused
from actions.core.pipeline import Incoming
from actions.core.texts import Button
from actions.db import session_scope
from actions.db.community import Resident
from actions.db.conversation import DialogueState, OutboxMessage
from bot.wiring import Linli

pytestmark = pytest.mark.db


def _refuses(ctx: Context) -> None:
    ctx.state["note"] = "kept"  # a change of the dialogue before the refusal: kept
    ctx.say("先说一句", buttons=[[Button("好的", "/affirm")]])  # rolled back
    ctx.session.flush()
    raise Refused("这个办不了")


@pytest.fixture
def refusing() -> Iterator[None]:
    registry.HANDLERS["refuse_trip_test"] = _refuses
    try:
        yield
    finally:
        del registry.HANDLERS["refuse_trip_test"]


def _outcome(linli: Linli, chat_id: int) -> tuple[list[str], bool, dict[str, Any]]:
    with session_scope(linli.sessions) as session:
        texts = list(session.scalars(select(OutboxMessage.text).where(
            OutboxMessage.chat_id == chat_id).order_by(OutboxMessage.id)))
        person = session.scalars(select(Resident).where(Resident.telegram_id == chat_id)).one()
        data = session.scalars(select(DialogueState.data).where(
            DialogueState.chat_id == chat_id)).one()
        return texts, person.traditional, {k: v for k, v in data.items() if k != "last_seen"}


def test_a_refusal_at_once_leaves_what_the_inbox_path_leaves(linli: Linli,
                                                              refusing: None) -> None:
    conv = linli.conversation
    said = "/refuse_trip_test 這個"  # traditional script: the person's script is kept
    assert conv.handle(Incoming("console", 801, 801, "小王", update_id=1, text=said))
    conv.receive(Incoming("console", 802, 802, "小李", update_id=2, text=said))
    assert conv.process() == 1
    at_once, through_inbox = _outcome(linli, 801), _outcome(linli, 802)
    assert at_once == through_inbox
    texts, traditional, data = at_once
    assert texts == ["這個辦不了"] and traditional is True
    assert data["note"] == "kept" and data["buttons"]


def test_a_plain_turn_takes_no_savepoint(linli: Linli) -> None:
    seen: list[str] = []
    event.listen(linli.engine, "before_cursor_execute",
                 lambda _c, _cur, stmt, *_: seen.append(stmt))
    linli.conversation.handle(Incoming("console", 803, 803, "小张", update_id=3, text="你好"))
    assert seen and not [s for s in seen if "SAVEPOINT" in s]


def test_a_staff_turn_reads_its_roles_with_the_person(linli: Linli) -> None:
    """Capabilities ask `person.roles` (is the writer staff?): answered from the turn's first
    query, no query of staff_roles of its own."""
    seen: list[str] = []
    event.listen(linli.engine, "before_cursor_execute",
                 lambda _c, _cur, stmt, *_: seen.append(stmt))
    linli.conversation.handle(Incoming("console", 20040, 20040, "何经理", update_id=4,
                                       text="你好"))
    assert seen and not [s for s in seen if s.lstrip().startswith("SELECT staff_roles")]
    with session_scope(linli.sessions) as session:
        assert session.scalars(select(OutboxMessage.text).where(
            OutboxMessage.chat_id == 20040)).first()


def _says_in_order(ctx: Context) -> None:
    ctx.say("一")
    try:
        with ctx.session.begin_nested():
            ctx.say("不该发出")  # its savepoint is rolled back: never sent
            ctx.notify(ctx.chat_id, "也不该")  # writes 一 in the savepoint: 一 is written again
            raise ValueError("undone")
    except ValueError:
        pass
    ctx.notify(ctx.chat_id, "二")  # queued at once: after what was said before it
    ctx.say("三")
    ctx.say("四", buttons=[[Button("好的", "/affirm")]])


def test_replies_are_written_in_the_order_said_and_a_savepoint_drops_its_own(
        linli: Linli) -> None:
    registry.HANDLERS["order_trip_test"] = _says_in_order
    try:
        linli.conversation.handle(Incoming("console", 804, 804, "小赵", update_id=4,
                                           text="/order_trip_test"))
    finally:
        del registry.HANDLERS["order_trip_test"]
    with session_scope(linli.sessions) as session:
        rows = session.execute(select(OutboxMessage.text, OutboxMessage.buttons).where(
            OutboxMessage.chat_id == 804).order_by(OutboxMessage.id)).all()
        assert [t for t, _ in rows] == ["一", "二", "三", "四"]
        assert rows[-1].buttons and not rows[0].buttons
        data = session.scalars(select(DialogueState.data).where(
            DialogueState.chat_id == 804)).one()
        assert data["buttons"] and data["last_seen"]
