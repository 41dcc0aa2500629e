"""The safety layer's types of issue 13's stop 32 (danger32a), each fixed as a type in own words
(tests/nlu/danger/round32.yml, never a dev set's): 没反映 typed for 没反应, a lift shown by its
emoji or stuck between two floors, money demanded with blows, an elder whose memory fails out of
reach and out of doors, an errand set aside for the danger that follows; and the near misses: a
first-aid technique asked how, which of two to do asked in one line, how to prevent it, a staff
note that closes the case, a game lost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nlu.safety import assess
from nlu.yamlfile import parse_yaml

ROUND = Path(__file__).parent / "danger" / "round32.yml"


def _messages(level: str) -> list[Any]:
    messages = parse_yaml(ROUND.read_text(encoding="utf-8"))["messages"]
    return [pytest.param(m, id=str(m["text"])) for m in messages if (m["level"] == "now")
            == (level == "now")]


@pytest.mark.parametrize("message", _messages("now"))
def test_danger_of_the_types_is_now_of_its_kind(message: dict[str, Any]) -> None:
    verdict = assess(str(message["text"]), speaker=message["speaker"])
    assert (verdict.level, verdict.kind) == ("now", message["kind"]), verdict


@pytest.mark.parametrize("message", _messages("none"))
def test_a_near_miss_of_the_types_is_no_alarm(message: dict[str, Any]) -> None:
    verdict = assess(str(message["text"]), speaker=message["speaker"])
    assert verdict.level != "now", verdict
