"""A receiver's batch shared among threads (actions/core/batch.py; PostgreSQL, where
`settings.batch_threads` threads, here 2; SQLite always one thread): every chat's updates on
one thread in their order, the threads' transactions side by side, and `handle_batch` returns
(the receiver acknowledges) only once every thread's transaction has committed."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from actions.core.batch import Threads, share_out
from actions.core.clock import ManualClock
from actions.core.pipeline import Incoming
from actions.core.settings import Settings
from actions.db import session_scope
from actions.db.conversation import DialogueState, InboxItem, OutboxMessage
from actions.db.tickets import Ticket
from bot.wiring import Linli, build
from nlu import NluModel

WANG, ZHAO, LI = 10001, 10002, 10003  # residents of the demo community
NEWCOMER = 558  # registers through a form: its turns must run in order


@dataclass(frozen=True)
class _Update:
    chat_id: int
    n: int


def test_a_chat_s_updates_stay_together_in_order_and_the_shares_are_even() -> None:
    batch = [_Update(chat, n) for n, chat in enumerate([1, 2, 1, 3, 4, 1, 2, 5, 6, 1])]
    groups = share_out(batch, 2)
    assert sorted((u for g in groups for u in g), key=lambda u: u.n) == batch
    for group in groups:
        assert [u.n for u in group] == sorted(u.n for u in group)
    chats = [{u.chat_id for u in g} for g in groups]
    assert not chats[0] & chats[1]
    assert sorted(len(g) for g in groups) == [5, 5]
    assert share_out(batch, 1) == [batch]
    assert len(share_out([_Update(7, 0), _Update(7, 1)], 4)) == 1  # one chat: one share


def test_threads_run_every_share_and_hand_back_each_result_or_error() -> None:
    threads = Threads(3)
    seen: set[str] = set()

    def work(group: list[int]) -> int:
        seen.add(threading.current_thread().name)
        if group == [0]:
            raise ValueError("refused")
        time.sleep(0.05)
        return sum(group)

    try:
        out = threads.run(work, [[1, 2], [0], [5]])
    finally:
        threads.close()
    assert out[0] == 3 and isinstance(out[1], ValueError) and out[2] == 5
    assert len(seen) >= 2  # the caller's thread and the kept threads


@pytest.fixture
def threaded(settings: Settings, clock: ManualClock, nlu_model: NluModel) -> Iterator[Linli]:
    """The demo community's Linli with batches shared among two threads."""
    app = build(settings.model_copy(update={"batch_threads": 2}), clock=clock,
                parser=nlu_model, migrate=False)
    yield app
    app.engine.dispose()


@pytest.fixture
def commits(threaded: Linli) -> Iterator[list[tuple[str, float]]]:
    """Each batch transaction's thread and when its commit had ended; one off the caller's
    thread is slowed after its commit, so a `handle_batch` that returned before it would be
    seen."""
    seen: list[tuple[str, float]] = []
    caller = threading.current_thread().name

    def ended(session: Session) -> None:
        if session.bind is not threaded.engine:  # a turn's savepoint, not a transaction
            return
        if threading.current_thread().name != caller:
            time.sleep(0.3)
        seen.append((threading.current_thread().name, time.monotonic()))

    event.listen(Session, "after_commit", ended)
    yield seen
    event.remove(Session, "after_commit", ended)


@pytest.mark.db
def test_two_chats_run_side_by_side_in_order_and_return_after_every_commit(
        threaded: Linli, commits: list[tuple[str, float]]) -> None:
    linli = threaded
    batch = [Incoming("telegram", NEWCOMER, NEWCOMER, "某人", update_id=1, text="我要登记住址"),
             Incoming("telegram", WANG, WANG, "某人", update_id=2, text="你好"),
             Incoming("telegram", NEWCOMER, NEWCOMER, "某人", update_id=3, text="刘小明"),
             Incoming("telegram", ZHAO, ZHAO, "某人", update_id=4, text="/menu"),
             Incoming("telegram", LI, LI, "某人", update_id=5, text="物业电话是多少")]
    ways = linli.conversation.threads.ways
    assert ways == (2 if linli.engine.dialect.name == "postgresql" else 1)
    assert linli.conversation.handle_batch(batch) == 5
    returned = time.monotonic()
    assert len(commits) == len(share_out(batch, ways))
    assert len({thread for thread, _ in commits}) == len(commits)  # each share its thread
    assert all(at <= returned for _, at in commits)  # acknowledged after every commit
    with session_scope(linli.sessions) as session:
        items = [(i.update_id, i.status) for i in session.scalars(
            select(InboxItem).order_by(InboxItem.update_id))]
        said = list(session.scalars(select(OutboxMessage.text).where(
            OutboxMessage.chat_id == NEWCOMER).order_by(OutboxMessage.id)))
        answered = set(session.scalars(select(OutboxMessage.chat_id)))
    assert items == [(n, "done") for n in range(1, 6)]
    assert "您住几号楼" in said[-1]  # the name answered the form's question: in order
    assert {WANG, ZHAO, LI, NEWCOMER} <= answered


CARD_STAFF = (20001, 20040)  # the grid worker and the property manager: a repair's card


@pytest.fixture
def transactions(threaded: Linli) -> Iterator[list[dict[str, set[int]]]]:
    """Each committed transaction's chats (the inbox rows it stored) and the chats whose
    dialogue it wrote."""
    open_: dict[int, dict[str, set[int]]] = {}
    done: list[dict[str, set[int]]] = []
    lock = threading.Lock()

    def began(conn: Any) -> None:
        with lock:
            open_[id(conn)] = {"chats": set(), "dialogues": set(), "dialogue_ids": set()}

    def seen(conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        with lock:
            tx = open_.get(id(conn))
        if tx is None or not isinstance(params, dict):
            return
        if "INSERT INTO inbox" in statement:
            tx["chats"].add(int(params["chat_id"]))
        elif "INSERT INTO dialogue_states" in statement:
            tx["dialogues"].add(int(params["chat_id"]))
        elif "UPDATE dialogue_states" in statement:
            tx["dialogue_ids"] |= {int(params[k]) for k in ("dialogue_states_id", "dialogue", "id")
                                   if k in params}

    def ended(conn: Any) -> None:
        with lock:
            tx = open_.pop(id(conn), None)
        if tx is not None:
            done.append(tx)

    for name, listener in (("begin", began), ("before_cursor_execute", seen),
                           ("commit", ended)):
        event.listen(threaded.engine, name, listener)
    yield done
    for name, listener in (("begin", began), ("before_cursor_execute", seen),
                           ("commit", ended)):
        event.remove(threaded.engine, name, listener)


@pytest.mark.db
def test_a_card_to_staff_of_the_other_share_is_written_after_the_commit(
        threaded: Linli, transactions: list[dict[str, set[int]]]) -> None:
    """A repair in one share sends its card to two staff whose own turns are in the other
    share: their dialogues (the card's buttons, typed as words) are not written in the
    repair's transaction, which would wait for the other share's lock on them while that
    share may wait for ours (a deadlock), but after its commit; then they hold the card's
    buttons, whatever the staff's own turns in the batch left."""
    linli = threaded
    batch = [Incoming("telegram", WANG, WANG, "王", update_id=1, text="我家厨房水管漏水了"),
             Incoming("telegram", 20001, 20001, "刘芳", update_id=2, text="/tickets"),
             Incoming("telegram", WANG, WANG, "王", update_id=3, text="是"),
             Incoming("telegram", 20040, 20040, "何经理", update_id=4, text="/tickets")]
    if linli.conversation.threads.ways < 2:
        pytest.skip("one thread on SQLite")
    assert [{u.chat_id for u in g} for g in share_out(batch, 2)] == [{WANG}, set(CARD_STAFF)]
    assert linli.conversation.handle_batch(batch) == 4
    with session_scope(linli.sessions) as session:
        chat_of = {i: c for i, c in session.execute(
            select(DialogueState.id, DialogueState.chat_id))}
        staff = {s.chat_id: s.data for s in session.scalars(select(DialogueState).where(
            DialogueState.chat_id.in_(CARD_STAFF)))}
        ticket = session.scalar(select(Ticket).order_by(Ticket.id.desc()))
        items = set(session.scalars(select(InboxItem.status)))
    assert ticket is not None and ticket.number.startswith("BX-20261118")
    assert items == {"done"}
    for data in staff.values():  # the card's buttons, pressed by typing 接单
        assert f"/t_accept:{ticket.id}" in str(data["buttons"])
    shares = [t for t in transactions if t["chats"]]
    assert len(shares) >= 2
    for tx in shares:
        written = tx["dialogues"] | {chat_of[i] for i in tx["dialogue_ids"]}
        assert written <= tx["chats"], tx
