"""A letter's salutation (issue 15, fifth round): found at the start or after a subject line,
read out of the body, and it makes the message a letter: never a greeting, a registration or
an answer to the check-in (sentences not in the training data)."""

from __future__ import annotations

from datetime import date

import pytest

from nlu import NluModel
from nlu.clauses import asking_clause, core, formal
from nlu.model import LETTER_UNLIKELY
from nlu.normalize import normalize

REF = date(2026, 11, 18)


def test_a_salutation_after_a_subject_line_goes_and_the_subject_stays() -> None:
    text = "关于西门路灯损坏的反映 尊敬的领导：您好！西门外的路灯坏了两个月了，请派人修。"
    body = core(text)
    assert body.startswith("关于西门路灯损坏的反映")
    assert "尊敬的领导" not in body and "您好" not in body
    assert formal(text)


@pytest.mark.parametrize("text,is_letter", [
    ("尊敬的街道领导：您好！我想说说小区停车的事。", True),
    ("社区的同志你们好，我想反映个事。", True),
    ("您好，我住在幸福里小区9号楼。", False),  # a courtesy, not a letter to an office
    ("领导您好", False),  # the salutation alone says nothing more
    ("今天好冷啊，领导说你好", False),
])
def test_formal_means_a_letter_to_an_office(text: str, is_letter: bool) -> None:
    assert formal(text) is is_letter


@pytest.mark.parametrize("text", [
    "尊敬的领导您好，我是和顺小区6号楼3单元的住户，在这里住了快三十年了。",
    "尊敬的社区领导：您好！我身体还挺硬朗，今年七十了，一个人住在北区。",
    "敬爱的书记：你好！我叫赵桂兰，是东门那栋楼的老住户。",
])
def test_a_letter_is_never_a_greeting_or_a_registration(nlu_model: NluModel, text: str) -> None:
    parsed = nlu_model.parse(text, ref_date=REF)
    assert parsed["intent"]["name"] not in LETTER_UNLIKELY, text


def test_the_same_words_without_a_letter_still_register(nlu_model: NluModel) -> None:
    parsed = nlu_model.parse("我是和顺小区6号楼3单元的住户", ref_date=REF)
    assert parsed["intent"]["name"] == "register"


def test_a_salutation_alone_is_still_a_greeting(nlu_model: NluModel) -> None:
    assert nlu_model.parse("尊敬的领导您好！", ref_date=REF)["intent"]["name"] == "greet"


@pytest.mark.parametrize("text,body", [
    ("各位领导：大家好，小区的物业费涨得太多了。", "小区的物业费涨得太多了。"),
    ("王书记，楼道灯坏了三天了", "楼道灯坏了三天了"),
    ("社区领导好！想反映个事，门口的菜市场太乱了。", "想反映个事,门口的菜市场太乱了。"),
    ("各位社区工作人员：你们辛苦了！我想投诉一下物业。", "我想投诉一下物业。"),
])
def test_openings_without_respectful_words_are_read_out_too(text: str, body: str) -> None:
    assert core(normalize(text)) == body
    assert formal(normalize(text))


def test_a_title_that_begins_a_sentence_is_no_salutation() -> None:
    assert core("主任说明天开会吗") == "主任说明天开会吗"
    assert not formal("主任说明天开会吗")


@pytest.mark.parametrize("text,body", [
    ("您好！我是阳光花园的业主，最近楼上装修太吵了，希望社区管管。",
     "最近楼上装修太吵了,希望社区管管。"),
    ("尊敬的领导：我是一名普通市民，住在老城区的柳巷。柳巷口的下水道一直不通。",
     "柳巷口的下水道一直不通。"),
])
def test_a_self_introduction_before_the_matter_is_background(text: str, body: str) -> None:
    assert core(normalize(text)) == body


@pytest.mark.parametrize("text", ["我是10号楼的王秀英", "我是和顺小区6号楼3单元的住户"])
def test_a_self_introduction_alone_stays(text: str) -> None:
    assert core(normalize(text)) == normalize(text)


def test_an_urging_clause_is_never_the_asking_clause() -> None:
    body = core(normalize("小区的路灯电费每户摊了两百块，太不合理了，恳请领导重视，尽快解决。"))
    assert asking_clause(body) is None


def test_a_letter_may_ask_to_pause_the_check_in(nlu_model: NluModel) -> None:
    text = ("尊敬的社区工作人员：您好！我下周一要去女儿家住半个月，这段时间晚上的平安问候"
            "就先停一下，等我回来再说。")
    assert nlu_model.parse(text, ref_date=REF)["intent"]["name"] == "pause_checkin"
