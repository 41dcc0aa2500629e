"""The safety layer's types of issue 13 from stop 33 on, each fixer's round file in its own
words (never a writer's set; tests/nlu/danger/round33a.yml ... round34l.yml, each saying in its
header who wrote it and when). Danger is now and of its kind; a near miss raises no alarm."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nlu.safety import assess
from nlu.yamlfile import parse_yaml

DANGER = Path(__file__).parent / "danger"
ROUNDS = ("round33a", "round33b", "round33c", "round33d", "round34a", "round34b", "round34c",
          "round34d", "round34e", "round34f", "round34g", "round34h", "round34i", "round34j",
          "round34k", "round34l", "round35b")


def _messages() -> list[Any]:
    return [pytest.param(m, id=f"{name}-{str(m['text'])[:12]}") for name in ROUNDS
            for m in parse_yaml((DANGER / f"{name}.yml").read_text(encoding="utf-8"))["messages"]]


@pytest.mark.parametrize("message", _messages())
def test_round(message: dict[str, Any]) -> None:
    verdict = assess(str(message["text"]), speaker=message["speaker"])
    if message["level"] == "none":
        assert verdict.level != "now", verdict
    else:
        assert (verdict.level, verdict.kind) == (message["level"], message["kind"]), verdict
