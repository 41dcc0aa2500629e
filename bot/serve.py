"""`linli run` with messengers: Telegram, WeCom or both, from the settings, in one process.

One Worker handles the inbox for every channel (turns of a chat stay in order); each channel
has its own sender for its own chats. The capabilities' scheduled jobs run once: on Telegram's
JobQueue when Telegram runs, else on the WeCom channel's own tick.
"""

from __future__ import annotations

import asyncio
import os
import signal

from actions.core.pipeline import Parser
from actions.core.settings import Settings
from bot.wecom.app import build_wecom, start_wecom
from bot.wecom.settings import WeComSettings
from bot.wiring import Linli, build


async def serve_all(linli: Linli, wecom: WeComSettings, stop: asyncio.Event) -> None:
    """Serve every configured channel until `stop` is set."""
    if linli.settings.telegram_bot_token:
        from bot.telegram.app import build_channel, serve

        telegram = build_channel(linli)
        channel = build_wecom(linli, wecom, worker=telegram.worker) if wecom.enabled else None
        if channel is not None:
            await start_wecom(linli, channel, run_jobs=False)
        try:
            await serve(linli, telegram, stop)
        finally:
            if channel is not None:
                await channel.close()
        return
    channel = build_wecom(linli, wecom)
    await start_wecom(linli, channel, run_jobs=True)
    channel.worker.kick()  # what was stored before a restart goes first
    await stop.wait()
    await channel.close()


def run_bot(settings: Settings, wecom: WeComSettings, *, parser: Parser | None = None) -> None:
    """Run the configured channels until SIGINT / SIGTERM (with the NLU given, or the
    configured one)."""
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    linli = build(settings, parser=parser)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await serve_all(linli, wecom, stop)

    try:
        asyncio.run(main())
    finally:
        linli.engine.dispose()
