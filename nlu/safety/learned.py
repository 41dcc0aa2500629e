"""A learned second opinion for the safety layer: a character n-gram linear classifier.

The cue patterns (nlu.safety.cues) know the words people use; people also say danger in words
nobody wrote a pattern for. This classifier reads the prepared text (nlu.safety.text.prepare)
as character 1-3-grams within each clause and guesses the kind of danger now, or "none". It is
only asked when the patterns found no danger word at all (nlu.safety.assess), and its guess
still passes the harmless contexts of nlu.safety.context.

Trained by `python -m nlu.safety.training` (scikit-learn's multinomial logistic regression,
deterministic) from the danger sets (tests/nlu/danger/danger.yml, probes.yml; never dev.yml,
which is held out) and from every NLU training example (data/nlu) that is not an emergency, as
ordinary messages. The weights are kept in ngrams.json beside this file, pruned to the n-grams
that matter, and loaded once.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

WEIGHTS = Path(__file__).with_name("ngrams.json")
NONE = "none"


@dataclass(frozen=True)
class Guess:
    """The classifier's guess: a kind of danger now, or none, and how sure it is."""

    kind: str
    probability: float


def ngrams(plain: str) -> list[str]:
    """Character 1-3-grams of every clause of the prepared text, clause edges marked."""
    grams: list[str] = []
    for clause in plain.split():
        padded = f"<{clause}>"
        for n in (1, 2, 3):
            grams += [padded[i:i + n] for i in range(len(padded) - n + 1)]
    return grams


@lru_cache(maxsize=1)
def _model() -> tuple[tuple[str, ...], tuple[float, ...], dict[str, tuple[float, ...]]]:
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    weights = {gram: tuple(row) for gram, row in data["weights"].items()}
    return tuple(data["classes"]), tuple(data["bias"]), weights


def guess(plain: str) -> Guess:
    """The most likely kind of danger now in the prepared text, or none."""
    classes, bias, weights = _model()
    scores = list(bias)
    for gram in set(ngrams(plain)):
        row = weights.get(gram)
        if row is not None:
            scores = [s + w for s, w in zip(scores, row, strict=True)]
    top = max(scores)
    total = sum(math.exp(s - top) for s in scores)
    best = scores.index(top)
    return Guess(classes[best], 1.0 / total)
