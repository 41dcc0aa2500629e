"""Every entity type, with values normalized per the contract, from the real model."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from nlu import NluModel, expand_dates, normalize_entities

WEDNESDAY = date(2026, 11, 18)


def values(model: NluModel, text: str, ref: date = WEDNESDAY) -> dict[str, list[str]]:
    """entity -> values, in order."""
    out: dict[str, list[str]] = {}
    for e in model.parse(text, ref_date=ref)["entities"]:
        out.setdefault(e["entity"], []).append(e["value"])
    return out


@pytest.mark.parametrize(("text", "expected"), [
    ("我住3栋2单元501", {"building": ["3"], "unit": ["2"], "room": ["501"]}),
    ("我住三号楼二单元五〇一", {"building": ["3"], "unit": ["2"], "room": ["501"]}),
    ("我家在10幢", {"building": ["10"]}),
    ("我是A座3单元302的", {"building": ["A"], "unit": ["3"], "room": ["302"]}),
    ("我住3号2单元", {"building": ["3"], "unit": ["2"]}),
    ("我住4号楼6楼", {"building": ["4"], "floor": ["6"]}),
    ("我住三层", {"floor": ["3"]}),
    ("记一下 7-1-302", {"building": ["7"], "unit": ["1"], "room": ["302"]}),
    ("我住九号楼二门102", {"building": ["9"], "unit": ["2"], "room": ["102"]}),
    ("我家501室", {"room": ["501"]}),
])
def test_addresses(nlu_model: NluModel, text: str, expected: dict[str, list[str]]) -> None:
    found = values(nlu_model, text)
    for entity, expected_values in expected.items():
        assert found.get(entity) == expected_values, (text, found)
    assert "floor" not in found or "floor" in expected


def test_a_floor_is_not_a_building(nlu_model: NluModel) -> None:
    found = values(nlu_model, "3楼的楼道灯坏了")
    assert found.get("floor") == ["3"] and "building" not in found


@pytest.mark.parametrize(("text", "facility"), [
    ("3栋楼道灯不亮了", "楼道灯"), ("声控灯坏了", "楼道灯"), ("厨房下水管堵了", "下水道"),
    ("自来水管爆了", "水管"), ("电梯又坏了", "电梯"), ("电悌坏了", "电梯"),
    ("暖气片不热", "暖气"), ("院里的健身器材坏了", "健身器材"),
])
def test_facilities_get_their_canonical_names(nlu_model: NluModel, text: str,
                                              facility: str) -> None:
    assert values(nlu_model, text).get("facility") == [facility]


def test_meals_counts_and_dates(nlu_model: NluModel) -> None:
    found = values(nlu_model, "明天中午帮我订两份")
    assert found == {"date": ["2026-11-19"], "meal": ["午餐"], "count": ["2"]}
    found = values(nlu_model, "周五晚饭订俩")
    assert found == {"date": ["2026-11-20"], "meal": ["晚餐"], "count": ["2"]}


def test_a_time_of_day_outside_the_canteen_is_not_a_meal(nlu_model: NluModel) -> None:
    assert "meal" not in values(nlu_model, "今天晚上有点头晕")


@pytest.mark.parametrize(("text", "team"), [
    ("我想加入义剪队", "义剪队"), ("我想加入理发的队伍", "义剪队"), ("我想参加巡逻队", "巡逻队"),
])
def test_teams(nlu_model: NluModel, text: str, team: str) -> None:
    assert values(nlu_model, text).get("team") == [team]


@pytest.mark.parametrize(("text", "service"), [
    ("帮我交下水电费", "代缴费用"), ("能不能教我用手机", "手机教学"),
    ("想找人陪我去医院", "送医陪诊"),
])
def test_services(nlu_model: NluModel, text: str, service: str) -> None:
    assert values(nlu_model, text).get("service") == [service]


@pytest.mark.parametrize(("text", "person"), [
    ("我叫李建国", "李建国"), ("我是10号楼的王秀英", "王秀英"), ("我叫欧阳明 住9号楼", "欧阳明"),
    ("给网格员孙丽点赞", "孙丽"), ("我是刘小明", "刘小明"), ("我叫王晓红", "王晓红"),
])
def test_person_names(nlu_model: NluModel, text: str, person: str) -> None:
    assert values(nlu_model, text).get("person") == [person]


@pytest.mark.parametrize(("text", "expected"), [
    ("我叫刘小明，住3号楼2单元501，帮我登记一下",
     {"person": ["刘小明"], "building": ["3"], "unit": ["2"], "room": ["501"]}),
    ("我是10号楼的王秀英", {"person": ["王秀英"], "building": ["10"]}),
    ("我叫李建国住七号楼", {"person": ["李建国"], "building": ["7"]}),
    ("我叫张桂兰 住在三栋二单元五〇二 电话13602211001",
     {"person": ["张桂兰"], "building": ["3"], "unit": ["2"], "room": ["502"],
      "phone": ["13602211001"]}),
])
def test_a_name_with_an_address(nlu_model: NluModel, text: str,
                                expected: dict[str, list[str]]) -> None:
    found = values(nlu_model, text)
    assert {k: found.get(k) for k in expected} == expected, (text, found)


@pytest.mark.parametrize("text", ["我是新来的", "我是独居老人", "谢谢王阿姨", "我是明天订的",
                                  "我是张小姐", "这周有活动吗"])
def test_no_person_where_there_is_no_name(nlu_model: NluModel, text: str) -> None:
    assert "person" not in values(nlu_model, text)


@pytest.mark.parametrize(("text", "phone"), [
    ("我的电话是13602211001", "13602211001"), ("手机号139 0223 0001", "13902230001"),
    ("电话一三八零二二二零零零一", "13802220001"), ("座机022-28335566", "02228335566"),
])
def test_phones_are_digits(nlu_model: NluModel, text: str, phone: str) -> None:
    found = values(nlu_model, text)
    assert found.get("phone") == [phone] and "room" not in found


def test_a_range_of_days(nlu_model: NluModel) -> None:
    parse = nlu_model.parse("下周一到周五每天一份午饭", ref_date=date(2026, 11, 30))
    dates = [e for e in parse["entities"] if e["entity"] == "date"]
    assert [(e["value"], e.get("role")) for e in dates] == [
        ("2026-12-07", "from"), ("2026-12-11", "to")]
    assert [d.isoformat() for d in expand_dates(parse["entities"])] == [
        "2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11"]


def test_normalize_entities_for_another_backend(nlu_model: NluModel) -> None:
    text = "三號樓二单元五〇一的声控灯坏了，下周一到周五订两份"
    raw: list[dict[str, Any]] = [
        {"entity": "building", "value": "三號樓", "start": 0, "end": 3},
        {"entity": "unit", "value": "二单元", "start": 3, "end": 6},
        {"entity": "room", "value": "五〇一", "start": 6, "end": 9},
        {"entity": "facility", "value": "声控灯", "start": 10, "end": 13},
        {"entity": "date", "value": "下周一", "start": 16, "end": 19},
        {"entity": "date", "value": "周五", "start": 20, "end": 22},
        {"entity": "count", "value": "两份", "start": 23, "end": 25},
        {"entity": "date", "value": "月底"},
    ]
    out = normalize_entities(raw, text=text, ref_date=date(2026, 11, 30))
    assert [(e["entity"], e["value"]) for e in out] == [
        ("building", "3"), ("unit", "2"), ("room", "501"), ("facility", "楼道灯"),
        ("date", "2026-12-07"), ("date", "2026-12-11"), ("count", "2")]
    assert nlu_model.normalize_entities([{"entity": "team", "value": "理发的队伍"}]) == [
        {"entity": "team", "value": "义剪队"}]


def test_a_name_keeps_the_characters_it_was_written_in(nlu_model: NluModel) -> None:
    parse = nlu_model.parse("我住11棟3單元601 我叫黃美玲", ref_date=date(2026, 11, 18))
    assert ("person", "黃美玲") in {(e["entity"], e["value"]) for e in parse["entities"]}


@pytest.mark.parametrize(("text", "expected"), [
    ("A14栋的电梯坏了", {"building": ["A14"]}),
    ("F5栋门口路灯不亮", {"building": ["F5"]}),
    ("b1座楼下的充电桩", {"building": ["B1"]}),
    ("一栋的居民都没水了", {}),
    ("旁边又盖了一座楼盘", {}),
    ("这一栋楼都停电了", {}),
    ("我住一栋", {"building": ["1"]}),
    ("3栋205两户漏水", {"building": ["3"], "room": ["205"]}),
    ("301和302两户都反映过", {"room": ["301", "302"]}),
    ("楼高33层 电梯就一部", {}),
    ("我们楼共33层", {}),
    ("我住33楼", {"floor": ["33"]}),
    ("小区共有12栋楼 只有一部公交车经过", {}),
    ("我家1502 楼上1602天天往下渗水", {"room": ["1502", "1602"]}),
])
def test_buildings_rooms_and_floors_as_written(nlu_model: NluModel, text: str,
                                               expected: dict[str, list[str]]) -> None:
    found = values(nlu_model, text)
    for entity in ("building", "room", "floor"):
        assert found.get(entity) == expected.get(entity), (text, found)


@pytest.mark.parametrize("text", [
    "凌晨两点还在施工 吵得睡不着", "晚上路灯不亮 走路看不见", "每天晚上广场舞太吵了",
    "凌晨三点楼上还在剁肉",
])
def test_a_time_of_day_is_neither_a_meal_nor_a_person(nlu_model: NluModel, text: str) -> None:
    found = values(nlu_model, text)
    assert "meal" not in found and "person" not in found, (text, found)


def test_the_roof_is_not_the_top_of_a_kitchen(nlu_model: NluModel) -> None:
    assert "屋顶" not in values(nlu_model, "楼上漏水 从我家厨房顶上往下滴").get("facility", [])
    assert values(nlu_model, "房顶漏雨了").get("facility") == ["屋顶"]


def test_a_time_of_day_in_an_order_is_the_meal(nlu_model: NluModel) -> None:
    assert values(nlu_model, "明天晚上订一份")["meal"] == ["晚餐"]


@pytest.mark.parametrize(("text", "person"), [
    ("叫我孙阿姨就行", "孙阿姨"), ("我叫王秀英", "王秀英"), ("我是老孙", "老孙"),
    ("3号楼王秀英今晚回了没有", "王秀英"),
])
def test_a_person_where_a_name_is_given(nlu_model: NluModel, text: str, person: str) -> None:
    assert values(nlu_model, text).get("person") == [person]


@pytest.mark.parametrize("text", ["好", "😀", "你叫什么名字?", "阿姨", "晚上好", "早上好呀"])
def test_no_person_without_a_name(nlu_model: NluModel, text: str) -> None:
    assert "person" not in values(nlu_model, text)


def test_a_written_year_and_a_past_day_in_a_parse(nlu_model: NluModel) -> None:
    assert values(nlu_model, "2017年11月11号停的水")["date"] == ["2017-11-11"]
    assert values(nlu_model, "3月5日那天我去社区反映过")["date"] == ["2026-03-05"]
    assert "date" not in values(nlu_model, "近一个月一直停水")


@pytest.mark.parametrize("text", [
    "小区旁边要建一座变电站", "请有关部门尽快处理", "工资一分都没有发"])
def test_no_place_or_count_in_a_letter_that_names_none(nlu_model: NluModel, text: str) -> None:
    entities = nlu_model.parse(text)["entities"]
    assert [e for e in entities if e["entity"] in ("building", "facility", "count")] == []


def test_another_backends_entities_follow_the_same_rules(nlu_model: NluModel) -> None:
    """Rasa's DIET tags 今天 in 今天有点头晕 and both words of 窗户的玻璃; the contract counts
    neither the "now" nor the part (nlu.entity_rules), whichever backend found them."""
    text = "今天有點頭暈 窗户的玻璃也碎了"
    raw: list[dict[str, Any]] = [
        {"entity": "date", "value": "今天", "start": 0, "end": 2},
        {"entity": "facility", "value": "窗户", "start": 7, "end": 9},
        {"entity": "facility", "value": "玻璃", "start": 10, "end": 12},
    ]
    out = nlu_model.normalize_entities(raw, text=text, ref_date=WEDNESDAY, intent="feel_unwell")
    assert [text[e["start"]:e["end"]] for e in out] == ["窗户"]
    booked = nlu_model.normalize_entities(
        [{"entity": "date", "value": "今天", "start": 0, "end": 2}], text="今天中午訂一份",
        ref_date=WEDNESDAY, intent="book_meal")
    assert [e["value"] for e in booked] == ["2026-11-18"]

@pytest.mark.parametrize(("text", "expected"), [
    # the forms registration once read with patterns of its own: typos, 门 for 单元, dashes
    ("我要登记 住6号搂2单元301", {"building": ["6"], "unit": ["2"], "room": ["301"]}),
    ("4号搂", {"building": ["4"]}),
    ("地址4东101", {"building": ["4"], "room": ["101"]}),
    ("我住11洞3单元602", {"building": ["11"], "unit": ["3"], "room": ["602"]}),
    ("幸福里小区3幢2门301", {"building": ["3"], "unit": ["2"], "room": ["301"]}),
    ("3-2-501", {"building": ["3"], "unit": ["2"], "room": ["501"]}),
    ("3号楼-2-501", {"building": ["3"], "unit": ["2"], "room": ["501"]}),
    ("5栋-1单元-402", {"building": ["5"], "unit": ["1"], "room": ["402"]}),
    ("家是 3 — 1 — 402", {"building": ["3"], "unit": ["1"], "room": ["402"]}),
    ("7栋一单元302号", {"building": ["7"], "unit": ["1"], "room": ["302"]}),
])
def test_addresses_as_typed(nlu_model: NluModel, text: str,
                            expected: dict[str, list[str]]) -> None:
    found = values(nlu_model, text)
    assert {k: v for k, v in found.items() if k in expected} == expected, (text, found)
    assert "date" not in found, (text, found)


@pytest.mark.parametrize(("text", "person"), [
    ("俺叫刘大柱 住8号楼三单元", "刘大柱"),
    ("表扬第三网格周建华同志 天天上门", "周建华"),
    ("刘大爷家的水管漏了", None),
    ("我攒了多少服务时长", None),
])
def test_names_given(nlu_model: NluModel, text: str, person: str | None) -> None:
    assert values(nlu_model, text).get("person") == ([person] if person else None)


@pytest.mark.parametrize(("text", "absent"), [
    ("见楚办发（2006）26号文件", "date"),   # a document's number
    ("电话0000-00000000", "phone"),           # masked
    ("市长看问题入木三分", "count"),
    ("教教我怎么用你", "service"),            # how to use the bot, no phone lesson
])
def test_no_entity_in(nlu_model: NluModel, text: str, absent: str) -> None:
    assert absent not in values(nlu_model, text), text


def test_one_more_portion_at_noon(nlu_model: NluModel) -> None:
    assert values(nlu_model, "今天中午还能加一份吗").get("meal") == ["午餐"]
    assert values(nlu_model, "帮我订一下下周一的午餐")["date"] == ["2026-11-23"]


@pytest.mark.parametrize(("text", "facility"), [
    ("听说要停煤气检修 是哪天", None), ("下周停暖气是哪天", None),
    ("明天停燃气维修 几点恢复", None),
    ("家里暖气停了 一点都不热", "暖气"),
])
def test_a_planned_outage_is_no_facility(nlu_model: NluModel, text: str,
                                         facility: str | None) -> None:
    assert values(nlu_model, text).get("facility") == ([facility] if facility else None), text
