"""The parse: Rasa's /model/parse shape, fallback, the check-in context, traditional input."""

from __future__ import annotations

from datetime import date

import pytest

from nlu import NluModel, load_model

REF = date(2026, 11, 18)


def test_the_shape_is_rasas(nlu_model: NluModel) -> None:
    text = "3号楼2单元楼道灯坏了"
    parse = nlu_model.parse(text, ref_date=REF)
    assert set(parse) == {"text", "intent", "intent_ranking", "entities", "response_selector"}
    assert parse["text"] == text
    assert parse["intent"]["name"] == "report_repair"
    assert 0 < parse["intent"]["confidence"] <= 1
    assert 2 <= len(parse["intent_ranking"]) <= 11
    assert parse["intent_ranking"][0] == parse["intent"]
    for entity in parse["entities"]:
        assert set(entity) >= {"entity", "value", "start", "end", "extractor"}
        assert isinstance(entity["value"], str)


def test_spans_point_into_the_original_text(nlu_model: NluModel) -> None:
    text = "我住三號樓二單元五〇一，明天中午訂兩份"
    spans = {e["entity"]: text[e["start"]:e["end"]]
             for e in nlu_model.parse(text, ref_date=REF)["entities"]}
    assert spans == {"building": "三號樓", "unit": "二單元", "room": "五〇一", "date": "明天",
                     "meal": "中午", "count": "兩份"}


@pytest.mark.parametrize("simplified", [
    "3号楼2单元楼道灯坏了", "明天中午帮我订两份", "我想加入义剪队", "社区电话多少",
    "我摔倒了起不来", "时间银行还有多少", "楼上装修太吵了", "我住3栋2单元501",
])
def test_traditional_parses_exactly_like_simplified(nlu_model: NluModel, simplified: str) -> None:
    from nlu import to_traditional

    traditional = to_traditional(simplified)
    a = nlu_model.parse(simplified, ref_date=REF)
    b = nlu_model.parse(traditional, ref_date=REF)
    assert a["intent"] == b["intent"]
    assert [(e["entity"], e["value"], e["start"], e["end"]) for e in a["entities"]] == [
        (e["entity"], e["value"], e["start"], e["end"]) for e in b["entities"]]


@pytest.mark.parametrize(("text", "intent"), [
    ("你好", "greet"), ("谢谢", "thank"), ("3栋楼道灯不亮了", "report_repair"),
    ("我报的修怎么样了", "query_report"), ("明天的饭不要了", "cancel_meal"),
    ("今天吃什么", "query_menu"), ("着火了", "emergency"), ("最近有什么活动", "query_events"),
    ("我想报名当志愿者", "join_team"), ("建议把大门口的路修平", "feedback"),
])
def test_plain_messages(nlu_model: NluModel, text: str, intent: str) -> None:
    assert nlu_model.parse(text, ref_date=REF)["intent"]["name"] == intent


def test_faq_answers_come_from_the_response_selector(nlu_model: NluModel) -> None:
    parse = nlu_model.parse("社区电话多少", ref_date=REF)
    assert parse["intent"]["name"] == "faq"
    selector = parse["response_selector"]["faq"]
    key = selector["response"]["intent_response_key"]
    assert key.startswith("faq/")
    assert selector["ranking"][0]["intent_response_key"] == key


def test_unsure_parses_fall_back_but_keep_the_candidates(nlu_model: NluModel) -> None:
    for text in ("", "。。。", "  "):
        parse = nlu_model.parse(text, ref_date=REF)
        assert parse["intent"]["name"] == "nlu_fallback"
        assert [r["name"] for r in parse["intent_ranking"][1:]]


def test_the_threshold_is_a_setting(tmp_path_factory: pytest.TempPathFactory,
                                    nlu_model: NluModel) -> None:
    strict = NluModel(nlu_model.meta, {"idf": nlu_model.idf, "intent_w": nlu_model.intents.weights,
                                       "intent_b": nlu_model.intents.bias,
                                       "faq_w": nlu_model.faq.weights,
                                       "faq_b": nlu_model.faq.bias},
                      tokenizer=nlu_model.tokenizer, threshold=1.01)
    parse = strict.parse("你好", ref_date=REF)
    assert parse["intent"] == {"name": "nlu_fallback", "confidence": 1.01}
    assert parse["intent_ranking"][1]["name"] == "greet"


@pytest.mark.parametrize("answer", ["好的", "是的", "嗯", "好", "挺好的", "平安"])
def test_yes_to_the_check_in_means_i_am_fine(nlu_model: NluModel, answer: str) -> None:
    parse = nlu_model.parse(answer, ref_date=REF, context="checkin")
    assert parse["intent"]["name"] == "checkin_ok"


@pytest.mark.parametrize(("answer", "intent"), [
    ("有点头晕", "feel_unwell"), ("我摔倒了起不来", "emergency"), ("不好", "deny"),
])
def test_other_check_in_answers_keep_their_meaning(nlu_model: NluModel, answer: str,
                                                   intent: str) -> None:
    parse = nlu_model.parse(answer, ref_date=REF, context="checkin")
    assert parse["intent"]["name"] in (intent, "feel_unwell")


def test_outside_the_check_in_yes_is_affirm(nlu_model: NluModel) -> None:
    assert nlu_model.parse("好的", ref_date=REF)["intent"]["name"] == "affirm"


def test_dates_default_to_today_in_the_time_zone(nlu_model: NluModel) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    parse = nlu_model.parse("今天中午订一份")
    assert [e["value"] for e in parse["entities"] if e["entity"] == "date"] == [
        today.isoformat()]


def test_load_model_refuses_an_empty_directory(tmp_path_factory: pytest.TempPathFactory) -> None:
    from nlu import ModelError

    with pytest.raises(ModelError):
        load_model(tmp_path_factory.mktemp("empty"))
