"""The chaos benchmark's quick run (bench/chaos.py --quick): the real bot killed with SIGKILL
four times (once in the check-in round, once in outbox delivery) loses nothing and does nothing
twice. About 1.5 minutes: it waits for a real check-in time a minute or so ahead."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.e2e


def test_quick_chaos_run_meets_every_target() -> None:
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "chaos.py"), "--quick",
                          "--seed", "12"], cwd=ROOT, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr[-3000:]
    assert "all targets met" in run.stdout
