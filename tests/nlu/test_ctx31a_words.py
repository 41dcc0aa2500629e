"""Stop 31 (ctx31a): two days said as one word (明后天), and the one told in reported speech
(我妈给我打电话说胸口疼) is not the one in danger."""

from __future__ import annotations

from datetime import date

import pytest

from nlu.dates import find_dates
from nlu.normalize import normalize
from nlu.safety import assess

WEDNESDAY = date(2026, 11, 18)


def days(text: str) -> list[str]:
    return [d.isoformat() for m in find_dates(normalize(text), WEDNESDAY) for d in m.days]


@pytest.mark.parametrize(("text", "expected"), [
    ("明后天不在家", ["2026-11-19", "2026-11-20"]),
    ("明後兩天的飯不要了", ["2026-11-19", "2026-11-20"]),
    ("今明两天别问了", ["2026-11-18", "2026-11-19"]),
    ("后天去", ["2026-11-20"]),
    ("今后两天", []),
])
def test_two_days_in_one_word(text: str, expected: list[str]) -> None:
    assert days(text) == expected


@pytest.mark.parametrize("text", [
    "我妈刚才给我打电话说心口疼得厉害",
    "我爸跟我讲他头晕得站不住",
    "老伴打电话告诉我她喘不上气",
])
def test_the_one_telling_is_in_danger_not_the_writer(text: str) -> None:
    verdict = assess(text, speaker="family")
    assert verdict.level == "now"
    assert verdict.subject == "other"


def test_the_writer_herself_stays_self() -> None:
    assert assess("我胸口疼 喘不上气", speaker="family").subject == "self"
