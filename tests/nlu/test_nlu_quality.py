"""A floor under cross-validated quality on the real data (the held-out target is higher)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlu import EvalReport, evaluate

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[EvalReport, Path]:
    """One 5-fold cross-validation of the real data."""
    out = tmp_path_factory.mktemp("nlu-report")
    return evaluate(DATA, out, folds=5, seed=0), out


def test_cross_validated_accuracy_has_a_floor(report: tuple[EvalReport, Path]) -> None:
    result, _ = report
    assert result.top1_accuracy >= 0.85, str(result)
    assert result.accuracy >= 0.82, str(result)
    assert result.macro_f1 >= 0.82, str(result)
    assert result.entity_f1 >= 0.88, str(result)


def test_the_report_and_the_confusion_matrix_are_written(report: tuple[EvalReport, Path]) -> None:
    result, out = report
    text = (out / "report.md").read_text(encoding="utf-8")
    assert f"{result.accuracy:.3f}" in text and "## Worst confusions" in text
    assert (out / "confusion.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert set(result.intents) >= {"greet", "report_repair", "faq", "out_of_scope"}
