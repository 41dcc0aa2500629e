"""The safety layer's types of issue 13's stop 32 (danger32b), in own words (never set 9's):
tests/nlu/danger/round32b.yml, written before each change. Danger is now and of its kind;
a near miss raises no alarm. One of the file's messages is left as it is (KNOWN)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nlu.safety import assess
from nlu.yamlfile import parse_yaml

ROUND = Path(__file__).parent / "danger" / "round32b.yml"
# moaning to a call while the hands move (只会哼) reads as someone out cold, as the older sets
# have it
KNOWN = {"透过门缝看到奶奶侧身躺在地板上 手一动一动的 喊她只会哼"}


def _messages() -> list[dict[str, Any]]:
    data = parse_yaml(ROUND.read_text(encoding="utf-8"))
    return [m for m in data["messages"] if m["text"] not in KNOWN]


@pytest.mark.parametrize("message", _messages(), ids=lambda m: str(m["text"])[:12])
def test_round32b(message: dict[str, Any]) -> None:
    verdict = assess(str(message["text"]), speaker=message["speaker"])
    if message["level"] == "none":
        assert verdict.level != "now", verdict
    else:
        assert (verdict.level, verdict.kind) == (message["level"], message["kind"]), verdict
