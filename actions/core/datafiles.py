"""The data files an office edits (data/*.yml): one loader and one reload rule for all.

A file is parsed, and what a capability builds from it is kept, until the file changes on disk
(its path and modification time are the cache key), so an office that edits canteen.yml or
faq.yml sees the change at the next message without a restart, and nothing is parsed twice.
A relative data dir is taken from the project root, so tools run from elsewhere find it too.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from nlu.yamlfile import parse_yaml

ROOT = Path(__file__).resolve().parents[2]
T = TypeVar("T")


def data_path(data_dir: str | Path, name: str) -> Path:
    """Where a data file lives (name may have folders: "demo/community.yml")."""
    base = Path(data_dir)
    if not base.is_absolute() and not base.exists():
        base = ROOT / base
    return base / name


def load_yaml(data_dir: str | Path, name: str, build: Callable[[Any], T],
              *, missing: T | None = None) -> T:
    """What `build` makes of a data file's YAML (re-read when the file changes); `missing`
    when the file does not exist (FileNotFoundError when no `missing` is given)."""
    path = data_path(data_dir, name)
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        if missing is None:
            raise
        return missing
    built: T = _built(str(path), mtime, build)
    return built


@cache
def _built(path: str, mtime: int, build: Callable[[Any], T]) -> T:
    with open(path, encoding="utf-8") as fh:
        return build(parse_yaml(fh) or {})
