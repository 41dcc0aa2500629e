"""Leave-one-set-out check of the kind classifier's threshold (nlu.safety.assess.LEARNED_SURE).

For each of nlu.safety.training.DANGER_SETS, fits the kind classifier on the other sets (plus the
NLU's examples as none, as always; the frame model is off, FRAME_DOUBT 0, and is not refitted)
and runs assess() on the held-out set once per threshold, two ways: as it is (the classifier is
asked only when no cue fired and none was dismissed) and "asked also" (when cues were all
dismissed by a context and nothing is left, the classifier is asked too). Then the totals over
the held-out sets. With --dev, the development danger sets (never trained on) are run the same
way with the committed weights. The closed sets are never read.

    .venv/bin/python bench/danger_learned.py [--sure 0.6,0.55,0.5,0.45,0.4] [--dev]
    .venv/bin/python bench/danger_learned.py --writers [--extra] [--balanced] [--sure 0.6,0.5]

One line per set, threshold and way: recall_now and false_alarms (danger now and level-none
messages decided now, as counts and rates).

--writers (leave one writer out, bench/RESULTS.md "learned32"): for each independent
development set k of nlu.safety.training.WRITER_SETS, the kind classifier fitted on its
BASE_SETS (DANGER_SETS without the writers' and ROUND_SETS, which DANGER_SETS holds since stop
32) and every other writer's set (with --extra also ROUND_SETS), against a fit on BASE_SETS
alone (the weights before stop 32), on k:
the classifier alone, cue-blind (guess_tail of the whole message, a kind at >= sure), and
assess() (as is); for the layer also the danger-now messages it newly catches and the
harmless ones it newly raises. The frame model is off (FRAME_DOUBT 0) and not refitted.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.danger_frames import set_messages, write  # noqa: E402
from nlu.safety import learned, training  # noqa: E402
from nlu.safety.text import prepare  # noqa: E402

assess_module = importlib.import_module("nlu.safety.assess")
# never trained on (the independent sets are, since stop 32)
DEV_SETS = tuple(f"tests/nlu/danger/{n}.yml"
                 for n in ("dev", "round8", "round10", "round11", "round12", "round13", "round14",
                           "round28_heldout", "round32d"))
SPEAKERS = ("resident", "family", "contact", "staff")
WAYS = ("as_is", "asked_also")
COMMITTED = (learned.WEIGHTS, learned.ROWS)


def fold_weights(held: str, folder: Path) -> None:
    """Fit the kind classifier without the held-out set and point nlu.safety.learned at it."""
    from nlu.data import load_data
    pairs = [(prepare(e.text), learned.NONE) for e in load_data(training.ROOT / "data").examples
             if e.intent != "emergency"]
    for name in (n for n in training.DANGER_SETS if n != held):
        pairs += [(prepare(str(m["text"])),
                   str(m["kind"]) if m["level"] == "now" else learned.NONE)
                  for m in set_messages(name)]
    learned.WEIGHTS, learned.ROWS = write(folder, "ngrams", training.fit(pairs))
    learned._model.cache_clear()


def level(message: dict[str, str], way: str) -> str:
    speaker = str(message.get("speaker") or "resident")
    speaker = speaker if speaker in SPEAKERS else "resident"
    verdict = assess_module.assess(str(message["text"]), speaker=speaker)
    if way == "asked_also" and verdict.level != "now" and verdict.kind is None and verdict.ignored:
        verdict = assess_module._learned(prepare(str(message["text"])), verdict.level,
                                         verdict.cues, speaker)
    return str(verdict.level)


def counts(messages: list[dict[str, str]], sure: float, way: str) -> tuple[int, int, int, int]:
    """(danger now decided now, danger now, level-none decided now, level none)."""
    assess_module.LEARNED_SURE = sure  # type: ignore[attr-defined]
    caught = alarms = now = none = 0
    for m in messages:
        if m["level"] not in ("now", "none"):
            continue
        said_now = level(m, way) == "now"
        if m["level"] == "now":
            now, caught = now + 1, caught + said_now
        else:
            none, alarms = none + 1, alarms + said_now
    return caught, now, alarms, none


def line(name: str, sure: float, way: str, got: tuple[int, int, int, int]) -> str:
    caught, now, alarms, none = got
    return (f"{name} sure {sure} {way}: recall_now {caught / max(1, now):.4f} ({caught}/{now}) "
            f"false_alarms {alarms / max(1, none):.4f} ({alarms}/{none})")


def run(sets: tuple[str, ...], sures: list[float], label: str, refit: bool) -> None:
    total: dict[tuple[float, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    with tempfile.TemporaryDirectory() as folder:
        for held in sets:
            if refit:
                fold_weights(held, Path(folder))
            else:
                learned.WEIGHTS, learned.ROWS = COMMITTED
                learned._model.cache_clear()
            messages = set_messages(held)
            for sure in sures:
                for way in WAYS:
                    got = counts(messages, sure, way)
                    total[sure, way] = [a + b for a, b in zip(total[sure, way], got, strict=True)]
                    print(line(held, sure, way, got), flush=True)
    for (sure, way), summed in total.items():
        print(line(label, sure, way, (summed[0], summed[1], summed[2], summed[3])), flush=True)




CLASS_WEIGHT: str | None = None  # --balanced: every class weighs the same in the fit


def fit_on(sets: tuple[str, ...], folder: Path) -> None:
    """Fit the kind classifier on BASE_SETS and the given sets (plus the NLU's examples)."""
    from nlu.data import load_data
    pairs = [(prepare(e.text), learned.NONE) for e in load_data(training.ROOT / "data").examples
             if e.intent != "emergency"]
    for name in (*training.BASE_SETS, *sets):
        pairs += [(prepare(str(m["text"])),
                   str(m["kind"]) if m["level"] == "now" else learned.NONE)
                  for m in set_messages(name)]
    learned.WEIGHTS, learned.ROWS = write(folder, "ngrams",
                                          training.fit(pairs, class_weight=CLASS_WEIGHT))
    learned._model.cache_clear()


def decided(messages: list[dict[str, str]], sure: float) -> tuple[list[bool], list[bool]]:
    """Per now/none message: the classifier alone says danger now; the layer says now."""
    assess_module.LEARNED_SURE = sure  # type: ignore[attr-defined]
    alone, layer = [], []
    for m in messages:
        found, _ = learned.guess_tail(prepare(str(m["text"])), sure)
        alone.append(found.kind != learned.NONE and found.probability >= sure)
        layer.append(level(m, "as_is") == "now")
    return alone, layer


def figures(messages: list[dict[str, str]], said: list[bool]) -> str:
    now = [s for m, s in zip(messages, said, strict=True) if m["level"] == "now"]
    none = [s for m, s in zip(messages, said, strict=True) if m["level"] == "none"]
    return (f"recall_now {sum(now) / max(1, len(now)):.4f} ({sum(now)}/{len(now)}) "
            f"false_alarms {sum(none) / max(1, len(none)):.4f} ({sum(none)}/{len(none)})")


def writers(sures: list[float], extra: bool) -> None:
    every: dict[tuple[str, float], list[dict[str, str]]] = defaultdict(list)
    said: dict[tuple[str, str, float], list[bool]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as folder:
        for held in training.WRITER_SETS:
            messages = [m for m in set_messages(held) if m["level"] in ("now", "none")]
            for model in ("base", "more"):
                if model == "base":
                    fit_on((), Path(folder))
                else:
                    others = (w for w in training.WRITER_SETS if w != held)
                    fit_on((*others, *(training.ROUND_SETS if extra else ())), Path(folder))
                for sure in sures:
                    alone, layer = decided(messages, sure)
                    print(f"{held} {model} sure {sure} alone: {figures(messages, alone)}")
                    print(f"{held} {model} sure {sure} layer: {figures(messages, layer)}",
                          flush=True)
                    said[model, "alone", sure] += alone
                    said[model, "layer", sure] += layer
            for sure in sures:
                every["", sure] += messages
                before, after = said["base", "layer", sure], said["more", "layer", sure]
                n = len(messages)
                for m, b, a in zip(messages, before[-n:], after[-n:], strict=True):
                    if a != b:
                        change = ("recovered" if a else "lost") if m["level"] == "now" \
                            else ("added_alarm" if a else "removed_alarm")
                        print(f"  sure {sure} {change}: {m['kind'] if m['level'] == 'now' else ''}"
                              f" {m['text']}")
    for sure in sures:
        messages = every["", sure]
        for model in ("base", "more"):
            for part in ("alone", "layer"):
                print(f"TOTAL {model} sure {sure} {part}: "
                      f"{figures(messages, said[model, part, sure])}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sure", default="0.6,0.55,0.5,0.45,0.4")
    parser.add_argument("--dev", action="store_true", help="also the development sets")
    parser.add_argument("--writers", action="store_true", help="leave one writer out")
    parser.add_argument("--extra", action="store_true", help="--writers: also ROUND_SETS")
    parser.add_argument("--balanced", action="store_true", help="--writers: balanced classes")
    args = parser.parse_args()
    sures = [float(s) for s in args.sure.split(",")]
    if args.writers:
        global CLASS_WEIGHT
        CLASS_WEIGHT = "balanced" if args.balanced else None
        writers(sures, args.extra)
        return
    run(training.DANGER_SETS, sures, "TOTAL held-out", refit=True)
    if args.dev:
        run(DEV_SETS, sures, "TOTAL dev (committed weights)", refit=False)


if __name__ == "__main__":
    main()
