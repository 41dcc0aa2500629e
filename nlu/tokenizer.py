"""Private jieba tokenizers: the full dictionary for training, a lexicon for parsing.

jieba's default dictionary cuts 3号楼2单元楼道灯坏了 into 3/号楼/2/单元楼/道/灯坏/了; the user
dictionary (facility, team and service names, 楼道灯, 单元, 长者食堂, 网格员, ...) fixes that.

Training segments its examples with the full dictionary (349k words: ~75 MB and ~0.7 s to
load, its cache in a writable directory of our choosing; nothing is downloaded) and keeps in
the model only the words it met, every single character and the user words, with jieba's
frequencies and jieba's total. A lexicon tokenizer built from that loads in milliseconds and
cuts every training sentence exactly as the full dictionary did: the full dictionary's best
path is still there, and every path's score is unchanged.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any

from nlu.segment import LexiconCut

UserWord = tuple[str, int | None, str | None]

_LOCK = threading.Lock()
_TOKENIZERS: dict[tuple[str, tuple[UserWord, ...]], Tokenizer] = {}


def _jieba() -> Any:
    """Import jieba quietly: it may warn about pkg_resources and invalid escapes on import."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import jieba

    return jieba


def cache_dir() -> Path:
    """Where jieba keeps its prefix-dictionary cache (LINLI_NLU_CACHE, else the temp dir)."""
    path = Path(os.environ.get("LINLI_NLU_CACHE") or Path(tempfile.gettempdir()) / "linli-nlu")
    path.mkdir(parents=True, exist_ok=True)
    return path


class Tokenizer:
    """Word segmentation with jieba's dictionary plus the user words."""

    def __init__(self, words: tuple[UserWord, ...], directory: Path | None = None, *,
                 lexicon: dict[str, int] | None = None, total: int = 0) -> None:
        jieba = _jieba()
        self._jieba = jieba.Tokenizer()
        # a parse cuts a letter's asking clause twice (nlu.features, for the letter and the clause)
        self._cut = lru_cache(maxsize=32)(self._cut_words)
        self._user_words = [w for w, _, _ in words]
        self._segment: LexiconCut | None = None
        if lexicon is not None:
            self._use_lexicon(lexicon, total)
            return
        directory = directory or cache_dir()
        self._jieba.tmp_dir = str(directory)
        self._jieba.cache_file = "jieba.cache"
        logger = logging.getLogger("jieba")
        level = logger.level
        logger.setLevel(logging.WARNING)  # jieba logs its loading times to stderr
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._jieba.initialize()
        finally:
            logger.setLevel(level)
        for word, freq, tag in words:
            self._jieba.add_word(word, freq, tag)

    def _use_lexicon(self, lexicon: dict[str, int], total: int) -> None:
        freq: dict[str, int] = {}
        for word, count in lexicon.items():
            freq[word] = count
            for end in range(1, len(word)):
                freq.setdefault(word[:end], 0)  # jieba's prefix entries
        self._jieba.FREQ, self._jieba.total = freq, total
        self._jieba.initialized = True
        self._segment = LexiconCut(freq, total, _jieba())

    def lexicon(self, texts: list[str]) -> tuple[dict[str, int], int]:
        """The words these texts are cut into, every single character and the user words."""
        freq: dict[str, int] = self._jieba.FREQ
        keep = {w for text in texts for w in self.cut(text)}
        keep.update(w for w, n in freq.items() if n and len(w) == 1)
        keep.update(self.user_words)
        return {w: freq[w] for w in sorted(keep) if freq.get(w)}, int(self._jieba.total)

    @property
    def user_words(self) -> list[str]:
        """The words added on top of jieba's dictionary."""
        return list(self._user_words)

    def cut(self, text: str) -> list[str]:
        """The words of text (no HMM: faster, and unknown words fall back to characters)."""
        return list(self._cut(text))

    def _cut_words(self, text: str) -> tuple[str, ...]:
        if self._segment is not None:  # a parsing model's lexicon: the same words, faster
            return tuple(self._segment(text))
        return tuple(w for w in self._jieba.cut(text, HMM=False) if not w.isspace())


def get_tokenizer(words: tuple[UserWord, ...], directory: Path | None = None) -> Tokenizer:
    """The full-dictionary tokenizer with these user words, built once per process."""
    folder = directory or cache_dir()
    key = (str(folder), words)
    with _LOCK:
        tokenizer = _TOKENIZERS.get(key)
        if tokenizer is None:
            tokenizer = _TOKENIZERS[key] = Tokenizer(words, folder)
        return tokenizer
