"""The `linli` command as a person runs it: a subprocess of the venv's console script."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from actions.core.settings import Settings

LINLI = Path(sys.executable).with_name("linli")
DATA = Path(__file__).resolve().parents[3] / "data"


@pytest.fixture
def env(tmp_path: Path, nlu_model_dir: Path) -> dict[str, str]:
    """A clean environment: no settings leak in from the caller's shell."""
    names = {name.upper() for name in Settings.model_fields}
    clean = {k: v for k, v in os.environ.items() if k not in names}
    return {**clean, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "DATA_DIR": str(DATA),
            "MODEL_DIR": str(nlu_model_dir)}


def linli(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    # cwd: a folder without a .env, so only `env` counts
    return subprocess.run([str(LINLI), *args], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=180, check=False)


def test_users_lists_the_demo_people(env: dict[str, str], tmp_path: Path) -> None:
    done = linli("chat", "--users", env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "王秀英\t3栋2单元501\t独居老人，83岁" in lines
    assert any(line.startswith("刘芳\t") and "第一网格网格员" in line for line in lines)
    assert len(lines) == 17


def test_a_malformed_database_url_is_explained_without_a_traceback(
        env: dict[str, str], tmp_path: Path) -> None:
    done = linli("chat", "--users", env={**env, "DATABASE_URL": "notaurl"}, cwd=tmp_path)
    assert done.returncode == 2
    assert "DATABASE_URL" in done.stderr and "notaurl" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_a_script_prints_every_reply(env: dict[str, str], tmp_path: Path) -> None:
    script = tmp_path / "hello.txt"
    script.write_text("# a newcomer says hello\n小刘: 你好\n小刘: 谢谢\n", encoding="utf-8")
    done = linli("chat", "--script", str(script), env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "小刘 ▸ 你好\n  ◂ 小刘 | 您好" in out
    assert "小刘 ▸ 谢谢\n  ◂ 小刘 | " in out  # the wording depends on the NLU model


def test_inbox_lists_parked_items_and_puts_one_back_in_line(env: dict[str, str],
                                                           tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from actions.db import make_engine, make_session_factory, session_scope
    from actions.db.conversation import InboxItem
    from actions.db.migrate import upgrade

    upgrade(env["DATABASE_URL"])
    engine = make_engine(env["DATABASE_URL"])
    now = datetime(2026, 11, 18, 1, 0, tzinfo=UTC)
    with session_scope(make_session_factory(engine)) as session:
        session.add(InboxItem(source="telegram", update_id=1, chat_id=5, status="parked",
                              attempts=3, received_at=now, next_attempt_at=now, done_at=now,
                              error="RuntimeError: boom", payload={"text": "私人的话"}))
    listed = linli("inbox", "list", env=env, cwd=tmp_path)
    assert "parked: 1" in listed.stdout and "#1\ttelegram" in listed.stdout, listed.stderr
    assert "私人的话" not in listed.stdout
    assert linli("inbox", "retry", "1", env=env, cwd=tmp_path).returncode == 0
    assert linli("inbox", "retry", "1", env=env, cwd=tmp_path).returncode == 1  # not parked now
    with session_scope(make_session_factory(engine)) as session:
        item = session.get_one(InboxItem, 1)
        assert (item.status, item.attempts) == ("pending", 0)
    engine.dispose()


@pytest.mark.parametrize("seeded", [None, "2025-02-28 10:00", "2026-12-05 09:30",
                                    "2031-07-15 21:00"])
def test_a_story_replays_whatever_the_date_and_the_database(env: dict[str, str], tmp_path: Path,
                                                            seeded: str | None) -> None:
    """The first hour (issue 14): `linli seed demo` on any day, then a story of 2026-11: the
    story plays on its own database seeded for its first @at, and leaves DATABASE_URL alone."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from sqlalchemy import func, select

    from actions.core.seed import seed_demo
    from actions.db import make_engine, make_session_factory, session_scope
    from actions.db.checkins import CheckinRound
    from actions.db.migrate import upgrade

    upgrade(env["DATABASE_URL"])
    engine = make_engine(env["DATABASE_URL"])
    sessions = make_session_factory(engine)
    if seeded is not None:
        with session_scope(sessions) as session:
            seed_demo(session, data_dir=DATA, now=datetime.fromisoformat(seeded).replace(
                tzinfo=ZoneInfo("Asia/Shanghai")))
    story = DATA.parent / "docs" / "scripts" / "checkin_evening.txt"
    done = linli("chat", "--script", str(story), env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "问候 3 位：回复 2 位" in done.stdout
    assert "停机太久" not in done.stdout
    with session_scope(sessions) as session:
        assert session.scalar(select(func.count()).select_from(CheckinRound)) == 0
    engine.dispose()


def test_a_time_in_the_console_is_not_taken_for_a_persons_name(env: dict[str, str],
                                                               tmp_path: Path) -> None:
    done = subprocess.run([str(LINLI), "chat"], env=env, cwd=tmp_path, capture_output=True,
                          text=True, timeout=180, check=False,
                          input="下午3:30有人来修吗\n李建国: 你好\n")
    assert done.returncode == 0, done.stderr
    assert "王秀英 ▸ 下午3:30有人来修吗" in done.stdout  # still the first demo person
    assert "李建国 ▸ 你好" in done.stdout  # a name still switches
    # log lines go to a file, never into the chat
    assert " INFO " not in done.stdout + done.stderr
    assert "loaded the demo community" in (tmp_path / "logs" / "linli.log").read_text("utf-8")
