"""A danger word typed partly in pinyin, one syllable in Latin letters where its character was
not found (children and elders who cannot find a character), is the word; Latin letters that
complete no danger word stay as they are. An English danger word typed with a space before its
Chinese (pipe 爆了) is read with it, not as a clause of its own."""

from __future__ import annotations

import pytest

from nlu.safety import assess
from nlu.safety.homophones import fix_spelled_syllables


@pytest.mark.parametrize(("text", "kind"), [
    ("我想zi殺 現在就想 家裡沒人", "self_harm"),
    ("爷爷hun迷了 我喊了好多声他都没醒", "unconscious"),
    ("我们dian梯卡住了 出不去", "lift"),
    ("家里天然qi的味道好大 我头晕", "gas"),
    ("天然qi泄漏了 怎么办 我们家3楼", "gas"),
])
def test_a_syllable_typed_in_latin_letters_completes_its_word(text: str, kind: str) -> None:
    verdict = assess(text)
    assert (verdict.level, verdict.kind) == ("now", kind), verdict


@pytest.mark.parametrize("text", [
    "ok好的 qi车来了", "wifi连不上", "kpi完不成了", "我在ktv唱歌",
    # a real word of its own, with a character of the syllable's reading in its place
    "房租上diao了", "衣服chuan不上", "把卡抽chu来", "货yun过去了", "他是中feng", "找到漏dian了",
    "轮胎mei气了", "燃qi了希望", "股票跌dao底了",
])
def test_letters_that_complete_no_danger_word_stay(text: str) -> None:
    assert fix_spelled_syllables(text) == text


@pytest.mark.parametrize(("text", "level", "kind"), [
    ("pipe 爆了 water everywhere 我在13栋802", "urgent", "burst_pipe"),
    ("我妈 fell 了 起不来 help", "now", "fall"),
])
def test_an_english_word_typed_beside_its_chinese_is_one_clause(text: str, level: str,
                                                                kind: str) -> None:
    verdict = assess(text)
    assert (verdict.level, verdict.kind) == (level, kind), verdict
