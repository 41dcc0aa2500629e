"""The safety layer's general mechanisms of issue 13's sixth pass: affairs settled before
leaving are no procedure, a torment of long pain is a grumble, a nap or a distraction is not
unconsciousness, speech gone wrong with a second sign is a stroke, a stroke sign names the kind
beside signs any illness gives, a contact at the door is read like a resident, and what the
writer perceives now ends the news or fear told before it."""

from __future__ import annotations

import pytest

from nlu.safety import assess


@pytest.mark.parametrize(("text", "speaker", "level", "kind"), [
    ("我把房子过户给儿子了 再没什么牵挂的了", "resident", "now", "self_harm"),
    ("遗嘱公证也办了 没什么好留恋的", "resident", "now", "self_harm"),
    ("天天腰疼 活着真受罪", "resident", "urgent", "self_harm"),
    ("老伴午睡呢 叫了两声没醒 让他睡吧", "resident", "none", None),
    ("我妈叫不醒 打呼噜声音特别大", "family", "now", "unconscious"),
    ("妈妈说话慢吞吞的 一个字一个字挤 手也抬不高", "family", "now", "stroke"),
    ("我爸喝多了 说话含糊 走路晃", "family", "none", None),
    ("老伴手脚不灵活了 说话含含糊糊像喝醉了一样", "resident", "now", "stroke"),
    ("我爸头晕得站不住 吐了两回 一边手麻", "family", "now", "stroke"),
    ("进门了 老爷子靠在墙角 眼睛半睁 叫他不吭气", "contact", "now", "unconscious"),
    ("电视上刚说完防诈骗 我就听见隔壁有人喊救命", "resident", "now", None),
    ("我奶奶去世前那几天一直叫不醒", "family", "none", None),
    ("热水器有点异味 是新装的塑料味吧", "resident", "none", None),
    ("热水器打不着火 一直咔咔响 有煤气味吗 没有", "resident", "none", None),
])
def test_sixth_pass_mechanisms(text: str, speaker: str, level: str, kind: str | None) -> None:
    verdict = assess(text, speaker=speaker)  # type: ignore[arg-type]
    assert (verdict.level, verdict.kind) == (level, kind), verdict


def test_house_papers_asked_about_are_still_a_procedure() -> None:
    assert assess("房子过户要带什么材料").level == "none"
    assert assess("孩子都成家了 我也没什么牵挂 想报个老年大学").level == "none"
