"""Leave-one-letter-file-out: the nearest we have to letters written by someone else.

Each letter file of data/nlu was written by a different round in its own wording; the model is
trained on everything but one file and scored on that file's messages, for each file in turn.
Our own 5-fold CV mixes every file into every fold, so it cannot see how a register we never
wrote generalizes; this can (issue 15, fourth round).

    python bench/nlu_letter_files.py [--errors] [--files letters_boards.yml ...]

Prints one line: the overall accuracy and each file's right/total; --errors lists the misses.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from nlu.data import TrainingData, _read_file, load_data
from nlu.tokenizer import get_tokenizer
from nlu.train import DEFAULT, fit, in_memory

ROOT = Path(__file__).resolve().parents[1]
FILES = ("letters.yml", "letters_long.yml", "petitions.yml", "policy_letters.yml",
         "letters_background.yml", "city.yml", "letters_personal.yml", "letters_registers.yml",
         "triggers.yml", "borderline.yml")
REF_DATE = date(2026, 11, 18)


def main() -> None:
    """Train without each file in turn and score that file."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", action="store_true", help="list every miss")
    parser.add_argument("--files", nargs="+", default=FILES, help="the files left out in turn")
    args = parser.parse_args()
    data = load_data(ROOT / "data")
    tokenizer = get_tokenizer(tuple(data.userdict))
    right = total = 0
    parts: list[str] = []
    for name in args.files:
        held = TrainingData()
        _read_file(ROOT / "data" / "nlu" / name, held)
        keys = {(e.text, e.intent) for e in held.examples}
        train = [e for e in data.examples if (e.text, e.intent) not in keys]
        model = in_memory(fit(data, train, tokenizer, DEFAULT))
        hits = 0
        for example in held.examples:
            got = model.parse(example.text, ref_date=REF_DATE)["intent"]
            hits += got["name"] == example.intent
            if args.errors and got["name"] != example.intent:
                print(f"# {name}: {example.intent} -> {got['name']} "
                      f"{got['confidence']:.2f} | {example.text}")
        parts.append(f"{name.removesuffix('.yml')} {hits}/{len(held.examples)}")
        right += hits
        total += len(held.examples)
    print(f"letter_files_accuracy {right / total:.4f} ({right}/{total}) | " + " ".join(parts))


if __name__ == "__main__":
    main()
