"""Staff commands typed with their answers: `/vote_new 3号楼 门口要不要装快递柜 同意、不同意 3天`
fills the form's questions from the words, and the form asks only for what is missing.

The words are read from both ends: a target first (3号楼, 全社区), then from the end a closing
time and the options; what is left in the middle is the title. Each piece counts only when
the form's own validator takes it, so a title that happens to start with a number stays whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from actions.core.context import Context
from actions.core.errors import Invalid, Refused
from actions.core.forms import Slots

Validator = Callable[[Context, str, Slots], Any]
TIME_AFTER_DAY = re.compile(r"([日号])\s+(?=(?:上午|下午|晚上|早上|中午)?\s*"
                            r"[0-9一二三四五六七八九十])")


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


def slots_in_turn(ctx: Context, words: str, validators: list[tuple[str, Validator]]) -> Slots:
    """The slots words separated by spaces give, each piece to the first slot (in the given
    order) whose validator takes it: `/new_event 健康讲座 11月25日下午2点 社区活动室 30`."""
    slots: Slots = {}
    table = dict(validators)
    words = TIME_AFTER_DAY.sub(r"\1", words)  # 11月25日 下午2点 is one piece
    for token in words.split():
        next((name for name in table if _take(ctx, slots, table, name, token)), None)
    return slots
