"""Fixtures shared by the adapters' and the CLI's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlu import NluModel


@pytest.fixture(autouse=True)
def _ptb_time_periods(monkeypatch: pytest.MonkeyPatch) -> None:
    """As run_telegram does: PTB's future time periods (reading RetryAfter warns otherwise)."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture(scope="session")
def nlu_model_dir(nlu_model: NluModel, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the session's model was written, so a subprocess loads it instead of training.

    The root conftest's `nlu_model` trains into the session's "nlu-model<N>" folder.
    """
    for folder in sorted(tmp_path_factory.getbasetemp().glob("nlu-model*")):
        if any(folder.iterdir()):
            return folder
    return tmp_path_factory.mktemp("nlu-model-cli")  # not found: the subprocess trains
