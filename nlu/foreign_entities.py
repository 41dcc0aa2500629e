"""Entities from outside the embedded extractor, read by the same rules: another backend's raw
entities (Rasa's DIET and synonyms) and a training example's annotations, with canonical values
(nlu.entities.normalize_value) and, for a parse, only what the contract counts
(nlu.entity_rules), as nlu.entities.extract keeps its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from nlu.data import Example
from nlu.dates import find_dates
from nlu.entities import CANONICAL, Gazetteer, normalize_value, today_in
from nlu.entity_rules import keep_dates, keep_facilities
from nlu.normalize import Normalized, normalize, normalize_mapped


@dataclass
class _Span:
    """Another backend's entity on the normalized text (what entity_rules judge)."""

    start: int
    end: int
    entity: str
    value: str


def normalize_entities(entities: Iterable[Mapping[str, Any]], *, text: str | None = None,
                       ref_date: date | None = None, tz: str = "Asia/Shanghai",
                       gazetteer: Gazetteer | None = None,
                       intent: str | None = None) -> list[dict[str, Any]]:
    """Canonical values for raw entities from another backend (e.g. Rasa's DIET + synonyms).

    The words are text[start:end] when text is given, else the entity's value; an entity whose
    value cannot be read (a date of 月底) is dropped. Two dates joined by 到 become from / to.
    Given the parse's intent too, only the dates and facilities the contract counts are kept,
    as `extract` keeps its own (a training example's annotations are kept as written).
    """
    ref = ref_date or today_in(tz)
    out: list[dict[str, Any]] = []
    for raw in entities:
        entity = str(raw["entity"])
        words = str(raw.get("value", ""))
        if text is not None and "start" in raw and "end" in raw:
            words = text[int(raw["start"]):int(raw["end"])] or words
        value = normalize_value(entity, words, ref_date=ref, gazetteer=gazetteer, context=text)
        if value is None and entity in CANONICAL:
            value = normalize_value(entity, str(raw.get("value", "")), ref_date=ref,
                                    gazetteer=gazetteer)
        if value is not None:
            out.append({**raw, "value": value})
    if text is not None and intent is not None:
        out = _counted(out, text, intent)
    return _join_ranges(out, text, ref)


def _counted(entities: list[dict[str, Any]], text: str, intent: str) -> list[dict[str, Any]]:
    """The entities the contract counts, judged on the normalized text as `extract` judges its
    own (another backend's spans are in the original text: mapped onto the normalized one)."""
    norm = normalize_mapped(text)
    spans = [(e, _Span(_normalized_at(norm, int(e["start"])),
                       _normalized_at(norm, int(e["end"]), end=True),
                       str(e["entity"]), str(e["value"])))
             for e in entities if "start" in e and "end" in e]
    spans.sort(key=lambda pair: (pair[1].start, pair[1].end))
    found = [c for _, c in spans]
    judged = [d and f for d, f in zip(keep_dates(norm.text, found, intent),
                                      keep_facilities(norm.text, found, lambda c: c.value),
                                      strict=True)]
    dropped = {id(e) for (e, _), ok in zip(spans, judged, strict=True) if not ok}
    return [e for e in entities if id(e) not in dropped]


def _normalized_at(norm: Normalized, offset: int, *, end: bool = False) -> int:
    """The normalized index of an original offset (the first char starting there, or for an end
    the char after the last one ending by it)."""
    if end:
        return sum(1 for e in norm.ends if e <= offset)
    return next((i for i, s in enumerate(norm.starts) if s >= offset), len(norm.text))


def _join_ranges(entities: list[dict[str, Any]], text: str | None,
                 ref: date) -> list[dict[str, Any]]:
    """Re-read two adjacent dates joined by 到 as one range (the end in the start's week)."""
    if text is None:
        return entities
    dates = [e for e in entities if e["entity"] == "date" and "start" in e]
    for first, second in zip(dates, dates[1:], strict=False):
        found = find_dates(normalize(text[int(first["start"]):int(second["end"])]), ref)
        if len(found) == 1 and len(found[0].parts) == 2:
            first.update(value=found[0].days[0].isoformat(), role="from")
            second.update(value=found[0].days[1].isoformat(), role="to")
    return entities


def annotated_values(example: Example, ref: date,
                     gazetteer: Gazetteer | None = None) -> Counter[tuple[str, str]]:
    """The (entity, value) pairs a training example states, values normalized like a parse's."""
    raw = [{"entity": a.entity, "start": a.start, "end": a.end,
            "value": a.value if a.value is not None else a.text} for a in example.entities]
    normalized = normalize_entities(raw, text=example.text, ref_date=ref, gazetteer=gazetteer)
    kept = {(e["start"], e["end"]) for e in normalized}
    pairs = Counter((str(e["entity"]), str(e["value"])) for e in normalized)
    for a in example.entities:  # what normalization cannot read counts as written
        if (a.start, a.end) not in kept:
            pairs[(a.entity, a.value or a.text)] += 1
    return pairs
