"""The errors a Bot API method answers with, as Telegram words and numbers them.

    ApiError                  {"ok": false, "error_code": N, "description": "..."}, HTTP status N
    ├── BadRequest            400  "Bad Request: chat not found", "...message is too long", ...
    ├── Unauthorized          401  an unknown bot token
    ├── Forbidden             403  "Forbidden: bot was blocked by the user"
    ├── NotFound              404  an unknown method
    ├── Conflict              409  getUpdates while a webhook is set, or two pollers at once
    └── TooManyRequests       429  a rate limit; parameters.retry_after in whole seconds
"""

from __future__ import annotations

from typing import Any, ClassVar


class ApiError(Exception):
    """A failed method call: Telegram's error code, description and optional parameters."""

    code: ClassVar[int] = 400
    prefix: ClassVar[str] = "Bad Request"

    def __init__(self, detail: str, *, parameters: dict[str, Any] | None = None) -> None:
        self.description = f"{self.prefix}: {detail}" if detail else self.prefix
        self.parameters = parameters
        super().__init__(self.description)

    def as_json(self) -> dict[str, Any]:
        """The response body Telegram sends for this error."""
        body: dict[str, Any] = {"ok": False, "error_code": self.code,
                                "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


class BadRequest(ApiError):
    """400: the request is malformed or breaks one of Telegram's rules."""


class Unauthorized(ApiError):
    """401: no bot has this token."""

    code = 401
    prefix = "Unauthorized"


class Forbidden(ApiError):
    """403: the bot may not write to this chat."""

    code = 403
    prefix = "Forbidden"


class NotFound(ApiError):
    """404: no such method."""

    code = 404
    prefix = "Not Found"


class Conflict(ApiError):
    """409: another way of receiving updates is active."""

    code = 409
    prefix = "Conflict"


class TooManyRequests(ApiError):
    """429: flood control; retry after the given number of seconds."""

    code = 429
    prefix = "Too Many Requests"

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"retry after {retry_after}", parameters={"retry_after": retry_after})
        self.retry_after = retry_after
