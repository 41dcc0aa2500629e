"""Stop 31 (ctx31a): small rules of contacts and pauses read from words."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from actions.checkins.asked import UNTIL
from actions.core.registry import Speaking
from actions.core.safety import _door_unanswered
from nlu import normalize

ELDER = SimpleNamespace(id=7)


@pytest.mark.parametrize("text", [
    "我也敲不开门", "敲了好久没人应 灯也黑着", "門反鎖了 我進不去", "按门铃没人开",
    "拍门冇人应 入唔到去", "到她家了 门打不开 喊也没反应", "敲门敲了十分钟 一点回应都没有",
    "門鈴按了好多次都冇人開", "我没带钥匙 进不了她家", "到了 屋里没动静 门关着",
])
def test_a_contact_at_a_door_not_answered(text: str) -> None:
    assert _door_unanswered(Speaking("contact", about=ELDER), text) == 7  # type: ignore[arg-type]


@pytest.mark.parametrize(("role", "text"), [
    ("contact", "敲门没人应 后来她开门了 人好好的"),
    ("contact", "敲了门 她女儿开的门 人在睡觉"),
    ("contact", "打电话没人接 我在外地过不去"),
    ("resident", "我家门锁坏了 门打不开"),
    ("family", "我也敲不开门"),
])
def test_not_a_door_left_unanswered_in_an_escalation(role: str, text: str) -> None:
    about = ELDER if role != "resident" else None
    assert _door_unanswered(Speaking(role, about=about), text) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "until"), [
    ("住到25号", True), ("待到下周三", True), ("到月底再回来", True), ("到28號", True),
    ("25号去女儿家", False), ("下周三走", False),
])
def test_the_last_day_away(text: str, until: bool) -> None:
    assert (UNTIL.search(normalize(text)) is not None) is until
