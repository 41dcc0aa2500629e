"""Single words must not decide the intent: each trigger word of issue #15 in its true use and in
sentences that mean something else (the sentences are not in the training data)."""

from __future__ import annotations

from datetime import date

import pytest

from nlu import NluModel

REF = date(2026, 11, 18)

TRUE_USES = [
    ("您好", "您好啊", "greet"),
    ("菜", "今天中午食堂有什么菜", "query_menu"),
    ("什么时候", "下回义剪是什么时候", "query_events"),
    ("救救", "救救我 我老伴倒地上不动了", "emergency"),
    ("退", "后天的午饭给我退了吧", "cancel_meal"),
    ("报名", "重阳节登山活动我报名", "join_event"),
    ("身体还硬朗", "我身体还硬朗 今晚一切都好", "checkin_ok"),
]

MISLEADING_USES = [
    ("您好", "您好，我们单元的楼道灯坏了好几天了，上下楼摸黑，请派人修一下", "report_repair"),
    ("您好", "您好 我想投诉一下楼下饭店的油烟 熏得窗户都不敢开", "feedback"),
    ("您好", "您好，请问社区的办公电话是多少", "faq"),
    ("菜", "小区北门每天早上都有人摆摊卖菜 垃圾扔一地 希望管一管", "feedback"),
    ("菜", "楼后面的绿地被人挖了种菜 还泼大粪 味道太大了", "feedback"),
    ("什么时候", "上周报的路灯什么时候能修好", "query_report"),
    ("什么时候", "社区居委会周六什么时候有人", "faq"),
    ("救救", "救救候鸟吧 后山的湿地天天有人拉网", "feedback"),
    ("救救", "救救小区门口那几棵老槐树 听说要被砍了", "feedback"),
    ("不退还", "交的装修押金物业说不退还 这合理吗 请社区给个说法", "feedback"),
    ("不退还", "游泳馆的卡说不退还就不退还 老板人都找不到了", "feedback"),
    ("报名", "上次讲座报名的人挤得不行 建议以后分两个时段", "feedback"),
    ("报名", "孩子上小学报名要社区开什么证明", "faq"),
    ("身体还硬朗", "我爸身体还硬朗 就是不会用手机 能不能派人教教他", "request_help"),
    ("身体还硬朗", "老人身体还硬朗 可是楼里没电梯 天天爬七楼 建议加装电梯", "feedback"),
]


@pytest.mark.parametrize(("trigger", "text", "intent"), TRUE_USES)
def test_a_trigger_word_in_its_true_use(nlu_model: NluModel, trigger: str, text: str,
                                        intent: str) -> None:
    assert nlu_model.parse(text, ref_date=REF)["intent"]["name"] == intent, (trigger, text)


@pytest.mark.parametrize(("trigger", "text", "intent"), MISLEADING_USES)
def test_a_trigger_word_in_a_sentence_that_means_something_else(
        nlu_model: NluModel, trigger: str, text: str, intent: str) -> None:
    assert nlu_model.parse(text, ref_date=REF)["intent"]["name"] == intent, (trigger, text)
