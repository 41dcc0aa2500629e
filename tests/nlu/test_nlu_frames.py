"""How a letter speaks of its topic (issue 15, fourth round): a benefit's grievance is feedback and
its question faq, a danger word said not to be there is no danger, thanks that close a matter are
thanks while praise to pass on is a letter, and a plea in hardship asks for help (sentences not in
the training data)."""

from __future__ import annotations

from datetime import date

import pytest

from nlu import NluModel
from nlu.lexicon import cues, mask_negated

REF = date(2026, 11, 18)


def intent(model: NluModel, text: str) -> str:
    """The parse's intent name."""
    return str(model.parse(text, ref_date=REF)["intent"]["name"])


@pytest.mark.parametrize(("text", "expected"), [
    ("失业金说好每月十号发，这个月拖到二十号还没到账", "feedback"),
    ("为什么我交了二十年社保，退休金还没有隔壁交十五年的高", "feedback"),
    ("请问失业金每个月几号发到卡上", "faq"),
    ("社保断了两年，请问怎么补交", "faq"),
])
def test_a_benefit_grievance_is_feedback_and_its_question_faq(nlu_model: NluModel, text: str,
                                                              expected: str) -> None:
    assert intent(nlu_model, text) == expected, text


def test_the_frame_is_a_feature_of_its_own() -> None:
    assert "kprocedure+complain" in cues("社保断缴后不让补缴 不公平")
    assert "kprocedure+ask" in cues("请问低保怎么申请")


@pytest.mark.parametrize(("text", "expected"), [
    ("家里没有煤气味，就是灶台打不着火了", "report_repair"),
    ("不是漏气，是燃气表不走字了，麻烦来看看", "report_repair"),
    ("厨房有股煤气味", "emergency"),
])
def test_a_danger_word_said_not_to_be_there_is_no_danger(nlu_model: NluModel, text: str,
                                                         expected: str) -> None:
    assert intent(nlu_model, text) == expected, text


def test_a_negated_danger_word_is_masked_for_the_classifier() -> None:
    assert mask_negated("没有煤气味,就是打不着火") == "没有无险,就是打不着火"
    assert mask_negated("有煤气味") == "有煤气味"
    assert "kdanger" not in cues("闻着没有煤气味")
    assert "kdanger" in cues("闻着有煤气味")


@pytest.mark.parametrize(("text", "expected"), [
    ("下水道修好了，谢谢你们跑了好几趟", "thank"),
    ("空调师傅修好了，辛苦了", "thank"),
    ("我要表扬网格员小陈，希望社区在全楼通报表扬", "feedback"),
])
def test_thanks_close_a_matter_and_praise_is_passed_on(nlu_model: NluModel, text: str,
                                                      expected: str) -> None:
    assert intent(nlu_model, text) == expected, text


def test_a_bus_route_is_no_date_and_an_estate_no_person(nlu_model: NluModel) -> None:
    route = nlu_model.parse("上个月23路公交改线了，老人去医院要倒两趟车", ref_date=REF)
    assert not [e for e in route["entities"] if e["entity"] == "date"]
    estate = nlu_model.parse("我是阳光花园小区7号楼的住户，楼道灯坏了", ref_date=REF)
    assert not [e for e in estate["entities"] if e["entity"] == "person"]


def test_street_lights_of_the_street_office_are_street_lights(nlu_model: NluModel) -> None:
    parse = nlu_model.parse("反映城东片区多条街道路灯不亮的问题", ref_date=REF)
    assert [(e["entity"], e["value"]) for e in parse["entities"]] == [("facility", "路灯")]
