"""Resident-facing wording, kept in data/responses/*.yml so staff can change it without Python."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from nlu import to_traditional
from nlu.yamlfile import parse_yaml


@dataclass(frozen=True)
class Button:
    """A button under a message: what it says and what pressing it sends back."""

    label: str
    data: str
    says: str = ""  # a regex of typed words meaning this button (修好|好了); kept in the state


Keyboard = list[list[Button]]


class Texts:
    """Templates by key; a key may hold several wordings to vary (picked by `variant`)."""

    def __init__(self, templates: dict[str, Any]) -> None:
        self._templates = templates

    @classmethod
    def load(cls, folder: Path) -> Texts:
        """Every data/responses/*.yml (one file per capability); a key may appear once.

        Read once per version of the files (name, size, time of change): a bot is built once,
        but a test run builds one per situation, and parsing the wording took most of that."""
        paths = sorted(folder.glob("*.yml"))
        return cls(_templates(tuple((str(p), (st := p.stat()).st_size, st.st_mtime_ns)
                                    for p in paths)))

    def has(self, key: str) -> bool:
        """Whether a template exists."""
        return key in self._templates

    def names(self) -> list[str]:
        """All template keys."""
        return list(self._templates)

    def raw(self, key: str) -> Any:
        """A structured entry (e.g. a list of button pairs)."""
        return self._templates[key]

    def render(self, key: str, *, variant: int = 0, **values: Any) -> str:
        """The template filled in; a missing key is a bug and raises KeyError."""
        template = self._templates[key]
        if isinstance(template, list):
            template = template[variant % len(template)]
        return str(template).format(**values).strip()


def span_text(texts: Texts, span: timedelta, *, ago: bool = False) -> str:
    """How long, as people say it: 不到1分钟, 25分钟, 5小时, 3天; with `ago`, how long ago:
    刚刚, 25分钟前, 5小时前, 3天前 (never "0分钟"). The one owner of these words."""
    minutes = max(0, int(span.total_seconds() // 60))
    if minutes < 1:
        return texts.render("ago_just_now" if ago else "span_moment")
    if minutes < 60:
        words = texts.render("span_minutes", n=minutes)
    elif minutes < 48 * 60:
        words = texts.render("span_hours", n=minutes // 60)
    else:
        words = texts.render("span_days", n=minutes // (24 * 60))
    return texts.render("ago", span=words) if ago else words


def localize(text: str, *, traditional: bool) -> str:
    """Traditional characters for those who write traditional."""
    return to_traditional(text) if traditional else text


def localize_keyboard(keyboard: Keyboard, *, traditional: bool) -> Keyboard:
    """The labels in traditional characters too; callback data never changes."""
    if not traditional:
        return keyboard
    return [[Button(to_traditional(b.label), b.data) for b in row] for row in keyboard]


def in_rows(buttons: list[Button], per_row: int) -> Keyboard:
    """Buttons laid out a few to a row (big enough for an elder's thumb)."""
    return [buttons[i:i + per_row] for i in range(0, len(buttons), per_row)]


def keyboard_to_json(keyboard: Keyboard, *, words: bool = False) -> list[list[list[str]]]:
    """Stored form of a keyboard: [label, data] per button (an outbox row), or with what
    typed words mean each button, [label, data, says] (the dialogue state)."""
    return [[[b.label, b.data, b.says] if words and b.says else [b.label, b.data]
             for b in row] for row in keyboard]


def keyboard_from_json(rows: list[Any]) -> Keyboard:
    """Back from the stored form."""
    return [[Button(*button) for button in row] for row in rows]


def numbers_shown(labels: list[str]) -> bool:
    """Whether a messenger without buttons shows these choices numbered (1. 2. ...): when
    there are two or more and none starts with a digit (5分, 2单元 are typed as they are)."""
    return len(labels) >= 2 and not any(label[:1].isdigit() for label in labels)


def numbered_choice(labels: list[str], typed: str) -> int | None:
    """The index of the choice a typed number picks, where choices were shown numbered (or a
    label is the number and a unit: 5 -> 5分); None when the number picks nothing."""
    if not typed.isdigit():
        return None
    for index, label in enumerate(labels):
        head = label[:len(typed)]
        if head == typed and not label[len(typed):len(typed) + 1].isdigit():
            return index
    if numbers_shown(labels) and 1 <= int(typed) <= len(labels):
        return int(typed) - 1
    return None


@functools.lru_cache(maxsize=8)
def _templates(version: tuple[tuple[str, int, int], ...]) -> dict[str, Any]:
    """The templates of the files in `version` (path, size, time of change), read once."""
    templates: dict[str, Any] = {}
    for name, _size, _changed in version:
        path = Path(name)
        with path.open(encoding="utf-8") as fh:
            for key, value in (parse_yaml(fh) or {}).items():
                if key in templates:
                    raise ValueError(f"response {key!r} is defined twice ({path.name})")
                templates[key] = value
    return templates
