"""Board letters about the writer's own earlier matter, pleas in hardship, classes signed up for
and subjects that name an estate's fault or a procedure's terms (issue 15, branch letters32):
a second appeal or a violation already confirmed is query_feedback, a family in hardship asks
for help, a subject line with the estate's water or lift is a repair (sentences not in the
training data or any held-out set)."""

from __future__ import annotations

from datetime import date

import pytest

from nlu import NluModel
from nlu.lexicon import FOLLOW, cues

REF = date(2026, 11, 18)


def _intent(model: NluModel, text: str) -> str:
    return str(model.parse(text, ref_date=REF)["intent"]["name"])


@pytest.mark.parametrize("text", [
    "第二次反映K9区玉兰苑小区楼下烧烤摊油烟问题",
    "第三次请求处理B3县河滩上的非法砂场",
    "规划部门早已认定为违建的车库何时拆除",
])
def test_a_second_appeal_asks_after_an_earlier_letter(nlu_model: NluModel, text: str) -> None:
    assert _intent(nlu_model, text) == "query_feedback"


@pytest.mark.parametrize(("text", "follow"), [
    ("第2次反映小区违建问题", True),
    ("已经被认定为违章建筑的棚子还在", True),
    ("上次回复说会处理，现在还没动", True),
    ("多次反映小区噪音问题", False),
    ("我再次写信请领导关注这件事", False),
    ("第二次世界大战纪念馆开放时间", False),
])
def test_the_follow_up_cue(text: str, follow: bool) -> None:
    assert (FOLLOW in cues(text)) is follow


@pytest.mark.parametrize("text", [
    "多次反映某酒吧深夜噪音扰民至今无人处理 我们向街道反映过好多次，每次来看一眼就走了。",
    "对交警部门关于限行的答复有不同意见 答复说限行是为了缓解拥堵，但我们这里根本不堵。",
])
def test_an_old_grievance_or_a_disputed_reply_stays_feedback(nlu_model: NluModel,
                                                             text: str) -> None:
    assert _intent(nlu_model, text) == "feedback"


@pytest.mark.parametrize("text", [
    "困难群众请求救助 我老伴中风瘫痪三年，儿子残疾，全家靠我捡废品过日子，实在熬不下去了。",
    "五保老人房屋漏雨请求帮扶 我一个人住，屋顶塌了一块，没钱修也爬不上去。",
])
def test_a_plea_in_hardship_asks_for_help(nlu_model: NluModel, text: str) -> None:
    assert _intent(nlu_model, text) == "request_help"


@pytest.mark.parametrize("text", [
    "请求解决L5区桃李园小区2栋居民的用水问题",
    "Z3区新城花园居民遭遇连续停水",
    "H2区银河小区消防设施陈旧无人检修",
])
def test_a_subject_naming_the_estates_fault_is_a_repair(nlu_model: NluModel, text: str) -> None:
    assert _intent(nlu_model, text) == "report_repair"


@pytest.mark.parametrize("text", [
    "咨询户口本上出生年月登记错误的更正办法",
    "请告诉我们预防蚊虫有什么方法",
])
def test_a_question_about_papers_or_advice_is_faq(nlu_model: NluModel, text: str) -> None:
    assert _intent(nlu_model, text) == "faq"


def test_a_class_signed_up_for_asks_when_it_starts(nlu_model: NluModel) -> None:
    assert _intent(nlu_model, "我在社区报名的电脑培训班什么时候开课") == "query_events"
