"""The channel boundary: what each messenger can do, and how a message is shaped for it.

Capabilities never see a channel: they queue outbox rows with text, buttons, maybe a photo or a
voice message, for an integer chat id. Telegram chat ids are Telegram's; every other account is
an Endpoint (actions/db/endpoints.py) whose chat id is ENDPOINT_BASE + its id. A channel
declares its `Capabilities`; a sender asks them for each row it delivers:

- no buttons: the buttons become numbered choices under the text ("1. 接单"), and the chat's
  dialogue state keeps the buttons, so a typed 1 / 2 or a label presses them
  (actions.core.pipeline matches both);
- a reply window (微信客服: 48 hours after the resident's last message, at most 5 replies):
  outside it the message goes to a person who can call the resident instead;
- rate limits per recipient, which the sender keeps (never exceeding them: WeCom drops the
  excess of app messages silently).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from actions.core.texts import Texts, numbers_shown


@dataclass(frozen=True)
class Capabilities:
    """What a channel can carry, and its limits per recipient."""

    buttons: bool
    photos: bool
    voice: bool
    max_text: int  # characters in one message; longer texts go in parts
    reply_window: timedelta | None = None  # replies only this long after their last message
    replies_per_window: int | None = None
    per_minute: int | None = None
    per_hour: int | None = None


TELEGRAM = Capabilities(buttons=True, photos=True, voice=True, max_text=4096)
# WeCom counts 2048 bytes a text: 600 characters of Chinese (3 bytes each) fit
WECOM_APP = Capabilities(buttons=False, photos=True, voice=True, max_text=600,
                         per_minute=30, per_hour=1000)
WECOM_KF = Capabilities(buttons=False, photos=True, voice=True, max_text=600,
                        reply_window=timedelta(hours=48), replies_per_window=5)
WECOM_ROBOT = Capabilities(buttons=False, photos=True, voice=False, max_text=600,
                           per_minute=20)
BY_CHANNEL = {"telegram": TELEGRAM, "wecom_app": WECOM_APP, "wecom_kf": WECOM_KF,
              "wecom_robot": WECOM_ROBOT}


class Kickable(Protocol):
    """A sender: asked to deliver soon."""

    def kick(self) -> None:
        """Ask for a delivery run soon."""


def choices_text(text: str, buttons: list[Any], texts: Texts) -> str:
    """The text with its buttons as choices to type, for a channel without buttons: numbered
    where a number cannot be mistaken for an answer (actions.core.texts.numbers_shown)."""
    labels = [str(label) for row in buttons for label, _data in row]
    if not labels:
        return text
    if numbers_shown(labels):
        lines = [texts.render("choice_line", number=n, label=label)
                 for n, label in enumerate(labels, 1)]
    else:  # one choice, or choices that are numbers themselves (5分): typed as they read
        lines = [texts.render("choice_line_plain", label=label) for label in labels]
    return "\n".join([text, "", *lines, texts.render("choice_hint")])


def fit_text(text: str, limit: int, *, length: Callable[[str], int] = len,
             head: Callable[[str, int], str] | None = None) -> list[str]:
    """The text in parts of at most `limit` (by `length`: characters unless a channel counts
    otherwise), cut at line breaks when possible; a longer line is cut at `head`'s end."""
    parts: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        while length(line) > limit:
            if current:
                parts.append(current)
                current = ""
            start = head(line, limit) if head else line[:limit]
            parts.append(start)
            line = line[len(start):]
        if length(current) + length(line) > limit:
            parts.append(current)
            current = ""
        current += line
    if current or not parts:
        parts.append(current)
    return [part.rstrip("\n") or part for part in parts]
