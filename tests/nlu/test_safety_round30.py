"""The safety layer's near-miss types of issue 13's stop 30, each fixed as a type (own words,
never a dev set's): a rule asked about in general, a past event told with its aftermath
(到现在 / 至今), exaggerations (都要犯了, a dry throat, emoji of praise), insurance, a cue
gap across 没; and the danger beside them that must stay danger: a question asked in the
middle of a real case, the sufferer's own 没事 after a fall they cannot get up from, dialect
and bare words. Also the frame model's second opinion (urgent, no alarm)."""

from __future__ import annotations

import pytest

from nlu.safety import assess
from nlu.safety.learned import frame_says_now
from nlu.safety.text import prepare
from tests.nlu.overruled import params


@pytest.mark.parametrize("text", [
    "请问燃气泄漏的时候能不能按门铃",
    "油锅起火可以盖锅盖吗",
    "有人触电了要不要先拉闸",
    "被困在电梯里的话能不能蹦跳",
    "老人中暑晕倒时应该喂盐水吗",
    "高楼着火往楼顶跑还是往楼下跑",
])
def test_a_rule_asked_about_in_general_is_no_alarm(text: str) -> None:
    assert assess(text).level != "now"


@pytest.mark.parametrize(("text", "kind"), params([
    ("我家燃气泄漏了 能不能按门铃叫邻居", "gas"),
    ("锅里起火了 现在可以盖锅盖吗", "fire"),
    ("楼下有人触电了 要不要先拉闸", "flood_electric"),
    ("我被困在电梯里了 能不能蹦跳", "lift"),
    ("我爸晕倒了 应该喂点盐水吗", "unconscious"),
]))
def test_a_question_asked_in_a_real_case_stays_danger(text: str, kind: str) -> None:
    verdict = assess(text)
    assert verdict.level == "now", verdict


@pytest.mark.parametrize("text", [
    "前年电梯困过我一回 到现在都不敢一个人坐",
    "去年楼下着火以后 至今楼道的灯都没修",
    "上回老张家漏煤气以后说要装报警器 到现在还没装",
    "以前有个老邻居想不开跳了河 大家到现在都不愿意说",
])
def test_the_past_told_with_its_aftermath_is_past(text: str) -> None:
    assert assess(text).level != "now"


@pytest.mark.parametrize("text", [
    "我爸从早上晕倒到现在还没醒",
    "老伴昨晚出门至今未归 电话也不接",
])
def test_until_now_of_the_danger_itself_goes_on(text: str) -> None:
    assert assess(text).level == "now"


@pytest.mark.parametrize("text", [
    "炒股炒得我心脏病都快犯了",
    "跳了一晚上广场舞 嗓子冒烟 想喝水",
    "🔥🔥 今天的饺子真香",
    "老年人意外伤害险在哪买",
    "我妈没走丢 在她妹妹家",
])
def test_exaggerations_insurance_and_denials_are_no_alarm(text: str) -> None:
    assert assess(text).level != "now"


@pytest.mark.parametrize(("text", "speaker", "kind"), [
    ("我老伴在卫生间摔了 坐地上站不起来 他自己说没事", "resident", "fall"),
    ("漏气了！", "resident", "gas"),
    ("阿拉爷爷寻勿着了", "family", "missing"),
    ("她脸歪着 话讲不囫囵", "family", "stroke"),
    ("我外公半边脸歪着 嘴角流口水", "family", "stroke"),
])
def test_danger_in_words_that_were_missed(text: str, speaker: str, kind: str) -> None:
    verdict = assess(text, speaker=speaker)
    assert (verdict.level, verdict.kind) == ("now", kind), verdict


def test_a_fall_the_writer_got_up_from_is_no_alarm_with_his_own_word() -> None:
    assert assess("我爸摔了一跤 自己爬起来了 他说没事").level != "now"


def test_heating_pipe_water_is_no_gas() -> None:
    verdict = assess("暖气管子漏水了 滴滴答答的")
    assert verdict.kind != "gas", verdict


def test_the_frame_model_tells_a_case_from_a_rule() -> None:
    assert frame_says_now(prepare("我妈突然晕倒了 叫不醒")) > 0.5
    assert frame_says_now(prepare("晕倒的急救知识社区什么时候讲")) < 0.5
