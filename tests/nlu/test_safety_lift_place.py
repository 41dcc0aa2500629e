"""A lift stuck with someone inside, wherever the lift is: a hospital's lift is where the
person is trapped, not a note that she was taken to hospital and is fine."""

from __future__ import annotations

import pytest

from nlu.safety import assess


@pytest.mark.parametrize(("text", "speaker"), [
    ("我在医院电梯里困住了 门一直不开", "resident"),
    ("我爸在医院的电梯里卡住了 出不来", "family"),
    ("到医院坐电梯 电梯停半道了 我们三个人在里面", "family"),
])
def test_trapped_in_a_hospital_lift_is_danger_now(text: str, speaker: str) -> None:
    verdict = assess(text, speaker=speaker)
    assert (verdict.level, verdict.kind) == ("now", "lift"), verdict


@pytest.mark.parametrize(("text", "speaker"), [
    ("电梯关人了 人已经送医院了", "resident"),
    ("上午被困电梯 救出来了 现在在医院做检查", "family"),
])
def test_out_of_the_lift_and_at_hospital_is_no_alarm(text: str, speaker: str) -> None:
    assert assess(text, speaker=speaker).level != "now"
