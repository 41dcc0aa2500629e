"""Small rules of stop 31 (ctx31b): a day in a staff command's words, a letter read as one
text, when a meal comes, fear as a wish to stay anonymous, a yes before the request."""

from __future__ import annotations

from datetime import date
from typing import Any

from actions.canteen.when_served import asks_when_served
from actions.core.args import stated_day
from actions.core.reply_words import says_go_ahead
from actions.core.requests import one_letter
from actions.mailbox import ANONYMOUS
from nlu import normalize

TODAY = date(2026, 11, 18)  # a Wednesday


def test_a_command_day_in_words_iso_dialect_or_traditional() -> None:
    assert stated_day("2026-11-23", today=TODAY) == date(2026, 11, 23)
    assert stated_day("明天", today=TODAY) == date(2026, 11, 19)
    assert stated_day("明兒個", today=TODAY) == date(2026, 11, 19)
    assert stated_day("後天", today=TODAY) == date(2026, 11, 20)
    assert stated_day("周五", today=TODAY) == date(2026, 11, 20)
    assert stated_day("下礼拜一", today=TODAY) == date(2026, 11, 23)
    assert stated_day("11月24日", today=TODAY) == date(2026, 11, 24)


def test_no_day_or_several_days_is_none() -> None:
    assert stated_day("那天", today=TODAY) is None
    assert stated_day("明天和后天", today=TODAY) is None
    assert stated_day("2099-01-01", today=TODAY) is None


def _group(text: str, intent: str, *, also: bool = False) -> dict[str, Any]:
    return {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": [],
            "also": also}


def test_a_letter_keeps_the_words_that_tell() -> None:
    groups = one_letter([_group("义剪队的黄师傅每回都来", "join_team"),
                         _group("我要表扬他", "feedback")], "feedback")
    assert [(g["text"], g["intent"]["name"]) for g in groups] == [
        ("义剪队的黄师傅每回都来 我要表扬他", "feedback")]


def test_a_letter_leaves_wishes_repairs_and_what_follows_also() -> None:
    groups = one_letter([_group("我想加入助老队", "join_team"),
                         _group("楼道灯坏了", "report_repair"),
                         _group("表扬一下何静", "feedback"),
                         _group("明天订一份饭", "book_meal", also=True)], "feedback")
    assert [g["intent"]["name"] for g in groups] == [
        "feedback", "join_team", "report_repair", "book_meal"]
    assert groups[0]["text"] == "表扬一下何静"


def test_not_a_letter_as_a_whole_changes_nothing() -> None:
    groups = [_group("助老队的人常来看我", "join_team"), _group("表扬她", "feedback")]
    assert one_letter(groups, "join_team") == groups


def test_when_a_meal_comes_is_asked() -> None:
    for words in ("明天的饭几点能送来", "明天的飯幾點送到", "送饭一般啥时候来", "食堂几点开饭"):
        assert asks_when_served(normalize(words)), words
    for words in ("中午的饭几点之前要订", "几点前能退饭", "修水管的什么时候来", "明天吃什么"):
        assert not asks_when_served(normalize(words)), words


def test_fear_of_being_known_is_anonymous() -> None:
    for words in ("怕闹僵了", "我怕被报复", "怕邻居知道", "怕鄰居知道是我說的", "怕得罪人"):
        assert ANONYMOUS.search(normalize(words)), words
    assert not ANONYMOUS.search("楼道太黑 老人怕摔")


def test_a_yes_then_the_request_goes_ahead() -> None:
    for words in ("要 订吧", "是的 订吧", "中 报上吧", "好的，订吧"):
        assert says_go_ahead(words), words
    assert not says_go_ahead("要订周五的")
