"""Messages of our tests that the learned models now decide wrongly, accepted for what the same
change does on sets nobody tuned on: near misses the overrules (nlu.safety.overrule) raise an
alarm for (bench/RESULTS.md "overrule36": closed sets 1,955 -> 1,978 of 2,024), and danger the
frame model's doubt makes urgent ("doubt36"), and kinds the classifier names otherwise
("kind36"). Each is marked a strict expected failure: a fix
that makes one right fails its test until it is taken off its list."""

from __future__ import annotations

import pytest

OVERRULED = frozenset({
    "我爸腿脚不好 走路有点往一边歪 十几年了",  # a fault dismissal undone: a gait of years
    "狗出去三个小时了 还没回来",  # a pet, read as a person missing
    "李大爷平常很少出门 今天不在家 他闺女说接去旅游了 虽然有点糊涂",
    "这屋里闷得像着了火似的 一进来就出汗",  # a simile
    "我妈下午拔了两颗牙 说话不清楚 脸也肿",  # the dentist, read as a stroke
})
# Danger told with a question that the frame model reads as a rule asked about, now doubted
# (urgent: the first words go out, no alarm) since its doubt counts from 0.1 (RESULTS.md
# "doubt36": ten closed sets, false alarms 63 -> 48 for 2 danger messages)
DOUBTED = frozenset({
    "锅里起火了 现在可以盖锅盖吗",
    "我爸晕倒了 应该喂点盐水吗",
    "家里老人走失了多久能报警",
})

# Danger caught, whose kind the kind classifier now names otherwise, near sure (RESULTS.md
# "kind36": ten closed sets, right kinds 2,404 -> 2,437 of 2,468)
KIND_SWITCHED = frozenset({
    "电梯里有个男人一直贴着我 还动手动脚 门关着我出不去",  # violence, named lift
    "我爸躺在床上 胸口一点都不起伏 摸着凉",  # unconscious, named medical
    "房门反锁了 炭烧着了 别来找我",  # self-harm, named fire
    "外婆发烧好几天了 喊她也不太有反应",  # medical, named unconscious
    "我好害怕 我爸刚才摔倒了 叫他也不答应",  # a fall, named unconscious
})


def marks(text: str) -> list[pytest.MarkDecorator]:
    """A strict expected failure for a message on one of the lists, else none."""
    if text in OVERRULED:
        return [pytest.mark.xfail(strict=True, reason="overrule36: an accepted false alarm")]
    if text in KIND_SWITCHED:
        return [pytest.mark.xfail(strict=True, reason="kind36: an accepted wrong kind")]
    if text in DOUBTED:
        return [pytest.mark.xfail(strict=True, reason="doubt36: an accepted miss (urgent)")]
    return []


def params(cases: list[tuple[str, ...]]) -> list[object]:
    """Parametrize's cases, each whose text (first) is on the list marked."""
    return [pytest.param(*case, marks=marks(case[0])) for case in cases]
