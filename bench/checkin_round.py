"""Benchmark of an evening check-in round: enrol N elders, start the round, send every check-in
through the real python-telegram-bot stack (bot/sender.py with the rate limiter of
bot/limiter.py) to a local Bot API peer, and report one figure a line:

    enrolment        seconds to enrol N elders (each with a family contact, building leader,
                     grid worker)
    scheduler        the round-start job's own time (rows + outbox rows), per elder
    follow-up tick   a later tick with nothing due (what every minute costs), per elder
    round            first send to last delivery, against the ideal N / rate (must be <= 1.1x)
    peak memory      the process's peak resident set size

    python bench/checkin_round.py --elders 10000 --rate 30 [--peer sink|tgpeer]
                                  [--database-url postgresql://...]

The peer is a local HTTP sink (a small threaded HTTP server in a subprocess answering
getMe / sendMessage like the Bot API) or telegram-test-api (tests/bot/tgpeer, Node.js).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402
from telegram import Bot  # noqa: E402
from telegram.request import HTTPXRequest  # noqa: E402

from actions.checkins.enrol import enrol  # noqa: E402
from actions.checkins.round import checkin_round  # noqa: E402
from actions.core.clock import ManualClock  # noqa: E402
from actions.core.context import Tick  # noqa: E402
from actions.core.people import find_or_create_household  # noqa: E402
from actions.core.settings import load_settings  # noqa: E402
from actions.db import session_scope  # noqa: E402
from actions.db.checkins import CheckinRound  # noqa: E402
from actions.db.community import Building, Community, Resident  # noqa: E402
from actions.db.conversation import OutboxMessage  # noqa: E402
from bot.telegram.limiter import Rates  # noqa: E402
from bot.telegram.sender import Sender  # noqa: E402
from bot.wiring import Linli, build  # noqa: E402

SHANGHAI = ZoneInfo("Asia/Shanghai")
TOKEN = "4242:BENCH"
SINK = textwrap.dedent('''
    import json, sys, time
    from urllib.parse import parse_qs
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    BOT = {"id": 4242, "is_bot": True, "first_name": "Linli", "username": "linli_bench_bot"}
    count = 0
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def log_message(self, *args): pass
        def do_POST(self):
            global count
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            method = self.path.rsplit("/", 1)[-1]
            if method == "getMe":
                result = BOT
            else:
                count += 1
                form = parse_qs(body.decode())
                params = {k: v[0] for k, v in form.items()}
                chat = int(params.get("chat_id", 0))
                kind = "private" if chat > 0 else "group"
                result = {"message_id": count, "date": int(time.time()), "from": BOT,
                          "text": params.get("text"), "chat": {"id": chat, "type": kind}}
            data = json.dumps({"ok": True, "result": result}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
''')


class NoNlu:
    """The round needs no language understanding: skip training the model."""

    def parse(self, text: str, **_: Any) -> dict[str, Any]:
        return {"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.0},
                "entities": []}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_peer(kind: str) -> tuple[subprocess.Popen[bytes], str]:
    """The sink or the Bot API peer on a free loopback port; (process, base URL)."""
    port = free_port()
    if kind == "tgpeer":
        peer_dir = ROOT / "tests" / "bot" / "tgpeer"
        if shutil.which("node") is None or not (peer_dir / "node_modules").is_dir():
            sys.exit("the Bot API peer needs Node.js and `npm ci --prefix tests/bot/tgpeer`")
        proc = subprocess.Popen(["node", "start-emulator.js", str(port)], cwd=peer_dir,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        proc = subprocess.Popen([sys.executable, "-c", SINK, str(port)])
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return proc, base
        time.sleep(0.1)
    proc.kill()
    sys.exit(f"the {kind} did not start")


def enrol_elders(linli: Linli, n: int, now: datetime) -> None:
    """N elders living alone across the demo's buildings, each with a bound family contact."""
    with session_scope(linli.sessions) as session:
        community = session.scalars(select(Community).order_by(Community.id)).first()
        assert community is not None
        buildings = list(session.scalars(select(Building).where(
            Building.community_id == community.id).order_by(Building.id)))
        for i in range(n):
            building = buildings[i % len(buildings)]
            home = find_or_create_household(session, building=building, unit=str(1 + i % 3),
                                            room=str(1000 + i))
            elder = Resident(name=f"老人{i}", community_id=community.id, household_id=home.id,
                             telegram_id=5_000_000 + i, birth_year=1940, lives_alone=True,
                             created_at=now)
            family = Resident(name=f"家属{i}", community_id=community.id,
                              telegram_id=6_000_000 + i, created_at=now)
            session.add_all([elder, family])
            session.flush()
            enrol(session, elder=elder, family=[family], now=now)


def start_round(linli: Linli) -> float:
    """The round-start job, timed (its own transaction)."""
    started = time.perf_counter()
    with session_scope(linli.sessions) as session:
        checkin_round(Tick(session, linli.settings, linli.conversation.texts, linli.clock.now()))
    return time.perf_counter() - started


async def send_all(linli: Linli, base: str, rate: float, kind: str) -> tuple[float, int]:
    """Deliver every due outbox row through PTB and the limiter; (seconds, messages sent)."""
    if kind == "tgpeer":
        from tests.bot.telegram.tg_emu_compat import EmulatorCompatRequest

        request: HTTPXRequest = EmulatorCompatRequest(connection_pool_size=64)
    else:
        request = HTTPXRequest(connection_pool_size=64)
    bot = Bot(TOKEN, base_url=f"{base}/bot", request=request)
    await bot.initialize()
    try:
        sender = Sender(bot, linli, rates=Rates(per_second=rate))
        started = time.perf_counter()
        delivered = await sender.deliver()
        return time.perf_counter() - started, delivered.sent
    finally:
        await bot.shutdown()


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--elders", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=30.0, help="messages per second overall")
    parser.add_argument("--peer", choices=("sink", "tgpeer"), default="sink")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="linli-bench-"))
    url = args.database_url or f"sqlite:///{folder / 'bench.db'}"
    settings = load_settings(database_url=url, data_dir=str(ROOT / "data"),
                             model_dir=str(folder / "model"), _env_file=None)
    clock = ManualClock(datetime(2026, 11, 18, 10, 0, tzinfo=SHANGHAI))
    linli = build(settings, clock=clock, parser=NoNlu())
    proc, base = start_peer(args.peer)
    try:
        run(linli, clock, args, base)
    finally:
        proc.terminate()
        proc.wait(10)
        linli.engine.dispose()
        shutil.rmtree(folder, ignore_errors=True)


def run(linli: Linli, clock: ManualClock, args: argparse.Namespace, base: str) -> None:
    n, rate = args.elders, args.rate
    print(f"check-in round benchmark: {n} elders, {rate:g} msg/s, peer={args.peer}, "
          f"db={make_label(linli.settings.database_url)}")
    started = time.perf_counter()
    enrol_elders(linli, n, clock.now())
    enrolled = time.perf_counter() - started
    print(f"enrolment: {enrolled:.1f} s ({1000 * enrolled / n:.2f} ms per elder)")
    clock.set(datetime(2026, 11, 18, 20, 0, tzinfo=SHANGHAI))
    scheduler = start_round(linli)
    print(f"scheduler (round start): {scheduler:.2f} s, {1000 * scheduler / n:.3f} ms per elder")
    seconds, sent = asyncio.run(send_all(linli, base, rate, args.peer))
    clock.set(datetime(2026, 11, 18, 20, 1, tzinfo=SHANGHAI))
    follow = start_round(linli)
    print(f"scheduler (follow-up tick, nothing due): {follow:.2f} s, "
          f"{1000 * follow / n:.3f} ms per elder")
    ideal = sent / rate
    verdict = "OK" if seconds <= 1.1 * ideal else "TOO SLOW"
    print(f"round: {seconds:.1f} s for {sent} check-ins; ideal N/rate {ideal:.1f} s; "
          f"ratio {seconds / ideal:.3f} (limit 1.1) {verdict}")
    check_exactly_once(linli)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak:.0f} MiB")


def check_exactly_once(linli: Linli) -> None:
    """Every elder got exactly one check-in, all delivered."""
    with session_scope(linli.sessions) as session:
        rounds = session.scalar(select(func.count()).select_from(CheckinRound))
        per_chat = Counter(session.scalars(select(OutboxMessage.chat_id).where(
            OutboxMessage.dedupe_key.like("checkin:%"), OutboxMessage.sent_at.is_not(None))))
    once = sum(1 for c in per_chat.values() if c == 1)
    print(f"exactly once: {rounds} rounds (the demo's 3 elders too), {once} elders with one "
          f"delivered check-in, {sum(1 for c in per_chat.values() if c > 1)} with more")


def make_label(url: str) -> str:
    return url.split(":", 1)[0] if "://" in url else url


if __name__ == "__main__":
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    main()
