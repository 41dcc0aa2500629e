"""Letters residents write to the government (市长信箱, 12345): a headline-like subject about a
matter the community cannot decide is feedback (the red mailbox passes it on), a letter about
the writer's own estate or home stays a repair, a procedure question is faq, a joke is out of
scope (sentences not in the training data)."""

from __future__ import annotations

from datetime import date

import pytest

from nlu import NluModel

REF = date(2026, 11, 18)


def intent(model: NluModel, text: str) -> str:
    """The parse's intent name."""
    return str(model.parse(text, ref_date=REF)["intent"]["name"])


@pytest.mark.parametrize("text", [
    "举报Y县某皮革厂夜间向小清河偷排废水",  # a company's pollution
    "关于金桂苑开发商逾期三年未交房的投诉",  # a developer
    "反映Z区妇幼医院将医疗污水排入雨水管网",  # a hospital
    "某装饰公司拖欠三十多名工人工资至今未付",  # wages owed
    "我村到镇上的公路至今没有修通",  # a village road
    "某KTV常年深夜营业噪音扰民",  # noise for years
    "某局办事人员推诿扯皮不作为",  # a department's work style
    "为何我县城区公交末班车这么早",  # a bus
    "对某中学强制收取资料费的质疑",  # a school
    "关于延长城区供暖时间的建议",  # heating
    "幸福大街路灯大面积不亮已有半年",  # a city street's lights
])
def test_city_matters_are_feedback(nlu_model: NluModel, text: str) -> None:
    assert intent(nlu_model, text) == "feedback", text


@pytest.mark.parametrize("text", [
    "我们小区8号楼电梯三天两头困人请尽快维修",
    "本人所住单元楼道灯坏了二十多天无人修理",
    "我家厨房水管漏水已经泡坏了地板",
])
def test_own_estate_is_a_repair(nlu_model: NluModel, text: str) -> None:
    assert intent(nlu_model, text) == "report_repair", text


@pytest.mark.parametrize("text", [
    "咨询外地老人在本市办理老年优待证的条件",
    "城乡居民医保如何办理异地就医备案",
    "请问残疾人证到期后去哪里换领",
    "咨询低保申请需要提交哪些证明材料",
])
def test_procedure_questions_are_faq(nlu_model: NluModel, text: str) -> None:
    assert intent(nlu_model, text) == "faq", text


@pytest.mark.parametrize("text", ["来个笑话乐呵乐呵", "明天股市会涨吗"])
def test_jokes_and_the_market_stay_out_of_scope(nlu_model: NluModel, text: str) -> None:
    assert intent(nlu_model, text) == "out_of_scope", text
