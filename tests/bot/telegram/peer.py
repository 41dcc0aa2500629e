"""The local Bot API peer for end-to-end tests: start it, play people through it, run the bot.

The peer is telegram-test-api (npm, installed in tests/bot/tgpeer by `make test`), started with
tgpeer/start-emulator.js on a free loopback port. People talk to the bot through its client
endpoints (/sendMessage, /sendCommand, /sendCallback) and read what the bot sent (/getUpdates).
The bot is the real channel from bot/telegram/app.py, started in-process on the test's event
loop, long polling or behind its webhook. See /work/shared/tgpeer/README.md for the peer's gaps.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.telegram.app import AnyApp, build_channel, set_commands
from bot.telegram.limiter import Rates
from bot.telegram.receiver import ALLOWED_UPDATES, Poller, WebhookServer
from bot.telegram.sender import Sender
from bot.wiring import Linli
from bot.worker import Worker
from tests.bot.telegram.tg_emu_compat import EmulatorCompatRequest

PEER_DIR = Path(__file__).resolve().parents[1] / "tgpeer"
BOT = {"id": 666, "is_bot": True, "first_name": "Test First name", "username": "TestNameBot"}
_tokens = itertools.count(int(time.time()) % 100_000 * 100)


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def new_token() -> str:
    """A bot token no other test uses: the peer keeps each token's chats apart."""
    return f"{next(_tokens)}:LINLI-TEST"


@contextmanager
def running_peer() -> Iterator[str]:
    """Start the peer on 127.0.0.1; yields its base URL; stops it afterwards."""
    if shutil.which("node") is None:
        pytest.skip("Node.js is not installed (needed for the Bot API peer)")
    if not (PEER_DIR / "node_modules" / "telegram-test-api").is_dir():
        pytest.fail("the Bot API peer is not installed: run `make test` "
                    "(or npm ci --prefix tests/bot/tgpeer)")
    port = free_port()
    env = {**os.environ, "TG_EMU_KEEP_CB_FIELDS": "1"}  # button presses in webhook mode
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(["node", "start-emulator.js", str(port)], cwd=PEER_DIR, env=env,
                                stdout=log, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_up(base, proc, log)
            yield base
        finally:
            _stop(proc)


def _wait_until_up(base: str, proc: subprocess.Popen[bytes], log: Any) -> None:
    deadline = time.monotonic() + 15
    while True:
        try:
            httpx.post(f"{base}/bot1:x/getMe", timeout=0.5)
            return
        except httpx.TransportError:
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError("the Bot API peer did not start:\n"
                                   + log.read().decode(errors="replace")) from None
            time.sleep(0.05)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Person:
    """Someone in a chat with the bot: writes, sends commands, presses buttons, reads replies."""

    def __init__(self, http: httpx.AsyncClient, base: str, token: str, *, user_id: int,
                 name: str = "测试居民", chat_id: int | None = None, title: str = "") -> None:
        self.http, self.base, self.token = http, base, token
        self.user = {"id": user_id, "is_bot": False, "first_name": name}
        group = chat_id is not None and chat_id < 0
        self.chat: dict[str, Any] = {"id": chat_id if chat_id is not None else user_id,
                                     "type": "supergroup" if group else "private"}
        self.chat.update({"title": title} if group else {"first_name": name})

    async def _post(self, path: str, body: dict[str, Any]) -> Any:
        response = await self.http.post(f"{self.base}{path}", json=body)
        response.raise_for_status()
        return response.json()

    def _message(self, text: str) -> dict[str, Any]:
        return {"botToken": self.token, "from": self.user, "chat": self.chat,
                "date": int(time.time()), "text": text}

    async def say(self, text: str, **extra: Any) -> None:
        """Write a message (extra: entities, reply_to_message, photo, caption...)."""
        await self._post("/sendMessage", {**self._message(text), **extra})

    async def photo(self, file_ids: list[str], caption: str = "") -> None:
        """Send a photo (Telegram lists its sizes, smallest first) with a caption."""
        body = self._message(caption)
        del body["text"]
        sizes = [{"file_id": f, "file_unique_id": f"u-{f}", "width": 90 * (i + 1),
                  "height": 90 * (i + 1)} for i, f in enumerate(file_ids)]
        await self._post("/sendMessage", {**body, "photo": sizes, "caption": caption})

    async def mention(self, text: str) -> None:
        """Write '@bot text' with the mention entity Telegram adds."""
        handle = f"@{BOT['username']}"
        await self.say(f"{handle} {text}", entities=[
            {"type": "mention", "offset": 0, "length": len(handle)}])

    async def command(self, text: str) -> None:
        """Send a command such as '/start CODE'."""
        length = len(text.split()[0])
        await self._post("/sendCommand", {**self._message(text), "entities": [
            {"type": "bot_command", "offset": 0, "length": length}]})

    async def press(self, record: dict[str, Any], label: str) -> None:
        """Press the button with this label under a message the bot sent."""
        rows = record["message"]["reply_markup"]["inline_keyboard"]
        data = next(b["callback_data"] for row in rows for b in row if b["text"] == label)
        message = {"message_id": record["messageId"], "date": int(time.time()),
                   "chat": self.chat, "text": record["message"].get("text", ""), "from": BOT}
        await self._post("/sendCallback", {"botToken": self.token, "from": self.user,
                                           "message": message, "data": data,
                                           "chat_instance": str(self.chat["id"])})

    async def unread(self) -> list[dict[str, Any]]:
        """What the bot sent to this chat since the last read (each record: messageId, message)."""
        body = await self._post("/getUpdates", {"token": self.token, "chatId": self.chat["id"]})
        return list(body["result"])

    async def receive(self, n: int = 1, timeout: float = 8.0) -> list[dict[str, Any]]:
        """Wait for n messages from the bot in this chat."""
        got: list[dict[str, Any]] = []
        deadline = time.monotonic() + timeout
        while len(got) < n:
            if time.monotonic() > deadline:
                raise TimeoutError(f"expected {n} bot message(s) in {timeout}s, got {got}")
            got += await self.unread()
            await asyncio.sleep(0.03)
        return got

    async def texts(self, n: int = 1) -> list[str]:
        """The texts of the next n messages."""
        return [str(r["message"].get("text", "")) for r in await self.receive(n)]


@dataclass
class RunningBot:
    """The real channel (Application, receiver, inbox worker, sender), started against the peer."""

    app: AnyApp
    request: EmulatorCompatRequest
    sender: Sender
    worker: Worker
    token: str
    mode: str
    webhook: str | None = None  # the URL the peer posts updates to
    server: WebhookServer | None = None
    poller: Poller | None = None
    polling: asyncio.Task[None] | None = None

    async def stop(self) -> None:
        """Stop as serve() does on SIGTERM."""
        if self.server is not None:
            await self.server.stop()
        if self.poller is not None and self.polling is not None:
            self.poller.stop()
            await self.polling
        await self.worker.close()
        await self.sender.close()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()


async def start_bot(linli: Linli, *, mode: str = "polling", secret: str | None = None,
                    rates: Rates | None = None, jobs_every: float = 3600.0,
                    outbox_every: float = 5.0) -> RunningBot:
    """Build and start the channel as serve() does, on this event loop."""
    token = linli.settings.telegram_bot_token or ""
    request, updates = EmulatorCompatRequest(), EmulatorCompatRequest()
    channel = build_channel(linli, request=request, get_updates_request=updates, rates=rates,
                            jobs_every=jobs_every, outbox_every=outbox_every)
    app = channel.app
    await app.initialize()
    await set_commands(channel, linli)
    await app.start()
    running = RunningBot(app, request, channel.sender, channel.worker, token, mode)
    if mode == "webhook":
        port = free_port()
        running.webhook = f"http://127.0.0.1:{port}/telegram/hook"
        # the peer sends no secret header: without a secret the check is off (tests only;
        # the settings refuse a WEBHOOK_URL without WEBHOOK_SECRET)
        running.server = WebhookServer(app.bot, linli, channel.worker, path="telegram/hook",
                                       secret=secret, host="127.0.0.1", port=port)
        running.server.start()
        await app.bot.set_webhook(running.webhook, allowed_updates=ALLOWED_UPDATES)
    else:
        running.poller = Poller(app.bot, linli, channel.worker, timeout=0, pause=0.02)
        running.polling = asyncio.create_task(running.poller.run())
    return running
