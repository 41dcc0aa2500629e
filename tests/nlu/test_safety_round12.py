"""The safety layer's mechanisms of issue 13's round twelve: a person gone missing told in
many ways (not back, not seen by the place they went to, out of reach since yesterday), and
the notes and near misses that are no alarm (heard from, back again, lost long ago, a tradesman
one cannot reach)."""

from __future__ import annotations

import pytest

from nlu.safety import assess
from tests.nlu.overruled import params


@pytest.mark.parametrize(("text", "speaker"), [
    ("姥姥去趟邮局 两个多小时了都没回来", "family"),
    ("我爸出去晨练 到现在没音信 手机又没带", "family"),
    ("外婆说去舅舅家 舅舅说她一直没到", "family"),
    ("他前天下午出门后就没消息了", "family"),
    ("孩子放学去同学家 学校说早就放了 现在联系不上", "resident"),
    ("一松手孩子就不见了", "resident"),
    ("老伴出去遛狗 狗回来了 人没回来", "resident"),
    ("找不到我奶奶了", "family"),
])
def test_a_person_gone_missing_is_danger_now_of_that_kind(text: str, speaker: str) -> None:
    verdict = assess(text, speaker=speaker)
    assert (verdict.level, verdict.kind) == ("now", "missing"), verdict


@pytest.mark.parametrize(("text", "speaker"), params([
    ("我妈去买菜还没回来 刚回微信了 说马上到", "family"),
    ("我爸出去散步了 一直没回来 后来邻居送回来了", "family"),
    ("前年我爷爷走丢过一次 想问问有没有定位手环", "family"),
    ("狗出去三个小时了 还没回来", "resident"),
    ("找不到我的钥匙了", "resident"),
    ("联系不上装修师傅 他说今天来", "resident"),
    ("宽带坏了 联系不上客服", "resident"),
    ("一转眼工资就没了", "resident"),
    ("我妈出门旅游 两天没消息了 导游说山里没信号", "family"),
    ("出去买菜 找不到卖豆腐的了", "resident"),
    ("老伴出去下棋 一下午没回来 晚饭我自己做", "resident"),
]))
def test_heard_from_back_lost_long_ago_or_not_a_person_is_no_alarm(text: str,
                                                                  speaker: str) -> None:
    assert assess(text, speaker=speaker).level != "now"


def test_what_the_writer_said_in_the_group_is_no_news_but_what_the_group_said_is() -> None:
    assert assess("我刚在群里说了 我爷爷走丢了 大家帮忙找找", speaker="family").kind == "missing"
    assert assess("群里说有个老人走丢了 后来找到了").level == "none"


def test_a_fisherman_is_no_pet() -> None:
    verdict = assess("姥爷去水库钓鱼 天黑了还没见人影 电话也打不通", speaker="family")
    assert (verdict.level, verdict.kind) == ("now", "missing")
