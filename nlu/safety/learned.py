"""A learned second opinion for the safety layer: a character n-gram linear classifier.

The cue patterns (nlu.safety.cues) know the words people use; people also say danger in words
nobody wrote a pattern for. This classifier reads the prepared text (nlu.safety.text.prepare)
as character 1-3-grams within each clause and guesses the kind of danger now, or "none". It is
only asked when the patterns found no danger word at all (nlu.safety.assess), and its guess
still passes the harmless contexts of nlu.safety.context.

Trained by `python -m nlu.safety.training` (scikit-learn's multinomial logistic regression,
deterministic; the weights are the mean of fits at three regularisation strengths, which moves
fewer messages across the threshold when the data change a little) from the danger sets
(tests/nlu/danger/danger.yml, probes.yml; never dev.yml or round8.yml, which are held out) and
from every NLU training example (data/nlu) that is not an emergency, as ordinary messages. The
weights are kept in ngrams.json beside this file, pruned to the n-grams that matter, and loaded
once; the weights are kept as one array (ngrams.npy) because as Python numbers they cost a
process 18 MB.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

WEIGHTS = Path(__file__).with_name("ngrams.json")  # classes, bias, the n-grams in row order
ROWS = Path(__file__).with_name("ngrams.npy")  # one row of weights per n-gram
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


@dataclass(frozen=True)
class _Model:
    classes: tuple[str, ...]
    bias: npt.NDArray[np.float64]
    rows: dict[str, int]
    weights: npt.NDArray[np.float32]


@lru_cache(maxsize=1)
def _model() -> _Model:
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    rows = {gram: i for i, gram in enumerate(data["grams"])}
    weights = np.load(ROWS, allow_pickle=False)
    return _Model(tuple(data["classes"]), np.array(data["bias"], dtype=np.float64), rows,
                  weights)


def guess(plain: str) -> Guess:
    """The most likely kind of danger now in the prepared text, or none."""
    model = _model()
    found = [model.rows[g] for g in set(ngrams(plain)) if g in model.rows]
    scores = model.bias + model.weights[found].sum(axis=0, dtype=np.float64)
    scores = np.exp(scores - scores.max())
    best = int(scores.argmax())
    return Guess(model.classes[best], float(scores[best] / scores.sum()))
