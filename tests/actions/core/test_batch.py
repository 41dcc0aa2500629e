"""A receiver's batch handled in one transaction (`Conversation.handle_batch`): one commit for the
batch (on PostgreSQL one for each thread's share of its chats), each turn in a savepoint of its
own, so a turn that fails is rolled back alone and its update kept for a retry; two updates of
one chat keep their order; a redelivered batch is stored once; nothing of the batch is visible
to the sender before the commit. The failing turn is a forged sender id beyond 64 bits (the
person's lookup fails on either database)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from actions.core.batch import share_out
from actions.core.clock import ManualClock
from actions.core.pipeline import Incoming
from actions.db import session_scope
from actions.db.base import read_scope
from actions.db.conversation import InboxItem, OutboxMessage
from bot.wiring import Linli

pytestmark = pytest.mark.db

WANG, ZHAO, LI = 10001, 10002, 10003  # residents of the demo community
GROUP = -1002000001  # a group chat: several people write in it
FORGED = 2**64 + 7  # no messenger gives such an id: the person's lookup fails on it


def _said(source: str, user: int, chat: int, update_id: int, text: str) -> Incoming:
    return Incoming(source, user, chat, "某人", update_id=update_id, text=text)


@pytest.fixture
def commits(linli: Linli) -> Iterator[list[int]]:
    """Every COMMIT of the engine's connections, as it happens."""
    seen: list[int] = []

    def count(_conn: object) -> None:
        seen.append(1)

    event.listen(linli.engine, "commit", count)
    yield seen
    event.remove(linli.engine, "commit", count)


def _shares(linli: Linli, batch: list[Incoming]) -> int:
    """The transactions a batch is handled in: one, or on PostgreSQL one a thread's chats."""
    return len(share_out(batch, linli.conversation.threads.ways))


def _items(linli: Linli) -> list[tuple[int, str, int]]:
    with session_scope(linli.sessions) as session:
        return [(i.update_id, i.status, i.attempts) for i in session.scalars(
            select(InboxItem).order_by(InboxItem.update_id))]


def _texts(linli: Linli, chat_id: int) -> list[str]:
    with session_scope(linli.sessions) as session:
        return list(session.scalars(select(OutboxMessage.text).where(
            OutboxMessage.chat_id == chat_id).order_by(OutboxMessage.id)))


def test_a_batch_is_one_commit_and_a_failed_turn_is_kept_for_a_retry(
        linli: Linli, clock: ManualClock, commits: list[int]) -> None:
    batch = [_said("telegram", WANG, WANG, 1, "你好"),
             _said("telegram", FORGED, GROUP, 2, "/menu"),
             _said("telegram", ZHAO, ZHAO, 3, "物业电话是多少"),
             _said("telegram", LI, LI, 4, "/menu")]
    assert linli.conversation.handle_batch(batch) == 4
    assert len(commits) == _shares(linli, batch)
    assert _items(linli) == [(1, "done", 1), (2, "pending", 1), (3, "done", 1), (4, "done", 1)]
    assert _texts(linli, WANG) and _texts(linli, ZHAO) and _texts(linli, LI)
    assert _texts(linli, GROUP) == []  # what the failed turn said was rolled back with it
    clock.advance(timedelta(seconds=5))
    assert linli.conversation.process() == 1  # tried again, failed again: counted
    assert _items(linli)[1] == (2, "pending", 2)


def test_a_failed_turn_holds_back_its_chat_and_the_rest_of_the_chat_waits_in_order(
        linli: Linli, clock: ManualClock) -> None:
    batch = [_said("telegram", FORGED, GROUP, 11, "/menu"),
             _said("telegram", WANG, GROUP, 12, "/menu"),
             _said("telegram", ZHAO, ZHAO, 13, "/menu")]
    assert linli.conversation.handle_batch(batch) == 3
    assert _items(linli) == [(11, "pending", 1), (12, "pending", 0), (13, "done", 1)]
    for _ in range(3):  # the forged one fails each try, then is parked: the chat goes on
        clock.advance(timedelta(seconds=20))
        linli.conversation.process()
    items = {update_id: (status, attempts) for update_id, status, attempts in _items(linli)}
    assert items == {11: ("parked", 3), 12: ("done", 1), 13: ("done", 1)}
    said = _texts(linli, GROUP)
    assert said[0] == linli.conversation.texts.render("sorry_error") and len(said) > 1


def test_two_updates_of_one_chat_in_a_batch_keep_their_order(linli: Linli,
                                                             commits: list[int]) -> None:
    batch = [_said("telegram", 558, 558, 21, "我要登记住址"),
             _said("telegram", ZHAO, ZHAO, 22, "你好"),
             _said("telegram", 558, 558, 23, "刘小明")]
    assert linli.conversation.handle_batch(batch) == 3
    assert len(commits) == _shares(linli, batch)
    assert _items(linli) == [(21, "done", 1), (22, "done", 1), (23, "done", 1)]
    assert "您住几号楼" in _texts(linli, 558)[-1]  # the name answered the form's question


def test_an_update_behind_an_older_waiting_one_is_handled_after_the_commit_in_order(
        linli: Linli) -> None:
    linli.conversation.receive(_said("telegram", 558, 558, 31, "我要登记住址"))  # waiting
    batch = [_said("telegram", 558, 558, 32, "刘小明"), _said("telegram", WANG, WANG, 33, "你好")]
    assert linli.conversation.handle_batch(batch) == 2
    assert [(u, s) for u, s, _ in _items(linli)] == [(31, "done"), (32, "done"), (33, "done")]
    assert "您住几号楼" in _texts(linli, 558)[-1]


def test_a_redelivered_batch_is_stored_and_handled_once(linli: Linli) -> None:
    batch = [_said("telegram", WANG, WANG, 41, "你好"), _said("telegram", ZHAO, ZHAO, 42, "/menu"),
             _said("telegram", WANG, WANG, 43, "物业电话是多少")]
    assert linli.conversation.handle_batch(batch) == 3
    replies = len(_texts(linli, WANG)) + len(_texts(linli, ZHAO))
    assert linli.conversation.handle_batch(batch) == 0
    assert linli.conversation.handle_batch(batch[1:]) == 0
    assert [u for u, _, _ in _items(linli)] == [41, 42, 43]
    assert len(_texts(linli, WANG)) + len(_texts(linli, ZHAO)) == replies


def test_a_refusal_in_a_batch_leaves_what_it_leaves_alone(linli: Linli) -> None:
    """A stranger asking for events is refused (register first): in a batch the refusal is
    written again in the turn's savepoint, as alone it is in a transaction of its own."""
    linli.conversation.handle(_said("telegram", 901, 901, 51, "最近有什么活动"))
    linli.conversation.handle_batch([_said("telegram", WANG, WANG, 52, "你好"),
                                     _said("telegram", 902, 902, 53, "最近有什么活动")])
    alone, in_batch = _texts(linli, 901), _texts(linli, 902)
    assert alone == in_batch and "登记" in alone[-1]


def test_nothing_of_a_batch_is_visible_before_its_commit(linli: Linli) -> None:
    """Before each commit of the batch (one, or one a thread's share of its chats), what it
    wrote for its chats is seen inside it and by no other connection."""
    seen: list[tuple[set[int], set[int]]] = []

    def look(session: Session) -> None:
        if session.bind is linli.engine:  # the batch's own session, not a turn's savepoint
            inside = set(session.scalars(select(OutboxMessage.chat_id)))
            with read_scope(linli.engine) as conn:
                seen.append((inside, set(conn.scalars(select(OutboxMessage.chat_id)))))

    batch = [_said("telegram", WANG, WANG, 61, "你好"), _said("telegram", ZHAO, ZHAO, 62, "/menu")]
    event.listen(Session, "before_commit", look)
    try:
        linli.conversation.handle_batch(batch)
    finally:
        event.remove(Session, "before_commit", look)
    shares = [{i.chat_id for i in share}
              for share in share_out(batch, linli.conversation.threads.ways)]
    assert len(seen) == len(shares)
    for inside, outside in seen:  # some share's chats: written inside, seen by no one else
        assert any(chats <= inside and not chats & outside for chats in shares)
    assert _texts(linli, WANG) and _texts(linli, ZHAO)


def test_a_batch_the_database_refuses_is_handled_one_at_a_time(linli: Linli) -> None:
    """A chat id no database column holds: the batch (the bad chat's thread share, on
    PostgreSQL) is rolled back and tried one update at a time; what came before the bad
    update is committed (and another thread's share), the error propagates (the receiver
    does not acknowledge), and a redelivery finds the first stored once."""
    batch = [_said("telegram", WANG, WANG, 71, "你好"),
             _said("telegram", WANG, FORGED, 72, "你好"),
             _said("telegram", ZHAO, ZHAO, 73, "你好")]
    with pytest.raises(Exception):  # noqa: B017 (the driver's own type: OverflowError, DataError)
        linli.conversation.handle_batch(batch)
    together = next(g for g in share_out(batch, linli.conversation.threads.ways)
                    if batch[1] in g)
    committed = [(u, "done") for u in (71, 73) if u == 71 or batch[2] not in together]
    assert [(u, s) for u, s, _ in _items(linli)] == committed
    assert linli.conversation.handle_batch([batch[0], batch[2]]) == 2 - len(committed)
    assert [(u, s) for u, s, _ in _items(linli)] == [(71, "done"), (73, "done")]
