"""Scale benchmark (issue 16): a small community against a street office with a year of data.

Seeds two databases per backend, "small" (the demo community, nothing else) and "big" (the
demo community plus 19 more: 10,000 residents, 2,000 elders with 30 days of check-ins and
8,000 more enrolled yesterday, 100,000 tickets over a year, 50,000 bookings, 1,000,000 sent
outbox rows, 500,000 done inbox rows, 300,000 audit rows; `--quick F` multiplies every count by
F), with SQLAlchemy Core bulk inserts (bench/scaleseed.py), then measures on each, side by
side, one line per figure:

    mix_msg_s, mix_p50_ms, mix_p99_ms   end to end: a turn through the durable inbox plus the
                                         sender's bookkeeping (its `_due` query and recording
                                         each reply as sent), over a mix of greetings, FAQ,
                                         repairs through their form, menu, bookings, check-in
                                         answers and staff /tickets; one process, sequential
    mix_stmts, mix_cpu_ms               SQL statements and CPU per message
    mix_trips, mix_commits              round trips to PostgreSQL per message (statements,
                                         BEGIN, COMMIT, ROLLBACK; on SQLite statements and
                                         commits: no network), commits and rollbacks of a
                                         transaction per message
    mix_batch20_msg_s (_p50_ms, _stmts, the same mix delivered as a loaded getUpdates brings
      _trips, _commits, _cpu_ms)        it: batches of 20 updates, the chats taking turns (a
                                         chat's in order), each batch handled in one
                                         transaction (`Conversation.handle_batch`: one
                                         commit, a savepoint a turn), the sender's
                                         bookkeeping once a batch; per message (p50: a
                                         batch's time); `--batch N` sets the size, 0 skips;
                                         _threads: the threads a batch's chats are shared
                                         among (`--threads`, PostgreSQL only)
    tick_<moment>_stmts / _cpu_s / _s   every job once (`Conversation.run_jobs`) at a quiet
                                         minute, 20:00 (the round starts), 20:31, 21:01
    round_start_s                       the 20:00 tick's time for every enrolled elder
    rss_mb                              the process's peak resident set size

    python bench/scale.py [--quick 0.1] [--backend sqlite|postgresql|both] [--messages 600]
                          [--batch 20] [--threads 2]

SQLite lives in a temporary file; PostgreSQL in a schema of its own (created, then dropped)
of --pg-url (default postgresql://postgres@127.0.0.1:5432/test). Timings on a shared host are
noisy: statement counts and CPU seconds are the steadier figures. The settings are the
defaults: every turn's commit waits for the disk (a flush of several ms on a busy disk is most
of a message's time). To see the rate without it, run with SQLITE_SYNCHRONOUS=normal (SQLite)
or PGOPTIONS="-c synchronous_commit=off" (PostgreSQL) in the environment.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scalemix import Counting, run_batched, run_mix  # noqa: E402
from scaleseed import database, seed_big  # noqa: E402
from sqlalchemy import func, select, text, update  # noqa: E402

from actions.core.clock import ManualClock  # noqa: E402
from actions.core.registry import JOBS  # noqa: E402
from actions.core.settings import load_settings  # noqa: E402
from actions.db import session_scope  # noqa: E402
from actions.db.checkins import CheckinRound  # noqa: E402
from actions.db.community import (  # noqa: E402
    Community,
    Resident,
)
from actions.db.conversation import JobRun, OutboxMessage  # noqa: E402
from bot.wiring import Linli, build, build_parser  # noqa: E402

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 11, 18, 15, 7, tzinfo=SHANGHAI)  # a quiet Wednesday afternoon


def run_ticks(linli: Linli, clock: ManualClock, count: Counting) -> dict[str, float]:
    """Every job once at four moments of the evening, after first ticks that catch up (the
    day's digest, escalations of the tickets already overdue when the benchmark starts, the
    first retention run over a year of rows, in as many ticks as it takes)."""
    out: dict[str, float] = {}
    day = clock.now().astimezone(SHANGHAI).date()
    for label, hhmm in (("catchup", (15, 29)), ("quiet", (15, 30)), ("2000", (20, 0)),
                        ("2031", (20, 31)), ("2101", (21, 1))):
        clock.set(datetime.combine(day, datetime.min.time(), SHANGHAI)
                  .replace(hour=hhmm[0], minute=hhmm[1]))
        if label == "2031":
            mark_round_sent(linli, clock.now() - timedelta(minutes=31))
        before, cpu, wall = count.count, time.process_time(), time.perf_counter()
        linli.conversation.run_jobs()
        for _ in range(200):  # a year's backlog for retention (when there is one): a few ticks
            if label != "catchup" or "retention" not in JOBS or retention_done(linli):
                break
            linli.conversation.run_jobs()
        out[f"tick_{label}_s"] = time.perf_counter() - wall
        out[f"tick_{label}_cpu_s"] = time.process_time() - cpu
        out[f"tick_{label}_stmts"] = count.count - before
        if label == "2000":
            with session_scope(linli.sessions) as session:
                out["round_elders"] = session.scalar(select(func.count()).select_from(
                    CheckinRound).where(CheckinRound.day == day)) or 0
            out["round_start_s"] = out["tick_2000_s"]
    return out


def retention_done(linli: Linli) -> bool:
    """Whether today's retention run has finished."""
    with session_scope(linli.sessions) as session:
        return session.scalar(select(JobRun.id).where(JobRun.key.like("retention:%"))) is not None


def mark_round_sent(linli: Linli, at: datetime) -> None:
    """The round's check-ins went out at 20:00 (delivery itself is bench/checkin_round.py's);
    19 elders in 20 answered, the silent twentieth are what the 20:31 and 21:01 jobs look at."""
    with linli.engine.begin() as conn:
        conn.execute(update(OutboxMessage).where(
            OutboxMessage.sent_at.is_(None)).values(sent_at=at, attempts=1, message_id=1))
        conn.execute(update(CheckinRound).where(
            CheckinRound.status == "sent", CheckinRound.id % 20 != 0).values(
            status="answered", answer="ok", answered_at=at + timedelta(minutes=5)))


def residents_of(linli: Linli, limit: int) -> list[int]:
    """Telegram ids of residents of the demo community who live there."""
    with session_scope(linli.sessions) as session:
        first = session.scalar(select(func.min(Community.id)))
        return list(session.scalars(select(Resident.telegram_id).where(
            Resident.community_id == first, Resident.household_id.is_not(None),
            Resident.telegram_id.is_not(None)).order_by(Resident.id).limit(limit)))


def seed(url: str, factor: float, model_dir: str) -> dict[str, float]:
    """Migrate, seed the demo community and (factor > 0) the street office around it."""
    settings = load_settings(database_url=url, data_dir=str(ROOT / "data"),
                             model_dir=model_dir, _env_file=None)
    linli = build(settings, clock=ManualClock(START), parser=NoNlu())
    try:
        started = time.perf_counter()
        if factor > 0:
            seed_big(linli.engine, factor, START)
        if linli.engine.dialect.name == "postgresql":  # a year-old database has been
            # vacuumed by autovacuum: its visibility map lets counts read the index alone
            with linli.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT").execute(
                    text("VACUUM ANALYZE"))
        return {"seed_s": time.perf_counter() - started}
    finally:
        linli.engine.dispose()


def measure(url: str, messages: int, model_dir: str, batch: int,
            threads: int) -> dict[str, float]:
    """Every figure on a seeded database (in a process of its own, for its RSS); the batched
    mix after the one-at-a-time mix, over the same residents (their conversations go round
    again, as the one-at-a-time mix's do when it has more messages than residents)."""
    settings = load_settings(database_url=url, data_dir=str(ROOT / "data"),
                             model_dir=model_dir, batch_threads=threads, _env_file=None)
    clock = ManualClock(START)
    linli = build(settings, clock=clock, migrate=False, seed=False)
    try:
        count = Counting(linli.engine)
        residents = residents_of(linli, 200)
        figures = run_mix(linli, clock, count, messages, residents)
        if batch > 1:
            figures.update(run_batched(linli, clock, count, messages, residents, batch))
        figures.update(run_ticks(linli, clock, count))
        figures["rss_mb"] = peak_rss_mb()
        return figures
    finally:
        linli.engine.dispose()


def peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM: ru_maxrss would count the parent's, kept over exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class NoNlu:
    """Seeding needs no language understanding."""

    def parse(self, text: str, **_: Any) -> dict[str, Any]:
        return {"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.0},
                "entities": []}


def child(*argv: str) -> dict[str, float]:
    """Run one step of the benchmark in a fresh process; its figures."""
    out = subprocess.run([sys.executable, __file__, *argv], check=True, capture_output=True,
                         text=True)
    return {k: float(v) for k, v in json.loads(out.stdout.strip().splitlines()[-1]).items()}


def main() -> None:
    """Run the benchmark and print small-vs-big side by side."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", type=float, default=1.0, help="scale factor for the big data")
    ap.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    ap.add_argument("--messages", type=int, default=600)
    ap.add_argument("--batch", type=int, default=20,
                    help="updates a batch in the batched mix (0: no batched mix)")
    ap.add_argument("--threads", type=int, default=2,
                    help="threads a batch's chats are shared among (PostgreSQL; SQLite: 1)")
    ap.add_argument("--pg-url", default=os.environ.get(
        "LINLI_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test"))
    ap.add_argument("--step", choices=("seed", "measure"), help=argparse.SUPPRESS)
    ap.add_argument("--url", help=argparse.SUPPRESS)
    ap.add_argument("--model-dir", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.step == "seed":
        print(json.dumps(seed(args.url, args.quick, args.model_dir)))
        return
    if args.step == "measure":
        print(json.dumps(measure(args.url, args.messages, args.model_dir, args.batch,
                                 args.threads)))
        return
    folder = tempfile.mkdtemp(prefix="linli-scale-model-")
    try:
        build_parser(load_settings(data_dir=str(ROOT / "data"), model_dir=folder,
                                   _env_file=None))  # trained once, loaded by each step
        backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
        print(f"scale benchmark: factor {args.quick:g}, {args.messages} messages, "
              f"{os.cpu_count()} cores, {date.today()}")
        for backend in backends:
            results = {}
            for size, factor in (("small", 0.0), ("big", args.quick)):
                with database(backend, args.pg_url) as url:
                    results[size] = child("--step", "seed", "--url", url, "--quick",
                                          str(factor), "--model-dir", folder)
                    results[size].update(child("--step", "measure", "--url", url,
                                               "--messages", str(args.messages),
                                               "--batch", str(args.batch),
                                               "--threads", str(args.threads),
                                               "--model-dir", folder))
            small, big = results["small"], results["big"]
            print(f"{backend:<10} {'figure':<22} {'small':>10} {'big':>10}")
            for key in big:
                print(f"{backend:<10} {key:<22} {small.get(key, 0):>10.3f} {big[key]:>10.3f}",
                      flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
