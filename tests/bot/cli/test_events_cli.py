"""`linli events import FILE`: events from a YAML file, a dry run, and a bad file's clear error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from actions.db.community_life import Event
from tests.bot.cli.test_canteen_cli import demo_db, query

__all__ = ["demo_db"]  # the fixture, shared with the canteen CLI's tests

ROOT = Path(__file__).resolve().parents[3]
EVENTS = """\
- title: 太极拳
  place: 社区广场
  start: 2026-12-02 07:30
  duration: 60
  repeat: FREQ=WEEKLY;BYDAY=WE
  capacity: 20
  team: 文体队
  helper_minutes: 60
- title: 冬季防滑讲座
  start: 2026-12-05 09:30
  min_age: 60
"""


def linli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the real `linli` command in a fresh process (environment from the fixture)."""
    return subprocess.run([sys.executable, "-c", "from bot.cli.main import main; main()", *args],
                          capture_output=True, text=True, timeout=120, env=os.environ.copy(),
                          cwd=os.getcwd())


def titles(db_url: str) -> list[str]:
    return [e.title for e in query(db_url, select(Event).order_by(Event.id))]


def test_import_creates_the_events(demo_db: str, tmp_path: Path) -> None:
    before = titles(demo_db)
    path = tmp_path / "events.yml"
    path.write_text(EVENTS, encoding="utf-8")
    result = linli("events", "import", str(path), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "2026-12-02 07:30 太极拳 (FREQ=WEEKLY;BYDAY=WE)" in result.stdout
    assert "nothing created" in result.stdout and titles(demo_db) == before
    result = linli("events", "import", str(path), "--community", "幸福里社区")
    assert result.returncode == 0, result.stderr
    assert "created 2 event(s) for 幸福里社区" in result.stdout
    assert titles(demo_db) == [*before, "太极拳", "冬季防滑讲座"]
    (talk,) = query(demo_db, select(Event).where(Event.title == "冬季防滑讲座"))
    assert (talk.min_age, talk.duration_minutes, talk.rrule) == (60, 120, None)


def test_a_bad_file_names_the_line_and_field(demo_db: str, tmp_path: Path) -> None:
    path = tmp_path / "events.yml"
    cases = {EVENTS.replace("start: 2026-12-05 09:30", "start: 12月5日"): "line 10: start:",
             EVENTS.replace("capacity: 20", "capacity: 二十"): "line 6: capacity:",
             EVENTS.replace("  min_age: 60", "  age: 60"): "line 11: age: unknown field",
             EVENTS.replace("- title: 冬季防滑讲座\n", "- place: 礼堂\n"):
                 "line 9: title: missing",
             "- title: [\n": "not valid YAML"}
    for text, expected in cases.items():
        path.write_text(text, encoding="utf-8")
        result = linli("events", "import", str(path))
        assert result.returncode == 2, result.stderr
        assert expected in result.stderr and "Traceback" not in result.stderr
    result = linli("events", "import", str(tmp_path / "missing.yml"))
    assert result.returncode == 2 and "no such file" in result.stderr
    assert "冬季防滑讲座" not in titles(demo_db)
