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
import glob
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, text  # noqa: E402

from actions.core.outbox import queue_message  # noqa: E402
from actions.core.seed import seed_demo  # noqa: E402
from actions.db import make_engine, make_session_factory, session_scope  # noqa: E402
from actions.db.canteen import CanteenBooking  # noqa: E402
from actions.db.checkins import CheckinEnrolment, CheckinRound  # noqa: E402
from actions.db.community import GroupChat, Resident  # noqa: E402
from actions.db.conversation import InboxItem, OutboxMessage  # noqa: E402
from actions.db.mailbox import MailboxItem  # noqa: E402
from actions.db.migrate import upgrade  # noqa: E402
from actions.db.tickets import Ticket  # noqa: E402
from tests.factories import make_canteen_menu, make_elder, make_resident  # noqa: E402
from tests.peers.botapi.client import PeerClient, Person  # noqa: E402

TOKEN = "770001:chaos-bench"
SECRET = "chaos-bench-secret"
TZ = ZoneInfo("Asia/Shanghai")
VENV_BIN = ROOT / ".venv" / "bin"
REPLY_WAIT = 240.0  # a resident waits this long for an answer (a 60 s outage, restarts, ...)
DRAIN_LIMIT = 180.0  # seconds to reach quiet after the traffic, else the run fails
FIRST_TG_ID = 7_100_000


# -- what a run is -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Plan:
    """One run: database, receiving mode, processes, traffic and kills."""

    db: str  # sqlite | postgresql
    mode: str  # polling | webhook
    processes: int = 1
    kills: int = 6
    outage: bool = False  # stop the database for OUTAGE seconds
    outage_seconds: float = 60.0
    talkers: int = 8  # per kind of conversation: greeting, repair, booking, letter
    elders: int = 30
    broadcast: int = 120

    @property
    def name(self) -> str:
        """How the run is called in the output."""
        extra = " x2" if self.processes > 1 else ""
        return f"{self.db}/{self.mode}{extra}" + (" +outage" if self.outage else "")


@dataclass
class Figures:
    """What a run measured."""

    plan: Plan
    kills: int = 0
    kills_round: int = 0
    kills_outbox: int = 0
    exits: int = 0  # processes that ended on their own (e.g. started while the db was down)
    created: int = 0
    stored: int = 0
    done: int = 0
    parked: int = 0
    pending: int = 0
    lost: int = 0
    retried: int = 0  # items done after more than one try
    twice: int = 0
    missing: int = 0
    sends: int = 0
    rows_sent: int = 0
    extra_sends: int = 0
    extra_by_cause: Counter[str] = field(default_factory=Counter)
    repeated_sends: int = 0
    handed_out_again: int = 0
    checkins: Counter[int] = field(default_factory=Counter)  # elder -> check-ins received
    checkins_repeated: Counter[int] = field(default_factory=Counter)  # ... copies after a kill
    rounds: Counter[int] = field(default_factory=Counter)  # elder -> rounds (rows) tonight
    answers_lost: int = 0
    stuck: int = 0
    drain: float = 0.0
    seconds: float = 0.0
    drained: bool = True
    detail: list[str] = field(default_factory=list)

    def misses(self) -> list[str]:
        """The targets missed."""
        out = []
        checks = [(self.lost == 0, f"{self.lost} update(s) lost"),
                  (self.pending == 0, f"{self.pending} update(s) not handled"),
                  (self.parked == 0, f"{self.parked} turn(s) parked"),
                  (self.twice == 0, f"{self.twice} effect(s) twice"),
                  (self.missing == 0, f"{self.missing} effect(s) missing"),
                  (self.extra_sends <= self.kills, f"{self.extra_sends} extra sends for "
                                                   f"{self.kills} kills"),
                  (all(n <= 1 for cause, n in self.extra_by_cause.items()
                       if cause.startswith("kill")), "a kill repeated more than one send"),
                  (all(n == 1 for n in self.rounds.values())
                   and len(self.rounds) == self.plan.elders, "check-in rounds not one per elder"),
                  (all(n - self.checkins_repeated[tg] == 1 for tg, n in self.checkins.items()),
                   "check-ins received not one per elder (beyond copies a kill repeated)"),
                  (self.answers_lost == 0, f"{self.answers_lost} 平安 answer(s) lost"),
                  (self.stuck == 0, f"{self.stuck} conversation(s) stuck"),
                  (self.drained, "did not drain")]
        for ok, what in checks:
            if not ok:
                out.append(what)
        return out


# -- processes ---------------------------------------------------------------------------------
def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Cluster:
    """A private PostgreSQL cluster in a temporary directory, owned by the bench."""

    def __init__(self, workdir: Path) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            raise SystemExit("PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin)")
        self.bin = Path(found[-1]).parent
        self.dir = workdir / "pg"
        self.port = free_port()
        self.log = workdir / "pg.log"

    def _as_postgres(self, *args: str) -> None:
        command = [str(a) for a in args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)

    def create(self) -> None:
        """initdb and start."""
        self.dir.mkdir(parents=True)
        self.log.touch()
        if os.geteuid() == 0:
            shutil.chown(self.dir.parent, "postgres")
            shutil.chown(self.dir, "postgres")
            shutil.chown(self.log, "postgres")
        self._as_postgres(self.bin / "initdb", "-D", str(self.dir), "-U", "postgres",
                          "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        self.start()

    def start(self) -> None:
        """Start the server (waits until it accepts connections)."""
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} "
                   "-c fsync=on -c max_connections=60")
        self._as_postgres(self.bin / "pg_ctl", "-D", str(self.dir), "-l", str(self.log),
                          "-o", options, "-w", "start")

    def stop(self) -> None:
        """Stop it (-m fast: open connections are cut)."""
        self._as_postgres(self.bin / "pg_ctl", "-D", str(self.dir), "-m", "fast", "-w", "stop")

    def url(self, database: str) -> str:
        """The URL of a database in the cluster."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new empty database; its URL."""
        engine = make_engine(self.url("postgres")).execution_options(
            isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.url(name)

    def destroy(self) -> None:
        """Stop and remove (best effort)."""
        with suppress(subprocess.CalledProcessError):
            self.stop()


class Peer:
    """The Bot API peer in its own process."""

    def __init__(self, log: Path) -> None:
        self.log = log
        self.proc: subprocess.Popen[str] | None = None
        self.url = ""

    def start(self) -> str:
        """Start it; its URL."""
        self.proc = subprocess.Popen(
            [str(VENV_BIN / "python"), "-m", "tests.peers.botapi", "--port", "0",
             "--token", TOKEN], cwd=ROOT, stdout=subprocess.PIPE,
            stderr=self.log.open("a"), text=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if "listening on" not in line:
            raise RuntimeError(f"the peer did not start: {line!r}")
        self.url = line.rsplit(" ", 1)[1].strip()
        return self.url

    def stop(self) -> None:
        """SIGTERM and wait."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            with suppress(subprocess.TimeoutExpired):
                self.proc.wait(10)


class BotProcess:
    """One `linli run`, killed and restarted by the bench; a supervisor restarts it when it
    ends on its own (like systemd's Restart=always)."""

    def __init__(self, name: str, env: dict[str, str], workdir: Path) -> None:
        self.name, self.env, self.workdir = name, env, workdir
        self.log = workdir / f"bot-{name}.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.started = 0.0
        self.exits = 0
        self.held = False  # down on purpose (between a kill and its restart)

    def start(self) -> None:
        """Start `linli run` with the run's environment."""
        self.held = False
        if self.alive():
            return
        with self.log.open("ab") as log:
            log.write(f"\n===== start {time.strftime('%H:%M:%S')} =====\n".encode())
            self.proc = subprocess.Popen([str(VENV_BIN / "linli"), "run"], cwd=self.workdir,
                                         env=self.env, stdout=log, stderr=log)
        self.started = time.monotonic()

    def alive(self) -> bool:
        """Whether the process runs."""
        return self.proc is not None and self.proc.poll() is None

    def kill(self, *, hold: bool = False) -> None:
        """SIGKILL, and reap it; `hold`: the supervisor leaves it down until `start()`."""
        self.held = hold
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def supervise(self) -> None:
        """Restart after it ended on its own."""
        if not self.held and self.proc is not None and self.proc.poll() is not None:
            self.exits += 1
            self.start()

    def stop(self) -> None:
        """SIGTERM (a clean stop), then SIGKILL after 20 s."""
        self.held = True
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.kill()


# -- the community ------------------------------------------------------------------------------
@dataclass
class Cast:
    """Who takes part: telegram ids by role, and the database ids of residents."""

    talkers: dict[str, list[int]]  # kind -> telegram ids
    elders: list[int]
    everyone: list[int]  # every private chat the bot may write to (peer users)
    groups: dict[int, str]
    booking_day: date
    round_at: datetime  # the elders' check-in time (UTC)


def next_open_day(today: date) -> date:
    """A weekday at least two days ahead (the canteen is closed at weekends)."""
    day = today + timedelta(days=2)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def prepare_database(url: str, plan: Plan, data_dir: Path, round_lead: float) -> Cast:
    """Migrate, seed the demo, register the bench's residents and elders, enrol the elders."""
    upgrade(url)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    now = datetime.now(UTC)
    local = now.astimezone(TZ)
    # the check-in time: a whole minute at least `round_lead` seconds ahead
    at = (local + timedelta(seconds=round_lead + 59)).replace(second=0, microsecond=0)
    booking_day = next_open_day(local.date())
    ids = iter(range(FIRST_TG_ID, FIRST_TG_ID + 10_000))
    talkers: dict[str, list[int]] = {}
    with session_scope(sessions) as session:
        seed_demo(session, data_dir=data_dir, now=now)
        make_canteen_menu(session, day=booking_day)
        for kind in ("greeting", "repair", "booking", "letter"):
            talkers[kind] = []
            for n in range(plan.talkers):
                tg = next(ids)
                make_resident(session, name=f"居民{tg % 10000}", building=str(1 + n % 11),
                              unit=str(1 + n % 3), room=f"{1 + n % 6}0{1 + n % 2}",
                              telegram_id=tg)
                talkers[kind].append(tg)
        elders = []
        for n in range(plan.elders):
            tg = next(ids)
            elder = make_elder(session, name=f"老人{tg % 10000}", building=str(1 + n % 11),
                               unit=str(1 + n % 3), room=f"{1 + n % 6}0{1 + n % 2}",
                               telegram_id=tg)
            session.add(CheckinEnrolment(community_id=elder.community_id, elder_id=elder.id,
                                         checkin_time=at.strftime("%H:%M"),
                                         created_at=now - timedelta(hours=1)))
            elders.append(tg)
        quiet = [next(ids) for _ in range(max(0, plan.broadcast - sum(map(len,
                                                                          talkers.values()))))]
        for tg in quiet:
            make_resident(session, name=f"邻居{tg % 10000}", telegram_id=tg)
        everyone = [tg for tg, in session.execute(
            select(Resident.telegram_id).where(Resident.telegram_id.is_not(None)))]
        groups = {g.chat_id: g.title for g in session.scalars(select(GroupChat))}
    engine.dispose()
    return Cast(talkers, elders, everyone, groups, booking_day, at.astimezone(UTC))


# -- residents ---------------------------------------------------------------------------------
class Stuck(Exception):
    """A resident waited in vain."""


async def wait_for(person: Person, want: Callable[[dict[str, Any]], bool],
                   timeout: float = REPLY_WAIT) -> dict[str, Any]:
    """The first message after the person's cursor that `want`s; moves the cursor past it."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise Stuck(f"{person.id}: no answer in {timeout:.0f}s")
        records, _ = await person.peer.messages(person.token, person.chat_id,
                                                since=person.cursor, count=1,
                                                wait=min(left, 10.0))
        for record in records:
            person.cursor = record["seq"]
            if want(record):
                return record


def has_button(label: str) -> Callable[[dict[str, Any]], bool]:
    """A message offering a button with this label."""
    def test(record: dict[str, Any]) -> bool:
        markup = record.get("reply_markup") or {}
        return any(b.get("text") == label for row in markup.get("inline_keyboard", [])
                   for b in row)
    return test


def says(fragment: str) -> Callable[[dict[str, Any]], bool]:
    """A message whose text contains `fragment`."""
    return lambda record: fragment in str(record.get("text", ""))


async def converse(person: Person, steps: list[tuple[str, str, Callable[[dict[str, Any]], bool]]],
                   rng: random.Random, arrived: asyncio.Event) -> None:
    """Say or press, then wait for the expected answer, step by step."""
    last: dict[str, Any] | None = None
    for action, what, expect in steps:
        await asyncio.sleep(rng.uniform(0.3, 2.5))  # reading and typing
        if action == "say":
            await person.say(what)
        else:
            assert last is not None
            await person.press(last, label=what)
        arrived.set()
        last = await wait_for(person, expect)


def script(kind: str, booking_day: date) -> list[tuple[str, str, Callable[[dict[str, Any]],
                                                                               bool]]]:
    """A conversation with a known effect in the database."""
    if kind == "greeting":
        return [("say", "你好", says("您好")), ("say", "物业电话多少", says("何经理"))]
    if kind == "repair":  # one ticket
        return [("say", "我家厨房水管漏水了", has_button("跳过")),
                ("press", "跳过", has_button("确认")),
                ("press", "确认", says("报修登记好了"))]
    if kind == "booking":  # one booking
        day = f"{booking_day.month}月{booking_day.day}日"
        return [("say", f"{day}中午订一份", has_button("确认")),
                ("press", "确认", says("订好了"))]
    if kind == "letter":  # one letter
        return [("say", "建议在小区大门口放几张长椅，老人走累了能歇歇脚", has_button("匿名")),
                ("press", "匿名", says("收到了"))]
    raise ValueError(kind)


async def elder_answers(person: Person, rng: random.Random, pressed: set[int],
                        arrived: asyncio.Event) -> None:
    """Wait for the check-in, press 平安, wait for the thanks."""
    checkin = await wait_for(person, has_button("平安"), timeout=REPLY_WAIT + 180)
    await asyncio.sleep(rng.uniform(0.5, 6.0))
    await person.press(checkin, label="平安")
    arrived.set()
    pressed.add(person.id)
    await wait_for(person, lambda record: True)


# -- one run -----------------------------------------------------------------------------------
class Run:
    """Set up, drive, kill, wait for quiet, count."""

    def __init__(self, plan: Plan, *, seed: int, workdir: Path, model_dir: Path,
                 cluster: Cluster | None, quick: bool) -> None:
        self.plan, self.workdir, self.model_dir = plan, workdir, model_dir
        self.cluster, self.quick = cluster, quick
        self.rng = random.Random(seed)
        self.figures = Figures(plan)
        self.bots: list[BotProcess] = []
        self.url = ""
        self.peer_url = ""
        self.db_down = False
        self.talking = True
        self.pressed: set[int] = set()
        self.arrived = asyncio.Event()  # set whenever a resident writes or presses
        self.stuck: list[str] = []
        self.events: list[tuple[float, str]] = []  # (time.time(), what): kills, outage

    # -- setting up --------------------------------------------------------------------------
    def database(self) -> str:
        if self.plan.db == "sqlite":
            return f"sqlite:///{self.workdir / 'linli.db'}"
        assert self.cluster is not None
        name = "chaos_" + self.workdir.name.replace("-", "_").lower()
        return self.cluster.create_database(name)

    def env(self, webhook_port: int, listen_port: int) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("WEBHOOK_", "DATABASE"))}
        env.update({"DATABASE_URL": self.url, "TELEGRAM_BOT_TOKEN": TOKEN,
                    "TELEGRAM_API_URL": self.peer_url, "DATA_DIR": str(ROOT / "data"),
                    "MODEL_DIR": str(self.model_dir), "JOBS_EVERY_SECONDS": "2",
                    "OUTBOX_EVERY_SECONDS": "1", "PYTHONUNBUFFERED": "1"})
        if self.plan.mode == "webhook":
            # two processes: both name the first one's URL (the one Telegram would call); the
            # second listens too but gets nothing: it handles the inbox, jobs and outbox
            env.update({"WEBHOOK_URL": f"http://127.0.0.1:{webhook_port}/telegram",
                        "WEBHOOK_SECRET": SECRET, "WEBHOOK_LISTEN": f"127.0.0.1:{listen_port}"})
        return env

    async def setup_peer(self, peer: PeerClient, cast: Cast) -> dict[int, Person]:
        await peer.add_bot(TOKEN)
        for chat_id, title in cast.groups.items():
            await peer.add_group(title, id=chat_id)
        people = {}
        for tg in cast.everyone:
            user = await peer.add_user(f"用户{tg}", id=tg)
            people[tg] = Person(peer, TOKEN, int(user["id"]), int(user["id"]))
        return people

    # -- driving -----------------------------------------------------------------------------
    async def traffic(self, people: dict[int, Person], cast: Cast, window: float) -> None:
        """Every resident's conversation, started at a random moment of the window; elders
        from the start (they wait for their check-in)."""
        async def one(coro: Awaitable[None], delay: float) -> None:
            await asyncio.sleep(delay)
            try:
                await coro
            except Stuck as exc:
                self.stuck.append(str(exc))

        tasks = []
        for kind, ids in cast.talkers.items():
            steps = script(kind, cast.booking_day)
            for tg in ids:
                rng = random.Random(self.rng.random())
                talk = converse(people[tg], steps, rng, self.arrived)
                tasks.append(one(talk, self.rng.uniform(0, window)))
        for tg in cast.elders:
            rng = random.Random(self.rng.random())
            tasks.append(one(elder_answers(people[tg], rng, self.pressed, self.arrived), 0.0))
        await asyncio.gather(*tasks)

    async def broadcast(self, cast: Cast, at: float) -> None:
        """Queue a notice to many residents at once (the outbox fills)."""
        await asyncio.sleep(at)
        await self.when_db_up()
        now = datetime.now(UTC)
        engine = make_engine(self.url)
        with session_scope(make_session_factory(engine)) as session:
            for tg in cast.everyone[:self.plan.broadcast]:
                queue_message(session, chat_id=tg, now=now,
                              text=f"【停水通知】明天9:00-12:00停水检修，请提前储水。#{tg}")
        engine.dispose()

    async def when_db_up(self) -> None:
        while self.db_down:
            await asyncio.sleep(0.5)

    async def outage(self, peer: PeerClient) -> None:
        """Stop the database for a minute once the broadcast is being sent; residents keep
        writing, and the random kills go on (a bot started meanwhile exits and is restarted)."""
        assert self.cluster is not None
        await self.first_send(peer, says("【停水通知】"))
        await asyncio.sleep(self.rng.uniform(0.2, 1.5))
        await asyncio.to_thread(self.cluster.stop)
        self.db_down = True
        self.events.append((time.time(), "database stopped"))
        await asyncio.sleep(self.plan.outage_seconds)
        await asyncio.to_thread(self.cluster.start)
        self.db_down = False

    # -- killing -----------------------------------------------------------------------------
    async def kill(self, why: str, victim: BotProcess | None = None) -> bool:
        """SIGKILL a process (at random when not named), restart it after a moment."""
        victim = victim or self.rng.choice(self.bots)
        for _ in range(100):  # another kill's restart may be under way
            if victim.alive():
                break
            await asyncio.sleep(0.1)
        else:
            return False
        victim.kill(hold=True)
        self.figures.kills += 1
        self.events.append((time.time(), f"kill #{self.figures.kills} of {victim.name} ({why})"))
        await asyncio.sleep(self.rng.uniform(0.2, 2.0))
        victim.start()
        return True

    async def killer(self, peer: PeerClient, cast: Cast, random_kills: int,
                     until: float) -> None:
        """Kills at random moments over the run, plus one in the round and one in delivery."""
        started = time.monotonic()
        moments = sorted(self.rng.uniform(4.0, until) for _ in range(random_kills))
        special = asyncio.gather(self.kill_in_round(peer, cast), self.kill_in_delivery(peer))
        for number, moment in enumerate(moments):
            await asyncio.sleep(max(0.0, started + moment - time.monotonic()))
            if number % 2 == 0:
                await self.kill("random")
                continue
            # every other one within 100 ms of a resident's update reaching the peer: while
            # it is handed out, stored, confirmed or acknowledged
            self.arrived.clear()
            with suppress(TimeoutError):
                await asyncio.wait_for(self.arrived.wait(), 20.0)
            await asyncio.sleep(self.rng.uniform(0.0, 0.1))
            await self.kill("as an update arrived")
        await special

    async def kill_in_round(self, peer: PeerClient, cast: Cast) -> None:
        """Kill once the first check-ins have gone out (the round and the presses run)."""
        first = await self.first_send(peer, has_button("平安"))
        if first is None:
            return
        await asyncio.sleep(self.rng.uniform(0.0, 2.0))
        # two processes: kill the one that does not receive (it may hold the round's and the
        # sender's locks); the receiver is killed by the random kills
        victim = self.bots[-1] if len(self.bots) > 1 else None
        self.figures.kills_round += await self.kill("during the check-in round", victim)

    async def kill_in_delivery(self, peer: PeerClient) -> None:
        """Kill while the broadcast is being sent."""
        first = await self.first_send(peer, says("【停水通知】"))
        if first is None:
            return
        await asyncio.sleep(self.rng.uniform(0.2, 2.5))
        self.figures.kills_outbox += await self.kill("during outbox delivery")

    async def first_send(self, peer: PeerClient, want: Callable[[dict[str, Any]], bool],
                         timeout: float = 600.0) -> dict[str, Any] | None:
        cursor = 0
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            records, cursor = await peer.messages(TOKEN, since=cursor, wait=1.0, count=1)
            for record in records:
                if want(record):
                    return record
            if not self.talking:
                return None
        return None

    async def supervisor(self) -> None:
        while True:
            await asyncio.sleep(1.0)
            for bot in self.bots:
                bot.supervise()

    # -- quiet and counting ------------------------------------------------------------------
    async def drain(self, peer: PeerClient) -> float:
        """Wait until nothing is pending anywhere; seconds it took."""
        started = time.monotonic()
        engine = make_engine(self.url)
        quiet = 0
        try:
            while time.monotonic() - started < DRAIN_LIMIT:
                stats = await peer.stats(TOKEN)
                with engine.connect() as conn:
                    inbox = conn.scalar(select(func.count()).select_from(InboxItem).where(
                        InboxItem.status == "pending"))
                    outbox = conn.scalar(select(func.count()).select_from(OutboxMessage).where(
                        OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None),
                        OutboxMessage.send_after <= datetime.now(UTC)))
                quiet = quiet + 1 if stats["pending"] == 0 and inbox == 0 and outbox == 0 \
                    else 0
                if quiet >= 3:
                    return time.monotonic() - started
                await asyncio.sleep(1.0)
        finally:
            engine.dispose()
        self.figures.drained = False
        return time.monotonic() - started

    async def count(self, peer: PeerClient, cast: Cast) -> None:
        f = self.figures
        stats = await peer.stats(TOKEN)
        f.created, f.sends = stats["created"], stats["sends"]
        f.repeated_sends, f.handed_out_again = stats["repeated_sends"], stats["handed_out_again"]
        engine = make_engine(self.url)
        sessions = make_session_factory(engine)
        with session_scope(sessions) as s:
            by_status = dict(s.execute(select(InboxItem.status, func.count())
                                       .group_by(InboxItem.status)).all())
            f.stored = sum(by_status.values())
            f.done, f.parked = by_status.get("done", 0), by_status.get("parked", 0)
            f.pending = by_status.get("pending", 0)
            f.retried = s.scalar(select(func.count()).select_from(InboxItem).where(
                InboxItem.attempts > 1)) or 0
            f.lost = max(0, f.created - f.stored)
            rows = Counter((chat, text) for chat, text in s.execute(
                select(OutboxMessage.chat_id, OutboxMessage.text).where(
                    OutboxMessage.sent_at.is_not(None))))
            f.rows_sent = rows.total()
            rid = dict(s.execute(select(Resident.telegram_id, Resident.id)).all())
            effects = {
                "repair": Counter(s.scalars(select(Ticket.reporter_id))),
                "booking": Counter(s.scalars(select(CanteenBooking.resident_id).where(
                    CanteenBooking.day == cast.booking_day))),
                "letter": Counter(s.scalars(select(MailboxItem.person_id))),
            }
            rounds = Counter(s.scalars(select(CheckinRound.elder_id)))
            answers = dict(s.execute(select(CheckinRound.elder_id, CheckinRound.answer)).all())
        engine.dispose()
        for kind, counts in effects.items():
            for tg in cast.talkers[kind]:
                n = counts.get(rid[tg], 0)
                f.twice += max(0, n - 1)
                f.missing += n == 0
        for tg in cast.elders:
            n = f.rounds[tg] = rounds.get(rid[tg], 0)
            f.twice += max(0, n - 1)
            f.missing += n == 0
            if tg in self.pressed and answers.get(rid[tg]) != "ok":
                f.answers_lost += 1
        f.answers_lost += len(set(cast.elders) - self.pressed)  # never got to press
        f.extra_sends = f.sends - f.rows_sent
        records, _ = await peer.messages(TOKEN)
        f.checkins = Counter({tg: 0 for tg in cast.elders})
        for record in records:
            if record["chat_id"] in f.checkins and has_button("平安")(record):
                f.checkins[record["chat_id"]] += 1
        f.extra_by_cause = self.extra_causes(records, rows, f)
        f.stuck = len(self.stuck)
        f.exits = sum(b.exits for b in self.bots)
        f.detail = self.stuck[:5]

    def extra_causes(self, records: list[dict[str, Any]], rows: Counter[tuple[int, str]],
                     f: Figures) -> Counter[str]:
        """Sends beyond their outbox rows, by the first kill or outage after the first copy
        went out (what kept it from being recorded)."""
        times: dict[tuple[int, str], list[float]] = {}
        checkin_keys = set()
        for record in records:
            if record["method"] in ("sendMessage", "sendPhoto"):
                key = (record["chat_id"], record["text"])
                times.setdefault(key, []).append(record["time"])
                if record["chat_id"] in f.checkins and has_button("平安")(record):
                    checkin_keys.add(key)
        causes = Counter[str]()
        for key, sent in times.items():
            extra = len(sent) - rows.get(key, 0)
            if extra > 0:
                after = [what for at, what in self.events if at >= sent[0]]
                causes[after[0] if after else "no kill"] += extra
                if key in checkin_keys and after and after[0].startswith("kill"):
                    f.checkins_repeated[key[0]] += extra
        return causes

    # -- the whole run -----------------------------------------------------------------------
    async def execute(self) -> Figures:
        started = time.monotonic()
        plan = self.plan
        peer_proc = Peer(self.workdir / "peer.log")
        self.peer_url = peer_proc.start()
        supervisor: asyncio.Task[None] | None = None
        try:
            self.url = self.database()
            round_lead = 35.0 if self.quick else 50.0
            cast = await asyncio.to_thread(prepare_database, self.url, plan, ROOT / "data",
                                           round_lead)
            async with PeerClient(self.peer_url) as peer:
                people = await self.setup_peer(peer, cast)
                ports = [free_port() for _ in range(plan.processes)]
                self.bots = [BotProcess(f"p{n}", self.env(ports[0], port), self.workdir)
                             for n, port in enumerate(ports)]
                for bot in self.bots:
                    bot.start()
                supervisor = asyncio.create_task(self.supervisor())
                to_round = (cast.round_at - datetime.now(UTC)).total_seconds()
                window = max(10.0, to_round + 10.0)
                # with an outage, the broadcast goes early: the database stops during it
                early = self.rng.uniform(6.0, 10.0) if plan.outage else \
                    self.rng.uniform(0.3, 0.6) * to_round
                jobs = [self.traffic(people, cast, window), self.broadcast(cast, early)]
                if plan.outage:
                    jobs.append(self.outage(peer))
                kills = self.killer(peer, cast, max(0, plan.kills - 2), window + 5.0)
                killing = asyncio.create_task(kills)
                await asyncio.gather(*jobs)
                self.talking = False
                await killing
                self.figures.drain = await self.drain(peer)
                supervisor.cancel()
                await self.count(peer, cast)
                # a clean stop too (a long poll may hold it up to POLL_TIMEOUT)
                await asyncio.gather(*(asyncio.to_thread(bot.stop) for bot in self.bots))
        finally:
            if supervisor is not None:
                supervisor.cancel()
            for bot in self.bots:
                bot.kill()
            peer_proc.stop()
        self.figures.seconds = time.monotonic() - started
        return self.figures


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
