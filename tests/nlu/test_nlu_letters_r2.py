"""A board's letter cut off after its salutation (issue 15, branch letters3): the subject line
is the letter, the salutation after it is read out, and the letter is read by its subject
(sentences not in the training data or any held-out set)."""

from __future__ import annotations

from datetime import date

import pytest

from nlu import NluModel
from nlu.clauses import core, formal

REF = date(2026, 11, 18)


@pytest.mark.parametrize("text,subject", [
    ("咨询孩子转学需要哪些材料 尊敬的教育局领导：您好！", "咨询孩子转学需要哪些材料"),
    ("关于东门路灯不亮的反映 王书记，您好！", "关于东门路灯不亮的反映"),
    ("投诉小区物业乱收停车费 主任你好", "投诉小区物业乱收停车费"),
])
def test_a_salutation_ending_a_subject_line_goes(text: str, subject: str) -> None:
    assert core(text).strip() == subject
    assert formal(text)


@pytest.mark.parametrize("text", ["尊敬的领导您好！", "王书记，您好！",
                                  "关于路灯的反映 王书记，路灯坏了"])
def test_a_salutation_alone_or_a_title_in_the_body_stays(text: str) -> None:
    assert core(text) == text


@pytest.mark.parametrize("text,intent", [
    ("咨询外地户口孩子在本区入读小学的条件 尊敬的局长：您好！", "faq"),
    ("请问二手房过户要带哪些材料 尊敬的领导：您好！", "faq"),
    ("关于幸福里小区门口路灯半年不亮的反映 李主任，您好！", "report_repair"),
    ("尊敬的领导：您好！", "greet"),
])
def test_a_letter_cut_after_its_salutation_is_read_by_its_subject(
        nlu_model: NluModel, text: str, intent: str) -> None:
    assert nlu_model.parse(text, ref_date=REF)["intent"]["name"] == intent, text
