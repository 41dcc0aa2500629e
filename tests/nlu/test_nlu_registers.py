"""The registers residents write in: dialects, formal letters, run-ons, procedures, city matters
(sentences not in the training data)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from nlu import NluModel

REF = date(2026, 11, 18)
DATA = Path(__file__).resolve().parents[2] / "data"


def intent(model: NluModel, text: str) -> str:
    """The parse's intent name."""
    return str(model.parse(text, ref_date=REF)["intent"]["name"])


def faq_key(model: NluModel, text: str) -> str:
    """The faq answer the parse selects."""
    parse = model.parse(text, ref_date=REF)
    assert parse["intent"]["name"] == "faq", (text, parse["intent"])
    return str(parse["response_selector"]["faq"]["response"]["intent_response_key"])


@pytest.mark.parametrize(("text", "expected"), [
    ("唔係", "deny"), ("唔該晒", "thank"), ("今日食咩", "query_menu"), ("儂好", "greet"),
    ("唔该晒你哋", "thank"), ("要得", "affirm"), ("勿要了", "deny"),
    ("听日中午同我留两份饭", "book_meal"), ("阿拉屋里厢个电梯又坏脱了", "report_repair"),
    ("屋头水管漏得到处都是 快来看一哈", "report_repair"),
])
def test_dialects(nlu_model: NluModel, text: str, expected: str) -> None:
    assert intent(nlu_model, text) == expected, text


@pytest.mark.parametrize(("text", "key"), [
    ("我家困难 低保去哪里申请", "faq/dibao"),
    ("城乡居民医保今年在哪里缴费", "faq/yibao"),
    ("养老金每年那个刷脸认证在哪做", "faq/yanglaojin_renzheng"),
    ("我爸满六十了 老年卡要带啥去办", "faq/laonianka"),
    ("外地来的 居住证怎么办理", "faq/juzhuzheng"),
    ("我明年到岁数了 退休手续要准备啥", "faq/tuixiu"),
    ("我老伴腿脚残疾了 残疾证在哪办", "faq/canjizheng"),
    ("长者食堂哪些人吃饭不花钱", "faq/canteen_rules"),
    ("订午饭最晚几点前要订好", "faq/canteen_rules"),
])
def test_procedures_are_faq_with_their_answer(nlu_model: NluModel, text: str, key: str) -> None:
    assert faq_key(nlu_model, text) == key


def test_every_faq_key_has_an_answer_staff_can_edit() -> None:
    answers = yaml.safe_load((DATA / "faq.yml").read_text(encoding="utf-8"))
    keys = set()
    for path in (DATA / "nlu").glob("*.yml"):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if str(item.get("intent", "")).startswith("faq/"):
                keys.add(item["intent"].removeprefix("faq/"))
    assert keys <= set(answers), sorted(keys - set(answers))
    for key in keys:
        assert answers[key]["question"] and answers[key]["answer"], key


@pytest.mark.parametrize("text", [
    "厨房里一股子煤气味 我头都晕了", "楼下车棚着火了 烟好大", "对门家窗户往外冒火苗",
])
def test_gas_and_fire_are_emergencies_not_repairs(nlu_model: NluModel, text: str) -> None:
    assert intent(nlu_model, text) == "emergency", text


def test_a_gas_stove_that_will_not_light_is_a_repair(nlu_model: NluModel) -> None:
    assert intent(nlu_model, "燃气灶怎么也打不着火 点了半天") == "report_repair"


@pytest.mark.parametrize(("text", "expected"), [
    ("尊敬的社区领导：您好！我是2号楼的住户，我们楼的电梯从上个月开始三天两头停，住高层的老人"
     "下不了楼，恳请尽快安排维修。", "report_repair"),
    ("尊敬的领导：您好！我们小区门前的公交站取消后，老人出行非常不便，希望能够恢复站点。谢谢！",
     "feedback"),
    ("领导您好，我想咨询一下，我母亲八十岁了，行动不便，养老金认证能不能上门办理？",
     "faq"),
    ("我们这一片的孩子上小学要跨好几条街 希望教育部门重新划一下学区", "feedback"),
    ("请问咱们这儿什么时候能通地铁啊", "feedback"),
])
def test_formal_letters_and_city_matters(nlu_model: NluModel, text: str, expected: str) -> None:
    assert intent(nlu_model, text) == expected, text


@pytest.mark.parametrize(("text", "expected"), [
    ("喂那个我跟你说啊我家卫生间那个水龙头关不上了一直哗哗流你们派个人过来看看吧",
     "report_repair"),
    ("嗯那个明天中午的饭我就不吃了我闺女接我去她家你给我退了吧", "cancel_meal"),
])
def test_voice_to_text_run_ons(nlu_model: NluModel, text: str, expected: str) -> None:
    assert intent(nlu_model, text) == expected, text
