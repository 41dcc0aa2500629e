"""The instrument itself: a mistake in a suite never passes silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conversations.harness import SuiteError, load_situations, problems, start_of


def situation(**changes: object) -> dict[str, object]:
    """A well-formed situation, changed as given."""
    base: dict[str, object] = {
        "id": "x", "capability": "repairs", "about": "测试", "script": "李建国: 你好\n",
        "expect": [{"tickets": {"reporter": "李建国", "count": 1}}]}
    base.update(changes)
    return base


def test_a_well_formed_situation_has_no_problems() -> None:
    """The example shape is accepted."""
    assert problems(situation()) == []


@pytest.mark.parametrize(("changes", "problem"), [
    ({"expct": []}, "unknown key 'expct'"),
    ({"capability": "repair"}, "unknown capability 'repair'"),
    ({"expect": [{"tickets": {"reporter": "李建国", "cuont": 1}}]},
     "expect tickets: unknown field 'cuont'"),
    ({"expect": [{"tickets": {"reporter": "李建国"}}]}, "expect tickets: missing field 'count'"),
    ({"expect": [{"ticket_count": {"reporter": "李建国"}}]}, "unknown expect key 'ticket_count'"),
    ({"given": [{"booking": {"who": "王秀英", "date": "2026-11-19"}}]},
     "given booking: unknown field 'who'"),
])
def test_typos_are_problems(changes: dict[str, object], problem: str) -> None:
    """Unknown keys and fields, and missing ones, are reported."""
    assert problem in problems(situation(**changes))


def test_twin_ids_are_refused(tmp_path: Path) -> None:
    """Two situations with one id make the file unreadable."""
    path = tmp_path / "s.yml"
    path.write_text("- {id: a, capability: basics, script: '', expect: []}\n"
                    "- {id: a, capability: basics, script: '', expect: []}\n", encoding="utf-8")
    with pytest.raises(SuiteError):
        load_situations(path)


def test_the_play_starts_at_its_first_at() -> None:
    """The first @at before anyone speaks sets the start; otherwise Wednesday 09:00."""
    assert start_of("# x\n@at 2026-11-27 08:00\n吴桂芳: /menu\n").day == 27
    assert start_of("王秀英: 你好\n@at 2026-11-27 08:00\n").strftime("%d %H:%M") == "18 09:00"
