"""One cue of the safety layer: a pattern of one kind of danger at one level.

Kept apart from the cue lists (nlu.safety.cues, nlu.safety.cues_said) so that both can build
cues without importing each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["gas", "fire", "medical", "stroke", "fall", "unconscious", "lift", "self_harm",
               "violence", "missing", "flood_electric", "burst_pipe"]
Level = Literal["now", "urgent", "none"]


@dataclass(frozen=True)
class Cue:
    """One pattern of one kind of danger."""

    kind: Kind
    level: Literal["now", "urgent"]
    pattern: re.Pattern[str]
    needs: re.Pattern[str] | None = None
    weak: bool = False


def cue(kind: Kind, level: Literal["now", "urgent"], *parts: str, needs: str = "",
        weak: bool = False) -> Cue:
    """A cue from its pattern's alternatives (joined with |) and what the message needs."""
    return Cue(kind, level, re.compile("|".join(parts)), re.compile(needs) if needs else None,
               weak)
