"""Leave one writer out, full layer: the learned reader's thresholds (RESULTS.md "learned34").

For each writer's set k of nlu.safety.training.WRITER_SETS, both models (the kind classifier and
the frame model) are fitted on training.DANGER_SETS without k (plus the NLU's examples as none,
as always; bench/danger_frames.fold_weights) and assess() is run on k at every setting:
LEARNED_SURE of --sure x the classifier asked as is / "asked also" (also when every cue was
dismissed and nothing is left, as bench/danger_learned.py) x FRAME_DOUBT of --doubt. A fold's
fit is cached in --cache (keyed by the sets it was fitted on) and reused across runs.

    .venv/bin/python bench/danger_thresholds.py [--sure 0.6,0.55,0.5,0.45,0.4] \
        [--doubt 0.02,0.05] [--cache /tmp/learned34_folds] [--writers 2,3]

One line per writer and setting, then the pooled line per setting: danger-now messages decided
now (caught), level-none messages decided now (false alarms), urgent ones decided now, and the
difference to the current setting (assess's constants) with the messages that changed.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.danger_frames import by_layer, fold_weights, set_messages  # noqa: E402
from nlu.safety import learned, training  # noqa: E402
from nlu.safety.text import prepare  # noqa: E402

assess_module = importlib.import_module("nlu.safety.assess")
WAYS = ("as_is", "asked_also")
Setting = tuple[float, str, float]  # LEARNED_SURE, way, FRAME_DOUBT
CURRENT: Setting = (assess_module.LEARNED_SURE, "as_is", assess_module.FRAME_DOUBT)


def cached_fold(held: str, cache: Path) -> None:
    """Point nlu.safety.learned at both models fitted without held (fitted once, then cached)."""
    rest = tuple(s for s in training.DANGER_SETS if s != held)
    key = hashlib.sha256("\n".join(rest).encode()).hexdigest()[:12]
    folder = cache / key
    files = [folder / f"{stem}.{ext}" for stem in ("ngrams", "frames") for ext in ("json", "npy")]
    if all(f.exists() for f in files):
        learned.WEIGHTS, learned.ROWS, learned.FRAME_WEIGHTS, learned.FRAME_ROWS = files
        learned._model.cache_clear()
        learned._frame_model.cache_clear()
        return
    folder.mkdir(parents=True, exist_ok=True)
    fold_weights(rest, folder)  # writes ngrams.* and frames.* there and points learned at them


def said_now(message: dict[str, Any], way: str) -> bool:
    verdict = by_layer(message)
    if way == "asked_also" and verdict.level != "now" and verdict.kind is None \
            and verdict.ignored:
        speaker = message.get("speaker")
        verdict = assess_module._learned(
            prepare(str(message["text"])), verdict.level, verdict.cues,
            speaker if speaker in ("resident", "family", "contact", "staff") else "resident")
    return bool(verdict.level == "now")


def decisions(messages: list[dict[str, Any]], settings: list[Setting]
              ) -> dict[Setting, list[bool]]:
    """Per setting, per message: decided now."""
    got: dict[Setting, list[bool]] = {}
    for sure, way, doubt in settings:
        assess_module.LEARNED_SURE = sure  # type: ignore[attr-defined]
        assess_module.FRAME_DOUBT = doubt  # type: ignore[attr-defined]
        got[sure, way, doubt] = [said_now(m, way) for m in messages]
    assess_module.LEARNED_SURE, _, assess_module.FRAME_DOUBT = CURRENT  # type: ignore[attr-defined]
    return got


def tally(messages: list[dict[str, Any]], said: list[bool]) -> tuple[int, int, int, int, int]:
    """(caught, danger now, false alarms, level none, urgent decided now)."""
    levels = [str(m["level"]) for m in messages]
    return (sum(s for lv, s in zip(levels, said, strict=True) if lv == "now"), levels.count("now"),
            sum(s for lv, s in zip(levels, said, strict=True) if lv == "none"),
            levels.count("none"),
            sum(s for lv, s in zip(levels, said, strict=True) if lv == "urgent"))


def label(setting: Setting) -> str:
    sure, way, doubt = setting
    return f"sure {sure} {way} doubt {doubt}"


def line(name: str, setting: Setting, got: tuple[int, ...], base: tuple[int, ...]) -> str:
    caught, now, alarms, none, urgent = got
    return (f"{name} {label(setting)}: caught {caught}/{now} ({caught / max(1, now):.4f}) "
            f"false_alarms {alarms}/{none} ({alarms / max(1, none):.4f}) urgent_now {urgent} "
            f"| gained {caught - base[0]:+d} added {alarms - base[2]:+d}")


def changes(messages: list[dict[str, Any]], setting: Setting,
            got: dict[Setting, list[bool]]) -> list[str]:
    """The now/none messages decided otherwise than at the current setting."""
    out = []
    for m, a, b in zip(messages, got[setting], got[CURRENT], strict=True):
        if a != b and m["level"] in ("now", "none"):
            what = ("caught" if a else "lost") if m["level"] == "now" \
                else ("added_alarm" if a else "removed_alarm")
            out.append(f"  {label(setting)} {what}: {m.get('kind') or ''} "
                       f"[{m.get('speaker') or 'resident'}] {m['text']}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sure", default="0.6,0.55,0.5,0.45,0.4")
    parser.add_argument("--doubt", default="0.02,0.05")
    parser.add_argument("--cache", default="/tmp/learned34_folds")
    parser.add_argument("--writers", default="", help="only these writers (default: all)")
    args = parser.parse_args()
    settings = list(dict.fromkeys([CURRENT, *[(float(s), w, float(d))
                                              for s in args.sure.split(",") for w in WAYS
                                              for d in args.doubt.split(",")]]))
    only = [f"tests/independent{k}/danger.yml" for k in args.writers.split(",") if k]
    total: dict[Setting, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for held in only or training.WRITER_SETS:
        cached_fold(held, Path(args.cache))
        messages = set_messages(held)
        got = decisions(messages, settings)
        base = tally(messages, got[CURRENT])
        for setting in settings:
            counts = tally(messages, got[setting])
            total[setting] = [a + b for a, b in zip(total[setting], counts, strict=True)]
            print(line(held, setting, counts, base), flush=True)
            for change in changes(messages, setting, got):
                print(change, flush=True)
        print(json.dumps({"set": held, "current": base}), flush=True)
    for setting in settings:
        print(line("POOLED", setting, tuple(total[setting]), tuple(total[CURRENT])))


if __name__ == "__main__":
    main()
