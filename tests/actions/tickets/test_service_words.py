"""The service free words name (actions.tickets.service_words over data/tickets.yml): scored on
the simplified text, so traditional characters, dialect words and a `…` gap are read too."""

from __future__ import annotations

import pytest

from actions.tickets.config import load_config
from actions.tickets.service_words import service_in_words

NAMES = ["代缴费用", "手机教学", "送餐", "其他"]
WORDS = {"代缴费用": ["话费", "交…费"], "手机教学": ["手机", "教教我"], "送餐": ["饭…送"]}


def test_the_words_covering_most_win_and_traditional_is_read() -> None:
    assert service_in_words("幫我交一下手機話費", NAMES, WORDS) == "代缴费用"  # 交…费+话费 > 手机
    assert service_in_words("手機不會用 教教我", NAMES, WORDS) == "手机教学"


def test_a_gap_word_and_nothing_named() -> None:
    assert service_in_words("饭能给我送到楼上不", NAMES, WORDS) == "送餐"
    assert service_in_words("帮我买点菜", NAMES, WORDS) is None  # 其他 is never guessed


@pytest.mark.parametrize(("text", "service"), [
    ("老伴的降压药吃完了 想请人陪我去配点", "送医陪诊"),
    ("屋里乱七八糟的 想请个人来归置归置", "家政"),
    ("有线电视欠费停了 帮我缴一下", "代缴费用"),
    ("我想刮刮胡子 剪剪头", "理发"),
])
def test_the_office_table_reads_everyday_and_dialect_words(text: str, service: str) -> None:
    assert load_config("data").guess("help", text) == service
