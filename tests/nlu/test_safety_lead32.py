"""A past time that starts what goes on (从昨晚起就不知去向) is no past; an errand on the roof
(去天台晒被子) is no talk of jumping; her things lost (她眼镜又找不到了) are not she. The past,
the jump and the person lost stay beside them."""

from __future__ import annotations

import pytest

from nlu.safety import assess


@pytest.mark.parametrize(("text", "speaker", "kind"), [
    ("5号楼的刘奶奶 家里人说她从昨天下午起就找不到了 她老糊涂", "staff", "missing"),
    ("我爸打昨晚开始就没回家 他记性很差 电话也不接", "family", "missing"),
    ("我妈从昨天起就胸口疼 现在喘不上气", "family", "medical"),
    ("自从前天起她就一直说不想活了 今天又把药都倒出来了", "family", "self_harm"),
])
def test_since_then_goes_on(text: str, speaker: str, kind: str) -> None:
    verdict = assess(text, speaker=speaker)
    assert (verdict.level, verdict.kind) == ("now", kind)


@pytest.mark.parametrize("text", [
    "昨晚起火了 现在已经灭了 没人受伤",
    "我想去天台晒被子 门锁了",
    "天台门锁着 想上去晾床单都不行",
    "楼顶的门谁锁的 我要上去收衣服",
    "她的钥匙找不到了 她老糊涂",
    "我妈老糊涂 她眼镜又找不到了",
    "爷爷记性差 拐杖又不见了",
])
def test_the_past_and_the_roof_errand_stay_quiet(text: str) -> None:
    assert assess(text).level == "none"


@pytest.mark.parametrize("text", [
    "我站在天台上 不想活了",
    "我想去天台跳下去 门锁了",
])
def test_the_roof_in_despair_stays_danger(text: str) -> None:
    verdict = assess(text)
    assert (verdict.level, verdict.kind) == ("now", "self_harm")
