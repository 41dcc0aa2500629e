"""jieba's cut without HMM over a fixed lexicon, for parsing: the same words, found faster.

jieba (0.42) builds a DAG of the dictionary words at each position, then the best path by the
sum of log(frequency) - log(total), and glues runs of single Latin letters and digits. This does
the same in one backward pass with the words' log-probabilities computed once at load: the same
sums in the same order, so the same path, ties included (the later word wins, as in jieba's
max over (score, end)). Blocks and separators are split with jieba's own patterns.
`tests/nlu/test_nlu_segment.py` holds it to jieba's answers.
"""

from __future__ import annotations

import math
from typing import Any

_ABSENT = object()
_ENG = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


class LexiconCut:
    """The words of a text as a jieba tokenizer with this FREQ and total cuts it (HMM off),
    whitespace left out."""

    def __init__(self, freq: dict[str, int], total: int, jieba: Any) -> None:
        logtotal = math.log(total)
        # a word's log-probability; None for a prefix that is no word by itself
        self._logp: dict[str, float | None] = {
            w: (math.log(n) - logtotal if n else None) for w, n in freq.items()}
        self._unknown = math.log(1) - logtotal  # a character jieba does not know
        self._han = jieba.re_han_default
        self._skip = jieba.re_skip_default

    def __call__(self, text: str) -> list[str]:
        words: list[str] = []
        for block in self._han.split(text):
            if not block:
                continue
            if self._han.match(block):
                self._cut_block(block, words)
                continue
            for piece in self._skip.split(block):
                if not self._skip.match(piece):
                    words.extend(c for c in piece if not c.isspace())
        return words

    def _cut_block(self, block: str, words: list[str]) -> None:
        ends = self._route(block)
        glued = ""  # single Latin letters and digits in a row make one word
        x = 0
        while x < len(block):
            y = ends[x] + 1
            if y - x == 1 and block[x] in _ENG:
                glued += block[x]
            else:
                if glued:
                    words.append(glued)
                    glued = ""
                words.append(block[x:y])
            x = y
        if glued:
            words.append(glued)

    def _route(self, block: str) -> list[int]:
        """The end (inclusive) of the word that starts at each position on the best path."""
        logp = self._logp
        n = len(block)
        score = [0.0] * (n + 1)
        ends = [0] * n
        for start in range(n - 1, -1, -1):
            best: float | None = None
            best_end = start
            i = start
            while i < n:
                p = logp.get(block[start:i + 1], _ABSENT)
                if p is _ABSENT:
                    break
                if p is not None:
                    total = p + score[i + 1]  # type: ignore[operator]
                    if best is None or total >= best:
                        best, best_end = total, i
                i += 1
            if best is None:
                best = self._unknown + score[start + 1]
            score[start], ends[start] = best, best_end
        return ends
