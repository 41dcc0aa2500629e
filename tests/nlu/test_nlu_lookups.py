"""The contract's look-up, pause and withdrawal intents, told apart from their neighbours
(sentences not in the training data)."""

from __future__ import annotations

from datetime import date

import pytest

from nlu import NluModel

REF = date(2026, 11, 18)


@pytest.mark.parametrize(("text", "intent"), [
    ("周四的饭我到底订了没", "query_bookings"),
    ("我这周订饭的情况给我说说", "query_bookings"),
    ("明天中午订一份", "book_meal"),
    ("我要去外地住两个礼拜 晚上别问我了", "pause_checkin"),
    ("住院这几天平安先停", "pause_checkin"),
    ("我今天很好", "checkin_ok"),
    ("我爸今晚报平安没有啊", "query_checkin"),
    ("今晚谁没回平安", "query_checkin"),
    ("社区最近贴了啥通知", "query_announcements"),
    ("周末有什么活动", "query_events"),
    ("明天的书法课我去不了了", "cancel_event"),
    ("把我剪纸活动的报名撤了", "cancel_event"),
    ("明天的饭不要了", "cancel_meal"),
    ("我上月投诉的噪音问题有答复没", "query_feedback"),
    ("我给红色信箱写的建议 回复了吗", "query_feedback"),
    ("我报修的水管修了没", "query_report"),
])
def test_look_ups_pauses_and_withdrawals(nlu_model: NluModel, text: str, intent: str) -> None:
    assert nlu_model.parse(text, ref_date=REF)["intent"]["name"] == intent, text


def test_a_meal_in_a_booking_look_up(nlu_model: NluModel) -> None:
    parse = nlu_model.parse("明天中午我订没订饭", ref_date=REF)
    assert parse["intent"]["name"] == "query_bookings"
    assert {(e["entity"], e["value"]) for e in parse["entities"]} == {
        ("date", "2026-11-19"), ("meal", "午餐")}
