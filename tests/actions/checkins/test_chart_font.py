"""The weekly chart speaks Chinese: building names and title drawn with the packaged CJK font
(matplotlib warns of every missing glyph, and warnings are errors here)."""

from __future__ import annotations

import warnings
from pathlib import Path

from actions.checkins.reports import draw_chart
from actions.core.charts import cjk_font


def test_the_font_comes_from_a_package() -> None:
    assert cjk_font().startswith("Noto Sans CJK")


def test_the_chart_draws_chinese_without_missing_glyphs(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = draw_chart({"3": (6, 7), "10": (7, 7)}, "平安问候回复率 11月12日至11月18日",
                          tmp_path / "chart.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
