"""Words of danger inside other words: 麻 in 麻烦 after a cold radiator, 糊涂 of someone who
misremembered an address. And the real cases beside them that must stay danger."""

from __future__ import annotations

import pytest

from nlu.safety import assess


@pytest.mark.parametrize("text", [
    "暖气片一点不热 摸着冰凉的麻烦派人来看看",
    "洗手池的水管摸着冰凉的麻烦师傅明天来一趟",
    "哎呀不对 是5号楼的 我记糊涂了",
    "不对不对 我糊涂了 是3单元",
    "我有点糊涂了 是3单元还是4单元来着",
])
def test_a_slip_or_a_please_is_no_alarm(text: str) -> None:
    assert assess(text).level == "none"


@pytest.mark.parametrize(("text", "kind"), [
    ("水管子漏水 我一摸手发麻", "flood_electric"),
    ("我有点糊涂 站都站不稳", "medical"),
    ("我有点糊涂 头晕", "medical"),
    ("我爸今天突然糊涂了 认不出人", "stroke"),
])
def test_the_real_case_beside_it_stays_danger(text: str, kind: str) -> None:
    verdict = assess(text)
    assert (verdict.level, verdict.kind) == ("now", kind)
