"""Board letters that ask for a thing to be mended, and 咨询 letters (issue 15, branch letters31):
a subject that asks to repair a road, a bridge, a canal or a shelter is report_repair although
the thing is no facility word; 咨询…问题 over a question about a procedure's terms is faq
(sentences not in the training data or any held-out set). Not yet: 咨询…问题 over a grievance
with no question still reads faq when the subject is the letter's asking clause."""

from __future__ import annotations

from datetime import date

import pytest

from nlu import NluModel
from nlu.lexicon import FIX, cues

REF = date(2026, 11, 18)


@pytest.mark.parametrize("text", [
    "希望乡政府把D4县马家坪村通往学校的那段机耕路修好 这段路一下雨全是烂泥，孩子们每天上学"
    "鞋子裤子全是泥，摩托车也经常打滑摔倒。",
    "请求整修E7区文化路口的公交候车亭 候车亭的顶棚塌了一角，座椅断了两块，下雨天等车的人"
    "只能站在外面淋雨。",
    "恳请县水利局尽快修复G5县东干渠垮塌的渠段 东干渠有三处渠岸垮了，水放下来就往田里漫，"
    "下游几个组的稻田都灌不上水。",
])
def test_a_letter_that_asks_to_mend_is_a_repair(nlu_model: NluModel, text: str) -> None:
    assert nlu_model.parse(text, ref_date=REF)["intent"]["name"] == "report_repair"


@pytest.mark.parametrize(("text", "fix"), [
    ("希望尽快把村口那座桥修好", True),
    ("请求有关部门对老街的石板路进行修缮", True),
    ("建议在村里修建一条新公路", False),
    ("小区维修基金的使用情况希望公示", False),
])
def test_the_mend_cue(text: str, fix: bool) -> None:
    assert (FIX in cues(text)) is fix


@pytest.mark.parametrize(("text", "intent"), [
    ("咨询J8区二手房过户税费的问题 我想把一套老房子卖给表哥，请问过户要交哪些税，"
     "契税和个税分别是多少？", "faq"),
])
def test_a_letter_headed_by_zixun(nlu_model: NluModel, text: str, intent: str) -> None:
    assert nlu_model.parse(text, ref_date=REF)["intent"]["name"] == intent
