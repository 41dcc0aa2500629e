"""YAML parsed by libyaml where PyYAML was built with it, the pure-Python parser otherwise.

The data files are large (responses, training data, menus): libyaml reads them about ten times
faster, which is most of a bot's start and of every test that builds one. Safe loading only.
"""

from __future__ import annotations

from typing import IO, Any

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

YAMLError = yaml.YAMLError


def parse_yaml(source: str | bytes | IO[str]) -> Any:
    """The document in `source` (a string or an open text file), as yaml.safe_load reads it."""
    return yaml.load(source, Loader=_Loader)  # noqa: S506 - a safe loader, the C one
