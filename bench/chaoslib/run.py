"""One chaos run: set up, drive the residents, kill the bot at random moments, wait for quiet,
count."""

from __future__ import annotations

import asyncio
import os
import random
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from actions.core.outbox import queue_message
from actions.db import make_engine, make_session_factory, session_scope
from actions.db.canteen import CanteenBooking
from actions.db.checkins import CheckinRound
from actions.db.community import Resident
from actions.db.conversation import InboxItem, OutboxMessage
from actions.db.mailbox import MailboxItem
from actions.db.tickets import Ticket
from bench.chaoslib import ROOT
from bench.chaoslib.plan import DRAIN_LIMIT, SECRET, TOKEN, Figures, Plan
from bench.chaoslib.processes import BotProcess, Cluster, Peer, free_port
from bench.chaoslib.residents import (
    Cast,
    Stuck,
    converse,
    elder_answers,
    has_button,
    prepare_database,
    says,
    script,
)
from tests.peers.botapi.client import PeerClient, Person


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
