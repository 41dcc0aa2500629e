"""Shaping a message for Telegram's limits: text cut into parts (measured in UTF-16 units, as
Telegram counts), the inline keyboard, which photos and voices Telegram can send."""


from __future__ import annotations

import logging
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import InlineKeyboardButtonLimit, MessageLimit

from bot.channels import fit_text

log = logging.getLogger(__name__)

TEXT_LIMIT = int(MessageLimit.MAX_TEXT_LENGTH)  # 4096
CAPTION_LIMIT = int(MessageLimit.CAPTION_LENGTH)  # 1024
CALLBACK_DATA_LIMIT = int(InlineKeyboardButtonLimit.MAX_CALLBACK_DATA)  # 64 bytes


def units(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP is two)."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """One part when it fits; else parts cut at line breaks (a longer line is cut hard, never
    inside a character); lengths in UTF-16 units, as Telegram counts them."""
    if units(text) <= limit:
        return [text]
    return fit_text(text, limit, length=units, head=_fit)


def _fit(line: str, limit: int) -> str:
    """The longest start of the line within the limit."""
    used, end = 0, 0
    for end, char in enumerate(line):
        used += units(char)
        if used > limit:
            return line[:end]
    return line


def inline_keyboard(rows: list[Any]) -> InlineKeyboardMarkup | None:
    """The stored buttons as an inline keyboard; a button whose data is too long is left out."""
    keyboard = []
    for row in rows:
        buttons = []
        for label, data in row:
            if len(data.encode()) > CALLBACK_DATA_LIMIT:
                log.error("button %r left out: callback data is %d bytes (limit %d): %r",
                          label, len(data.encode()), CALLBACK_DATA_LIMIT, data)
                continue
            buttons.append(InlineKeyboardButton(label, callback_data=data))
        if buttons:
            keyboard.append(buttons)
    return InlineKeyboardMarkup(keyboard) if keyboard else None


def telegram_file(ref: str | None) -> str | None:
    """A photo or voice Telegram can send: its own file id or a URL; another messenger's
    media (wecom_app:..., wecom_kf:...) is left out and the text goes alone."""
    if ref is None or ref.startswith(("wecom_app:", "wecom_kf:")):
        return None
    return ref

