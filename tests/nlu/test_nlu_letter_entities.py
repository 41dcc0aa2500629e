"""Entities in formal letters (issue 15, ents31): full names given, titles that are no name,
facility words inside company and brand names, dates with a year and the days a letter tells."""

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


@pytest.mark.parametrize(("text", "names"), [
    ("业主孟宪斌反映：地下室又进水了", ["孟宪斌"]),
    ("住户：蒋丽娟，家住5栋", ["蒋丽娟"]),
    ("本人殷卓然，今年五十岁", ["殷卓然"]),         # given-name characters read whole
    ("我叫罗筱雯，在街道上班", ["罗筱雯"]),
    ("村民薛志仓，请问宅基地怎么批", ["薛志仓"]),  # read to the comma
    ("我叫梁宏（户主：梁德厚）", ["梁宏", "梁德厚"]),  # every name so given
    ("此致敬礼 居民汤春燕", ["汤春燕"]),
    ("我岳母姚素芬今年九十了", []),                  # 岳母 introduces no name here
    ("感谢孔书记对我们的关心", []),                  # a surname with a title
    ("请邹市长过问一下", []),
    ("业主沈先生说物业不作为", []),
    ("本人于今年三月退休", []),
    ("我们是万家镇的村民", []),
    ("村里强拆村民房屋", []),
    ("职工和家属都不满意", []),
    ("住户：宁桂兰、宁国栋，两人都签了字", ["宁桂兰", "宁国栋"]),   # a list of names
    ("谢谢社区护士尹红霞", ["尹红霞"]),
    ("我是丹桂苑3栋的", []),
])
def test_names_in_letters(text: str, names: list[str]) -> None:
    assert [n for _, _, n in find_persons(normalize(text), [])] == names


@pytest.mark.parametrize(("text", "facility"), [
    ("华鑫电梯公司的人一直不来", None),
    ("投诉港华燃气收费不合理", None),
    ("我家的美的空调外机掉了", None),
    ("路灯管理所说不归他们管", None),
    ("请自来水公司派人看看", None),
    ("电梯坏了三天 物业公司不管", "电梯"),         # the company is another word
    ("燃气管道漏气了 燃气公司还没来", "燃气"),
])
def test_a_company_or_a_brand_names_no_facility(nlu_model: NluModel, text: str,
                                                facility: str | None) -> None:
    assert values(nlu_model, text).get("facility") == ([facility] if facility else None), text


@pytest.mark.parametrize(("text", "days"), [
    ("比赛于2015年6月3日至5日举行", ["2015-06-03", "2015-06-05"]),
    ("2018年9月1日-2日两天停水", ["2018-09-01", "2018-09-02"]),
    ("2016年4月2日入院，7日出院", ["2016-04-02", "2016-04-07"]),   # the letter's year
    ("2013年12月30日签的合同，1月3日就反悔了", ["2013-12-30", "2014-01-03"]),
    ("去年10月二十几号来过一次", []),                # no day given
])
def test_days_a_letter_tells(text: str, days: list[str]) -> None:
    found = [d.isoformat() for m in find_dates(normalize(text), WEDNESDAY) for d in m.days]
    assert found == days, text


def test_a_day_of_every_year_is_no_date(nlu_model: NluModel) -> None:
    assert "date" not in values(nlu_model, "请问是不是每年6月1日前要交材料")


def test_a_day_without_a_year_in_a_letter_is_past(nlu_model: NluModel) -> None:
    # said in November: a letter's 6月8日 is this June, not next year's
    parsed = nlu_model.parse("尊敬的领导：6月8日上午，小区物业私自拆除了围墙，业主意见很大。",
                             ref_date=WEDNESDAY)
    if parsed["intent"]["name"] in ("feedback", "report_repair", "faq"):
        assert [e["value"] for e in parsed["entities"] if e["entity"] == "date"] == ["2026-06-08"]
    assert values(nlu_model, "下个月5号帮我订一份午饭").get("date") == ["2026-12-05"]
