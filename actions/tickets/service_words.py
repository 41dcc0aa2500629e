"""The service free words name (data/tickets.yml service_words), read on the simplified text.

Every service scores the characters its words cover; the best wins, a tie goes to the service
listed first. A word `饭…送` is 饭, up to six characters, then 送 (饭能给俺送到家里不).
A service's own name in the words counts most.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from nlu import normalize

GAP = "…"
NAMED = 10  # a service named outright outweighs any of its everyday words


@lru_cache(maxsize=4096)
def _pattern(word: str) -> re.Pattern[str]:
    parts = [re.escape(normalize(part).strip()) for part in word.split(GAP)]
    return re.compile(".{0,6}".join(part for part in parts if part))


def _score(text: str, name: str, words: Sequence[str]) -> int:
    named = NAMED if name in text else 0
    return named + sum(len(w.replace(GAP, "")) for w in words if _pattern(w).search(text))


def service_in_words(text: str, names: Sequence[str],
                     words: Mapping[str, Sequence[str]]) -> str | None:
    """The service the words point at most (其他 is never guessed), or None."""
    plain = normalize(text)
    scores = {name: _score(plain, name, words.get(name, ())) for name in names if name != "其他"}
    best = max(scores.values(), default=0)
    return next((name for name, score in scores.items() if score == best), None) \
        if best > 0 else None
