"""The contract's "When a day is a date" and "When a facility is named", from the real model
(entity values only; the intents are the model's)."""

from __future__ import annotations

from datetime import date

import pytest

from nlu import NluModel

WEDNESDAY = date(2026, 11, 18)


def found(model: NluModel, text: str, entity: str) -> list[str]:
    return [e["value"] for e in model.parse(text, ref_date=WEDNESDAY)["entities"]
            if e["entity"] == entity]


@pytest.mark.parametrize("text", [
    "今天有点头晕", "我今天挺好的 放心吧", "今天天气真不错啊", "明天见啦", "今天股票怎么样",
    "电梯今天干脆不动了 8栋的", "楼上今天又装修 吵死了", "我每周三都去公园打太极",
    "居委会周六上班吗", "社区办事大厅周一到周五几点开门", "垃圾站每周一三五才清一次",
    "师傅当天就来修好了 谢谢", "材料齐全的3日内办结吗", "去三号窗口办",
])
def test_a_day_that_is_no_date(nlu_model: NluModel, text: str) -> None:
    assert found(nlu_model, text, "date") == [], text


@pytest.mark.parametrize(("text", "days"), [
    ("明天中午订一份", ["2026-11-19"]),
    ("今天吃什么", ["2026-11-18"]),
    ("今晚的饭帮我退了吧", ["2026-11-18"]),
    ("我今天在食堂吃了 挺好 周五中午再订两份", ["2026-11-20"]),
    ("我妈昨天没回 今天回了吗", ["2026-11-17", "2026-11-18"]),
    ("昨天报的电梯咋还没人来修", ["2026-11-17"]),
    ("明天吧", ["2026-11-19"]),
    ("我挺好 明天去儿子家住几天 不用问了", ["2026-11-19"]),
    ("帮我报上星期四下午的健康讲座", ["2026-11-19"]),
])
def test_a_day_that_is_a_date(nlu_model: NluModel, text: str, days: list[str]) -> None:
    assert found(nlu_model, text, "date") == days, text


@pytest.mark.parametrize(("text", "facilities"), [
    ("卧室窗户的玻璃裂了", ["门窗"]),
    ("下水道堵了 马桶也冲不下去", ["下水道"]),
    ("门禁刷了没反应 单元门打不开", ["门禁"]),
    ("二号楼后面下水道的井盖松了", ["下水道"]),
    ("电梯的按钮按了没反应 电梯门也关不上", ["电梯", "电梯"]),
    ("马路对面那个烧烤摊油烟太大了", []),
    ("天然气又涨价了", []),
    ("自来水有股漂白粉味", []),
    ("门口那个井盖翘起来了", ["道路"]),
])
def test_a_facility_named_once(nlu_model: NluModel, text: str, facilities: list[str]) -> None:
    assert found(nlu_model, text, "facility") == facilities, text
