"""A cue found in a message (nlu.safety.precedence, nlu.safety.assess), and the two ways the
precedence rules read one: the cues of a kind at level now, and a hit read as another kind."""

from __future__ import annotations

from dataclasses import dataclass

from nlu.safety.cue import Cue, Kind


@dataclass(frozen=True)
class Hit:
    """One cue found in the prepared text, where, and the words it took."""

    cue: Cue
    start: int
    end: int
    words: str


def now_of(kept: list[Hit], kind: Kind) -> list[Hit]:
    """The cues of a kind, at level now, among those kept."""
    return [h for h in kept if h.cue.kind == kind and h.cue.level == "now"]


def as_kind(hit: Hit, kind: Kind) -> Hit:
    """The same words, read as danger now of another kind (whose first words fit better)."""
    return Hit(Cue(kind, "now", hit.cue.pattern), hit.start, hit.end, hit.words)
