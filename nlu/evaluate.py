"""Stratified k-fold cross-validation of the embedded NLU on the project's own data.

Each fold trains exactly like `train_model` (synonyms harvested from the training fold only)
and parses the held-out fold like the bot would (dates against a fixed reference day).
Writes out_dir/report.md and out_dir/confusion.png.
"""

from __future__ import annotations

import random
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from nlu.data import Example, TrainingData, load_data
from nlu.foreign_entities import annotated_values
from nlu.tokenizer import get_tokenizer

REF_DATE = date(2026, 11, 18)  # a Wednesday: the reference day for dates in the data
THRESHOLDS = (0.0, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
BINS = (0.0, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


@dataclass
class Scores:
    """Precision, recall and F1 of one label."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """tp / (tp + fp)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class EvalReport:
    """Cross-validated quality of the NLU."""

    accuracy: float  # the parse's intent (a fallback counts as wrong)
    top1_accuracy: float  # the classifier's best guess, whatever its confidence
    macro_f1: float
    entity_f1: float  # micro, value-level
    fallback_rate: float
    examples: int
    folds: int
    intents: dict[str, Scores] = field(default_factory=dict)
    entities: dict[str, Scores] = field(default_factory=dict)
    confusions: list[tuple[str, str, int]] = field(default_factory=list)
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # text, gold, predicted
    entity_errors: list[tuple[str, str, str]] = field(default_factory=list)
    # (confidence of the best guess, whether it was right), for the threshold curve
    confidences: list[tuple[float, bool]] = field(default_factory=list)
    seconds: float = 0.0

    def threshold_curve(self, thresholds: Sequence[float] = THRESHOLDS
                        ) -> list[tuple[float, float, float, float]]:
        """(threshold, accuracy, fallback rate, top-1 accuracy of what falls below) per
        threshold: how often the guesses a threshold turns into fallbacks were right."""
        n = len(self.confidences) or 1
        rows = []
        for t in thresholds:
            below = [ok for c, ok in self.confidences if c < t]
            right = sum(ok for c, ok in self.confidences if c >= t)
            rows.append((t, right / n, len(below) / n,
                         sum(below) / len(below) if below else float("nan")))
        return rows

    def confidence_bins(self, edges: Sequence[float] = BINS
                        ) -> list[tuple[float, float, int, float]]:
        """(from, to, count, top-1 accuracy) of the best guesses by confidence."""
        rows = []
        for a, b in zip(edges, edges[1:], strict=False):
            inside = [ok for c, ok in self.confidences if a <= c < b]
            rows.append((a, b, len(inside), sum(inside) / len(inside) if inside else float("nan")))
        return rows

    def __str__(self) -> str:
        return (f"accuracy {self.accuracy:.3f} (top-1 {self.top1_accuracy:.3f})  macro F1 "
                f"{self.macro_f1:.3f}  entity F1 {self.entity_f1:.3f}  fallback "
                f"{self.fallback_rate:.3f}  ({self.examples} examples, {self.folds} folds)")


def stratified_folds(examples: Sequence[Example], folds: int, seed: int) -> list[int]:
    """A fold number per example, each intent spread evenly over the folds."""
    by_label: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(examples):
        by_label[e.response_key or e.intent].append(i)
    rng = random.Random(seed)
    assignment = [0] * len(examples)
    offset = 0
    for label in sorted(by_label):
        rows = by_label[label]
        rng.shuffle(rows)
        for j, row in enumerate(rows):
            assignment[row] = (offset + j) % folds
        offset += len(rows)
    return assignment


def gold_entities(example: Example, ref: date) -> Counter[tuple[str, str]]:
    """The annotated (entity, value) pairs, values normalized like the parser's."""
    return annotated_values(example, ref)


def predicted_entities(parse: dict[str, Any]) -> Counter[tuple[str, str]]:
    """The parse's (entity, value) pairs."""
    return Counter((str(e["entity"]), str(e["value"])) for e in parse["entities"])


def _score_entities(gold: Counter[tuple[str, str]], pred: Counter[tuple[str, str]],
                    table: dict[str, Scores]) -> bool:
    for key in set(gold) | set(pred):
        scores = table.setdefault(key[0], Scores())
        hit = min(gold[key], pred[key])
        scores.tp += hit
        scores.fp += pred[key] - hit
        scores.fn += gold[key] - hit
    return gold == pred


def cross_validate(data: TrainingData, *, folds: int = 5, seed: int = 0,
                   settings: Any = None) -> tuple[list[str], list[dict[str, Any]]]:
    """Gold intent and the held-out parse for every example."""
    from nlu.train import DEFAULT, fit, in_memory

    tokenizer = get_tokenizer(tuple(data.userdict))
    assignment = stratified_folds(data.examples, folds, seed)
    parses: list[dict[str, Any]] = [{} for _ in data.examples]
    for fold in range(folds):
        train = [e for e, f in zip(data.examples, assignment, strict=True) if f != fold]
        fold_data = replace(data, examples=train)
        model = in_memory(fit(fold_data, train, tokenizer, settings or DEFAULT))
        for i, (example, f) in enumerate(zip(data.examples, assignment, strict=True)):
            if f == fold:
                parses[i] = model.parse(example.text, ref_date=REF_DATE)
    return [e.intent for e in data.examples], parses


def evaluate(data_dir: Path, out_dir: Path, *, folds: int = 5, seed: int = 0,
             settings: Any = None) -> EvalReport:
    """Stratified k-fold cross-validation; writes out_dir/report.md and confusion.png."""
    started = time.perf_counter()
    data = load_data(Path(data_dir))
    gold, parses = cross_validate(data, folds=folds, seed=seed, settings=settings)
    report = score(data.examples, gold, parses, folds)
    report.seconds = time.perf_counter() - started
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    labels = sorted(set(gold))
    plot_confusion(gold, [p["intent"]["name"] for p in parses], labels, out / "confusion.png")
    (out / "report.md").write_text(render(report), encoding="utf-8")
    return report


def score(examples: Sequence[Example], gold: list[str], parses: list[dict[str, Any]],
          folds: int) -> EvalReport:
    """Intent and entity scores from the held-out parses."""
    intents: dict[str, Scores] = {label: Scores() for label in sorted(set(gold))}
    entities: dict[str, Scores] = {}
    confusions: Counter[tuple[str, str]] = Counter()
    errors, entity_errors = [], []
    correct = top1 = fallbacks = 0
    confidences: list[tuple[float, bool]] = []
    for example, truth, parse in zip(examples, gold, parses, strict=True):
        name = parse["intent"]["name"]
        guess = next(r for r in parse["intent_ranking"] if r["name"] != "nlu_fallback")
        best = guess["name"]
        confidences.append((float(guess["confidence"]), best == truth))
        fallbacks += name == "nlu_fallback"
        top1 += best == truth
        if name == truth:
            correct += 1
            intents[truth].tp += 1
        else:
            intents[truth].fn += 1
            intents.setdefault(name, Scores()).fp += 1
            confusions[(truth, name)] += 1
            errors.append((example.text, truth, name))
        g, p = gold_entities(example, REF_DATE), predicted_entities(parse)
        if not _score_entities(g, p, entities):
            entity_errors.append((example.text, _pairs(g - p), _pairs(p - g)))
    micro = Scores(sum(s.tp for s in entities.values()), sum(s.fp for s in entities.values()),
                   sum(s.fn for s in entities.values()))
    n = len(examples)
    macro = float(np.mean([intents[label].f1 for label in set(gold)])) if gold else 0.0
    return EvalReport(correct / n if n else 0.0, top1 / n if n else 0.0, macro, micro.f1,
                      fallbacks / n if n else 0.0, n, folds, intents, entities,
                      [(a, b, c) for (a, b), c in confusions.most_common(15)], errors,
                      entity_errors, confidences)


def _pairs(counter: Counter[tuple[str, str]]) -> str:
    return " ".join(f"{e}={v}" for (e, v), k in sorted(counter.items()) for _ in range(k))


def plot_confusion(gold: list[str], predicted: list[str], labels: list[str], path: Path) -> None:
    """A row-normalized confusion matrix as a PNG (matplotlib's Agg canvas, no pyplot)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    columns = labels + sorted(set(predicted) - set(labels))
    index = {label: i for i, label in enumerate(columns)}
    matrix = np.zeros((len(labels), len(columns)))
    for g, p in zip(gold, predicted, strict=True):
        matrix[index[g], index[p]] += 1
    matrix = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1)
    figure = Figure(figsize=(11, 9.5))
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    image = axes.imshow(matrix, cmap="Blues", vmin=0, vmax=1)
    axes.set_xticks(range(len(columns)), columns, rotation=90, fontsize=8)
    axes.set_yticks(range(len(labels)), labels, fontsize=8)
    axes.set_xlabel("predicted")
    axes.set_ylabel("true")
    axes.set_title("NLU intent confusion (cross-validated, row-normalized)")
    for i in range(len(labels)):
        for j in range(len(columns)):
            if matrix[i, j] >= 0.01:
                axes.text(j, i, f"{matrix[i, j]:.2f}", ha="center", va="center", fontsize=6,
                          color="white" if matrix[i, j] > 0.5 else "black")
    figure.colorbar(image, ax=axes, fraction=0.04)
    figure.tight_layout()
    figure.savefig(path, dpi=110)


def render(report: EvalReport) -> str:
    """The markdown report."""
    lines = [
        "# Embedded NLU: cross-validation report", "",
        f"{report.folds}-fold stratified cross-validation over {report.examples} examples "
        f"({report.seconds:.0f} s). Dates resolved against {REF_DATE.isoformat()}.", "",
        "| metric | value |", "|---|---|",
        f"| intent accuracy (fallback counts as wrong) | {report.accuracy:.3f} |",
        f"| top-1 accuracy (ignoring the threshold) | {report.top1_accuracy:.3f} |",
        f"| macro F1 over intents | {report.macro_f1:.3f} |",
        f"| entity F1 (micro, value-level) | {report.entity_f1:.3f} |",
        f"| fallback rate | {report.fallback_rate:.3f} |", "",
        "## Intents", "", "| intent | precision | recall | F1 | support |",
        "|---|---|---|---|---|",
    ]
    for name, s in sorted(report.intents.items()):
        lines.append(f"| {name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | "
                     f"{s.tp + s.fn} |")
    lines += ["", "## Entities (value-level)", "",
              "| entity | precision | recall | F1 | gold |", "|---|---|---|---|---|"]
    for name, s in sorted(report.entities.items()):
        lines.append(f"| {name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | "
                     f"{s.tp + s.fn} |")
    lines += ["", "## Fallback threshold", "",
              "How the threshold trades right guesses for fallbacks (a fallback counts as wrong). "
              "A threshold is worth its fallbacks only where the guesses below it are mostly "
              "wrong.", "",
              "| threshold | accuracy | fallback rate | top-1 accuracy below it |",
              "|---|---|---|---|"]
    lines += [f"| {t:.2f} | {acc:.3f} | {fb:.3f} | {below:.2f} |"
              for t, acc, fb, below in report.threshold_curve()]
    lines += ["", "| best guess's confidence | count | top-1 accuracy |", "|---|---|---|"]
    lines += [f"| [{a:.2f}, {min(b, 1.0):.2f}) | {n} | {acc:.2f} |"
              for a, b, n, acc in report.confidence_bins()]
    lines += ["", "## Worst confusions", "", "| true | predicted | count |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in report.confusions]
    lines += ["", "## Misclassified examples (first 60)", "", "| text | true | predicted |",
              "|---|---|---|"]
    lines += [f"| {_cell(t)} | {g} | {p} |" for t, g, p in report.errors[:60]]
    lines += ["", "## Entity mistakes (first 60)", "", "| text | missed | spurious |",
              "|---|---|---|"]
    lines += [f"| {_cell(t)} | {m} | {s} |" for t, m, s in report.entity_errors[:60]]
    lines.append("")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
