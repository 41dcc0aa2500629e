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
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scaleseed import database, seed_big  # noqa: E402
from sqlalchemy import Engine, event, func, select, text, update  # noqa: E402

from actions.core.clock import ManualClock  # noqa: E402
from actions.core.pipeline import Conversation, Incoming  # noqa: E402
from actions.core.registry import JOBS  # noqa: E402
from actions.core.settings import load_settings  # noqa: E402
from actions.db import session_scope  # noqa: E402
from actions.db.checkins import CheckinRound  # noqa: E402
from actions.db.community import (  # noqa: E402
    Community,
    Resident,
)
from actions.db.conversation import JobRun, OutboxMessage  # noqa: E402
from bot.telegram.failures import Outcome  # noqa: E402
from bot.telegram.sender import Sender  # noqa: E402
from bot.wiring import Linli, build, build_parser  # noqa: E402

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 11, 18, 15, 7, tzinfo=SHANGHAI)  # a quiet Wednesday afternoon
STAFF = [20040, 20010, 20001]  # property manager, admin, grid worker: they ask /tickets
MIX: list[tuple[str, ...]] = [  # one resident's conversation; staff ask /tickets in between
    ("你好",), ("物业电话是多少",), ("垃圾几点收",),
    ("我家厨房水管漏水了",), ("3栋2单元501",), ("是",), ("确认",),
    ("今天食堂吃什么",), ("订明天的午饭",), ("一份",), ("是",),
    ("我很好",), ("谢谢",), ("/menu",),
]


class Counting:
    """Counts the statements an engine runs (a before_cursor_execute listener) and its round
    trips: the statements plus, on PostgreSQL, the BEGIN psycopg sends before a transaction's
    first statement and each COMMIT or ROLLBACK (none for an autocommit connection). On SQLite
    BEGIN is a statement already and a commit is no network trip, but each is a commit."""

    def __init__(self, engine: Engine) -> None:
        self.count = self.trips = self.commits = 0
        self._lock = threading.Lock()  # a batch's threads count side by side
        self.postgresql = engine.dialect.name == "postgresql"
        event.listen(engine, "before_cursor_execute", self._seen)
        event.listen(engine, "begin", self._begin)
        event.listen(engine, "commit", self._end)
        event.listen(engine, "rollback", self._end)

    def _seen(self, *_: Any) -> None:
        with self._lock:
            self.count += 1
            self.trips += 1

    def _begin(self, conn: Any) -> None:
        if self.postgresql and not _autocommit(conn):
            with self._lock:
                self.trips += 1

    def _end(self, conn: Any) -> None:
        if not _autocommit(conn):
            with self._lock:
                self.trips += self.postgresql
                self.commits += 1


def _autocommit(conn: Any) -> bool:
    return bool(conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT")


# -- measuring ---------------------------------------------------------------------------------
class NullBot:
    """The sender's bot is never called: the benchmark records outcomes itself."""


def mix(messages: int, residents: list[int]) -> list[tuple[int, str]]:
    """The mix's messages in order: (sender, words); staff ask /tickets every seventh."""
    said = []
    for i in range(messages):
        if i % 7 == 6:
            said.append((STAFF[i % len(STAFF)], "/tickets"))
        else:
            said.append((residents[(i // len(MIX)) % len(residents)], MIX[i % len(MIX)][0]))
    return said


def run_mix(linli: Linli, clock: ManualClock, count: Counting, messages: int,
            residents: list[int]) -> dict[str, float]:
    """Messages through the inbox and the sender's bookkeeping, one at a time (a webhook's
    delivery, or a poll that brought one update); figures per message."""
    conv: Conversation = linli.conversation
    sender = Sender(NullBot(), linli)  # type: ignore[arg-type]
    latencies: list[float] = []
    statements = trips = commits = 0
    cpu = time.process_time()
    wall = time.perf_counter()
    for user, words in mix(messages, residents):
        clock.advance(timedelta(milliseconds=300))
        before, started = count.count, time.perf_counter()
        trips_before, commits_before = count.trips, count.commits
        conv.handle(Incoming(source="bench", user_id=user, chat_id=user, text=words,
                             display_name="居民"))
        record_due(sender)
        latencies.append(time.perf_counter() - started)
        statements += count.count - before
        trips += count.trips - trips_before
        commits += count.commits - commits_before
    wall = time.perf_counter() - wall
    cpu = time.process_time() - cpu
    latencies.sort()
    return {"mix_msg_s": messages / wall,
            "mix_p50_ms": 1000 * statistics.median(latencies),
            "mix_p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))],
            "mix_stmts": statements / messages, "mix_trips": trips / messages,
            "mix_commits": commits / messages, "mix_cpu_ms": 1000 * cpu / messages}


def record_due(sender: Sender) -> None:
    """The sender's bookkeeping after a receiver's work: what is due, each reply recorded as
    sent (the bot itself is not called)."""
    due = sender._due(set())
    if due:
        sender._record([Outcome(m.id, message_id=1) for m in due])


def batches(said: list[tuple[int, str]], size: int) -> list[list[tuple[int, str]]]:
    """The same messages as a loaded getUpdates would bring them: batches of `size` updates,
    the chats taking turns (round robin over the chats with something left; the demo
    community has 10 residents and 3 staff who write, so a chat has one or two updates in a
    batch of 20), each chat's in its order."""
    queues: dict[int, deque[str]] = {}
    for user, words in said:
        queues.setdefault(user, deque()).append(words)
    out: list[list[tuple[int, str]]] = [[]]
    while queues:
        for user in list(queues):
            if len(out[-1]) == size:
                out.append([])
            out[-1].append((user, queues[user].popleft()))
            if not queues[user]:
                del queues[user]
    return out


def run_batched(linli: Linli, clock: ManualClock, count: Counting, messages: int,
                residents: list[int], size: int) -> dict[str, float]:
    """The same mix delivered in batches (`batches`): each batch handled by
    `Conversation.handle_batch` (one commit), then the sender's bookkeeping once a batch, as
    the Worker kicks the sender once a batch; figures per message, the latency a batch's."""
    conv: Conversation = linli.conversation
    sender = Sender(NullBot(), linli)  # type: ignore[arg-type]
    latencies: list[float] = []
    before = (count.count, count.trips, count.commits)
    cpu = time.process_time()
    wall = time.perf_counter()
    for batch in batches(mix(messages, residents), size):
        clock.advance(timedelta(milliseconds=300 * len(batch)))
        started = time.perf_counter()
        conv.handle_batch([Incoming(source="bench", user_id=user, chat_id=user, text=words,
                                    display_name="居民") for user, words in batch])
        record_due(sender)
        latencies.append(time.perf_counter() - started)
    wall = time.perf_counter() - wall
    cpu = time.process_time() - cpu
    latencies.sort()
    name = f"mix_batch{size}"
    statements, trips, commits = (now - then for now, then in zip(
        (count.count, count.trips, count.commits), before, strict=True))
    return {f"{name}_msg_s": messages / wall,
            f"{name}_p50_ms": 1000 * statistics.median(latencies),
            f"{name}_stmts": statements / messages, f"{name}_trips": trips / messages,
            f"{name}_commits": commits / messages, f"{name}_cpu_ms": 1000 * cpu / messages,
            f"{name}_threads": conv.threads.ways}


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
