"""Several requests in one message: how a message is cut into parts that may be requests."""

from __future__ import annotations

from typing import Any

from actions.core.requests import (
    lead_read_together,
    request_groups,
    share_place,
    split_requests,
    unsure_lead,
)


def test_parts_at_connectors_and_punctuation() -> None:
    assert split_requests("我要报修厨房水龙头漏水 还有明天中午订一份饭") == [
        ("我要报修厨房水龙头漏水", False), ("明天中午订一份饭", True)]
    assert split_requests("楼道灯坏了，另外帮我交一下电费") == [
        ("楼道灯坏了", False), ("帮我交一下电费", True)]
    assert split_requests("水管漏了，楼下也湿了") == [("水管漏了", False), ("楼下也湿了", False)]


def test_one_request_is_not_cut() -> None:
    assert split_requests("7好楼1单元楼到灯不亮了") == []
    assert split_requests("好") == []
    assert split_requests("平安 嗯") == []  # a part of one character is no request


def _part(text: str, intent: str, *entities: tuple[str, str]) -> dict[str, Any]:
    return {"text": text, "intent": {"name": intent, "confidence": 1.0},
            "entities": [{"entity": e, "value": v} for e, v in entities]}


def test_a_place_said_last_is_the_place_of_the_repairs_before_it() -> None:
    groups = request_groups([
        _part("楼道灯不亮了", "report_repair", ("facility", "楼道灯")),
        _part("单元门也关不上", "report_repair", ("facility", "门禁")),
        _part("5号楼2单元", "inform", ("building", "5"), ("unit", "2"))])
    assert [g["text"] for g in groups] == ["楼道灯不亮了 5号楼2单元", "单元门也关不上 5号楼2单元"]
    assert all({"building", "unit"} <= {e["entity"] for e in g["entities"]} for g in groups)


def test_a_shared_place_never_overrides_one_named() -> None:
    named = _part("9号楼的电梯坏了", "report_repair", ("building", "9"))
    bare = _part("门禁也坏了", "report_repair")
    share_place([named, bare], [{"entity": "building", "value": "3"}])
    assert named["entities"] == [{"entity": "building", "value": "9"}]
    assert bare["entities"] == [{"entity": "building", "value": "3"}]
    assert bare["text"] == "门禁也坏了"  # words only when given


def _read(text: str, intent: str, confidence: float) -> dict[str, Any]:
    return {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []}


def test_unsure_parts_that_lead_are_read_together_when_that_is_another_request() -> None:
    parts = [_read("那个书法课", "cancel_event", 0.4), _read("周二", "nlu_fallback", 0.2),
             _read("给我占个座", "join_event", 0.6), _read("明天订饭", "book_meal", 1.0)]
    assert unsure_lead(parts) == 3
    together = lead_read_together(parts, _read("那个书法课 周二 给我占个座", "join_event", 0.8))
    assert [p["intent"]["name"] for p in together] == ["join_event", "book_meal"]
    assert [g["intent"]["name"] for g in request_groups(together)] == ["join_event", "book_meal"]


def test_a_lead_read_together_stays_apart_when_unsure_or_on_the_same_topic() -> None:
    parts = [_read("那个", "nlu_fallback", 0.2), _read("周二", "nlu_fallback", 0.2),
             _read("明天订饭", "book_meal", 1.0)]
    assert lead_read_together(parts, _read("那个 周二", "book_meal", 0.9)) == parts
    assert lead_read_together(parts, _read("那个 周二", "join_event", 0.5)) == parts
    one = [_read("那个", "nlu_fallback", 0.2), _read("明天订饭", "book_meal", 1.0)]
    assert unsure_lead(one) == 0  # a single unsure part joins the request as before
