"""Several requests in one message: how a message is cut into parts that may be requests."""

from __future__ import annotations

from actions.core.request_parts import split_requests


def test_parts_at_connectors_and_punctuation() -> None:
    assert split_requests("我要报修厨房水龙头漏水 还有明天中午订一份饭") == [
        ("我要报修厨房水龙头漏水", False), ("明天中午订一份饭", True)]
    assert split_requests("楼道灯坏了，另外帮我交一下电费") == [
        ("楼道灯坏了", False), ("帮我交一下电费", True)]
    assert split_requests("水管漏了，楼下也湿了") == [("水管漏了", False), ("楼下也湿了", False)]


def test_one_request_is_not_cut() -> None:
    assert split_requests("7好楼1单元楼到灯不亮了") == []
    assert split_requests("好") == []
    assert split_requests("平安 嗯") == []  # a part of one character is no request
