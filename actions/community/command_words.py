"""Staff commands typed with their answers: `/vote_new 3号楼 门口要不要装快递柜 同意、不同意 3天`
fills the form's questions from the words, and the form asks only for what is missing.

The words are read from both ends: a target first (3号楼, 全社区), then from the end a closing
time and the options; what is left in the middle is the title. Each piece counts only when
the form's own validator takes it, so a title that happens to start with a number stays whole.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from actions.core.context import Context
from actions.core.errors import Invalid, Refused
from actions.core.forms import Slots

Validator = Callable[[Context, str, Slots], Any]


def slots_from_words(ctx: Context, words: str, validators: dict[str, Validator]) -> Slots:
    """The slots the words give: target (first), closes and options (last), title (the rest)."""
    tokens = words.split()
    slots: Slots = {}
    if len(tokens) > 1 and _take(ctx, slots, validators, "target", tokens[0]):
        tokens = tokens[1:]
    for name in ("closes", "options"):
        if len(tokens) > 1 and _take(ctx, slots, validators, name, tokens[-1]):
            tokens = tokens[:-1]
    title = " ".join(tokens).strip()
    if title:
        slots["title"] = title[:100]
    return slots


def _take(ctx: Context, slots: Slots, validators: dict[str, Validator], name: str,
          token: str) -> bool:
    if name not in validators or name in slots:
        return False
    try:
        slots[name] = validators[name](ctx, token, slots)
    except (Invalid, Refused):
        return False
    return True
