"""打 that takes a call (视频咋打俺不会: "I can't make a video call") and a tap that drips are
no danger; being hit, and water that will not stop, stay danger beside them."""

from __future__ import annotations

import pytest

from nlu.safety import assess


@pytest.mark.parametrize("text", [
    "微信视频咋打俺不会 谁能教教",
    "视频电话咋打我不懂 孙子教过又忘了",
    "語音咋個打我搞不明白",
    "廚房水龍頭一直滴水",
    "洗手池水龙头一直滴答 关不紧",
    "水嘴不停地滴 晚上吵得睡不着",
])
def test_a_call_or_a_drip_is_no_alarm(text: str) -> None:
    assert assess(text).level == "none"


@pytest.mark.parametrize(("text", "level", "kind"), [
    ("他打俺了 快来人", "now", "violence"),
    ("俺男人喝多了又打俺", "now", "violence"),
    ("水龙头一直漏 关不上 水哗哗的", "urgent", "burst_pipe"),
    ("天花板一直滴水 越来越多", "urgent", "burst_pipe"),
    ("暖气管一直滴水", "urgent", "burst_pipe"),
])
def test_the_real_case_beside_it_stays(text: str, level: str, kind: str) -> None:
    verdict = assess(text)
    assert (verdict.level, verdict.kind) == (level, kind)
