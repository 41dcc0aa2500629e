"""The conversation suites: play every situation and print the pass rates, one figure a line.

    python bench/conversations.py [--set PATH ...] [--failures] [--only ID ...]

Without --set it runs our suite (tests/conversations/*.yml) and the independent one
(tests/independent/conversations.yml). For each suite: the pass rate overall, then per
capability; with --failures, every failing situation with its reasons. The NLU model is built
from data/ (kept in --model-dir between runs); each situation gets a fresh SQLite database.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from actions.db.migrate import upgrade  # noqa: E402
from nlu import ensure_model  # noqa: E402
from tests.conversations.harness import Result, Runner, load_situations, scratch  # noqa: E402

SETS = [ROOT / "tests" / "conversations", ROOT / "tests" / "independent" / "conversations.yml"]


def main() -> None:
    """Run the suites and print their figures."""
    args = _arguments()
    model = ensure_model(ROOT / "data", Path(args.model_dir))
    work = scratch()
    template = work / "template.db"
    upgrade(f"sqlite:///{template}")
    runner = Runner(model, str(template), work, show=sys.stdout if args.show else None)
    try:
        for path in [Path(p) for p in args.set] or SETS:
            situations = load_situations(path)
            if args.only:
                situations = [s for s in situations if s["id"] in args.only]
            started = time.perf_counter()
            results = [runner.run(s) for s in situations]
            _report(_name(path), results, time.perf_counter() - started, args.failures)
    finally:
        runner.close()


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", default=[],
                        help="a suite file or folder (repeatable; default: ours and the "
                             "independent one)")
    parser.add_argument("--failures", action="store_true", help="list failing situations")
    parser.add_argument("--show", action="store_true", help="print each play")
    parser.add_argument("--only", action="append", default=[], help="only these ids")
    parser.add_argument("--model-dir", default=str(ROOT / ".cache" / "bench-model"))
    return parser.parse_args()


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _report(name: str, results: list[Result], seconds: float, failures: bool) -> None:
    passed = sum(r.passed for r in results)
    print(f"{name}: {passed}/{len(results)} passed ({_pct(passed, len(results))}) "
          f"in {seconds:.0f} s")
    by_capability: dict[str, list[Result]] = defaultdict(list)
    for result in results:
        by_capability[result.capability].append(result)
    for capability, group in sorted(by_capability.items()):
        ok = sum(r.passed for r in group)
        print(f"  {capability:<14} {ok}/{len(group)} ({_pct(ok, len(group))})")
    # how many failed because the harness could not set up or check them (an unknown check,
    # a given it cannot build): no words of a situation, so safe on a held-out set too
    broken = sum(any(r.startswith("suite error") for r in result.reasons)
                 for result in results if not result.passed)
    print(f"  {'suite_errors':<14} {broken}")
    if failures:
        for result in results:
            if not result.passed:
                print(f"  FAIL {result.id} [{result.capability}]")
                for reason in result.reasons:
                    print(f"       - {reason}")


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


if __name__ == "__main__":
    main()
