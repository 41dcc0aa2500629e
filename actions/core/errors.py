"""Expected failures, each carrying what to tell the person.

    LinliError            a failure the person should hear about, in words they understand
    ├── Refused           not allowed: wrong role, not verified, outside their community
    └── Invalid           an answer that does not fit (a form slot, a command argument)

The words come from data/responses: code that has the texts raises `Refused(ctx.t(...))`;
code without them (a repository function given only a session) raises
`Refused.keyed("key", **values)`, and the handler's wrapper (actions/core/registry.py) or the
form fills in `message_zh` with `render(texts)` before anyone shows it.

Anything else is a bug: the resident gets a short apology, the traceback goes to the log and
to the staff chat.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Self

if TYPE_CHECKING:
    from actions.core.texts import Texts


class LinliError(Exception):
    """A failure with a message for the person (Chinese, short), or the key of one."""

    def __init__(self, message_zh: str) -> None:
        super().__init__(message_zh)
        self.message_zh = message_zh
        self.key: str | None = None
        self.values: dict[str, Any] = {}

    @classmethod
    def keyed(cls, key: str, **values: Any) -> Self:
        """A failure whose words are the response `key`, rendered where the texts are."""
        error = cls(key)
        error.key, error.values = key, values
        return error

    def render(self, texts: Texts) -> str:
        """The words to show (kept in `message_zh`, so rendering twice is harmless)."""
        if self.key is not None:
            self.message_zh = texts.render(self.key, **self.values)
            self.key = None
        return self.message_zh


class Refused(LinliError):
    """The person may not do this."""


class Invalid(LinliError):
    """The answer does not fit what was asked."""


@contextmanager
def rendering(texts: Texts) -> Iterator[None]:
    """Let a keyed failure leave only with its words filled in."""
    try:
        yield
    except LinliError as exc:
        exc.render(texts)
        raise
