"""A learned second opinion for the safety layer: a character n-gram linear classifier.

The cue patterns (nlu.safety.cues) know the words people use; people also say danger in words
nobody wrote a pattern for. This classifier reads the prepared text (nlu.safety.text.prepare)
as character 1-3-grams within each clause and guesses the kind of danger now, or "none". It is
only asked when the patterns found no danger word at all (nlu.safety.assess), and its guess
still passes the harmless contexts of nlu.safety.context.

Trained by `python -m nlu.safety.training` (scikit-learn's multinomial logistic regression,
deterministic; the weights are the mean of fits at three regularisation strengths, which moves
fewer messages across the threshold when the data change a little) from the danger sets
(nlu.safety.training.DANGER_SETS: ours, and since stop 32 the independent writers' development
sets; never dev.yml, round8.yml, round10-14, round28_heldout.yml, round32d.yml,
round33a-d.yml or round34*.yml, which are held out, nor set 1 or a blind set) and from every
NLU training example (data/nlu) that is not an emergency, as ordinary messages. The weights
are kept in ngrams.json beside this file, pruned to the n-grams that matter, and loaded once;
the weights are kept as one array (ngrams.npy) because as Python numbers they cost a process
18 MB.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

WEIGHTS = Path(__file__).with_name("ngrams.json")  # classes, bias, the n-grams in row order
ROWS = Path(__file__).with_name("ngrams.npy")  # one row of weights per n-gram
# the second model: of the messages where a cue pattern found a danger word, is it danger now
# ("now") or a near miss ("none")? Trained on those messages only, so it learns the frames
# (a rule asked about, the past, a joke) around danger words rather than the words themselves
FRAME_WEIGHTS = Path(__file__).with_name("frames.json")
FRAME_ROWS = Path(__file__).with_name("frames.npy")
NONE = "none"


@dataclass(frozen=True)
class Guess:
    """The classifier's guess: a kind of danger now, or none, and how sure it is."""

    kind: str
    probability: float


def ngrams(plain: str) -> list[str]:
    """Character 1-3-grams of every clause of the prepared text, clause edges marked."""
    grams: list[str] = []
    for clause in plain.split():
        padded = f"<{clause}>"
        for n in (1, 2, 3):
            grams += [padded[i:i + n] for i in range(len(padded) - n + 1)]
    return grams


@dataclass(frozen=True)
class _Model:
    classes: tuple[str, ...]
    bias: npt.NDArray[np.float64]
    rows: dict[str, int]
    weights: npt.NDArray[np.float32]


@lru_cache(maxsize=1)
def _model() -> _Model:
    return _loaded(WEIGHTS, ROWS)


@lru_cache(maxsize=1)
def _frame_model() -> _Model:
    return _loaded(FRAME_WEIGHTS, FRAME_ROWS)


def _loaded(weights_file: Path, rows_file: Path) -> _Model:
    data = json.loads(weights_file.read_text(encoding="utf-8"))
    rows = {gram: i for i, gram in enumerate(data["grams"])}
    weights = np.load(rows_file, allow_pickle=False)
    return _Model(tuple(data["classes"]), np.array(data["bias"], dtype=np.float64), rows,
                  weights)


def guess(plain: str) -> Guess:
    """The most likely kind of danger now in the prepared text, or none."""
    return _scored(_rows(plain))


def frame_says_now(plain: str) -> float:
    """How likely the frame model finds a message with a danger word to be danger now."""
    model = _frame_model()
    found = sorted({model.rows[g] for g in ngrams(plain) if g in model.rows})
    scores = model.bias + model.weights[found].sum(axis=0, dtype=np.float64)
    if len(model.classes) == 2 and scores.shape[-1] == 1:  # a binary fit keeps one column
        scores = np.array([0.0, float(scores[0])])
    scores = np.exp(scores - scores.max())
    return float(scores[model.classes.index("now")] / scores.sum())


def _rows(plain: str) -> set[int]:
    """The model's rows of the text's n-grams."""
    rows = _model().rows
    return {rows[g] for g in ngrams(plain) if g in rows}


def _scored(found: set[int]) -> Guess:
    model = _model()
    scores = model.bias + model.weights[sorted(found)].sum(axis=0, dtype=np.float64)
    scores = np.exp(scores - scores.max())
    best = int(scores.argmax())
    return Guess(model.classes[best], float(scores[best] / scores.sum()))


# where a new thought may start inside a long run-on with no punctuation (voice-to-text): a
# person or a place as its subject, well into the clause (我想订两份我妈在厕所里起不来了)
_SUBJECT = re.compile(r"我|有人|有个|老(?=[伴头太人公婆爷])|孩子|他|她|电梯|家里|屋里|楼|"
                      r"邻居|隔壁|妈|爸|奶奶|爷爷|外婆|外公|婆婆")
_LONG_CLAUSE = re.compile(r"[^ ]{14,}")


def _soft_starts(plain: str) -> list[int]:
    """Positions of a subject at least six characters into a clause of fourteen or more."""
    return [clause.start() + m.start() for clause in _LONG_CLAUSE.finditer(plain)
            for m in _SUBJECT.finditer(clause.group()) if m.start() >= 6]


def _tail_rows(plain: str, clauses: list[tuple[int, set[int]]], start: int) -> set[int]:
    """The rows of the text from start on, from the rows of its whole clauses (each computed
    once) and, for a start inside a clause, that clause's rest."""
    rows: set[int] = set()
    for begin, clause_rows in clauses:
        if begin >= start:
            rows |= clause_rows
        elif plain.find(" ", begin) < 0 or plain.find(" ", begin) > start:
            end = plain.find(" ", begin)
            rows |= _rows(plain[start:] if end < 0 else plain[start:end])
    return rows


def guess_tail(plain: str, sure: float, *, tails: int = 8) -> tuple[Guess, int]:
    """The guess of danger in the message or in one of its last clauses, and where the text it
    read starts: danger told at the end of a long message about something else (明天的饭订两份
    ... 我妈在厕所里起不来了) is not outvoted by the n-grams of the errand before it. The kind
    is the surest guess's; the text is the shortest tail still sure of it, so that what comes
    before (上周的活动很好 谢谢你们) is judged as context, as a cue's earlier clauses are."""
    clauses = [(m.start(), _rows(m.group())) for m in re.finditer(r"[^ ]+", plain)]
    starts = sorted({0, *[start for start, _ in clauses], *_soft_starts(plain)})
    found = [(_scored(_tail_rows(plain, clauses, start)), start)
             for start in [0, *starts[1:][-tails:]]]
    danger = [f for f in found if f[0].kind != NONE]
    if not danger:
        return found[0]
    best = max(danger, key=lambda f: f[0].probability)
    held = [f for f in danger if f[0].kind == best[0].kind and f[0].probability >= sure]
    return held[-1] if held else best
