"""Chaos benchmark of the durable inbox (issue #12): kill the bot, stop the database, count.

The real bot (`linli run`, one or two processes) talks to the Bot API peer (tests/peers/botapi,
its own process, so it outlives the bot), which keeps an update until a later getUpdates offset
confirms it and retries webhook deliveries until they are answered 2xx, like Telegram. Residents
of the demo community (plus ones the bench registers) greet, ask, report repairs, book the
canteen, write to the red mailbox; elders enrolled for a check-in a minute or two ahead press
平安 when it arrives; a broadcast fills the outbox. Meanwhile the bot is killed with SIGKILL at
random moments (seeded), on purpose during the check-in round and during outbox delivery, and
restarted; one PostgreSQL run stops the database for 60 s. When everything is quiet, it counts:

    updates lost        created by the peer but never an inbox row (target 0)
    not done            inbox rows still pending or parked (target 0)
    handled twice       effects beyond one per scripted conversation: tickets, bookings,
                        letters, check-in rounds (target 0)
    duplicate sends     the peer's sends beyond the outbox rows marked sent (target <= kills)
    check-ins           per elder, sends of the check-in (target exactly 1 each)
    平安 answers lost    presses not recorded as the round's answer (target 0)
    conversations stuck scripts that waited in vain for a reply (target 0)

    .venv/bin/python bench/chaos.py [--db sqlite|postgresql|both] [--mode polling|webhook|both]
                                    [--kills N] [--seed S] [--quick] [--no-two-process]

The NLU model is trained once into $TMPDIR/linli-chaos-model (or CHAOS_MODEL_DIR) and reused.
PostgreSQL runs use a private cluster the bench creates (initdb as the postgres user into a
temporary directory, a free port on 127.0.0.1) and removes; the machine's own server is never
touched. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.chaoslib.plan import VENV_BIN, Figures, Plan  # noqa: E402
from bench.chaoslib.processes import Cluster  # noqa: E402
from bench.chaoslib.run import Run  # noqa: E402


# -- reporting ---------------------------------------------------------------------------------
def report(f: Figures) -> list[str]:
    """One line per figure."""
    p = f.plan
    per_elder = Counter(f.checkins.values())
    lines = [
        f"== {p.name}: {f.seconds:.0f}s, {f.kills} kills ({f.kills_round} in the round, "
        f"{f.kills_outbox} in delivery), {f.exits} restarts after exiting on their own",
        f"updates        created {f.created}  stored {f.stored}  done {f.done}  "
        f"lost {f.lost}  pending {f.pending}  parked {f.parked}  retried {f.retried}",
        f"peer           handed out again {f.handed_out_again} (redeliveries, expected)",
        f"handled twice  {f.twice} (effects: tickets, bookings, letters, rounds)  "
        f"missing {f.missing}",
        f"sends          {f.sends} for {f.rows_sent} outbox rows sent: {f.extra_sends} extra "
        f"for {f.kills} kills; same text to the same chat again {f.repeated_sends}",
        "extra sends by cause  " + (", ".join(f"{n} after {cause}" for cause, n in
                                              sorted(f.extra_by_cause.items())) or "none"),
        f"check-ins      {len(f.rounds)} elders, rounds per elder: " + ", ".join(
            f"{n} for {k}" for n, k in sorted(Counter(f.rounds.values()).items()))
        + "; received: " + ", ".join(f"{n} by {k}" for n, k in sorted(per_elder.items()))
        + (f" ({f.checkins_repeated.total()} copies repeated by a kill between send and "
           "record)" if f.checkins_repeated else ""),
        f"平安 answers    lost {f.answers_lost}",
        f"conversations  stuck {f.stuck}" + (f" ({'; '.join(f.detail)})" if f.detail else ""),
        f"drain          {f.drain:.1f}s" + ("" if f.drained else " (NOT quiet)"),
    ]
    misses = f.misses()
    lines.append("result         " + ("ok" if not misses else "MISSED: " + "; ".join(misses)))
    return lines


def plans(args: argparse.Namespace) -> list[Plan]:
    """The runs the arguments ask for; kills spread over them."""
    dbs = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    modes = ["polling", "webhook"] if args.mode == "both" else [args.mode]
    size: dict[str, Any] = ({"talkers": 3, "elders": 8, "broadcast": 40} if args.quick
                            else {"talkers": 6, "elders": 24, "broadcast": 120})
    runs = [Plan(db, mode, **size) for db in dbs for mode in modes]
    if "postgresql" in dbs and not args.quick:
        runs = [Plan(r.db, r.mode, outage=r.db == "postgresql" and r.mode == "polling", **size)
                for r in runs]
        if args.two_process:
            runs.append(Plan("postgresql", "webhook", processes=2, **size))
    kills = args.kills if args.kills is not None else (4 if args.quick else 36)
    each, extra = divmod(kills, len(runs))
    return [Plan(**{**r.__dict__, "kills": each + (n < extra)}) for n, r in enumerate(runs)]


def model_dir(workroot: Path) -> Path:
    """A trained NLU model, trained once and reused (MODEL_DIR, else a cache directory)."""
    wanted = Path(os.environ.get("CHAOS_MODEL_DIR")
                  or Path(tempfile.gettempdir()) / "linli-chaos-model").resolve()
    if not (wanted / "nlu-model.json").exists():
        env = {**os.environ, "MODEL_DIR": str(wanted), "DATA_DIR": str(ROOT / "data")}
        subprocess.run([str(VENV_BIN / "linli"), "nlu", "train"], cwd=workroot, env=env,
                       check=True, stdout=subprocess.DEVNULL)
    return wanted


def main() -> int:
    """Run the benchmark; 0 when every target is met."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--mode", choices=["polling", "webhook", "both"], default="both")
    parser.add_argument("--kills", type=int, default=None, help="in total over the runs")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--quick", action="store_true", help="small, about two minutes")
    parser.add_argument("--no-two-process", dest="two_process", action="store_false")
    parser.add_argument("--keep", action="store_true", help="keep the logs and databases")
    args = parser.parse_args()
    if args.quick and args.db == "both":
        args.db = "sqlite"
    if args.quick and args.mode == "both":
        args.mode = "polling"
    seed = args.seed if args.seed is not None else random.randrange(1_000_000)
    print(f"chaos benchmark, seed {seed} (python bench/chaos.py --seed {seed} repeats the "
          "kill moments)", flush=True)
    workroot = Path(tempfile.mkdtemp(prefix="linli-chaos-"))
    cluster: Cluster | None = None
    failed = False
    try:
        models = model_dir(workroot)
        runs = plans(args)
        if any(r.db == "postgresql" for r in runs):
            cluster = Cluster(workroot)
            cluster.create()
        total = Counter[str]()
        for number, plan in enumerate(runs):
            workdir = workroot / f"run{number}"
            workdir.mkdir()
            figures = asyncio.run(Run(plan, seed=seed + number, workdir=workdir,
                                      model_dir=models, cluster=cluster,
                                      quick=args.quick).execute())
            for line in report(figures):
                print(line, flush=True)
            failed |= bool(figures.misses())
            total.update(kills=figures.kills, lost=figures.lost, twice=figures.twice,
                         extra=figures.extra_sends, created=figures.created)
        print(f"== total: {total['kills']} kills, {total['created']} updates, "
              f"{total['lost']} lost, {total['twice']} handled twice, {total['extra']} extra "
              f"sends; {'FAILED' if failed else 'all targets met'}", flush=True)
    finally:
        if cluster is not None:
            cluster.destroy()
        if args.keep or failed:
            print(f"logs: {workroot}")
        else:
            shutil.rmtree(workroot, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
