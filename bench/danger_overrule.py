"""Where may the learned models overrule the rules? A sweep on sets the layer has not seen.

For every message of the given sets: the rules' verdict without the overrules
(nlu.safety.overrule; in a tree from before them, the layer's verdict), the frame model's
probability of danger now, and the kind classifier's guess. Then, per threshold, what each
overrule would win (danger-now messages not caught) and cost (near misses made danger now,
urgent messages made now):

    R1 <t>    a cue dismissed by one of the overruled contexts (not a note of family, a
              contact or staff that all is well), frame model >= t and the kind classifier
              reading some kind: judged again with every cue
    R1all <t> the same over every context (idiom, negation and past included)
    R2 <t>    an urgent verdict of a milder reading (medical, unconscious, violence, burst
              pipe) with nothing dismissed, kind classifier >= t (0.7 for a note), its guess not
              set aside by nlu.safety.learned_guards (nor a silence read as a silence, nor
              water read as near electricity with no electric word): danger now

R1 here is overrule36's arm only: the near-sure arm of overrule37 (the past and a note's
all-is-well undone where the kind classifier is >= KIND_NEAR_SURE) was chosen by comparing the
layer's verdicts with and without it (RESULTS.md "overrule37"), not by this sweep.

The thresholds of nlu.safety.overrule were chosen with this script run in the tree of stop 34
(git worktree add ../s34 7169994; PYTHONPATH=../s34) on sets written after it.
Never give it a closed set: it prints no message, but its counts would tune on them.

    .venv/bin/python bench/danger_overrule.py tests/independent32/danger.yml ...
"""

from __future__ import annotations

import argparse
import importlib
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from danger import SPEAKERS, load_set  # beside this script (bench/ is on sys.path)
from danger_frames import CLOSED, by_layer

from nlu.safety import Speaker, assess
from nlu.safety.context_safe import NOTE_TAKERS as _NOTE_TAKERS
from nlu.safety.learned import NONE, frame_says_now, guess
from nlu.safety.learned_guards import dismissed
from nlu.safety.text import prepare

NOTE_TAKERS = tuple(sorted(_NOTE_TAKERS))
ROOT = Path(__file__).resolve().parents[1]
Rule = Callable[[dict[str, Any], float], bool]
# a copy of nlu.safety.overrule's sets (this script must also run in a tree from before that
# module; tests/nlu/test_safety_overrule.py checks that the two agree)
ELECTRIC = re.compile(r"电|插座|插头|插板|闸|灯|开关")
MILDER = {"medical", "unconscious", "violence", "burst_pipe"}
OVERRULED = {"news", "fault", "procedure", "safe", "hypothetical"}


def features(message: dict[str, Any]) -> dict[str, Any]:
    """The rules' verdict and the two models' readings of one message."""
    speaker = _speaker(message)
    plain = prepare(str(message["text"]))
    # the rules alone, where the overrules exist; in an older tree, the layer
    judged = getattr(importlib.import_module("nlu.safety.assess"), "_judged", None)
    verdict = judged(plain, speaker) if judged else assess(str(message["text"]),
                                                             speaker=cast(Speaker, speaker))
    found = guess(plain)
    return {"label": message["level"], "speaker": speaker, "level": verdict.level,
            "kind": verdict.kind, "electric": bool(ELECTRIC.search(plain)),
            "contexts": {i.split(":", 1)[0] for i in verdict.ignored} - {"frame"},
            "frame": frame_says_now(plain), "guess": found,
            "guarded": found.kind != NONE and dismissed(found.kind, plain)}


def r1(f: dict[str, Any], t: float, every: bool = False) -> bool:
    """Whether R1 fires: an upper bound of what it wins, for the message judged again with
    every cue kept may still come out urgent (the tree's own run tells)."""
    contexts = f["contexts"]
    if f["level"] == "now" or not contexts or (not every and contexts - OVERRULED):
        return False
    if f["speaker"] != "resident" and "safe" in contexts:
        return False
    return bool(f["frame"] >= t) and f["guess"].kind != NONE


def r1_every(f: dict[str, Any], t: float) -> bool:
    """R1 over every context, idiom, negation and past included."""
    return r1(f, t, every=True)


def r2(f: dict[str, Any], t: float) -> bool:
    """Whether R2 fires: an urgent verdict made danger now of the classifier's kind."""
    g = f["guess"]
    if f["level"] != "urgent" or f["contexts"] or f["kind"] not in MILDER \
            or f["kind"] == "unconscious" and g.kind == "unconscious" \
            or g.kind == "flood_electric" and not f["electric"]:
        return False
    sure = max(t, 0.7) if f["speaker"] in NOTE_TAKERS else t
    return bool(g.kind != NONE and g.probability >= sure and not f["guarded"])


def counts(rows: list[dict[str, Any]], rule: Rule, t: float) -> Counter[str]:
    """What a rule would change: won, new false alarms, urgent made now."""
    c: Counter[str] = Counter()
    for f in rows:
        if f["level"] == "now" or not rule(f, t):
            continue
        c["won"] += f["label"] == "now"
        c["false_alarms"] += f["label"] == "none"
        c["urgent_made_now"] += f["label"] == "urgent"
    return c


def doubts(messages: list[dict[str, Any]], thresholds: list[float]) -> None:
    """Per FRAME_DOUBT value, against the tree's own: danger-now messages lost (no longer now)
    and near misses spared, one line each."""
    module = importlib.import_module("nlu.safety.assess")

    def levels() -> list[str]:
        return [by_layer(m).level for m in messages]

    base, own = levels(), module.FRAME_DOUBT
    try:
        for t in thresholds:
            module.FRAME_DOUBT = t  # type: ignore[attr-defined]
            pairs = list(zip(messages, base, levels(), strict=True))
            lost = sum(m["level"] == "now" and a == "now" and b != "now" for m, a, b in pairs)
            spared = sum(m["level"] == "none" and a == "now" and b != "now" for m, a, b in pairs)
            print(f"FRAME_DOUBT {t} danger_lost {lost} false_alarms_spared {spared}")
    finally:
        module.FRAME_DOUBT = own  # type: ignore[attr-defined]


def _speaker(message: dict[str, Any]) -> str:
    speaker = message.get("speaker") or "resident"
    return speaker if speaker in SPEAKERS else "resident"


def _named(path: Path) -> str:
    """A set's path from the repository's root, however it was given."""
    resolved = path.resolve()
    return str(resolved.relative_to(ROOT)) if resolved.is_relative_to(ROOT) else str(resolved)


def main() -> None:
    """Print the rules' own figures, then one line per rule and threshold."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--doubt", default="",
                        help="FRAME_DOUBT values to sweep instead (e.g. 0.05,0.1,0.2)")
    args = parser.parse_args()
    if any(_named(s).startswith(closed) for s in args.sets for closed in CLOSED):
        raise SystemExit("a closed set was given")
    if args.doubt:
        messages = [m for s in args.sets for m in load_set(s)]
        doubts(messages, [float(t) for t in args.doubt.split(",")])
        return
    rows = [features(m) for s in args.sets for m in load_set(s)]
    now = [f for f in rows if f["label"] == "now"]
    none = [f for f in rows if f["label"] == "none"]
    print(f"messages {len(rows)}")
    print(f"rules_recall_now {sum(f['level'] == 'now' for f in now)}/{len(now)}")
    print(f"rules_false_alarms {sum(f['level'] == 'now' for f in none)}/{len(none)}")
    sweeps: list[tuple[str, Rule, tuple[float, ...]]] = [
        ("R1", r1, (0.5, 0.7, 0.9, 0.95, 0.98)),
        ("R1all", r1_every, (0.5, 0.9, 0.95)),
        ("R2", r2, (0.5, 0.6, 0.7, 0.8, 0.9))]
    for name, rule, thresholds in sweeps:
        for t in thresholds:
            c = counts(rows, rule, t)
            print(f"{name} {t} won {c['won']} false_alarms {c['false_alarms']} "
                  f"urgent_made_now {c['urgent_made_now']}")


if __name__ == "__main__":
    main()
