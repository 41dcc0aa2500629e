"""The safety layer's mechanisms of issue 13's stop 29: cue families that were missing (someone
climbing in, a leak that grows, an appeal for a lost person, a lone elder unseen for days with
the door and the phone unanswered, dialect self-harm, a stroke's missed mouth, a fall from the
kang) and contexts that were too broad or too narrow (a cue across 没, relief after the fact, a
question read as a denial, the sufferer's own 没事, a burning smell behind a door nobody opens)."""

from __future__ import annotations

import pytest

from nlu.safety import assess


@pytest.mark.parametrize(("text", "speaker", "kind"), [
    ("楼下那户的防盗窗外面 有个人扒着往里爬", "resident", "violence"),
    ("有个陌生男的正往我家阳台里翻", "resident", "violence"),
    ("我大姨吃过午饭说去菜场 就没见回来 她老糊涂了", "family", "missing"),
    ("各位帮帮忙 谁见过一个拄拐的老太太 我姥姥 迷路了", "family", "missing"),
    ("孙子下课没回家 已经报了警 麻烦大家帮忙留意", "resident", "missing"),
    ("五楼的孙阿姨好几天没露面 敲门没动静 手机也关机", "resident", "unconscious"),
    ("五楼的孙阿姨好几天没见 电话关机 家里也没人", "resident", "missing"),
    ("我毋想活咯", "resident", "self_harm"),
    ("外公吃饭筷子老是送不到嘴边 想叫我名字也叫不出", "family", "stroke"),
    ("我爸说话突然含糊 嘴也歪了 他自己说没事", "family", "stroke"),
    ("我妈胸口疼得直冒冷汗 她非说没事", "family", "medical"),
    ("奶奶从炕上摔下来了 躺着起不来", "family", "fall"),
    ("对面那家一股焦糊味 喊了好久没人应 门缝里在冒烟", "resident", "fire"),
    ("我和我家狗被困在电梯里了 卡在两层中间", "resident", "lift"),
    ("老头躺在楼道里 喊他也不答应 是不是晕过去了", "resident", "unconscious"),
])
def test_the_new_cue_families_are_danger_now_of_their_kind(text: str, speaker: str,
                                                           kind: str) -> None:
    verdict = assess(text, speaker=speaker)
    assert (verdict.level, verdict.kind) == ("now", kind), verdict


@pytest.mark.parametrize("text", [
    "地漏往上返水 越冒越多 满卫生间都是",
    "楼上的水一直往外渗 都流进电梯井那边的走廊了",
    "阀门关了还在漏 水越来越猛",
])
def test_a_leak_that_grows_or_spreads_is_urgent(text: str) -> None:
    assert assess(text).level in ("urgent", "now")


@pytest.mark.parametrize(("text", "speaker"), [
    ("总闸老跳 推上去又跳 屋里没漏水 找个电工吧", "resident"),
    ("晾衣服的时候手是湿的 碰了下插座 幸好没事", "resident"),
    ("电梯又坏了 好在我们没被困在里面 走楼梯上来的", "resident"),
    ("我想不开的问题是 为什么快递柜要收费", "resident"),
    ("阮阿公进前中风过 这马拄拐去复健", "resident"),
    ("手机屏碎了 看字有重影 想换个屏", "resident"),
    ("我养的乌龟趴着不动好几天了 是冬眠吗", "resident"),
    ("谁捡到我的公交卡了 早上出门就找不着了", "resident"),
    ("物业说夜里有人偷电瓶 大家停好车", "staff"),
    ("喂孙女吃饭 勺子送不到嘴边她就扭头", "resident"),
    ("最近有老人走失的情况 请大家出门带好联系卡", "staff"),
])
def test_the_near_misses_of_those_cues_are_no_alarm(text: str, speaker: str) -> None:
    assert assess(text, speaker=speaker).level != "now"


@pytest.mark.parametrize(("text", "kind"), [
    ("胃疼得在床上打滚 一直吐 起都起不来", "medical"),
    ("外婆把安眠药当成维生素吃了好几片 现在站不稳", "medical"),
    ("锅里的火灭了 忘了关气 满屋子味道", "gas"),
    ("被关在电梯里好久了 里面憋得慌", "lift"),
    ("卫生间进水了 水漫到接线板那里 在冒烟", "flood_electric"),
    ("被蜂蛰了 嘴唇肿起来了 喘不上气", "medical"),
])
def test_the_first_words_are_of_the_kind_that_fits(text: str, kind: str) -> None:
    verdict = assess(text)
    assert (verdict.level, verdict.kind) == ("now", kind), verdict
