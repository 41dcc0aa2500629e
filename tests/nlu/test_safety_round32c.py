"""The safety layer's types of issue 13's stop 32 (danger32c), each fixed as a type in own words
(tests/nlu/danger/round32c.yml, never a dev set's): the near misses set 8 showed (a rule asked in
one run of danger words, a video or pushed news, 救救我 begged of a thing, Cantonese anger, a smell
traced to a drain, 地漏, strangers loitering, figures of speech, 中毒 of a computer) and the
danger it missed or misnamed (gas filling a room, a heart racing, many pills by mistake, a chest
soaked in sweat, a form put off for the danger, a lift entered that stands still, pills counted
out, a parent down out of doors, a fall on the floor still talking, a stroke's mouth and
headache, a child past the hour)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nlu.safety import assess
from nlu.yamlfile import parse_yaml

ROUND = Path(__file__).parent / "danger" / "round32c.yml"


def _messages() -> list[dict[str, Any]]:
    data = parse_yaml(ROUND.read_text(encoding="utf-8"))
    return list(data["messages"])


@pytest.mark.parametrize("message", _messages(), ids=lambda m: str(m["text"])[:12])
def test_round32c_message(message: dict[str, Any]) -> None:
    """Each message of the round is read at its level, and danger now as its kind."""
    verdict = assess(str(message["text"]), speaker=message.get("speaker") or "resident")
    level = message["level"]
    if level == "none":
        assert verdict.level != "now", verdict
    elif level == "urgent":
        assert verdict.level in ("urgent", "now"), verdict
    else:
        assert (verdict.level, verdict.kind) == ("now", message["kind"]), verdict
