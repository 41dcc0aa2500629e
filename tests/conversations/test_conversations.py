"""Our conversation suite (tests/conversations/*.yml), one case per situation.

Situations that fail today are listed in known_failures.txt and expected to fail (strictly: a
situation that starts passing must be taken off the list). Anything else that fails is a
regression. The NLU model and the migrated database are the session's (conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from nlu import NluModel
from tests.conversations.harness import Runner, load_situations, problems, scratch

HERE = Path(__file__).resolve().parent
SITUATIONS = load_situations(HERE)


def known_failures() -> dict[str, str]:
    """id -> why it fails today, from known_failures.txt (`id  reason`, # comments)."""
    found: dict[str, str] = {}
    for raw in (HERE / "known_failures.txt").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            sid, _, reason = line.partition(" ")
            found[sid] = reason.strip() or "known failure"
    return found


KNOWN = known_failures()


def _case(situation: dict[str, object]) -> object:
    sid = str(situation["id"])
    marks = [pytest.mark.db]
    if sid in KNOWN:
        marks.append(pytest.mark.xfail(strict=True, reason=KNOWN[sid]))
    return pytest.param(situation, id=sid, marks=marks)


@pytest.fixture(scope="session")
def runner(nlu_model: NluModel, _migrated: str) -> Iterator[Runner]:
    """One runner for the session: the trained model, the migrated template."""
    runner = Runner(nlu_model, _migrated, scratch())
    yield runner
    runner.close()


@pytest.mark.parametrize("situation", [_case(s) for s in SITUATIONS])
def test_situation(runner: Runner, situation: dict[str, object]) -> None:
    """The situation plays out as expected."""
    result = runner.run(situation)
    assert result.passed, "\n".join(result.reasons)


def test_known_failures_name_situations() -> None:
    """Every known failure names a situation of the suite (no stale entries)."""
    ids = {str(s["id"]) for s in SITUATIONS}
    assert sorted(set(KNOWN) - ids) == []


def test_suite_is_well_formed() -> None:
    """No unknown keys or fields, and every capability is covered."""
    assert [(s["id"], problems(s)) for s in SITUATIONS if problems(s)] == []
    assert len(SITUATIONS) >= 110
    assert {s["capability"] for s in SITUATIONS} >= {
        "repairs", "help", "emergency", "mailbox", "canteen", "checkins", "volunteers",
        "timebank", "events", "announcements", "votes", "registration", "basics", "staff"}
