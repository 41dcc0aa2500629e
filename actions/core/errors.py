"""Expected failures, each carrying the Chinese text to show the person.

    LinliError            a failure the person should hear about, in words they understand
    ├── Refused           not allowed: wrong role, not verified, outside their community
    └── Invalid           an answer that does not fit (a form slot, a command argument)

Anything else is a bug: the resident gets a short apology, the traceback goes to the log and
to the staff chat.
"""


class LinliError(Exception):
    """A failure with a message for the person (Chinese, short)."""

    def __init__(self, message_zh: str) -> None:
        super().__init__(message_zh)
        self.message_zh = message_zh


class Refused(LinliError):
    """The person may not do this."""


class Invalid(LinliError):
    """The answer does not fit what was asked."""
