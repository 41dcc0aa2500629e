"""The split and the scoring of bench/nlu_compare.py: a stratified, seeded split of data/nlu
into training and held-out cases, the training half written back as Rasa-format files, and the
figures both engines are scored by (intent accuracy, macro F1, entity value F1, faq keys)."""

from __future__ import annotations

import random
import shutil
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from nlu.data import parse_example
from nlu.entities import normalize_value
from nlu.yamlfile import parse_yaml

REF_DATE = date(2026, 11, 18)  # a Wednesday: every relative date resolves against it


@dataclass(frozen=True)
class Case:
    """One held-out message: its text, intent (faq/<key> kept whole) and gold entity values."""

    text: str
    label: str
    entities: tuple[tuple[str, str], ...]

    @property
    def intent(self) -> str:
        """The top-level intent (faq for faq/office_hours)."""
        return self.label.split("/", 1)[0]


@dataclass
class Result:
    """What one engine did on the test set."""

    engine: str
    train_seconds: float
    train_cpu_seconds: float
    latencies_ms: list[float]
    rss_mib: float
    predictions: list[dict[str, Any]] = field(default_factory=list)


# ---------------------------------------------------------------- the split


def _lines(examples: Any) -> list[str]:
    return [ln.strip()[1:].strip() for ln in str(examples).splitlines()
            if ln.strip().startswith("-")]


def split_data(data_dir: Path, seed: int, test_share: float = 0.2
               ) -> tuple[dict[str, list[dict[str, Any]]], list[Case]]:
    """The training documents (file name -> items, annotations kept) and the held-out cases."""
    rng = random.Random(seed)
    train: dict[str, list[dict[str, Any]]] = {}
    cases: list[Case] = []
    for path in sorted((data_dir / "nlu").glob("*.yml")):
        doc = parse_yaml(path.read_text(encoding="utf-8")) or {}
        items: list[dict[str, Any]] = []
        for item in doc.get("nlu") or []:
            if "intent" not in item:
                items.append(item)
                continue
            lines = _lines(item.get("examples"))
            rng.shuffle(lines)
            n_test = max(1, round(len(lines) * test_share)) if len(lines) > 1 else 0
            cases.extend(_case(line, str(item["intent"])) for line in lines[:n_test])
            items.append({"intent": item["intent"], "examples": lines[n_test:]})
        train[path.name] = items
    return train, cases


def _case(line: str, label: str) -> Case:
    text, annotations = parse_example(line)
    gold = []
    for a in annotations:
        value = a.value if a.value is not None else normalize_value(
            a.entity, a.text, ref_date=REF_DATE)
        if value is not None:
            gold.append((a.entity, value))
    return Case(text, label, tuple(gold))


def write_training_data(train: dict[str, list[dict[str, Any]]], data_dir: Path,
                        out: Path) -> None:
    """data/nlu/*.yml of the training share, plus the same user dictionary."""
    (out / "nlu").mkdir(parents=True)
    (out / "dict").mkdir()
    shutil.copy(data_dir / "dict" / "userdict.txt", out / "dict" / "userdict.txt")
    for name, items in train.items():
        chunks = ['version: "3.1"', "nlu:"]
        for item in items:
            kind = next(k for k in ("intent", "synonym", "lookup", "regex") if k in item)
            lines = item["examples"] if kind == "intent" else _lines(item.get("examples"))
            chunks.append(f"- {kind}: {item[kind]}\n  examples: |")
            chunks.extend(f"    - {line}" for line in lines)
        (out / "nlu" / name).write_text("\n".join(chunks) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- scoring


def _intent_name(parse: dict[str, Any]) -> str:
    return str(parse["intent"]["name"]).split("/", 1)[0]


def _faq_key(parse: dict[str, Any]) -> str | None:
    key = parse.get("response_selector", {}).get("faq", {}).get("response", {}).get(
        "intent_response_key")
    return str(key) if key else None


def score(cases: Sequence[Case], predictions: Sequence[dict[str, Any]]) -> dict[str, float]:
    """Intent accuracy and macro F1, entity value F1, faq key accuracy."""
    gold = [c.intent for c in cases]
    pred = [_intent_name(p) for p in predictions]
    f1s = []
    for label in sorted(set(gold)):
        tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, pred, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, pred, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    tp = fp = fn = 0
    for case, parse in zip(cases, predictions, strict=True):
        want = Counter(case.entities)
        got = Counter((str(e["entity"]), str(e["value"])) for e in parse.get("entities", []))
        hit = sum((want & got).values())
        tp, fp, fn = tp + hit, fp + sum(got.values()) - hit, fn + sum(want.values()) - hit
    faq = [(c, p) for c, p in zip(cases, predictions, strict=True) if c.intent == "faq"]
    return {
        "intent_accuracy": sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold),
        "intent_macro_f1": statistics.fmean(f1s),
        "entity_value_f1": 2 * tp / (2 * tp + fp + fn) if tp else 0.0,
        "faq_key_accuracy": (sum(_faq_key(p) == c.label for c, p in faq) / len(faq)
                             if faq else 0.0),
    }


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]
