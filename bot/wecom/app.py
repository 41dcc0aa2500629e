"""The WeCom channel running: the callback endpoint in front of the inbox, the sender behind the
outbox, and its scheduled work (outbox retries, the 居民上报 import; the capabilities' jobs when
Telegram does not run them).

    WeCom ──callback──▶ receiver ──stored──▶ inbox ──Worker──▶ pipeline
      ▲        (微信客服: kf/sync_msg)                          │ outbox rows
      └──── message/send · kf/send_msg · webhook/send ◀── WeComSender
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import tornado.httpserver
import tornado.netutil

from bot.wecom.api import WeComApi
from bot.wecom.crypto import CallbackCrypto
from bot.wecom.receiver import Receiver, callback_server
from bot.wecom.reports import ReportImporter
from bot.wecom.sender import WeComSender
from bot.wecom.settings import WeComSettings
from bot.wiring import Linli
from bot.worker import Worker

log = logging.getLogger(__name__)


@dataclass
class WeComChannel:
    """The parts of a running WeCom channel."""

    settings: WeComSettings
    app_api: WeComApi
    kf_api: WeComApi | None
    sender: WeComSender
    worker: Worker
    receiver: Receiver
    server: tornado.httpserver.HTTPServer
    importer: ReportImporter
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    port: int = 0

    async def close(self) -> None:
        """Stop the ticks, the server, and let running work finish."""
        for task in self.tasks:
            task.cancel()
        for task in self.tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.server.stop()
        await self.server.close_all_connections()
        await self.worker.close()
        await self.sender.close()
        await self.app_api.close()
        if self.kf_api is not None:
            await self.kf_api.close()


def build_wecom(linli: Linli, settings: WeComSettings, *, worker: Worker | None = None
                ) -> WeComChannel:
    """The channel's parts (not started); share the Worker when Telegram runs too."""
    if not settings.enabled or settings.corp_id is None or settings.secret is None:
        raise ValueError("WECOM_CORP_ID and the other WECOM_* settings are not set")
    app_api = WeComApi(base_url=settings.api_url, corp_id=settings.corp_id,
                       secret=settings.secret, timeout=settings.timeout)
    kf_api = None
    if settings.kf_open_kfid:
        kf_api = app_api if not settings.kf_secret else WeComApi(
            base_url=settings.api_url, corp_id=settings.corp_id, secret=settings.kf_secret,
            timeout=settings.timeout)
    sender = WeComSender(linli, settings, app=app_api, kf=kf_api)
    if worker is None:
        worker = Worker(linli, sender)
    else:
        worker.add(sender)
    receiver = Receiver(linli, kf_api, settings.kf_open_kfid, worker.kick, turns=worker.run)
    crypto = CallbackCrypto(str(settings.token), str(settings.aes_key), settings.corp_id)
    server = callback_server(crypto, receiver, path=settings.callback_path)
    importer = ReportImporter(linli, app_api)
    return WeComChannel(settings, app_api, None if kf_api is app_api else kf_api, sender,
                        worker, receiver, server, importer)


def _every(seconds: float, work: Callable[[], Awaitable[None]]) -> asyncio.Task[None]:
    async def loop() -> None:
        while True:
            try:
                await work()
            except Exception:
                log.exception("scheduled WeCom work failed; trying again next time")
            await asyncio.sleep(seconds)
    return asyncio.get_running_loop().create_task(loop())


async def start_wecom(linli: Linli, channel: WeComChannel, *, run_jobs: bool) -> None:
    """Listen for callbacks and start the ticks (on the running event loop)."""
    host, port = channel.settings.host_port
    sockets = tornado.netutil.bind_sockets(port, address=host)
    channel.server.add_sockets(sockets)
    channel.port = int(sockets[0].getsockname()[1])  # the one chosen when port was 0
    log.info("WeCom callback on http://%s:%d%s", host, channel.port,
             channel.settings.callback_path)
    every = linli.settings.outbox_every_seconds

    async def outbox() -> None:
        channel.worker.kick()
        channel.sender.kick()

    channel.tasks.append(_every(every, outbox))
    if run_jobs:
        async def jobs() -> None:
            await asyncio.to_thread(linli.conversation.run_jobs)
            channel.sender.kick()
        channel.tasks.append(_every(linli.settings.jobs_every_seconds, jobs))
    if channel.settings.report_import:
        async def reports() -> None:
            if await channel.importer.run():
                channel.sender.kick()
        channel.tasks.append(_every(channel.settings.report_every_seconds, reports))
