"""Held-out check of the safety layer's frame model (nlu.safety.learned.frame_says_now).

For each held-out set, fits both classifiers (the kind classifier and the frame model) on the
training sets without it (nlu.safety.training.DANGER_SETS, plus --extra and the other held-out
sets, plus the NLU's examples as none, as always) and runs assess() on the held-out set at each
FRAME_DOUBT of --doubt and each FRAME_NONE_SURE of --none-sure, against FRAME_DOUBT 0. The
closed sets (1, 20, 22, 25, 26) and round files held out of training are never read.

    .venv/bin/python bench/danger_frames.py                   # leave one training set out
    .venv/bin/python bench/danger_frames.py --held tests/independent13/danger.yml,... \
        --extra tests/independent11/danger.yml --pipeline     # new writers, through the bot

One line per set, FRAME_NONE_SURE and FRAME_DOUBT: the danger-now messages it turned from now
to urgent (lost), the near misses it turned from now (spared), the urgent ones it changed; then
the sums. Each fold is fitted once; a message is sent again at a threshold only where the frame
check would answer differently there (the check is recorded on the run at FRAME_DOUBT 0).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlu.safety import learned, training  # noqa: E402
from nlu.safety.text import prepare  # noqa: E402
from nlu.yamlfile import parse_yaml  # noqa: E402

assess_module = importlib.import_module("nlu.safety.assess")
# set 1, stop 34's final sets, stop 35's, stop 36's and stop 37's (drawn before writing:
# random.seed(35), random.seed(36), random.seed(37) and random.seed(372); 53 and 55, written
# for stop 38 and not yet run: random.seed(38))
CLOSED = ("tests/independent/", "tests/independent20/", "tests/independent22/",
          "tests/independent25/", "tests/independent26/", "tests/independent33/",
          "tests/independent34/", "tests/independent37/", "tests/independent38/",
          "tests/independent40/", "tests/independent42/", "tests/independent44/",
          "tests/independent46/", "tests/independent48/", "tests/independent50/",
          "tests/independent53/", "tests/independent55/")
Decide = Callable[[dict[str, Any]], Any]


def set_messages(name: str) -> list[dict[str, Any]]:
    if any(name.startswith(closed) for closed in CLOSED):
        raise SystemExit(f"{name} is closed")
    return list(parse_yaml((training.ROOT / name).read_text(encoding="utf-8"))["messages"])


def write(folder: Path, stem: str, fitted: tuple[dict[str, object], np.ndarray]
          ) -> tuple[Path, Path]:
    data, rows = fitted
    json_file, rows_file = folder / f"{stem}.json", folder / f"{stem}.npy"
    json_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    np.save(rows_file, rows, allow_pickle=False)
    return json_file, rows_file


def fold_weights(rest: tuple[str, ...], folder: Path) -> None:
    """Fit both models on the sets of rest and point nlu.safety.learned at them."""
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


def by_layer(message: dict[str, Any]) -> Any:
    speaker = message.get("speaker")
    return assess_module.assess(str(message["text"]), speaker=speaker if speaker in (
        "resident", "family", "contact", "staff") else "resident")


class Recorder:
    """Wraps assess's frame check: what the frame model and the kind classifier said."""

    def __init__(self) -> None:
        self.real = assess_module._frame_doubts
        self.calls: list[tuple[float, float]] = []
        assess_module._frame_doubts = self  # type: ignore[attr-defined]

    def __call__(self, plain: str) -> bool:
        found = learned.guess(plain)
        self.calls.append((learned.frame_says_now(plain),
                           found.probability if found.kind == learned.NONE else 0.0))
        return bool(self.real(plain))


def sweep(name: str, messages: list[dict[str, Any]], decide: Decide, doubts: list[float],
          sures: list[float]) -> dict[tuple[float, float], tuple[int, int, int]]:
    """(lost, spared, urgent changed) per (none_sure, doubt) on one held-out set."""
    recorder, base, checks = Recorder(), [], []
    assess_module.FRAME_DOUBT = 0.0  # type: ignore[attr-defined]
    for message in messages:
        recorder.calls = []
        base.append(decide(message).level)
        checks.append(recorder.calls)
    raised = [m["level"] for m, b in zip(messages, base, strict=True) if b == "now"]
    levels = [m["level"] for m in messages]
    print(f"{name}: at 0, now decided now {raised.count('now')}/{levels.count('now')}, "
          f"false alarms {raised.count('none')}/{levels.count('none')}", flush=True)
    counts = {}
    for sure in sures:
        assess_module.FRAME_NONE_SURE = sure  # type: ignore[attr-defined]
        for doubt in doubts:
            assess_module.FRAME_DOUBT = doubt  # type: ignore[attr-defined]
            got = [decide(m).level if any(p < doubt and s >= sure for p, s in calls) else b
                   for m, b, calls in zip(messages, base, checks, strict=True)]
            turned = [m["level"] for m, a, b in zip(messages, base, got, strict=True) if a != b]
            counts[sure, doubt] = (sum(m["level"] == "now" and a == "now" != b for m, a, b
                                       in zip(messages, base, got, strict=True)),
                                   sum(m["level"] == "none" and a == "now" != b for m, a, b
                                       in zip(messages, base, got, strict=True)),
                                   turned.count("urgent"))
            print(f"{name} sure {sure} doubt {doubt}: lost {counts[sure, doubt][0]}, spared "
                  f"{counts[sure, doubt][1]}, urgent changed {counts[sure, doubt][2]}", flush=True)
    assess_module._frame_doubts = recorder.real  # type: ignore[attr-defined]
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--held", help="sets held out one at a time, comma-separated "
                        "(default: every training set)")
    parser.add_argument("--extra", default="", help="sets trained on besides DANGER_SETS")
    parser.add_argument("--doubt", default="0.02,0.05,0.1,0.2,0.3")
    parser.add_argument("--none-sure", default=str(assess_module.FRAME_NONE_SURE))
    parser.add_argument("--pipeline", action="store_true",
                        help="send each message through the real pipeline (bench/danger.py)")
    args = parser.parse_args()
    held = args.held.split(",") if args.held else list(training.DANGER_SETS)
    extra = [name for name in args.extra.split(",") if name]
    doubts = [float(d) for d in args.doubt.split(",")]
    sures = [float(s) for s in args.none_sure.split(",")]
    decide: Decide = by_layer
    if args.pipeline:
        from danger_pipeline import PipelineDecider  # beside this script
        decide = PipelineDecider()
    total: dict[tuple[float, float], list[int]] = {}
    with tempfile.TemporaryDirectory() as folder:
        run(held, extra, decide, doubts, sures, Path(folder), total)
    if args.pipeline:
        decide.close()  # type: ignore[attr-defined]
    for (sure, doubt), (lost, spared, urgent) in total.items():
        print(f"sum sure {sure} doubt {doubt}: lost {lost}, spared {spared}, "
              f"urgent changed {urgent}")


def run(held: list[str], extra: list[str], decide: Decide, doubts: list[float],
        sures: list[float], folder: Path, total: dict[tuple[float, float], list[int]]) -> None:
    """Every fold: fit, then sweep; the counts are added to total."""
    for name in held:
        rest = tuple(dict.fromkeys(s for s in (*training.DANGER_SETS, *extra, *held)
                                   if s != name))
        fold_weights(rest, folder)
        for key, counts in sweep(name, set_messages(name), decide, doubts, sures).items():
            total[key] = [a + b for a, b in zip(total.get(key, [0, 0, 0]), counts, strict=True)]

if __name__ == "__main__":
    main()
