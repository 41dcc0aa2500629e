"""The safety layer's types of issue 13's stop 32 (danger32d), in own words (never set 10's):
tests/nlu/danger/round32d.yml, written before each change. Danger is now and of its kind;
a near miss raises no alarm."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nlu.safety import assess
from nlu.yamlfile import parse_yaml
from tests.nlu.overruled import marks

ROUND = Path(__file__).parent / "danger" / "round32d.yml"


def _messages() -> list[Any]:
    data = parse_yaml(ROUND.read_text(encoding="utf-8"))
    return [pytest.param(m, id=str(m["text"])[:12], marks=marks(str(m["text"])))
            for m in data["messages"]]


@pytest.mark.parametrize("message", _messages())
def test_round32d(message: dict[str, Any]) -> None:
    verdict = assess(str(message["text"]), speaker=message["speaker"])
    if message["level"] == "none":
        assert verdict.level != "now", verdict
    else:
        assert (verdict.level, verdict.kind) == (message["level"], message["kind"]), verdict
