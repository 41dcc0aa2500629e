"""The Telegram channel: a python-telegram-bot Application (the Bot API client, the JobQueue
for ticks) with Linli's own receiving in front of the inbox and the outbox sender behind it.

    Telegram ──getUpdates / webhook──▶ receiver ──stored──▶ inbox ──Worker──▶ pipeline
                                                                               │ outbox rows
    Telegram ◀──────────────────────── Sender ◀────────────────────────────────┘

Private chats: everything is for the bot. Group chats: only commands (bare or addressed to
this bot), messages that mention the bot (the mention is removed) or reply to it, and button
presses (staff press 核实通过 in the staff group). Long polling by default; a webhook with
Telegram's secret-token check when WEBHOOK_URL is set.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommand
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder
from telegram.request import BaseRequest

from actions.core.settings import Settings
from bot.telegram import scheduler
from bot.telegram.limiter import Rates
from bot.telegram.receiver import ALLOWED_UPDATES, Poller, WebhookServer
from bot.telegram.sender import Sender
from bot.wiring import Linli, build
from bot.worker import Worker

log = logging.getLogger(__name__)

AnyApp = Application[Any, Any, Any, Any, Any, Any]


@dataclass
class Channel:
    """The parts of a running Telegram channel."""

    app: AnyApp
    sender: Sender
    worker: Worker


def build_channel(linli: Linli, *, request: BaseRequest | None = None,
                  get_updates_request: BaseRequest | None = None,
                  rates: Rates | None = None, jobs_every: float | None = None,
                  outbox_every: float | None = None) -> Channel:
    """The Application with Linli's sender, inbox worker and scheduled ticks (not started)."""
    settings = linli.settings
    if not settings.telegram_bot_token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    builder = ApplicationBuilder().token(settings.telegram_bot_token).updater(None)
    if settings.telegram_api_url:
        api = settings.telegram_api_url.rstrip("/")
        builder = builder.base_url(f"{api}/bot").base_file_url(f"{api}/file/bot")
    if request is not None:
        builder = builder.request(request)
    if get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    app = builder.build()
    sender = Sender(app.bot, linli, rates=rates)
    worker = Worker(linli, sender)
    if app.job_queue is None:
        raise RuntimeError("python-telegram-bot was installed without the job-queue extra")

    def due_work() -> None:  # turns due for a retry, then the messages due
        worker.kick()
        sender.kick()

    scheduler.install(app.job_queue, run_jobs=linli.conversation.run_jobs, deliver=due_work,
                      jobs_every=jobs_every or settings.jobs_every_seconds,
                      outbox_every=outbox_every or settings.outbox_every_seconds)
    return Channel(app, sender, worker)


async def set_commands(channel: Channel, linli: Linli) -> None:
    """Set the commands menu (a Bot API peer without setMyCommands is tolerated)."""
    commands = [BotCommand(name, description)
                for name, description in linli.conversation.texts.raw("telegram_commands")]
    try:
        await channel.app.bot.set_my_commands(commands)
    except TelegramError as exc:
        log.warning("could not set the commands menu: %s", exc)


def webhook_options(settings: Settings) -> dict[str, Any]:
    """Where the webhook listens and what Telegram is told: host, port, path, URL, secret."""
    if not settings.webhook_url:
        raise ValueError("WEBHOOK_URL is not set")
    host, _, port = settings.webhook_listen.rpartition(":")
    if not port.isdigit():
        raise ValueError(f"WEBHOOK_LISTEN must be host:port, not {settings.webhook_listen!r}")
    return {"listen": host or "127.0.0.1", "port": int(port),
            "url_path": urlsplit(settings.webhook_url).path.strip("/"),
            "webhook_url": settings.webhook_url, "secret_token": settings.webhook_secret,
            "allowed_updates": ALLOWED_UPDATES}


async def serve(linli: Linli, channel: Channel, stop: asyncio.Event) -> None:
    """Run the channel until `stop` is set: polling, or the webhook when WEBHOOK_URL is set."""
    app, settings = channel.app, linli.settings
    async with app:
        await set_commands(channel, linli)
        await app.start()
        channel.worker.kick()  # what was stored before a restart goes first
        if settings.webhook_url:
            options = webhook_options(settings)
            server = WebhookServer(app.bot, linli, channel.worker, path=options["url_path"],
                                   secret=options["secret_token"], host=options["listen"],
                                   port=options["port"])
            server.start()
            await app.bot.set_webhook(options["webhook_url"], secret_token=options["secret_token"],
                                      allowed_updates=ALLOWED_UPDATES)
            log.info("webhook mode: %s", settings.webhook_url)
            await stop.wait()
            await server.stop()
        else:
            await app.bot.delete_webhook()
            poller = Poller(app.bot, linli, channel.worker)
            log.info("long polling")
            task = asyncio.create_task(poller.run())
            await stop.wait()
            poller.stop()
            await task
        await channel.worker.close()
        await channel.sender.close()
        await app.stop()


def run_telegram(settings: Settings) -> None:
    """Run the bot until SIGINT / SIGTERM."""
    # opt in to PTB 23's time periods now: reading RetryAfter.retry_after warns otherwise
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    linli = build(settings)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await serve(linli, build_channel(linli), stop)

    try:
        asyncio.run(main())
    finally:
        linli.engine.dispose()
