"""Our conversation suite (tests/conversations/*.yml), one case per situation.

Situations that fail today are listed in known_failures.txt and expected to fail (strictly: a
situation that starts passing must be taken off the list). Anything else that fails is a
regression. The NLU model and the migrated database are the session's (conftest.py).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from nlu import NluModel
from tests.conversations.harness import Runner, load_situations, problems, scratch

HERE = Path(__file__).resolve().parent
SITUATIONS = load_situations(HERE)
# CI plays every situation on SQLite and every third of each capability again on PostgreSQL
# (the dialogue is the same on both; the third reaches every capability's SQL). All of them
# would take the PostgreSQL run past CI's time budget (2,014 tests, 25 minutes).
PG_EVERY = int(os.environ.get("LINLI_PG_SITUATIONS_EVERY", "3"))
ON_PG = os.environ.get("LINLI_TEST_DATABASE_URL", "").startswith("postgresql")


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


def _sampled() -> set[str]:
    """The situations that are database tests: all of them on SQLite, every PG_EVERY-th of
    each capability (in suite order) on PostgreSQL."""
    if not ON_PG:
        return {str(s["id"]) for s in SITUATIONS}
    seen: Counter[str] = Counter()
    chosen = set()
    for situation in SITUATIONS:
        capability = str(situation.get("capability"))
        if seen[capability] % PG_EVERY == 0:
            chosen.add(str(situation["id"]))
        seen[capability] += 1
    return chosen


SAMPLED = _sampled()


def _case(situation: dict[str, object]) -> object:
    sid = str(situation["id"])
    marks = [pytest.mark.db] if sid in SAMPLED else []
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
