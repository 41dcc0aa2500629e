"""Normalization: traditional, full-width, typos, numerals -- and the words it must not touch."""

from __future__ import annotations

import pytest

from nlu import is_traditional, normalize, to_traditional
from nlu.normalize import normalize_mapped


@pytest.mark.parametrize(("text", "expected"), [
    ("三号楼二单元五〇一", "3号楼2单元501"),
    ("两份", "2份"),
    ("十二月五号", "12月5号"),
    ("十二月五日", "12月5日"),
    ("我住十一号楼三单元六零二", "我住11号楼3单元602"),
    ("二十号楼", "20号楼"),
    ("一楼", "1楼"),
    ("三层", "3层"),
    ("一百零一室", "101室"),
    ("订二十份", "订20份"),
    ("两个人", "2个人"),
    ("一〇号楼", "10号楼"),
    ("电话幺三八一二三四五六七八", "电话13812345678"),
])
def test_numerals_that_are_quantities_or_addresses_become_digits(text: str, expected: str) -> None:
    assert normalize(text) == expected


@pytest.mark.parametrize("word", [
    "一起", "一直", "十分", "一下", "一点", "万一", "一般", "星期一", "三心二意", "周三", "下周一",
    "礼拜三", "一个人住", "一会儿", "三三两两", "三天两头", "初五", "一样", "一块儿", "十全十美",
])
def test_words_containing_numerals_stay_as_they_are(word: str) -> None:
    assert normalize(word) == word


def test_weekday_words_stay_recognizable_next_to_numbers() -> None:
    assert normalize("星期三中午订二十份") == "星期三中午订20份"
    assert normalize("下周一到周五每天一份") == "下周一到周五每天1份"


def test_traditional_and_full_width_become_simplified_half_width() -> None:
    assert normalize("我住三號樓二單元，電梯壞了！") == "我住3号楼2单元,电梯坏了!"
    assert normalize("ＡＢＣ１２３") == "ABC123"


@pytest.mark.parametrize(("typo", "fixed"), [
    ("我要报休", "我要报修"), ("我想定餐", "我想订餐"), ("电悌坏了", "电梯坏了"),
])
def test_common_homophone_typos_are_corrected(typo: str, fixed: str) -> None:
    assert normalize(typo) == fixed


def test_offsets_map_back_to_the_original_text() -> None:
    text = "我住三號樓二單元五〇一"
    norm = normalize_mapped(text)
    start = norm.text.index("501")
    assert norm.span(start, start + 3) == (8, 11)
    assert text[slice(*norm.span(2, 5))] == "三號樓"


def test_traditional_is_detected_and_produced() -> None:
    assert is_traditional("我家樓道燈壞了")
    assert not is_traditional("我家楼道灯坏了")
    assert not is_traditional("你好")
    assert not is_traditional("3号楼")
    assert to_traditional("楼道灯坏了") == "樓道燈壞了"


@pytest.mark.parametrize("text", ["请有关部门尽快处理", "天然气管道", "工资一分都没有发"])
def test_real_words_are_not_typos(text: str) -> None:
    assert normalize(text) == text
