"""wechatpy (in its own venv) against the peer: runs wechatpy_check.py when that venv exists.

wechatpy is not a Linli dependency; the check lives in a scratch venv (see the script's
docstring). Point WECHATPY_PYTHON elsewhere to use another one.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("wechatpy_check.py")
PYTHON = Path(os.environ.get("WECHATPY_PYTHON", "/tmp/wechatpy-venv/bin/python"))


def test_wechatpy_agrees_with_the_peer() -> None:
    if not PYTHON.exists():
        pytest.skip(f"no wechatpy venv at {PYTHON}")
    run = subprocess.run([str(PYTHON), str(SCRIPT)], capture_output=True, text=True,
                         timeout=120, cwd=SCRIPT.parents[3])
    assert run.returncode == 0, run.stdout + run.stderr
    assert "FAIL" not in run.stdout
