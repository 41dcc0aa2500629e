"""Training, the model artifact, staleness: ensure_model rebuilds only when the data changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nlu import TrainReport, ensure_model, load_model, train_model
from nlu.model import DEFAULT_THRESHOLD, META

FIXTURE = Path(__file__).parent / "fixtures" / "data"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A writable copy of the tiny fixture data."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE, target)
    return target


def test_training_writes_a_model_that_parses(data_dir: Path, tmp_path: Path) -> None:
    report = train_model(data_dir, tmp_path / "model")
    assert isinstance(report, TrainReport)
    assert report.examples == 16 and report.intents == 4 and report.faq_keys == 2
    assert "16 examples" in str(report)
    model = load_model(tmp_path / "model")
    assert model.parse("电梯坏了")["intent"]["name"] == "report_repair"
    assert model.fingerprint == report.fingerprint


def test_ensure_model_trains_when_missing_and_then_only_loads(data_dir: Path,
                                                              tmp_path: Path) -> None:
    model_dir = tmp_path / "model"
    first = ensure_model(data_dir, model_dir)
    written = (model_dir / META).stat().st_mtime_ns
    second = ensure_model(data_dir, model_dir)
    assert (model_dir / META).stat().st_mtime_ns == written
    assert second.fingerprint == first.fingerprint


def test_ensure_model_rebuilds_when_the_data_changed(data_dir: Path, tmp_path: Path) -> None:
    model_dir = tmp_path / "model"
    before = ensure_model(data_dir, model_dir)
    assert before.parse("拜拜")["intent_ranking"][0]["name"] != "goodbye"
    (data_dir / "nlu" / "goodbye.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: goodbye\n  examples: |\n    - 再见\n    - 拜拜\n'
        "    - 回头见\n    - 先这样吧再见\n", encoding="utf-8")
    after = ensure_model(data_dir, model_dir)
    assert after.fingerprint != before.fingerprint
    assert "goodbye" in after.intents.labels
    assert load_model(model_dir).fingerprint == after.fingerprint


def test_a_changed_user_dictionary_also_makes_the_model_stale(data_dir: Path,
                                                              tmp_path: Path) -> None:
    model_dir = tmp_path / "model"
    before = ensure_model(data_dir, model_dir)
    with (data_dir / "dict" / "userdict.txt").open("a", encoding="utf-8") as fh:
        fh.write("长者食堂 3000 n\n")
    assert ensure_model(data_dir, model_dir).fingerprint != before.fingerprint


def test_the_threshold_can_be_set_when_loading(data_dir: Path, tmp_path: Path) -> None:
    model = ensure_model(data_dir, tmp_path / "model", threshold=0.99)
    assert model.threshold == 0.99
    assert load_model(tmp_path / "model").threshold == DEFAULT_THRESHOLD


def test_every_nlu_module_is_known_to_shape_the_model_or_not() -> None:
    """A new module of nlu/ must be named in one list, or a changed model would not retrain."""
    from pathlib import Path

    from nlu.train import MODEL_MODULES, NOT_MODEL_MODULES

    found = {p.stem for p in (Path(__file__).resolve().parents[2] / "nlu").glob("*.py")}
    assert found == set(MODEL_MODULES) | set(NOT_MODEL_MODULES)
