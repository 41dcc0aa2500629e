"""The parser's own cut (nlu.segment) gives jieba's words: on a small lexicon with ties, Latin
letters, digits, spaces and symbols, and on the real model's lexicon over every training text."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from nlu import NluModel
from nlu.clauses import clauses
from nlu.data import load_data
from nlu.segment import LexiconCut
from nlu.tokenizer import Tokenizer, _jieba

DATA = Path(__file__).resolve().parents[2] / "data"

SMALL = {"中国": 4, "国人": 4, "中": 2, "国": 1, "人": 2, "楼道灯": 9, "楼道": 5, "灯": 3,
         "坏了": 6, "坏": 2, "了": 8, "ab": 3, "qq": 2, "3号楼": 4, "号楼": 5}


def jieba_over(freq: dict[str, int], total: int) -> Any:
    """A jieba tokenizer with exactly these frequencies (prefixes included) and total."""
    tokenizer = _jieba().Tokenizer()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True
    return tokenizer


def jieba_words(tokenizer: Any, text: str) -> list[str]:
    """What jieba itself cuts (HMM off), whitespace left out, as nlu.tokenizer did."""
    return [w for w in tokenizer.cut(text, HMM=False) if not w.isspace()]


def with_prefixes(lexicon: dict[str, int]) -> dict[str, int]:
    freq = dict(lexicon)
    for word in lexicon:
        for end in range(1, len(word)):
            freq.setdefault(word[:end], 0)
    return freq


@pytest.mark.parametrize("text", [
    "中国人", "3号楼楼道灯坏了", "ab c qq 12 楼道 灯", "x1y2 中国ab国人", "", "   ", "\r\n中\t国",
    "灯👍坏了！！", "a-b_c.d%e#f+g&h 楼道", "未知的字中国", "qqab3号楼ab", "中\u3000国",
])
def test_the_cut_is_jiebas_on_a_small_lexicon(text: str) -> None:
    freq = with_prefixes(SMALL)
    assert LexiconCut(freq, 100, _jieba())(text) == jieba_words(jieba_over(freq, 100), text)


def test_the_cut_is_jiebas_on_random_text() -> None:
    freq = with_prefixes(SMALL)
    cut, jieba = LexiconCut(freq, 50, _jieba()), jieba_over(freq, 50)
    pool = [*SMALL, *"中国人楼道灯坏了未知abq3 \t,.!？-"]
    rnd = random.Random(7)
    for _ in range(2000):
        text = "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 20)))
        assert cut(text) == jieba_words(jieba, text), text


def test_the_models_cut_is_jiebas_on_every_training_text(nlu_model: NluModel) -> None:
    lexicon, total = nlu_model.meta["lexicon"], int(nlu_model.meta["lexicon_total"])
    tokenizer = Tokenizer((), lexicon=lexicon, total=total)
    jieba = jieba_over(with_prefixes(lexicon), total)
    texts = [e.text for e in load_data(DATA).examples]
    for text in {*texts, *(c for t in texts for c in clauses(t))}:
        assert tokenizer.cut(text) == jieba_words(jieba, text), text
