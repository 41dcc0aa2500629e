"""The safety layer's types of issue 13 from stop 33 on, each fixer's round file in its own
words (never a writer's set; tests/nlu/danger/round33a.yml on, each saying in its
header who wrote it and when). Danger is now and of its kind; a near miss raises no alarm."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nlu.safety import assess
from nlu.yamlfile import parse_yaml
from tests.nlu.overruled import marks

DANGER = Path(__file__).parent / "danger"
ROUNDS = tuple(sorted(p.stem for p in DANGER.glob("round3[3-9]*.yml")))  # stop 33 on


def _messages() -> list[Any]:
    return [pytest.param(m, id=f"{name}-{str(m['text'])[:12]}", marks=marks(str(m["text"])))
            for name in ROUNDS
            for m in parse_yaml((DANGER / f"{name}.yml").read_text(encoding="utf-8"))["messages"]]


@pytest.mark.parametrize("message", _messages())
def test_round(message: dict[str, Any]) -> None:
    verdict = assess(str(message["text"]), speaker=message["speaker"])
    if message["level"] == "none":
        assert verdict.level != "now", verdict
    else:
        assert (verdict.level, verdict.kind) == (message["level"], message["kind"]), verdict
