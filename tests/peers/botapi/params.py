"""The parameters of one Bot API call, whichever way the client sent them.

A query string, an application/x-www-form-urlencoded or multipart/form-data body gives every value
as a string, with objects (reply_markup, allowed_updates, ...) JSON-encoded inside it, as
python-telegram-bot sends them; a JSON body gives native values. The getters accept both.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.peers.botapi.errors import BadRequest


@dataclass(frozen=True)
class Upload:
    """A file sent in a multipart body."""

    filename: str
    content_type: str
    data: bytes


@dataclass
class Params:
    """Named parameters of one call, plus the files uploaded with it."""

    values: dict[str, Any]
    uploads: dict[str, Upload] = field(default_factory=dict)
    # called when the client hangs up before the answer (a long poll stops waiting)
    on_hangup: list[Callable[[], Any]] = field(default_factory=list)

    def has(self, name: str) -> bool:
        """Whether the parameter was given (an empty string counts as not given)."""
        return self.values.get(name) not in (None, "")

    def text(self, name: str, default: str = "") -> str:
        """A string parameter."""
        value = self.values.get(name)
        if value is None:
            return default
        return value if isinstance(value, str) else json.dumps(value)

    def integer(self, name: str, default: int | None = None) -> int | None:
        """An integer parameter; a malformed one is a Bad Request as on Telegram."""
        value = self.values.get(name)
        if value in (None, ""):
            return default
        if isinstance(value, bool):
            raise BadRequest(f"invalid {name} specified")
        try:
            return int(value)
        except (TypeError, ValueError):
            raise BadRequest(f"invalid {name} specified") from None

    def number(self, name: str, default: float) -> float:
        """A float parameter (getUpdates' timeout may be fractional here)."""
        value = self.values.get(name)
        if value in (None, ""):
            return default
        try:
            return float(value)
        except (TypeError, ValueError):
            raise BadRequest(f"invalid {name} specified") from None

    def flag(self, name: str) -> bool:
        """A boolean parameter: true, "true", "True" or "1"."""
        value = self.values.get(name)
        if isinstance(value, str):
            return value.lower() in ("true", "1")
        return bool(value)

    def obj(self, name: str) -> Any:
        """A JSON-serialized object or array (reply_markup, allowed_updates, commands, ...)."""
        value = self.values.get(name)
        if not isinstance(value, str):
            return value
        if value == "":
            return None
        try:
            return json.loads(value)
        except ValueError:
            raise BadRequest(f"can't parse {name} JSON object") from None

    def loggable(self) -> dict[str, Any]:
        """The parameters for the call log: values as sent, uploads by name and size."""
        logged = dict(self.values)
        for name, upload in self.uploads.items():
            logged[name] = f"<upload {upload.filename} {len(upload.data)} bytes>"
        return logged
