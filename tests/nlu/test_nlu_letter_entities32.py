"""Entities in formal letters, second round (issue 15, ents32): names read back from a title or
from a deed a complaint charges someone with, facility words that name a shop, traffic, a policy
or the place of another facility, bare days that number a thing, and buildings counted."""

from __future__ import annotations

from datetime import date

import pytest

from nlu import NluModel
from nlu.dates import find_dates
from nlu.names import find_persons
from nlu.normalize import normalize

WEDNESDAY = date(2026, 11, 18)


def values(model: NluModel, text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for e in model.parse(text, ref_date=WEDNESDAY)["entities"]:
        out.setdefault(e["entity"], []).append(e["value"])
    return out


def names(text: str) -> list[str]:
    return [n for _, _, n in find_persons(normalize(text), [])]


@pytest.mark.parametrize(("text", "expected"), [
    ("尊敬的区委瞿德骞书记：您好！", ["瞿德骞"]),      # rare given-name characters read whole
    ("致市政府霍启泓市长的一封信", ["霍启泓"]),
    ("请转告卫健委钱艺璇主任，社区医院排队太久", ["钱艺璇"]),
    ("尊敬的祝晗局长：小区的违建一直没人管", ["祝晗"]),
    ("感谢熊梓萌老师这学期的照顾", ["熊梓萌"]),
    ("县委宋哲县长来村里看过", ["宋哲"]),              # after the office's own words
    ("向纪委欧阳靖远书记实名反映", ["欧阳靖远"]),        # a two-character surname
    ("李晓明同学在学校被高年级学生欺负", ["李晓明"]),
    ("请转交合作社田茂松社长", ["田茂松"]),
])
def test_a_name_before_a_title(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "尊敬的胡书记：您好！",                # a surname with a title
    "上回向李市长反映过",                  # 向 is no surname here
    "和王主任说好了明天来修",
    "谢谢周同志帮忙",
    "常德市长来视察过",                    # a place's head
    "黄花镇长安村的路坏了",
    "孩子班主任老师很负责",
    "全体老师都辛苦了",
    "任课老师布置的作业太多",
    "华兴律师事务所收了钱不办事",          # an office's name
    "给市长信箱写过信了",
    "请林某某书记重视",                    # a masked name
    "当时张市长说会解决",
    "小区长期停水没人管",                  # 区长 across two words
    "开会长达三个小时",
    "全班同学都被罚站了",
    "立信会计师事务所的人来过",
])
def test_no_name_before_a_title(text: str) -> None:
    assert names(text) == [], text


@pytest.mark.parametrize(("text", "expected"), [
    ("实名举报社区主任助理石昊天违规收取低保户好处费", ["石昊天"]),
    ("请依法严惩郝琦组织的非法集资", ["郝琦"]),
    ("施工方许文涛等三人强行拆了我家的围墙", ["许文涛"]),
    ("要求对房主卜嘉诚私自改建承重墙的行为进行处理", ["卜嘉诚"]),
    ("为邵骏欠我们工钱的事，跑了不下十趟", ["邵骏"]),
])
def test_a_name_a_complaint_charges(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "江北违规建筑太多了",                  # a place
    "请王某某等人停止违法行为",            # a masked name
    "小张等三人报名了",
    "党员组织关系怎么转",
    "车辆违规停放没人管",
    "房东违规出租群租房",
    "严格依法办事",
    "周边非法营运的车太多",
    "举报金融诈骗团伙",
    "商家违规占道经营",
    "我们和物业共同商量",
])
def test_no_name_before_a_deed(text: str) -> None:
    assert names(text) == [], text


@pytest.mark.parametrize(("text", "facility"), [
    ("楼下新开了一家空调店，外机全堆在过道里", None),   # a shop's name
    ("对面门窗商行切割铝材太吵", None),
    ("加强道路交通安全宣传", None),                     # traffic, not the road
    ("晚上马路市场的摊贩收摊后垃圾满地", None),         # a market in the street
    ("按照农村道路硬化政策村里该有补贴", None),         # a policy's name
    ("湘江大道路段的车开得太快", None),                 # 大道 + 路段
    ("人行道上没有路灯", ["路灯"]),                     # the road is where the light is
    ("小区道路两旁的路灯都不亮", ["路灯"]),
    ("省道路面塌了一个大坑", ["道路"]),                 # 省道 + 路面: still the road
    ("村里的道路坑坑洼洼，下雨没法走", ["道路"]),
    ("加装电梯的补贴政策是什么", ["电梯"]),             # 的: no policy's name
])
def test_facility_words_in_letters(nlu_model: NluModel, text: str,
                                   facility: list[str] | None) -> None:
    assert values(nlu_model, text).get("facility") == facility, text


@pytest.mark.parametrize(("text", "day"), [
    ("学校星期天下午还在给学生补课，请教育局查处", None),  # a weekday a letter cannot date
    ("建议地铁5号线延伸到开发区", None),                   # a line
    ("西站旁边的3号停车场收费太贵", None),                 # a site's number
    ("投诉解放路12号的烧烤店油烟扰民", None),              # a house number
    ("兴趣班一星期一节课却收全年的钱", None),              # once a week
    ("2025年10月9日我向物业反映过漏水", "2025-10-09"),     # a year makes it a date
    ("我于21年3月2日交了定金，房子至今没交付", "2021-03-02"),  # a year in two digits
])
def test_days_in_letters(nlu_model: NluModel, text: str, day: str | None) -> None:
    assert values(nlu_model, text).get("date") == ([day] if day else None), text


@pytest.mark.parametrize(("text", "days"), [
    ("周一周三周五中午各订一份", ["2026-11-23", "2026-11-18", "2026-11-20"]),
    ("明天去女儿家 下周一回来", ["2026-11-19", "2026-11-23"]),   # 一回: not once a week
    ("一周两次去医院换药 周三一次", ["2026-11-18"]),
])
def test_weekdays_still_date_orders_and_absences(text: str, days: list[str]) -> None:
    assert [d.days[0].isoformat() for d in find_dates(text, WEDNESDAY)] == days


@pytest.mark.parametrize(("text", "building"), [
    ("我们二期三号栋的外墙裂了", ["3"]),                 # 号栋
    ("小区里两栋老楼都没有电梯", None),                  # two buildings
    ("政府在村口建了一座污水处理站", None),              # one thing
    ("我住一座3单元", ["1"]),                            # building 1 (座)
])
def test_buildings_counted_or_named(nlu_model: NluModel, text: str,
                                    building: list[str] | None) -> None:
    assert values(nlu_model, text).get("building") == building, text


@pytest.mark.parametrize("text", ["2019年5月6日8:30分到的现场", "下午三点十分通知停水",
                                  "13时45分接到电话"])
def test_minutes_of_a_clock_time_are_no_count(nlu_model: NluModel, text: str) -> None:
    assert "count" not in values(nlu_model, text), text


def test_a_repair_names_no_service(nlu_model: NluModel) -> None:
    text = "水费早就交给物业了，可物业欠费，自来水公司把水停了，家里水管一滴水都没有"
    assert "service" not in values(nlu_model, text)
