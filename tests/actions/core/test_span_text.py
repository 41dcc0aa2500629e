"""How long and how long ago, as people say it: 刚刚, never 0分钟 (issue 14)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from actions.core.texts import Texts, span_text
from bot.console import ConsoleChat
from tests.helpers import play

TEXTS = Texts.load(Path(__file__).resolve().parents[3] / "data" / "responses")


@pytest.mark.parametrize(("seconds", "span", "ago"), [
    (0, "不到1分钟", "刚刚"),
    (59, "不到1分钟", "刚刚"),
    (60, "1分钟", "1分钟前"),
    (25 * 60, "25分钟", "25分钟前"),
    (5 * 3600 + 59, "5小时", "5小时前"),
    (47 * 3600, "47小时", "47小时前"),
    (3 * 86400, "3天", "3天前"),
    (-30, "不到1分钟", "刚刚"),  # a clock a little behind is still "just now"
])
def test_spans_read_as_people_say_them(seconds: int, span: str, ago: str) -> None:
    assert span_text(TEXTS, timedelta(seconds=seconds)) == span
    assert span_text(TEXTS, timedelta(seconds=seconds), ago=True) == ago


def test_a_repair_asked_about_at_once_was_reported_just_now(console: ConsoleChat) -> None:
    play(console, "王秀英: 3栋2单元楼道灯不亮了\n王秀英: [跳过]\n王秀英: [确认]")
    play(console, "王秀英: 3栋2单元门禁坏了\n王秀英: [跳过]\n王秀英: [确认]")  # two: the list
    out = play(console, "王秀英: 我报的修怎么样了")
    assert "· 楼道灯（3栋2单元）：待受理，刚刚报的" in out
    out = play(console, "@wait 3h\n王秀英: 我报的修怎么样了")
    assert "，3小时前报的" in out and "0分钟" not in out


def test_one_open_repair_is_shown_whole_with_her_words_on_a_line_of_their_own(
        console: ConsoleChat) -> None:
    play(console, "王秀英: 3栋2单元楼道灯不亮了\n王秀英: [跳过]\n王秀英: [确认]")
    out = play(console, "王秀英: 我报的修怎么样了")
    assert "现在：待受理\n" in out and "| 您说的是：3栋2单元楼道灯不亮了" in out


def test_an_emergency_answered_at_once_says_under_a_minute(console: ConsoleChat) -> None:
    play(console, "王秀英: 我家里闻到一股煤气味")
    out = play(console, "刘芳: [已响应]")
    assert "✅ 刘芳已响应王秀英的紧急求助（不到1分钟）" in out
    assert "求助后不到1分钟" in out and "0分钟" not in out
