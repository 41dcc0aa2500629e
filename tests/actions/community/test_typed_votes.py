"""Votes in words: which option typed words choose."""

from __future__ import annotations

from actions.community.vote_words import chosen_option
from actions.db.community_life import Question

YES_NO = Question(title="3号楼楼道要不要加装扶手", options=["同意", "不同意"])


def test_the_longest_words_win() -> None:
    assert chosen_option(YES_NO, "同意") == 0
    assert chosen_option(YES_NO, "不同意 楼道本来就窄") == 1
    assert chosen_option(YES_NO, "我改主意了 还是不同意吧") == 1
    assert chosen_option(YES_NO, "举双手赞成") == 0
    assert chosen_option(YES_NO, "我反对") == 1


def test_an_options_own_words_count() -> None:
    where = Question(title="快递柜装在哪个门", options=["东门", "西门"])
    assert chosen_option(where, "投东门吧 离我家近") == 0
    assert chosen_option(where, "同意") is None


def test_the_first_said_wins_between_equals() -> None:
    where = Question(title="快递柜装在哪个门", options=["东门", "北门", "不装"])
    assert chosen_option(where, "装北门那边吧 东门车太多") == 1


def test_words_people_use_for_yes_and_no() -> None:
    assert chosen_option(YES_NO, "我觉得没必要装") == 1
    assert chosen_option(YES_NO, "早该装了") == 0
    assert chosen_option(YES_NO, "到底要不要装啊") is None
    assert chosen_option(YES_NO, "装不装都行") is None


def test_a_plain_yes_or_no_only_when_nothing_else_is_asked() -> None:
    assert chosen_option(YES_NO, "行", plain=True) == 0
    assert chosen_option(YES_NO, "不用", plain=True) == 1
    assert chosen_option(YES_NO, "行") is None


def test_the_option_by_its_place() -> None:
    assert chosen_option(YES_NO, "1") == 0
    assert chosen_option(YES_NO, "选第二个") == 1
    assert chosen_option(YES_NO, "第三个") is None


def test_half_hearted_words_are_a_no() -> None:
    assert chosen_option(YES_NO, "我不太赞成") == 1
    assert chosen_option(YES_NO, "不怎么同意") == 1
    assert chosen_option(YES_NO, "不是很支持 太吵了") == 1
    assert chosen_option(YES_NO, "我赞成") == 0


def test_the_place_with_a_particle() -> None:
    where = Question(title="快递柜放在哪", options=["东门", "北门"])
    assert chosen_option(where, "第一个吧") == 0
    assert chosen_option(where, "我投第二个") == 1
