"""Whether two versions of the NLU's code parse alike: every message of the training data and of
the held-out sets, parsed by one trained model with this tree's code and with another tree's,
must give the same intent, ranking (with confidences), entities and faq ranking.

For changes that should not change any output (speed work on the parser):

    git archive <base> nlu | tar -x -C /tmp/base
    .venv/bin/python bench/nlu_same.py --old /tmp/base --model <model dir>

Each tree parses in a process of its own (its `nlu` package first on the path); both use the
model directory given (trained once, by either). Every message is parsed twice: as a chat
message and as an answer to the evening check-in. Prints the counts and the first differences;
exits 1 when any output differs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETS = [*sorted((ROOT / "tests" / "nlu" / "heldout").glob("*.yml")),
        ROOT / "tests" / "independent2" / "nlu_chat.yml"]
REF_DATE = "2026-11-18"

CHILD = """
import json, sys
from datetime import date
from pathlib import Path
from nlu import load_model
model = load_model(Path(sys.argv[1]))
ref = date.fromisoformat(sys.argv[2])
for line in sys.stdin:
    text = json.loads(line)
    for context in (None, "checkin"):
        print(json.dumps(model.parse(text, ref_date=ref, context=context), ensure_ascii=False,
                         sort_keys=True))
"""


def messages() -> list[str]:
    """Every message of data/nlu and of the held-out sets, each once, in a fixed order."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(1, str(ROOT / "bench"))
    from nlu_heldout import load

    from nlu.data import load_data

    texts = [e.text for e in load_data(ROOT / "data").examples]
    for path in SETS:
        texts.extend(item[0] for item in load(path))
    return list(dict.fromkeys(texts))


def parse_with(code: Path, model: Path, texts: list[str]) -> list[str]:
    """The parses of the texts with the `nlu` package of the tree `code`, one JSON line each."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(model), REF_DATE], cwd=code, check=True, text=True,
        input="".join(json.dumps(t) + "\n" for t in texts), capture_output=True,
        env={**os.environ, "PYTHONPATH": str(code)})
    return done.stdout.splitlines()


def main() -> None:
    """Parse with both trees, compare, print the counts and the first differences."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, required=True, help="the other tree (has nlu/)")
    parser.add_argument("--new", type=Path, default=ROOT, help="the tree to check (this one)")
    parser.add_argument("--model", type=Path, required=True, help="a trained model directory")
    args = parser.parse_args()
    texts = messages()
    old = parse_with(args.old.resolve(), args.model.resolve(), texts)
    new = parse_with(args.new.resolve(), args.model.resolve(), texts)
    differ = [(o, n) for o, n in zip(old, new, strict=True) if o != n]
    print(f"messages {len(texts)} parses {len(new)} differ {len(differ)}")
    for o, n in differ[:5]:
        print(f"old {o}\nnew {n}")
    sys.exit(1 if differ or len(old) != 2 * len(texts) else 0)


if __name__ == "__main__":
    main()
