"""The trained model at run time: numpy + jieba only, one parse well under a millisecond.

The artifact is two files in the model directory: `nlu-model.json` (labels, vocabulary,
settings, the data fingerprint, the gazetteer, the user dictionary) and `nlu-model.npz` (idf
and weight matrices). Loading never imports scikit-learn.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from nlu.clauses import asking_clause, core, formal
from nlu.entities import Gazetteer, extract, today_in
from nlu.features import features
from nlu.foreign_entities import normalize_entities
from nlu.normalize import normalize_mapped
from nlu.tokenizer import Tokenizer

META = "nlu-model.json"
ARRAYS = "nlu-model.npz"
FORMAT = 1
FALLBACK = "nlu_fallback"
# Below 0.25 the classifier's best guess is right less than half the time in cross-validation
# (the curve is in `linli nlu evaluate`'s report: 0.26 below 0.25, 0.48 in [0.25, 0.30) once the
# temperature widens for unknown words); above it, acting on the guess beats asking.
DEFAULT_THRESHOLD = 0.25
# In the evening check-in, yes-like answers mean "I am fine"; topics far from it are unlikely.
CHECKIN_AS_OK = ("affirm", "greet")
CHECKIN_LIKELY = {"checkin_ok", "feel_unwell", "emergency", "request_help", "deny", "thank",
                  "goodbye"}
CHECKIN_UNLIKELY_WEIGHT = 0.2
# How much a letter's asking clause counts against the whole letter (see intent_probabilities);
# 0.5 let generic asks (能不能派人来) outvote the topic; 0.3 keeps CV and held-out as they were.
ASK_WEIGHT = 0.3

# A letter that opens with a formal salutation (尊敬的领导：…) is written to an office about a
# matter: never a greeting, a registration, a yes or no, or an answer to the evening check-in
# (the contract: a self-introduction in a letter is background). They are ruled out. A letter
# may ask to pause the check-in, cancel a meal or ask after a booking: those stay possible.
LETTER_UNLIKELY = frozenset({"greet", "goodbye", "affirm", "deny", "register", "checkin_ok",
                             "help"})

CUE_PREFIXES = ("k", "ak")

Matrix = npt.NDArray[np.float32]


class ModelError(RuntimeError):
    """The model directory has no usable model (missing, or written by another format)."""


@dataclass
class LinearHead:
    """A linear softmax classifier over the shared features."""

    labels: list[str]
    weights: Matrix  # (features, labels)
    bias: Matrix  # (labels,)
    temperature: float = 1.0

    def probabilities(self, index: npt.NDArray[np.int64], values: Matrix,
                      widen: float = 1.0) -> Matrix:
        """Softmax of the scores of one message's sparse feature vector (the temperature
        widened by `widen` for a message the model knows less of)."""
        scores = values @ self.weights[index] + self.bias if len(index) else self.bias.copy()
        scores = scores / (self.temperature * widen)
        scores = np.exp(scores - scores.max())
        probs: Matrix = (scores / scores.sum()).astype(np.float32, copy=False)
        return probs


class NluModel:
    """Text in, Rasa's /model/parse JSON out."""

    def __init__(self, meta: dict[str, Any], arrays: Mapping[str, Matrix], *,
                 tokenizer: Tokenizer | None = None, threshold: float | None = None) -> None:
        self.meta = meta
        self.threshold = float(meta.get("threshold", DEFAULT_THRESHOLD)
                               if threshold is None else threshold)
        self.vocabulary = {f: i for i, f in enumerate(meta["vocabulary"])}
        self.idf = arrays["idf"]
        self.intents = LinearHead(meta["intents"], arrays["intent_w"], arrays["intent_b"],
                                  float(meta.get("temperature", 1.0)))
        self.faq = LinearHead(meta["faq_keys"], arrays["faq_w"], arrays["faq_b"],
                              float(meta.get("faq_temperature", 1.0)))
        self.gazetteer = Gazetteer({k: (v[0], v[1]) for k, v in meta["gazetteer"].items()})
        self.tokenizer = tokenizer or Tokenizer(
            (), lexicon=meta["lexicon"], total=int(meta["lexicon_total"]))
        self.suppress = frozenset((e, i) for e, i in meta.get("suppress", []))
        self.unknown_widening = float(meta.get("unknown_widening", 0.0))

    @property
    def fingerprint(self) -> str:
        """The hash of the training data this model was built from."""
        return str(self.meta["fingerprint"])

    def vectorize(self, normalized: str) -> tuple[npt.NDArray[np.int64], Matrix]:
        """The message's tf-idf vector (sublinear tf, l2-normalized), as index and values."""
        index, values, _ = self._vector(normalized)
        return index, values

    def _vector(self, normalized: str) -> tuple[npt.NDArray[np.int64], Matrix, float]:
        """The tf-idf vector and the widening of the temperature for the unknown features:
        a message the model knows less of (a letter in words it never met) is less sure."""
        counts, own, unknown = _count(features(normalized, self.tokenizer), self.vocabulary)
        # the share of the message's own words and n-grams the model never met (the cue
        # features are always known: counting them would make any letter look familiar)
        widen = 1 + self.unknown_widening * (unknown / own if own else 0.0)
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32), widen
        index = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter((_TF[c] if c < len(_TF) else 1.0 + math.log(c)
                          for c in counts.values()), dtype=np.float32, count=len(counts))
        values = tf * self.idf[index]
        return index, values / np.linalg.norm(values), widen

    def intent_probabilities(self, normalized: str, index: npt.NDArray[np.int64],
                             values: Matrix, widen: float = 1.0) -> Matrix:
        """The intents' probabilities; for a letter, blended with its asking clause's own.

        Where the whole letter and the clause that asks agree, the confidence stays; where they
        disagree (a long letter mixing topics) it falls, and the asking clause pulls the answer
        towards itself (a weighted geometric mean of the two distributions)."""
        probs = self.intents.probabilities(index, values, widen)
        ask = asking_clause(core(normalized))
        if ask is None:
            return probs
        ask_index, ask_values, ask_widen = self._vector(ask)
        if not len(ask_index):
            return probs
        asked = self.intents.probabilities(ask_index, ask_values, ask_widen)
        mixed = probs ** (1 - ASK_WEIGHT) * asked ** ASK_WEIGHT
        blended: Matrix = (mixed / mixed.sum()).astype(np.float32)
        return blended

    def parse(self, text: str, *, ref_date: date | None = None, tz: str = "Asia/Shanghai",
              context: str | None = None) -> dict[str, Any]:
        """Rasa's /model/parse shape: intent, intent_ranking, entities, response_selector."""
        norm = normalize_mapped(text)
        index, values, widen = self._vector(norm.text)
        probs = self.intent_probabilities(norm.text, index, values, widen)
        if formal(norm.text):
            probs = _as_letter(self.intents.labels, probs)
        ranking = self._rank(self.intents.labels, probs, context)
        top = ranking[0]
        intent = top if top["confidence"] >= self.threshold and len(index) else {
            "name": FALLBACK, "confidence": self.threshold}
        entities = extract(norm, ref_date=ref_date or today_in(tz), gazetteer=self.gazetteer,
                           intent=str(top["name"]), suppress=self.suppress)
        for entity in entities:  # a name stays as its owner writes it (黃美玲, not 黄美玲)
            if entity["entity"] == "person":
                entity["value"] = text[entity["start"]:entity["end"]]
        result: dict[str, Any] = {
            "text": text, "intent": intent,
            "intent_ranking": ([intent] if intent is not top else []) + ranking[:10],
            "entities": entities,
        }
        if self.faq.labels:
            result["response_selector"] = self._faq(index, values)
        return result

    def _rank(self, labels: list[str], probs: Matrix,
              context: str | None) -> list[dict[str, Any]]:
        scores = dict(zip(labels, probs.tolist(), strict=True))
        four = round4
        if context == "checkin":  # reweighted in double precision: round4 does not hold
            scores, four = _checkin(scores), _round_double
        ordered = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
        return [{"name": name, "confidence": four(p)} for name, p in ordered]

    def _faq(self, index: npt.NDArray[np.int64], values: Matrix) -> dict[str, Any]:
        probs = self.faq.probabilities(index, values)
        order = np.argsort(-probs)[:10].tolist()
        confidences = probs.tolist()
        ranking = [{"intent_response_key": self.faq.labels[i],
                    "confidence": round4(confidences[i])} for i in order]
        return {"faq": {"response": dict(ranking[0]), "ranking": ranking}}

    def normalize_entities(self, entities: list[dict[str, Any]], *, text: str | None = None,
                           ref_date: date | None = None, tz: str = "Asia/Shanghai",
                           intent: str | None = None) -> list[dict[str, Any]]:
        """Canonical values for another backend's raw entities, with this model's synonyms."""
        return normalize_entities(entities, text=text, ref_date=ref_date, tz=tz,
                                  gazetteer=self.gazetteer, intent=intent)


def round4(p: float) -> float:
    """round(p, 4) for a float32 value (a probability of the heads), in a third of the time:
    p * 10000 is exact (24 + 10 significant bits), so rounding it half-even and dividing gives
    the double nearest p rounded to 4 places, as round(p, 4) does. Not for other doubles."""
    return round(p * 10000.0) / 10000.0


def _round_double(p: float) -> float:
    return round(p, 4)


def _count(feats: list[str], vocabulary: dict[str, int]) -> tuple[dict[int, int], int, int]:
    """The known features' counts by index (in the order first met), how many of the features
    are the message's own (not cues) and how many of those are unknown: one look-up each."""
    counts: dict[int, int] = {}
    own = unknown = 0
    get = vocabulary.get
    for f in feats:
        i = get(f)
        if not f.startswith(CUE_PREFIXES):
            own += 1
            if i is None:
                unknown += 1
        if i is not None:
            counts[i] = counts.get(i, 0) + 1
    return counts, own, unknown


# Sublinear term frequency 1 + ln(count) of the usual counts, computed once.
_TF = [0.0] + [1.0 + math.log(c) for c in range(1, 64)]


def _as_letter(labels: list[str], probs: Matrix) -> Matrix:
    """The intents' probabilities for a formal letter: LETTER_UNLIKELY ruled out, the rest
    renormalized (unchanged if nothing else is left)."""
    weights = np.array([name not in LETTER_UNLIKELY for name in labels], dtype=np.float32)
    mixed = probs * weights
    if mixed.sum() <= 0:
        return probs
    scaled: Matrix = (mixed / mixed.sum()).astype(np.float32)
    return scaled


def _checkin(scores: dict[str, float]) -> dict[str, float]:
    """Reweight for an answer to the evening check-in, then renormalize."""
    adjusted = dict(scores)
    for name in CHECKIN_AS_OK:
        if name in adjusted and "checkin_ok" in adjusted:
            adjusted["checkin_ok"] += adjusted.pop(name)
    for name in adjusted:
        if name not in CHECKIN_LIKELY:
            adjusted[name] *= CHECKIN_UNLIKELY_WEIGHT
    total = sum(adjusted.values()) or 1.0
    return {name: p / total for name, p in adjusted.items()}


def read_meta(model_dir: Path) -> dict[str, Any] | None:
    """The model's metadata, or None when there is no readable model."""
    try:
        meta: dict[str, Any] = json.loads((model_dir / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if meta.get("format") == FORMAT and (model_dir / ARRAYS).exists() else None


def load_model(model_dir: Path, *, threshold: float | None = None) -> NluModel:
    """Load a trained model (numpy + jieba; no scikit-learn)."""
    meta = read_meta(Path(model_dir))
    if meta is None:
        raise ModelError(f"no NLU model in {model_dir}: run `linli nlu train`")
    with np.load(Path(model_dir) / ARRAYS) as npz:
        arrays = {name: npz[name] for name in npz.files}
    return NluModel(meta, arrays, threshold=threshold)
