"""The learned models overrule the rules where the rules silence them (nlu.safety.overrule):
a dismissal the frame model and the kind classifier both read as danger now, an urgent reading
the kind classifier reads as danger now. And where they may not."""

from __future__ import annotations

import importlib

import pytest

from nlu.safety import Speaker, assess
from nlu.safety.text import prepare

_assess = importlib.import_module("nlu.safety.assess")  # the package exports the function


@pytest.mark.parametrize(("text", "speaker", "kind"), [
    # a dismissal undone: news, a note that all is well, a fault, a hypothesis
    ("我是她女儿在外地，刚打视频给我妈，她说厨房里嘶嘶的一直响，屋里气味大得呛人，"
     "她自己腿脚不方便走不出来，求你们赶快上门一趟", "family", "gas"),
    ("报修先放一放 我老伴摔碗划破手腕 血喷出来了", "resident", "medical"),
    ("空调内机往下漏水 流进下面的插座里 啪啪响", "resident", "flood_electric"),
    ("我爸给我发了一段很长的话 说对不起我们 然后关机了", "family", "self_harm"),
    # a contact's "found" undone where the kind classifier is near sure of danger now
    ("我是楼下邻居 找到了 老王关在2号梯里头出不来 一直在拍门", "contact", "lift"),
    # an urgent reading made danger now: a milder symptom, a silence with more in it, a quarrel
    ("哎呀我跟你讲那个我刚吃了那个降压药吧可能吃多了吧我现在心慌得很心跳得咚咚咚的跳快得"
     "不得了还想吐", "resident", "medical"),
    ("到了 从窗户看见里面有烟 敲门没人应", "contact", "fire"),
    ("我到了 门口有个男的在踢门 说要找老太太要钱 很凶", "contact", "violence"),
])
def test_the_models_overrule_the_rules(text: str, speaker: Speaker, kind: str) -> None:
    assert _assess._judged(prepare(text), speaker).level != "now"  # the rules alone
    verdict = assess(text, speaker=speaker)
    assert (verdict.level, verdict.kind) == ("now", kind), verdict


@pytest.mark.parametrize(("text", "speaker", "level"), [
    ("谢谢你们 我舅舅平安 他去钓鱼了 手机没信号", "family", "none"),  # a note that all is well
    ("双十一钱包又大出血了", "resident", "none"),  # an idiom is never overruled
    ("对门老李喝了酒就嚷嚷不想活了 天天这样", "resident", "urgent"),  # a habit, on purpose
    ("7栋3单元的电梯不动了", "resident", "urgent"),  # a lift nobody is said to be in
    ("地暖分水器那里漏了 水从踢脚线底下一直往外冒", "resident", "urgent"),  # no electric word
    ("老人今天打电话一直不接 敲门也没人应 她一个人住", "contact", "urgent"),  # a silence
    # the past, which only a near-sure kind undoes
    ("我爸上周把一整瓶降压药都吃了 洗了胃 现在没事了", "family", "none"),
])
def test_where_the_rules_stand(text: str, speaker: Speaker, level: str) -> None:
    assert assess(text, speaker=speaker).level == level


def test_the_benchs_copy_of_the_rules_agrees(monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    from nlu.safety import overrule

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2] / "bench"))
    bench = importlib.import_module("danger_overrule")
    assert bench.OVERRULED == overrule.OVERRULED
    assert bench.MILDER == overrule.MILDER
    assert bench.ELECTRIC.pattern == overrule.ELECTRIC.pattern


def test_an_overruled_dismissal_is_told_and_a_habit_stays_urgent() -> None:
    verdict = assess("报修先放一放 我老伴摔碗划破手腕 血喷出来了")
    assert verdict.level == "now" and verdict.ignored
    assert all(i.startswith("overruled:") for i in verdict.ignored), verdict
    # a talk of dying as a habit stays urgent when a dismissal beside it is undone
    habit = _assess._judged(prepare("我爸天天嚷嚷不想活了"), "family", undo=frozenset({"news"}))
    assert (habit.level, habit.kind) == ("urgent", "self_harm"), habit
