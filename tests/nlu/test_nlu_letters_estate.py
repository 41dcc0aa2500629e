"""Letters about estates, housing and roads (the contract's section of that name): a road, a
bridge or the water by the writer's home is a repair however formal; a grievance whose ask is
how to pursue it is faq; a matter already put right is background (sentences not in
the training data nor in tests/nlu/heldout/letters_estate.yml)."""

from __future__ import annotations

from datetime import date

import pytest

from nlu import NluModel
from nlu.clauses import asking_clause
from nlu.lexicon import cues

REF = date(2026, 11, 18)


def intent(model: NluModel, text: str) -> str:
    """The parse's intent name."""
    return str(model.parse(text, ref_date=REF)["intent"]["name"])


def test_a_clause_that_tells_of_a_fix_does_not_ask() -> None:
    assert asking_clause("你们好,昨天报的修今天就修好了,师傅人很好,谢谢") is None
    assert asking_clause("物业乱收费,业主吵了好多次,请问业主该怎么维权") == "请问业主该怎么维权"


def test_how_to_pursue_a_grievance_is_a_cue_of_its_own() -> None:
    assert "kredress" in cues("请问业主应该通过什么途径维权")
    assert "kredress" not in cues("电梯坏了请尽快来修")
    assert "kredress" not in cues("这么大的噪音到底哪个部门管")  # who deals with it: feedback


@pytest.mark.parametrize("text", [
    "尊敬的领导：我们楼后面那条小路被挖掘机压塌了一段，坑里积满了水，老人买菜都要绕远路，恳请尽快把路面修好。",
    "您好，我们这一片已经停水四天了，说是总管爆了，一直没修好，请问什么时候能恢复供水？",
])
def test_a_road_or_the_water_by_home_is_a_repair(nlu_model: NluModel, text: str) -> None:
    assert intent(nlu_model, text) == "report_repair", text


@pytest.mark.parametrize("text", [
    "尊敬的领导：物业把小区的公共车位卖给了外人，业主们都很生气，请问我们应该通过什么途径维权？",
    "领导您好，装修公司给我家贴的瓷砖大片空鼓，他们不肯返工，请问我可以起诉吗，需要准备哪些证据？",
])
def test_how_to_pursue_a_grievance_is_faq(nlu_model: NluModel, text: str) -> None:
    assert intent(nlu_model, text) == "faq", text


def test_a_fix_in_the_past_is_background(nlu_model: NluModel) -> None:
    text = ("尊敬的领导：小区的水管上个月已经修好了，谢谢社区。可是物业要每户再交八百块维修费，"
            "也不公示明细，希望有关部门监督。")
    assert intent(nlu_model, text) == "feedback", text
