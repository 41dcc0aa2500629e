"""The safety layer's types of issue 13's stop 34 (danger34i), in own words (never set 28):
tests/nlu/danger/round34i.yml, written before each change. Danger is now and of its kind;
a near miss raises no alarm."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nlu.safety import assess
from nlu.yamlfile import parse_yaml

ROUND = Path(__file__).parent / "danger" / "round34i.yml"


def _messages() -> list[dict[str, Any]]:
    data = parse_yaml(ROUND.read_text(encoding="utf-8"))
    return list(data["messages"])


@pytest.mark.parametrize("message", _messages(), ids=lambda m: str(m["text"])[:12])
def test_round34i(message: dict[str, Any]) -> None:
    verdict = assess(str(message["text"]), speaker=message["speaker"])
    if message["level"] == "none":
        assert verdict.level != "now", verdict
    else:
        assert (verdict.level, verdict.kind) == (message["level"], message["kind"]), verdict
