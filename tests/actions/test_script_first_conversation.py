"""The issue's story: a newcomer greets, asks a FAQ, registers, and is verified by staff."""

from __future__ import annotations

from pathlib import Path

from bot.console import ConsoleChat

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "scripts" / "first_conversation.txt"


def test_first_conversation_script(console: ConsoleChat) -> None:
    console.run_script(SCRIPT.read_text(encoding="utf-8").splitlines())
    out = str(console.out.getvalue())  # type: ignore[attr-defined]
    assert "小刘 ▸ 你好\n  ◂ 小刘 | 您好" in out
    assert "8:30" in out  # office hours from data/faq.yml
    assert "3号楼没有9单元" in out
    assert "◂ 刘芳 | 【新登记待核实】刘小明" in out
    assert "已经核实好了" in out
    assert "不客气" in out
