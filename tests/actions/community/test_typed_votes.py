"""Votes in words: which option typed words choose."""

from __future__ import annotations

from actions.community.typed_votes import _option
from actions.db.community_life import Question

YES_NO = Question(title="3号楼楼道要不要加装扶手", options=["同意", "不同意"])


def test_the_longest_words_win() -> None:
    assert _option(YES_NO, "同意") == 0
    assert _option(YES_NO, "不同意 楼道本来就窄") == 1
    assert _option(YES_NO, "我改主意了 还是不同意吧") == 1
    assert _option(YES_NO, "举双手赞成") == 0
    assert _option(YES_NO, "我反对") == 1


def test_an_options_own_words_count() -> None:
    where = Question(title="快递柜装在哪个门", options=["东门", "西门"])
    assert _option(where, "投东门吧 离我家近") == 0
    assert _option(where, "同意") is None
