"""Scores the NLU on the independent held-out set, through `linli nlu parse` as evaluators do.

tests/nlu/heldout/messages.yml was written by someone who never saw the training data, in the
contract's terms (dates resolved against Wednesday 2026-11-18). It is never trained on.

    python bench/nlu_heldout.py [--errors]

Prints one line per figure: intent accuracy (nlu_fallback counts as wrong), entity value
precision / recall / F1, the fallback rate, and the message count.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from nlu.data import parse_example
from nlu.yamlfile import parse_yaml

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "tests" / "nlu" / "heldout" / "messages.yml"
REF_DATE = "2026-11-18"


Item = tuple[str, str, Counter[tuple[str, str]], tuple[str, ...]]


def load(path: Path = HELDOUT) -> list[Item]:
    """(text, intent, gold entity values, groups) for every message of a set; a comment line
    `# group: dialect, trad` before a message names its groups (other comments are skipped)."""
    items: list[Item] = []
    for block in parse_yaml(path.read_text(encoding="utf-8"))["nlu"]:
        groups: tuple[str, ...] = ()
        for line in block["examples"].splitlines():
            line = line.strip()
            if line.startswith("#"):
                if line.removeprefix("#").strip().startswith("group:"):
                    groups = tuple(g.strip() for g in line.split(":", 1)[1].split(","))
                continue
            line = line.removeprefix("- ").strip()
            if not line:
                continue
            text, annotations = parse_example(line)
            gold = Counter((a.entity, a.value or a.text) for a in annotations)
            items.append((text, block["intent"].split("/")[0], gold, groups))
            groups = ()
    return items


def parse_all(texts: list[str]) -> list[dict[str, object]]:
    """Run the real CLI once over every message."""
    linli = ROOT / ".venv" / "bin" / "linli"
    done = subprocess.run([str(linli), "nlu", "parse", "--ref-date", REF_DATE], cwd=ROOT,
                          input="\n".join(texts) + "\n", capture_output=True, text=True,
                          check=True)
    return [json.loads(line) for line in done.stdout.splitlines()]


def main() -> None:
    """Print the figures (and the misses with --errors)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", action="store_true", help="list every miss")
    parser.add_argument("--set", type=Path, default=HELDOUT, help="another set of this format")
    parser.add_argument("--second", type=Path, default=None,
                        help="a second labeller's TSV (id, text, intent, ...) for the same set")
    args = parser.parse_args()
    items = load(args.set)
    parses = parse_all([text for text, _, _, _ in items])
    right = fallback = tp = fp = fn = 0
    by_entity: dict[str, list[int]] = {}
    by_group: dict[str, list[int]] = {}
    for (text, intent, gold, groups), parse in zip(items, parses, strict=True):
        got = parse["intent"]["name"]  # type: ignore[index]
        right += got == intent
        for group in groups:
            by_group.setdefault(group, []).append(int(got == intent))
        fallback += got == "nlu_fallback"
        pred = Counter((e["entity"], str(e["value"])) for e in parse["entities"])  # type: ignore[attr-defined]
        tp += sum((gold & pred).values())
        fp += sum((pred - gold).values())
        fn += sum((gold - pred).values())
        _count_by_entity(by_entity, gold, pred)
        if args.errors and (got != intent or gold != pred):
            print(f"# {text} | {intent} -> {got} | missing {dict(gold - pred)} "
                  f"extra {dict(pred - gold)}", file=sys.stderr)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"heldout_messages {len(items)}")
    print(f"heldout_intent_accuracy {right / len(items):.3f}")
    print(f"heldout_fallback_rate {fallback / len(items):.3f}")
    print(f"heldout_entity_precision {precision:.3f}")
    print(f"heldout_entity_recall {recall:.3f}")
    print(f"heldout_entity_f1 {f1:.3f}")
    for group, hits in sorted(by_group.items()):
        print(f"heldout_intent_accuracy_{group} {sum(hits) / len(hits):.3f} ({len(hits)})")
    for line in _baseline_lines(items, parses):
        print(line)
    for entity, (hit, extra, missed) in sorted(by_entity.items()):
        print(f"heldout_entity_f1_{entity} {_f1(hit, extra, missed):.3f} "
              f"(gold {hit + missed}, predicted {hit + extra})")
    if args.second:
        got = [str(parse["intent"]["name"]) for parse in parses]  # type: ignore[index]
        for line in second_labeller(items, got, load_second(args.second)):
            print(line)


def _count_by_entity(by_entity: dict[str, list[int]], gold: Counter, pred: Counter) -> None:
    """Adds one message's hits, extras and misses to each entity type's tally."""
    for (entity, _), n in (gold & pred).items():
        by_entity.setdefault(entity, [0, 0, 0])[0] += n
    for (entity, _), n in (pred - gold).items():
        by_entity.setdefault(entity, [0, 0, 0])[1] += n
    for (entity, _), n in (gold - pred).items():
        by_entity.setdefault(entity, [0, 0, 0])[2] += n


def _f1(hit: int, extra: int, missed: int) -> float:
    return 2 * hit / (2 * hit + extra + missed) if hit else 0.0


def _baseline_lines(items: list[Item], parses: list[dict[str, object]]) -> list[str]:
    """What always answering the set's commonest intent would score, and the accuracy on the
    messages of every other intent: a set that is mostly one intent says little by its total."""
    intents = Counter(intent for _, intent, _, _ in items)
    common, n_common = intents.most_common(1)[0]
    others = [(intent, parse["intent"]["name"]) for (_, intent, _, _), parse  # type: ignore[index]
              in zip(items, parses, strict=True) if intent != common]
    lines = [f"heldout_majority_baseline {n_common / len(items):.3f} ({common})"]
    if others:
        right = sum(got == intent for intent, got in others)
        share = right / len(others)
        lines.append(f"heldout_intent_accuracy_not_{common} {share:.3f} ({len(others)})")
    return lines


def load_second(path: Path) -> dict[str, str]:
    """A second labeller's intent for each text (whitespace-normalised): id, text, intent."""
    second: dict[str, str] = {}
    for row in path.read_text(encoding="utf-8").splitlines():
        fields = row.split("\t")
        second[" ".join(fields[1].split())] = fields[2]
    return second


def second_labeller(items: list[Item], got: list[str], second: dict[str, str]) -> list[str]:
    """How far two labellers agree, and the model against each: where the labels themselves
    are contested, a single labeller's figure understates or overstates the model."""
    pairs = [(intent, second[" ".join(text.split())], model)
             for (text, intent, _, _), model in zip(items, got, strict=True)]
    agreed = [(first, model) for first, other, model in pairs if first == other]
    n = len(pairs)
    return [
        f"heldout_labeller_agreement {len(agreed) / n:.3f} ({len(agreed)}/{n})",
        f"heldout_intent_accuracy_second_labeller {sum(o == m for _, o, m in pairs) / n:.3f}",
        f"heldout_intent_accuracy_where_labellers_agree "
        f"{sum(f == m for f, m in agreed) / len(agreed):.3f} ({len(agreed)})",
        f"heldout_intent_accuracy_either_label {sum(m in (f, o) for f, o, m in pairs) / n:.3f}",
    ]


if __name__ == "__main__":
    main()
