"""How a day reads in resident-facing text (11月23日（周一）), shared by every capability."""

from __future__ import annotations

from datetime import date

WEEKDAYS = "一二三四五六日"


def day_label(day: date) -> str:
    """11月23日（周一）"""
    return f"{day.month}月{day.day}日（周{WEEKDAYS[day.weekday()]}）"
