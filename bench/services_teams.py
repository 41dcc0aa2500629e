"""Held-out phrasings of every help service and volunteer team, played as conversations.

    python bench/services_teams.py [--set tests/nlu/heldout/services_teams.yml] [--misses]

Each phrasing of a service is sent by a registered resident and the read-back confirmed: the
help ticket must carry that service. Each phrasing of a team is sent by a resident in no team:
a request to join that team must be made. Prints the accuracy per service, per team and overall.
The list is held out: never copy its sentences into data/ (they measure what data/ generalizes).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from actions.db.migrate import upgrade  # noqa: E402
from nlu import ensure_model  # noqa: E402
from tests.conversations.harness import Runner, scratch  # noqa: E402

ASKER, JOINER = "王秀英", "赵磊"


def situations(path: Path) -> list[tuple[str, str, dict[str, Any]]]:
    """(group, value, situation) for every phrasing of the held-out list."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = []
    for service, texts in data["services"].items():
        for i, text in enumerate(texts):
            found.append(("service", service, {
                "id": f"service-{service}-{i}", "capability": "help",
                "script": f"@at 2026-11-18 10:00\n{ASKER}: {text}\n{ASKER}: [确认]\n",
                "expect": [{"ticket": {"reporter": ASKER, "kind": "help",
                                       "service": service}}]}))
    for team, texts in data["teams"].items():
        for i, text in enumerate(texts):
            found.append(("team", team, {
                "id": f"team-{team}-{i}", "capability": "volunteers",
                "script": f"@at 2026-11-18 10:00\n{JOINER}: {text}\n",
                "expect": [{"team_request": {"person": JOINER, "team": team}}]}))
    return found


def main() -> None:
    """Play every phrasing; print accuracies (and the misses)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default=str(ROOT / "tests/nlu/heldout/services_teams.yml"))
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--model-dir", default=str(ROOT / ".cache" / "bench-model"))
    args = parser.parse_args()
    model = ensure_model(ROOT / "data", Path(args.model_dir))
    work = scratch()
    upgrade(f"sqlite:///{work / 'template.db'}")
    runner = Runner(model, str(work / "template.db"), work)
    tally: dict[tuple[str, str], list[int]] = {}
    try:
        for group, value, situation in situations(Path(args.set)):
            result = runner.run(situation)
            tally.setdefault((group, value), []).append(int(result.passed))
            if args.misses and not result.passed:
                text = situation["script"].splitlines()[1].split(": ", 1)[1]
                print(f"  MISS {value}: {text} -> {'; '.join(result.reasons)[:160]}")
    finally:
        runner.close()
    _report(tally)


def _report(tally: dict[tuple[str, str], list[int]]) -> None:
    for group in ("service", "team"):
        rows = {v: marks for (g, v), marks in tally.items() if g == group}
        right = sum(sum(m) for m in rows.values())
        total = sum(len(m) for m in rows.values())
        print(f"{group}s: {right}/{total} ({100 * right / max(total, 1):.0f}%)  " + "  ".join(
            f"{v} {sum(m)}/{len(m)}" for v, m in rows.items()))
    right = sum(sum(m) for m in tally.values())
    total = sum(len(m) for m in tally.values())
    print(f"overall: {right}/{total} ({100 * right / max(total, 1):.0f}%)")


if __name__ == "__main__":
    main()
