"""Recall, false alarms and speed of the safety layer (nlu.safety) on a danger set.

One figure per line (`recall_now 0.995`), then every miss and every false alarm with its text.
A danger set is YAML: `messages:` a list of {text, level (now|urgent|none), kind, speaker,
state}. The default is Linli's own set; `--set PATH` measures another file of that format.
kind: gas, fire, medical, stroke, fall, unconscious, lift, self_harm, violence, missing,
flood_electric (now) or burst_pipe (urgent), null for level none; speaker: resident, family,
contact (an escalation's contact who is not family) or staff; state (what the conversation is
in when the message arrives, --pipeline): fresh (or none), repair_form, booking_form,
mailbox_form, checkin (the elder, asked tonight) or escalation (a contact, alerted). Other
values are counted on stderr and read as resident / fresh.

    recall_now        level-now messages decided now
    recall_<kind>     the same, per kind
    recall_urgent     level-urgent messages decided urgent or now
    false_alarms      level-none messages decided now
    kind_right        level-now messages decided now with the expected kind
    p50_ms / p99_ms   time of one assess() call (per message, the median of --repeat calls,
                      so that a busy shared machine's pauses do not pass for the layer's)

    .venv/bin/python bench/danger.py [--set tests/nlu/danger/danger.yml]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlu.safety import Verdict, assess
from nlu.yamlfile import parse_yaml

ROOT = Path(__file__).resolve().parents[1]
OWN_SET = ROOT / "tests" / "nlu" / "danger" / "danger.yml"
Decide = Callable[[dict[str, Any]], Verdict]


@dataclass(frozen=True)
class Outcome:
    """One message of a danger set and what was decided about it."""

    message: dict[str, Any]
    verdict: Verdict
    ms: float


SPEAKERS = {"resident", "family", "contact", "staff"}
STATES = {"fresh", "none", "repair_form", "booking_form", "mailbox_form", "checkin", "escalation"}


def load_set(path: Path) -> list[dict[str, Any]]:
    """The messages of a danger set file (values this bench does not know are counted on
    stderr, so a set's typo does not pass unseen)."""
    data = parse_yaml(path.read_text(encoding="utf-8"))
    messages = list(data["messages"] if isinstance(data, dict) else data)
    unknown = Counter(f"{key}={m.get(key)}" for m in messages for key, known in
                      (("speaker", SPEAKERS), ("state", STATES))
                      if m.get(key) is not None and m.get(key) not in known)
    for value, count in sorted(unknown.items()):
        print(f"unknown {value} x{count} (read as resident / fresh)", file=sys.stderr)
    return messages


def by_layer(message: dict[str, Any]) -> Verdict:
    """The safety layer's verdict on one message of a set."""
    return assess(str(message["text"]), speaker=message.get("speaker") or "resident")


def run(messages: Iterable[dict[str, Any]], decide: Decide = by_layer) -> list[Outcome]:
    """Decide every message, timing each decision."""
    outcomes = []
    for message in messages:
        started = time.perf_counter()
        verdict = decide(message)
        outcomes.append(Outcome(message, verdict, (time.perf_counter() - started) * 1000))
    return outcomes


def is_miss(outcome: Outcome) -> bool:
    """A danger message not decided at its level (urgent ones may also be decided now)."""
    level, got = outcome.message["level"], outcome.verdict.level
    return (level == "now" and got != "now") or (level == "urgent" and got == "none")


def is_false_alarm(outcome: Outcome) -> bool:
    """A harmless message decided danger now."""
    return outcome.message["level"] == "none" and outcome.verdict.level == "now"


def _rate(hits: int, total: int) -> float:
    return hits / total if total else 1.0


def figures(outcomes: list[Outcome]) -> dict[str, float]:
    """Recall (overall, per kind, urgent), false alarms, kind accuracy and speed."""
    now = [o for o in outcomes if o.message["level"] == "now"]
    urgent = [o for o in outcomes if o.message["level"] == "urgent"]
    none = [o for o in outcomes if o.message["level"] == "none"]
    result = {"messages": float(len(outcomes)),
              "recall_now": _rate(sum(not is_miss(o) for o in now), len(now))}
    for kind in sorted({str(o.message["kind"]) for o in now}):
        of_kind = [o for o in now if o.message["kind"] == kind]
        result[f"recall_{kind}"] = _rate(sum(not is_miss(o) for o in of_kind), len(of_kind))
    result["recall_urgent"] = _rate(sum(not is_miss(o) for o in urgent), len(urgent))
    result["false_alarms"] = _rate(sum(is_false_alarm(o) for o in none), len(none)) if none else 0
    result["kind_right"] = _rate(
        sum(o.verdict.level == "now" and o.verdict.kind == o.message["kind"] for o in now),
        len(now))
    times = sorted(o.ms for o in outcomes) or [0.0]
    result["p50_ms"] = times[len(times) // 2]
    result["p99_ms"] = times[min(len(times) - 1, int(len(times) * 0.99))]
    return result


def report(outcomes: list[Outcome]) -> list[str]:
    """The lines to print: figures, then misses, false alarms and wrong kinds."""
    lines = [f"{name} {value:.3f}" if name != "messages" else f"{name} {int(value)}"
             for name, value in figures(outcomes).items()]
    for title, test in (("miss", is_miss), ("false_alarm", is_false_alarm)):
        lines += [f"{title} [{o.message['level']} {o.message['kind']} {o.message.get('speaker')}]"
                  f" -> {o.verdict.level} {o.verdict.kind}: {o.message['text']}"
                  for o in outcomes if test(o)]
    lines += [f"wrong_kind [{o.message['kind']}] -> {o.verdict.kind}: {o.message['text']}"
              for o in outcomes if o.message["level"] == "now" and o.verdict.level == "now"
              and o.verdict.kind != o.message["kind"]]
    return lines


def main() -> None:
    """Measure the layer on a danger set and print the figures and the mistakes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=OWN_SET, help="a danger set YAML file")
    parser.add_argument("--repeat", type=int, default=5, help="timing passes over the set")
    parser.add_argument("--pipeline", action="store_true",
                        help="send each message through the real pipeline in its state")
    parser.add_argument("--figures-only", action="store_true",
                        help="print the figures, not the messages (for a set nobody may tune on)")
    args = parser.parse_args()
    messages = load_set(args.set)
    if args.pipeline:
        _through_the_pipeline(messages, figures_only=args.figures_only)
        return
    run(messages[:50])  # warm up regex and OpenCC caches
    passes = [run(messages) for _ in range(max(1, args.repeat))]
    outcomes = [Outcome(o.message, o.verdict, sorted(p[i].ms for p in passes)[len(passes) // 2])
                for i, o in enumerate(passes[0])]
    _print(report(outcomes), figures_only=args.figures_only)


def _print(lines: list[str], *, figures_only: bool) -> None:
    """The report's lines; with figures_only, the figures alone (they never quote a message)."""
    for line in lines:
        if not figures_only or ":" not in line:
            print(line)


def _through_the_pipeline(messages: list[dict[str, Any]], *, figures_only: bool) -> None:
    """The same figures, from what the real pipeline did with each message in its state."""
    from danger_pipeline import PipelineDecider  # beside this script (bench/ is on sys.path)

    decider = PipelineDecider()
    try:
        outcomes = run(messages, decide=decider)
        _print(report(outcomes), figures_only=figures_only)
        raised = [o for o in outcomes if o.message["level"] == "now" and o.verdict.level == "now"]
        right = sum(decider.first_words.get(id(o.message), False) for o in raised)
        print(f"first_words_right {right / len(raised) if raised else 1.0:.3f}")
        why = [decider.first_words_why.get(id(o.message)) for o in raised]
        for reason in ("kind_wrong", "other_reply_first"):
            print(f"first_words_wrong_{reason} {why.count(reason)}")
    finally:
        decider.close()


if __name__ == "__main__":
    main()
