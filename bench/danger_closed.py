"""The closed danger sets through the real pipeline: counts per set and pooled, never a message.

The closed sets (bench/danger_frames.CLOSED, set 1 apart) were written blind and nobody reads
them; this prints only how many of each were caught, so that a change can be judged on them
without anyone learning their words.

    recall_now        danger-now messages that raised an emergency
    urgent            urgent messages answered as urgent or now
    false_alarms      near misses that raised an emergency
    kind_right        emergencies raised with the expected kind
    first_words_right emergencies whose first reply was their kind's instruction

    .venv/bin/python bench/danger_closed.py
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from danger import (  # beside this script (bench/ is on sys.path)
    is_false_alarm,
    is_miss,
    load_set,
    run,
)
from danger_frames import CLOSED
from danger_pipeline import PipelineDecider

ROOT = Path(__file__).resolve().parents[1]


def counted(path: Path) -> Counter[str]:
    """The counts of one set through a fresh pipeline."""
    decider = PipelineDecider()
    try:
        outcomes = run(load_set(path), decide=decider)
        counts: Counter[str] = Counter()
        for o in outcomes:
            level = o.message["level"]
            counts[f"n_{level}"] += 1
            if level == "now" and not is_miss(o):
                counts["recall_now"] += 1
                counts["kind_right"] += o.verdict.kind == o.message.get("kind")
                counts["first_words_right"] += decider.first_words.get(id(o.message), False)
            counts["urgent"] += level == "urgent" and not is_miss(o)
            counts["false_alarms"] += is_false_alarm(o)
        return counts
    finally:
        decider.close()


def line(name: str, c: Counter[str]) -> str:
    """One set's figures: counts and rates."""
    now, none = max(c["n_now"], 1), max(c["n_none"], 1)
    return (f"{name} recall_now {c['recall_now']}/{c['n_now']} {c['recall_now'] / now:.3f} "
            f"false_alarms {c['false_alarms']}/{c['n_none']} {c['false_alarms'] / none:.3f} "
            f"urgent {c['urgent']}/{c['n_urgent']} kind_right {c['kind_right']} "
            f"first_words_right {c['first_words_right']}")


def main() -> None:
    """Every closed set but set 1, then the pool."""
    pooled: Counter[str] = Counter()
    for folder in CLOSED[1:]:
        counts = counted(ROOT / folder / "danger.yml")
        pooled += counts
        print(line(folder.strip("/").removeprefix("tests/"), counts), flush=True)
    print(line("pooled", pooled))


if __name__ == "__main__":
    main()
