"""The safety layer on words its first passes had no pattern for (issue 13, fourth pass):
Hokkien and more dialect, danger said beside a question or a fear, contacts' notes, answers to
a check-in, farewells, and the urgent faults (a lift that stops, sewage, leaks below)."""

from __future__ import annotations

import json
from typing import get_args

import pytest

from nlu.safety import Kind, assess, learned


@pytest.mark.parametrize(("text", "speaker", "kind"), [
    ("阮阿嬷跋倒了 起袂来", "resident", "fall"),
    ("伊讲伊毋想活了", "resident", "self_harm"),
    ("厝内火烧厝啊", "resident", "fire"),
    ("我老汉儿遭打了", "family", "violence"),
    ("突然讲唔到嘢", "family", "stroke"),
    ("我很担心 我妈倒在地上叫不醒", "family", "unconscious"),
    ("我担心我爸中风了 他嘴歪了", "family", "stroke"),
    ("我妈胸口疼 要不要去医院", "family", "medical"),
    ("我在北京出差 我妈打电话说她摔倒了起不来", "family", "fall"),
    ("刚才做梦惊醒 发现屋里全是烟", "resident", "fire"),
    ("以前也这样过 但这次我妈叫不醒了", "family", "unconscious"),
    ("人找到了 在楼梯间 头上有血 叫不太醒", "contact", "unconscious"),
    ("我看到她了 她没事 就是摔了一跤起不来", "contact", "fall"),
    ("已处理 但是又有人被困在2号电梯", "staff", "lift"),
    ("老人不对劲 问她话她答不上来", "contact", "stroke"),
    ("我妈在电话里说她不舒服 然后就没声音了", "family", "unconscious"),
    ("不好 摔了", "resident", "fall"),
    ("不太好 头晕 站不起来", "resident", "medical"),
    ("我爸好像死了", "family", "unconscious"),
    ("🚒 2单元", "resident", "fire"),
    ("120！！！", "resident", "medical"),
    ("我女儿发朋友圈说 再见了这个世界", "family", "self_harm"),
    ("我把门反锁了 开了煤气", "resident", "self_harm"),
    ("我儿子拿刀割自己", "family", "self_harm"),
    ("有股怪味 头昏脑涨的", "resident", "gas"),
    ("楼道的电箱在冒火花 地上有水", "resident", "flood_electric"),
])
def test_words_without_a_pattern_before_are_danger_now(text: str, speaker: str,
                                                       kind: str) -> None:
    verdict = assess(text, speaker=speaker)  # type: ignore[arg-type]
    assert (verdict.level, verdict.kind) == ("now", kind), verdict


@pytest.mark.parametrize(("text", "speaker", "kind"), [
    ("紧急通知 3栋着火了 请大家马上撤离", "staff", "fire"),
    ("提醒一下 楼下有人拿刀 大家别出门", "resident", "violence"),
    ("看新闻的时候 我爸突然倒了 叫不醒", "family", "unconscious"),
    ("群里说有人被困电梯了 是我妈 她在里面", "family", "lift"),
    ("护工说老人突然嘴歪了 说话不清", "contact", "stroke"),
    ("他拿着切菜刀要砍我", "resident", "violence"),
    ("我妈本来就容易晕 今天晕倒了叫不醒", "family", "unconscious"),
    ("医生说是心梗 让赶紧送医院", "family", "medical"),
    ("电梯停了 人出来了一个 还有一个老人在里面", "resident", "lift"),
    ("我妈老说不想活了 今天真的拿了刀", "family", "self_harm"),
])
def test_surroundings_that_looked_harmless_do_not_hide_danger(text: str, speaker: str,
                                                              kind: str) -> None:
    verdict = assess(text, speaker=speaker)  # type: ignore[arg-type]
    assert (verdict.level, verdict.kind) == ("now", kind), verdict


@pytest.mark.parametrize("text", ["🆘🆘", "jiuming", "救 命", "难受 救我"])
def test_a_call_for_help_in_emoji_pinyin_or_spaced_is_danger_of_no_known_kind(text: str) -> None:
    assert assess(text).level == "now"


@pytest.mark.parametrize(("text", "kind"), [
    ("电梯停了", "lift"),
    ("电梯按钮没反应 停在12楼不动", "lift"),
    ("厕所下水道往上冒污水 臭死了 满地都是", "burst_pipe"),
    ("楼上漏水漏到我家了 天花板在滴水", "burst_pipe"),
    ("我摔了一下 能动 屁股有点疼", "fall"),
    ("楼下独居老人门口的报纸堆了好几天没拿", "unconscious"),
    ("停电了 家里老人用制氧机", "medical"),
    ("这日子过不下去了", "self_harm"),
])
def test_faults_and_worries_that_need_someone_soon_are_urgent(text: str, kind: str) -> None:
    verdict = assess(text)
    assert (verdict.level, verdict.kind) == ("urgent", kind), verdict


@pytest.mark.parametrize("text", [
    "我想跟她一起走 去公园",
    "考完试终于解脱了",
    "我孙子说想死我了 好想奶奶",
    "我自己割的韭菜",
    "笑死人了",
    "厨房的火太大了 菜都糊了",
    "开关有点打火 以前就这样",
    "我家钥匙掉到床底下了",
    "我妈刚把水倒了",
    "小心 地滑 别摔倒了",
    "我梦见我妈摔倒了 起不来",
    "我女儿在外地被人骗了钱 报警了",
    "刚才消防车开过去了 不知道哪里着火",
    "我妈吃了安眠药睡着了 医生开的 明天再联系吧",
    "火锅还没灭 再煮一会",
    "我头晕 可能是感冒 家里有味道是在熬中药",
    "通知 明天上午消防演练 听到警报不要慌",
    "我在看新闻 说有个小区着火了",
    "做梦梦见家里着火了 吓醒了",
    "我妈中风以后说话一直不太清楚",
    "孩子拿玩具刀砍我 哈哈",
    "我今天就走 把钥匙给你了 下周回来",
])
def test_near_misses_of_the_new_words_are_no_danger_now(text: str) -> None:
    assert assess(text).level != "now"


def test_the_classifier_knows_only_the_kinds_and_none() -> None:
    classes = json.loads(learned.WEIGHTS.read_text(encoding="utf-8"))["classes"]
    assert set(classes) <= {*get_args(Kind), learned.NONE}, "a danger set has now with no kind"
