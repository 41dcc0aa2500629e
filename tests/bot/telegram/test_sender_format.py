"""Rendering outbox rows for the Bot API: text length limits and inline keyboards."""

from __future__ import annotations

import logging

import pytest

from bot.telegram.formatting import inline_keyboard, split_text


def test_text_is_one_message_up_to_the_limit_and_split_at_line_breaks_beyond() -> None:
    assert split_text("好" * 4096) == ["好" * 4096]
    lines = [f"{n:04d} " + "通知" * 20 for n in range(200)]  # 46 characters a line
    parts = split_text("\n".join(lines))
    assert len(parts) == 3 and all(len(p) <= 4096 for p in parts)
    assert "\n".join(parts) == "\n".join(lines)
    assert split_text("长" * 5000) == ["长" * 4096, "长" * 904]


def test_callback_data_over_64_bytes_is_left_out_and_logged(
        caplog: pytest.LogCaptureFixture) -> None:
    rows = [[["确认", "/affirm"], ["太长", "/verify:" + "好" * 20]]]
    with caplog.at_level(logging.ERROR, logger="bot.telegram.formatting"):
        markup = inline_keyboard(rows)
    assert markup is not None
    assert [[b.text for b in row] for row in markup.inline_keyboard] == [["确认"]]
    assert "callback data is 68 bytes (limit 64)" in caplog.text


def test_parts_are_measured_in_utf16_units_as_telegram_counts() -> None:
    text = "😀" * 2049  # 4098 units: one over the limit although 2049 characters
    parts = split_text(text)
    assert len(parts) == 2 and "".join(parts) == text
    assert all(len(p.encode("utf-16-le")) // 2 <= 4096 for p in parts)
    assert split_text("😀" * 2048) == ["😀" * 2048]
