"""A process killed with SIGKILL in the middle of a batch (`Conversation.handle_batch`, one
transaction for the batch) leaves nothing of it; the messenger delivers the batch again and
each update is stored, handled and answered once.

The child is a real process on the test's database (SQLite file or PostgreSQL schema): it
tells the test when its fifth turn's savepoint was released (an SQLAlchemy event, nothing of
ours replaced), and is killed right then, with most of the batch still to go."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from actions.core.pipeline import Incoming
from actions.db import session_scope
from actions.db.conversation import InboxItem, OutboxMessage
from bot.wiring import Linli

ROOT = Path(__file__).resolve().parents[2]
WORDS = ("你好", "/menu", "物业电话是多少", "垃圾几点收")
CHILD = """
import json, sys
from sqlalchemy import event
from actions.core.pipeline import Incoming
from actions.core.settings import load_settings
from bot.wiring import build

url, model_dir, data_dir, batch = sys.argv[1:5]
settings = load_settings(database_url=url, data_dir=data_dir, model_dir=model_dir,
                         batch_threads=2, _env_file=None)
linli = build(settings, migrate=False, seed=False)
released = []

def told(*_):
    released.append(1)
    if len(released) == 5:
        print("mid-batch", flush=True)

event.listen(linli.engine, "release_savepoint", told)
linli.conversation.handle_batch([Incoming(**i) for i in json.loads(batch)])
print("finished", flush=True)
"""


def _batch() -> list[Incoming]:
    return [Incoming("telegram", 10001 + i % 5, 10001 + i % 5, "某人", update_id=900 + i,
                     text=WORDS[i % len(WORDS)]) for i in range(60)]


def _counts(linli: Linli) -> tuple[int, int]:
    with session_scope(linli.sessions) as session:
        return (session.scalar(select(func.count()).select_from(InboxItem)) or 0,
                session.scalar(select(func.count()).select_from(OutboxMessage)) or 0)


def _killed_at_its_sign(script: str, linli: Linli, nlu_model_dir: Path,
                        batch: list[Incoming]) -> str:
    """Run the batch in a child process, kill -9 it at the first line it prints; the line."""
    with subprocess.Popen(
            [sys.executable, "-c", script, linli.settings.database_url, str(nlu_model_dir),
             linli.settings.data_dir, json.dumps([vars(i) for i in batch])],
            cwd=ROOT, stdout=subprocess.PIPE, text=True,
            env=os.environ | {"LINLI_SKIP_RASA": "1"}) as child:
        assert child.stdout is not None
        line = child.stdout.readline()
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    return line.strip()

def test_a_kill_in_the_middle_of_a_batch_loses_nothing_and_handles_nothing_twice(
        linli: Linli, nlu_model_dir: Path) -> None:
    before = _counts(linli)
    batch = _batch()
    assert _killed_at_its_sign(CHILD, linli, nlu_model_dir, batch) == "mid-batch"
    assert _counts(linli) == before  # five turns handled, none committed
    assert linli.conversation.handle_batch(batch) == len(batch)  # the messenger again
    assert linli.conversation.handle_batch(batch) == 0
    with session_scope(linli.sessions) as session:
        items = list(session.scalars(select(InboxItem).where(InboxItem.update_id >= 900)))
        answered = set(session.scalars(select(OutboxMessage.chat_id)))
    assert sorted(i.update_id for i in items) == [900 + i for i in range(len(batch))]
    assert {i.status for i in items} == {"done"}
    assert {10001 + i for i in range(5)} <= answered


CHILD_AFTER_A_COMMIT = CHILD.replace(
    'event.listen(linli.engine, "release_savepoint", told)',
    'event.listen(linli.engine, "commit", lambda *_: print("a commit", flush=True))')


def test_a_kill_after_one_thread_s_commit_keeps_whole_chats_and_loses_nothing(
        linli: Linli, nlu_model_dir: Path) -> None:
    """On PostgreSQL the batch's chats are shared among threads, each share its own
    transaction: killed as the first commits, what is kept is whole chats (all of a chat's
    updates in the batch, or none), and the batch delivered again handles the rest once."""
    batch = _batch()
    assert _killed_at_its_sign(CHILD_AFTER_A_COMMIT, linli, nlu_model_dir, batch) == "a commit"
    with session_scope(linli.sessions) as session:
        kept = {i.update_id: i.chat_id for i in session.scalars(
            select(InboxItem).where(InboxItem.update_id >= 900))}
    for chat in set(kept.values()):  # a chat is kept whole or not at all
        assert sorted(u for u, c in kept.items() if c == chat) == sorted(
            i.update_id for i in batch if i.chat_id == chat)
    assert linli.conversation.handle_batch(batch) == len(batch) - len(kept)
    assert linli.conversation.handle_batch(batch) == 0
    with session_scope(linli.sessions) as session:
        items = list(session.scalars(select(InboxItem).where(InboxItem.update_id >= 900)))
    assert sorted(i.update_id for i in items) == [900 + i for i in range(len(batch))]
    assert {i.status for i in items} == {"done"}
