"""A floor under cross-validated quality on the real data (the held-out target is higher)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlu import EvalReport, evaluate
from nlu.model import DEFAULT_THRESHOLD

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[EvalReport, Path]:
    """One 5-fold cross-validation of the real data."""
    out = tmp_path_factory.mktemp("nlu-report")
    return evaluate(DATA, out, folds=5, seed=0), out


def test_cross_validated_accuracy_has_a_floor(report: tuple[EvalReport, Path]) -> None:
    result, _ = report
    # measured: top-1 0.906, accuracy 0.902, macro F1 0.912, entity F1 0.958, fallback 0.011
    assert result.top1_accuracy >= 0.89, str(result)
    assert result.accuracy >= 0.88, str(result)
    assert result.macro_f1 >= 0.89, str(result)
    assert result.entity_f1 >= 0.93, str(result)
    assert result.fallback_rate <= 0.03, str(result)


def test_the_fallback_fires_only_on_unreliable_guesses(report: tuple[EvalReport, Path]) -> None:
    result, _ = report
    below = [ok for confidence, ok in result.confidences if confidence < DEFAULT_THRESHOLD]
    assert below and sum(below) / len(below) <= 0.6, "the threshold discards good guesses"
    curve = {t: acc for t, acc, _, _ in result.threshold_curve()}
    assert curve[0.0] - result.accuracy <= 0.015


def test_the_report_and_the_confusion_matrix_are_written(report: tuple[EvalReport, Path]) -> None:
    result, out = report
    text = (out / "report.md").read_text(encoding="utf-8")
    assert f"{result.accuracy:.3f}" in text and "## Worst confusions" in text
    assert "## Fallback threshold" in text and "top-1 accuracy below it" in text
    assert (out / "confusion.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert set(result.intents) >= {"greet", "report_repair", "faq", "out_of_scope"}
