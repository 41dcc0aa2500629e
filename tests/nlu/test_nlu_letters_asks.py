"""Board letters asking about the writer's own papers, licences and exams (issue 15, branch
letters5): a procedure question is faq whatever county code or background it carries; the same
topic as a grievance, and a school place, stay feedback (sentences not in the training data or
any held-out set)."""

from __future__ import annotations

from datetime import date

import pytest

from nlu import NluModel
from nlu.lexicon import cues

REF = date(2026, 11, 18)


@pytest.mark.parametrize("text,intent", [
    ("咨询F9县机动车驾驶证遗失补领的手续", "faq"),
    ("关于C6区高中学籍转出手续的咨询 孩子随我们去外省工作，请问学籍怎么转出去？", "faq"),
    ("咨询J4县毕业生档案存放的地方", "faq"),
    ("咨询K7区报考会计职称需要什么条件", "faq"),
    ("咨询E8县驾校补考为什么每次都要多收几百块 教练说是规定，却从来不给收据，这合理吗？",
     "feedback"),
    ("关于D5区公办小学学位严重不足的反映", "feedback"),
])
def test_a_board_letter_is_read_by_its_ask(nlu_model: NluModel, text: str, intent: str) -> None:
    assert nlu_model.parse(text, ref_date=REF)["intent"]["name"] == intent


@pytest.mark.parametrize("text", ["咨询j0县驾驶证换证", "咨询k0区学籍转入", "咨询档案转递"])
def test_ones_own_papers_are_a_procedure(text: str) -> None:
    assert "kprocedure" in cues(text)


def test_a_county_is_no_procedure() -> None:
    assert "kprocedure" not in cues("咨询j0县的事")
