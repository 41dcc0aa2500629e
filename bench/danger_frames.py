"""Leave-one-set-out check of the safety layer's frame model (nlu.safety.learned.frame_says_now).

For each of nlu.safety.training.DANGER_SETS, fits both classifiers (the kind classifier and the
frame model) on the other sets (plus the NLU's examples as none, as always) and runs assess()
on the held-out set twice: with the frame model's second opinion and without it. The held-out
and closed sets are never read.

    .venv/bin/python bench/danger_frames.py [--doubt 0.05,0.1,0.2]

One line per set and threshold: recall_now and false_alarms with and without, and the level-now
and level-none messages the frame model turned from now to urgent.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlu.safety import learned, training  # noqa: E402
from nlu.safety.text import prepare  # noqa: E402
from nlu.yamlfile import parse_yaml  # noqa: E402

assess_module = importlib.import_module("nlu.safety.assess")


def set_messages(name: str) -> list[dict[str, str]]:
    return list(parse_yaml((training.ROOT / name).read_text(encoding="utf-8"))["messages"])


def write(folder: Path, stem: str, fitted: tuple[dict[str, object], np.ndarray]
          ) -> tuple[Path, Path]:
    data, rows = fitted
    json_file, rows_file = folder / f"{stem}.json", folder / f"{stem}.npy"
    json_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    np.save(rows_file, rows, allow_pickle=False)
    return json_file, rows_file


def fold_weights(held: str, folder: Path) -> None:
    """Fit both models without the held-out set and point nlu.safety.learned at them."""
    rest = tuple(name for name in training.DANGER_SETS if name != held)
    from nlu.data import load_data
    pairs = [(prepare(e.text), learned.NONE) for e in load_data(training.ROOT / "data").examples
             if e.intent != "emergency"]
    for name in rest:
        pairs += [(prepare(str(m["text"])),
                   str(m["kind"]) if m["level"] == "now" else learned.NONE)
                  for m in set_messages(name)]
    learned.WEIGHTS, learned.ROWS = write(folder, "ngrams", training.fit(pairs))
    learned.FRAME_WEIGHTS, learned.FRAME_ROWS = write(
        folder, "frames", training.fit(training.frame_examples(rest)))
    learned._model.cache_clear()
    learned._frame_model.cache_clear()


def levels(messages: list[dict[str, str]], doubt: float) -> list[str]:
    assess_module.FRAME_DOUBT = doubt  # type: ignore[attr-defined]
    return [assess_module.assess(str(m["text"]), speaker=str(m.get("speaker") or "resident")
                                 if m.get("speaker") in ("resident", "family", "contact", "staff")
                                 else "resident").level for m in messages]


def line(name: str, doubt: float, messages: list[dict[str, str]], off: list[str],
         on: list[str]) -> str:
    def rates(got: list[str]) -> str:
        now = [g for m, g in zip(messages, got, strict=True) if m["level"] == "now"]
        none = [g for m, g in zip(messages, got, strict=True) if m["level"] == "none"]
        return (f"{sum(g == 'now' for g in now) / max(1, len(now)):.3f} / "
                f"{sum(g == 'now' for g in none) / max(1, len(none)):.3f}")
    turned = [m["level"] for m, a, b in zip(messages, off, on, strict=True) if a == "now" != b]
    return (f"{name} doubt {doubt}: recall_now / false_alarms without {rates(off)}, with "
            f"{rates(on)}; turned to urgent: {turned.count('now')} danger now, "
            f"{turned.count('none')} near misses")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--doubt", default="0.05,0.1,0.2")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for held in training.DANGER_SETS:
            fold_weights(held, Path(folder))
            messages = set_messages(held)
            off = levels(messages, 0.0)
            for doubt in (float(d) for d in args.doubt.split(",")):
                print(line(held, doubt, messages, off, levels(messages, doubt)), flush=True)


if __name__ == "__main__":
    main()
