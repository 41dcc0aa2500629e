"""Drops candidate letters that share anything with the independent letters set.

Candidates (a JSON list of {"subject", "body", ...}) are compared with every item of
tests/independent/nlu_letters.yml: a candidate goes when its subject occurs in an item, or when
any 20 characters in a row of its subject or body occur in an item (whitespace and punctuation
ignored on both sides). Only counts are printed; no text of the independent set is shown.

    python bench/letters_decontam.py candidates.json kept.json
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from nlu_heldout import load  # a sibling script: bench/ is on the path

ROOT = Path(__file__).resolve().parents[1]
INDEPENDENT = ROOT / "tests" / "independent" / "nlu_letters.yml"
WINDOW = 20
MIN_SUBJECT = 5  # a shorter subject (求助, 咨询) says too little to match on
_NOISE = re.compile(r"[\s\u3000\xa0,，.。!！?？;；:：、\"“”'‘’()（）《》【】\-—…~～]+")


def squeeze(text: str) -> str:
    """The text without whitespace and punctuation, lower-cased."""
    return _NOISE.sub("", text).lower()


def windows(text: str) -> set[str]:
    """Every WINDOW characters in a row of the text."""
    return {text[i:i + WINDOW] for i in range(max(0, len(text) - WINDOW + 1))}


def main() -> None:
    """Read the candidates, write the ones that share nothing, print the counts."""
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    items = [squeeze(text) for text, _, _, _ in load(INDEPENDENT)]
    item_windows: set[str] = set().union(*(windows(t) for t in items))
    joined = "\n".join(items)
    candidates = json.loads(source.read_text(encoding="utf-8"))
    kept, by_subject, by_window = [], 0, 0
    for cand in candidates:
        subject = squeeze(cand["subject"])
        if len(subject) >= MIN_SUBJECT and subject in joined:
            by_subject += 1
            continue
        if windows(subject + squeeze(cand["body"])) & item_windows or (
                windows(subject) & item_windows or windows(squeeze(cand["body"])) & item_windows):
            by_window += 1
            continue
        kept.append(cand)
    target.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
    print(f"independent items: {len(items)}")
    print(f"candidates: {len(candidates)}  dropped (subject): {by_subject}  "
          f"dropped (20-char window): {by_window}  kept: {len(kept)}")


if __name__ == "__main__":
    main()
