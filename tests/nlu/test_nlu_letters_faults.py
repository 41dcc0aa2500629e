"""Board letters that report a fault still there (issue 15, branch letters30): a lift that keeps
breaking down, water that fails, lights out, a drain overflowing, a roof leaking, a road full of
holes are report_repair however formal, angry or long their background; asking for something new,
a cut used as pressure, a grid power cut and the water's quality stay feedback (sentences not in
the training data or any held-out set)."""

from __future__ import annotations

from datetime import date

import pytest

from nlu import NluModel
from nlu.lexicon import FAULT, cues

REF = date(2026, 11, 18)


@pytest.mark.parametrize("text", [
    "反映P5区银杏苑小区电梯三天两头故障的问题 电梯这个月已经停了五次，物业只是贴个通知，"
    "住十几楼的老人只能在家等着，恳请有关部门督促维修。",
    "关于G2县城北新村水压太低的问题 小区四楼以上每天白天都没有水，已经一个多月了，"
    "供水公司和物业互相推诿，恳请领导过问。",
    "请求解决H8区望江路路灯长期不亮的问题 望江路有一长段路灯一直不亮，晚上行人只能摸黑走路，"
    "多次反映至今无人维修。",
    "反映J3区东岸小区下水道堵塞污水外溢的问题 小区2栋门前的下水道堵了十多天，污水流到路上，"
    "物业说归市政，市政说归物业，没人来疏通。",
    "K5县人民路路面坑洼不平存在安全隐患 人民路靠近农贸市场那一段路面全是坑，下雨积满了水，"
    "已经有好几个骑车的人摔伤，希望尽快修补。",
    "关于M2区锦苑小区顶楼漏水的投诉 尊敬的领导：我家住顶楼，屋顶防水层破损，"
    "一下雨卧室就漏水，找开发商和物业都不管，恳请督促维修。",
])
def test_a_formal_fault_letter_is_a_repair(nlu_model: NluModel, text: str) -> None:
    assert nlu_model.parse(text, ref_date=REF)["intent"]["name"] == "report_repair"


@pytest.mark.parametrize("text", [
    "请求在Q3区滨河新路安装路灯 这条路修好两年了一直没有路灯，晚上出行很不方便，希望规划安装。",
    "投诉R6县某物业公司停水停电逼业主交物业费 物业为了催费把我们整栋楼的水电都停了，"
    "这种做法合法吗？",
    "建议S2区老旧小区增设健身器材 小区老人多却没有健身的地方，希望社区帮忙争取。",
    "请求为T4县新塘村接通自来水 村里至今还在喝井水，恳请政府把自来水管网延伸到我们村。",
])
def test_something_new_or_a_cut_as_pressure_stays_feedback(nlu_model: NluModel, text: str) -> None:
    assert nlu_model.parse(text, ref_date=REF)["intent"]["name"] == "feedback"


@pytest.mark.parametrize("text", ["电梯三天两头故障", "路面全是坑洼", "水压不足没法洗澡",
                                  "路灯从未亮过"])
def test_a_fault_named_on_a_thing_is_one_cue(text: str) -> None:
    assert FAULT in cues(text)


@pytest.mark.parametrize("text", ["修电梯的师傅态度太差", "灯没坏 就是亮得太晚",
                                  "不是要报修 楼道太脏了"])
def test_repair_work_or_no_fault_is_not_a_fault(text: str) -> None:
    assert FAULT not in cues(text)


def test_a_fault_nobody_fixed_is_no_grievance() -> None:
    found = cues("小区的电梯坏了三个月至今没人修")
    assert FAULT in found and "kcomplain-ask" not in found
