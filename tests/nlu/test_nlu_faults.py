"""A fault as letters put it (issue 15, fifth round): 闹罢工, 成了摆设, 破损, 老化, 趴窝, 年久失修
are the words of a fault to fix, so a letter that uses them is a repair (sentences not in the
training data)."""

from __future__ import annotations

from datetime import date

import pytest

from nlu import NluModel
from nlu.lexicon import cues

REF = date(2026, 11, 18)


@pytest.mark.parametrize("text", [
    "尊敬的领导：我们楼的电梯从上个月开始三天两头闹罢工，住高层的老人只能爬楼",
    "小区北门那一排路灯成了摆设，天一黑什么都看不见",
    "关于幸福路人行道地砖破损的反映",
    "楼下车库的排水泵趴窝了，一下雨车库就积水",
    "这条街的下水道年久失修，一下大雨就倒灌进一楼住户家里",
])
def test_a_fault_in_a_letters_words_is_a_repair(nlu_model: NluModel, text: str) -> None:
    assert "kbroken" in cues(text)
    assert nlu_model.parse(text, ref_date=REF)["intent"]["name"] == "report_repair", text
