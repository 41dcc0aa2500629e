"""A learned second opinion for the safety layer: a character n-gram linear classifier.

The cue patterns (nlu.safety.cues) know the words people use; people also say danger in words
nobody wrote a pattern for. This classifier reads the prepared text (nlu.safety.text.prepare)
as character 1-3-grams within each clause and guesses the kind of danger now, or "none". It is
only asked when the patterns found no danger word at all (nlu.safety.assess), and its guess
still passes the harmless contexts of nlu.safety.context.

Trained by `python -m nlu.safety.learned` (scikit-learn's multinomial logistic regression,
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
from typing import Any

WEIGHTS = Path(__file__).with_name("ngrams.json")
ROOT = Path(__file__).resolve().parents[2]
DANGER_SETS = ("tests/nlu/danger/danger.yml", "tests/nlu/danger/probes.yml")
NONE = "none"
_KEEP = 0.05  # n-grams whose every weight is smaller are dropped from the file
_C = 4.0  # inverse regularisation strength


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


# -- training (python -m nlu.safety.learned) ---------------------------------------------------
def training_examples() -> list[tuple[str, str]]:
    """(prepared text, label) pairs: a danger set's level-now messages carry their kind, all
    else (urgent, none, and the NLU's non-emergency examples) is none."""
    import yaml

    from nlu.data import load_data
    from nlu.safety.text import prepare

    pairs: list[tuple[str, str]] = []
    for name in DANGER_SETS:
        messages = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))["messages"]
        pairs += [(prepare(str(m["text"])), str(m["kind"]) if m["level"] == "now" else NONE)
                  for m in messages]
    pairs += [(prepare(e.text), NONE) for e in load_data(ROOT / "data").examples
              if e.intent not in ("emergency",)]
    return pairs


def train() -> dict[str, Any]:
    """Fit the classifier and return its pruned weights as the file holds them."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    pairs = training_examples()
    vectorizer = DictVectorizer()
    features = vectorizer.fit_transform([dict.fromkeys(ngrams(text), 1) for text, _ in pairs])
    labels = [label for _, label in pairs]
    model = LogisticRegression(C=_C, max_iter=2000)
    model.fit(features, labels)
    classes = [str(c) for c in model.classes_]
    weights = {}
    for gram, column in zip(vectorizer.get_feature_names_out(), model.coef_.T, strict=True):
        if max(abs(float(w)) for w in column) >= _KEEP:
            weights[str(gram)] = [round(float(w), 3) for w in column]
    return {"classes": classes, "bias": [round(float(b), 3) for b in model.intercept_],
            "trained_on": [*DANGER_SETS, "data/nlu (all but emergency, as none)"],
            "examples": len(pairs), "weights": dict(sorted(weights.items()))}


def main() -> None:
    """Train and write the weights file."""
    data = train()
    WEIGHTS.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
                       encoding="utf-8")
    print(f"{len(data['weights'])} n-grams, {data['examples']} examples -> {WEIGHTS}")


if __name__ == "__main__":
    main()
