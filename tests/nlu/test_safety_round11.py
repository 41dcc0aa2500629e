"""The safety layer's mechanisms of issue 13's round eleven: danger told at the end of an errand
or inside a run-on (the classifier reads the last clauses too), the worst kind's first words
where two kinds meet, homophone runs that keep a character in place, notes that a check found
all safe, and signs told without the kind's word."""

from __future__ import annotations

import pytest

from nlu.safety import assess
from nlu.safety.homophones import fix_homophones
from nlu.safety.learned import NONE, guess, guess_tail
from nlu.safety.text import prepare


@pytest.mark.parametrize(("text", "fixed"), [
    ("活动室空调漏水", "活动室空调漏水"),
    ("我儿子接我出去吃饭", "我儿子接我出去吃饭"),
    ("有没有红烧肉啊好久没吃了", "有没有红烧肉啊好久没吃了"),
    ("停电是几号", "停电是几号"),
    ("煤其味好重", "煤气味好重"),
    ("电体卡住了", "电梯卡住了"),
])
def test_a_homophone_run_keeps_one_character_of_the_danger_word(text: str, fixed: str) -> None:
    assert fix_homophones(text) == fixed


@pytest.mark.parametrize(("text", "kind"), [
    ("你好 想问下明天食堂几点开饭 我想订两份 我妈在厕所里 起不来了", "fall"),
    ("你好我想问下明天食堂几点开饭我想订两份我妈在厕所里起不来了", "fall"),
    ("上周的活动很好 谢谢你们 我在桥上 下面是河", "self_harm"),
    ("上周的活动很好 谢谢你们 电梯里的灯灭了 门也不开 怎么办", "lift"),
])
def test_danger_at_the_end_of_an_errand_is_not_outvoted_by_it(text: str, kind: str) -> None:
    assert (assess(text).level, assess(text).kind) == ("now", kind)


def test_an_errand_with_nothing_after_it_stays_harmless() -> None:
    assert assess("你好 想问下明天食堂几点开饭 我想订两份 我妈出门买菜了").level == "none"
    assert assess("上周的活动很好 谢谢你们 下次还来").level == "none"


def test_the_classifier_reads_the_shortest_tail_still_sure_of_the_kind() -> None:
    plain = prepare("上周的活动很好 谢谢你们 我在桥上 下面是河")
    found, start = guess_tail(plain, 0.6)
    assert found.kind == "self_harm" and found.probability >= 0.6
    assert plain[start:] == "我在桥上 下面是河"
    harmless = prepare("上周的活动很好 谢谢你们")
    assert guess_tail(harmless, 0.6) == (guess(harmless), 0)
    assert guess(harmless).kind == NONE


@pytest.mark.parametrize(("text", "kind"), [
    ("爷爷摔了一跤 起来以后说话就不清楚了 嘴有点歪", "stroke"),
    ("爷爷摔倒了头磕在桌角上 现在叫不醒", "unconscious"),
    ("我妈家煤气味很大 她躺在床上叫不醒 窗户都关着", "gas"),
    ("厨房着火了 我妈被烟呛晕了 叫不醒", "fire"),
    ("燃气灶的管子掉了 火苗窜得老高", "gas"),
    ("煤气灶着火了 窗帘都烧着了 满屋黑烟", "fire"),
    ("电梯灯灭了 一动不动 我们三个在里面", "lift"),
    ("电梯里有个老太太晕倒了 拍她没反应 电梯门开着", "unconscious"),
    ("我老公把我打得头破血流 现在头好晕", "violence"),
])
def test_where_two_kinds_meet_the_worst_names_the_first_words(text: str, kind: str) -> None:
    verdict = assess(text)
    assert (verdict.level, verdict.kind) == ("now", kind), verdict


@pytest.mark.parametrize(("text", "speaker"), [
    ("煤气味是燃气公司在换表 他们说正常", "resident"),
    ("刘大爷家那股煤气味是炖的臭豆腐 已经确认安全", "contact"),
    ("麻烦问一下 冰箱漏水 地上湿了一片 谢谢", "resident"),
    ("老伴睡得好香 叫都叫不醒 今天累坏了", "resident"),
    ("我奶奶说话一直含糊 她没牙", "family"),
    ("🔥 这家店的火锅太好吃了", "resident"),
])
def test_explained_or_checked_or_polite_is_no_alarm(text: str, speaker: str) -> None:
    assert assess(text, speaker=speaker).level != "now"


@pytest.mark.parametrize(("text", "kind"), [
    ("锅烧干了冒着烟 满屋子都是煤气味 火早就灭了 阀门还开着", "gas"),
    ("隔壁阿姨切菜切到手了 血止不住 流了一地", "medical"),
    ("对面楼窗户往外冒红光 还有噼里啪啦的声音", "fire"),
    ("喘得说不出整句话", "medical"),
    ("老伴想说什么说不出来 急得直比划", "stroke"),
    ("我是小明 奶奶睡在地上不起来 我叫她她不说话 我好害怕", "unconscious"),
    ("嘴歪了要不要紧啊 刚刚突然这样的", "stroke"),
    ("昨天晚上摔的 到现在还躺在地上", "fall"),
    ("宝宝发烧 刚才手脚一直抖 眼睛发直", "medical"),
    ("我爸给我发了他的银行卡密码 说以后用得上 电话就打不通了", "self_harm"),
])
def test_signs_told_without_the_kinds_word(text: str, kind: str) -> None:
    verdict = assess(text)
    assert (verdict.level, verdict.kind) == ("now", kind), verdict
