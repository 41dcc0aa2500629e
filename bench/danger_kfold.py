"""K-fold check of the safety layer's classifier settings on its own training sets.

Splits the messages of nlu.safety.training.DANGER_SETS into k folds; for each fold, fits the
classifier on the other folds (plus the NLU's examples as none, as always) and runs assess() on
the fold. The held-out and closed sets are never read: this is how to choose the regularisation
strengths and the classifier's threshold (nlu.safety.assess.LEARNED_SURE) without them.

    .venv/bin/python bench/danger_kfold.py [--folds 4] [--strengths 2,4,8] [--sure 0.5,0.6,0.7]

One line per threshold: recall_now (level-now messages decided now), recall_urgent
(urgent decided urgent or now) and false_alarms (level-none messages decided now), over all folds.
"""

from __future__ import annotations

import argparse
import importlib
import json
import random
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlu.safety import learned, training  # noqa: E402
from nlu.safety.text import prepare  # noqa: E402
from nlu.yamlfile import parse_yaml  # noqa: E402

assess_module = importlib.import_module("nlu.safety.assess")  # the package exports the function


def messages() -> list[dict[str, str]]:
    """Every message of the training danger sets."""
    found: list[dict[str, str]] = []
    for name in training.DANGER_SETS:
        text = (training.ROOT / name).read_text(encoding="utf-8")
        found += parse_yaml(text)["messages"]
    return found


def nlu_pairs() -> list[tuple[str, str]]:
    """The NLU's non-emergency examples, as none (always trained on)."""
    from nlu.data import load_data
    return [(prepare(e.text), learned.NONE) for e in load_data(training.ROOT / "data").examples
            if e.intent != "emergency"]


def use_weights(data: dict, rows: np.ndarray, folder: Path) -> None:
    """Point nlu.safety.learned at freshly fitted weights."""
    (folder / "ngrams.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    np.save(folder / "ngrams.npy", rows, allow_pickle=False)
    learned.WEIGHTS, learned.ROWS = folder / "ngrams.json", folder / "ngrams.npy"
    learned._model.cache_clear()


def decided(fold: list[dict[str, str]], sure: float) -> list[tuple[str, str]]:
    """(expected level, decided level) of each message of the fold at the given threshold."""
    assess_module.LEARNED_SURE = sure
    speaker = {str(m["text"]): str(m.get("speaker") or "resident") for m in fold}
    return [(str(m["level"]), assess_module.assess(text, speaker=speaker[text]).level)
            for m in fold for text in [str(m["text"])]]


def figures(outcomes: list[tuple[str, str]]) -> str:
    def rate(level: str, hits: tuple[str, ...]) -> float:
        chosen = [got for want, got in outcomes if want == level]
        return sum(got in hits for got in chosen) / max(1, len(chosen))
    return (f"recall_now {rate('now', ('now',)):.3f}  recall_urgent "
            f"{rate('urgent', ('urgent', 'now')):.3f}  false_alarms {rate('none', ('now',)):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--strengths", default=",".join(str(c) for c in training.STRENGTHS))
    parser.add_argument("--sure", default="0.5,0.6,0.7")
    args = parser.parse_args()
    strengths = tuple(float(c) for c in args.strengths.split(","))
    thresholds = [float(s) for s in args.sure.split(",")]
    found = messages()
    random.Random(13).shuffle(found)
    base = nlu_pairs()
    outcomes: dict[float, list[tuple[str, str]]] = {s: [] for s in thresholds}
    with tempfile.TemporaryDirectory() as folder:
        for k in range(args.folds):
            held = found[k::args.folds]
            rest = [m for i, m in enumerate(found) if i % args.folds != k]
            pairs = base + [(prepare(str(m["text"])),
                             str(m["kind"]) if m["level"] == "now" else learned.NONE)
                            for m in rest]
            use_weights(*training.fit(pairs, strengths), Path(folder))
            for sure in thresholds:
                outcomes[sure] += decided(held, sure)
    print(f"strengths {args.strengths} folds {args.folds} messages {len(found)}")
    for sure in thresholds:
        print(f"sure {sure}  {figures(outcomes[sure])}")


if __name__ == "__main__":
    main()
