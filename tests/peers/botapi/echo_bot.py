"""The echo bot the peer's tests run against the real python-telegram-bot, by long polling
or behind its webhook (with a flaky front that fails or answers late)."""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import tornado.httpserver
import tornado.web
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from tests.peers.botapi.client import PeerClient

SECRET = "linli-peer-secret_1"
_tokens = itertools.count(1)
AnyApp = Application[Any, Any, Any, Any, Any, Any]


def new_token() -> str:
    """A token of its own for each test's bot."""
    return f"{7_000_000 + next(_tokens)}:PEER-TEST"


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Note every update id the bot handles, in order."""
    context.bot_data.setdefault("seen", []).append(update.update_id)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: a greeting with a button."""
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("确认", callback_data="ok")]])
    assert update.effective_message is not None
    await update.effective_message.reply_text("你好", reply_markup=keyboard)


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button press: answer it and edit the message."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text(f"已确认：{query.data}")


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A text: say it back."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(f"echo: {update.effective_message.text}")


async def photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo: download it and send it back by file_id with its size as the caption."""
    message = update.effective_message
    assert message is not None
    data = await (await message.photo[-1].get_file()).download_as_bytearray()
    await message.reply_photo(message.photo[-1].file_id, caption=f"{message.caption} {len(data)}")


def echo_app(url: str, token: str) -> AnyApp:
    """The echo bot, pointed at the peer."""
    app = (ApplicationBuilder().token(token).base_url(f"{url}/bot")
           .base_file_url(f"{url}/file/bot").build())
    app.add_handler(TypeHandler(Update, record), group=-1)
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(MessageHandler(filters.PHOTO, photo))
    return app


@asynccontextmanager
async def polling(app: AnyApp) -> AsyncIterator[AnyApp]:
    """Run the bot by long polling on this event loop, as run_polling does."""
    assert app.updater is not None
    await app.initialize()
    await app.updater.start_polling(poll_interval=0)
    await app.start()
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


async def new_bot(peer: PeerClient) -> str:
    """A registered bot token; flood control off (the rate tests switch it back on)."""
    token = new_token()
    await peer.add_bot(token)
    await peer.set_limits(enabled=False)
    return token

class FlakyFront(tornado.web.RequestHandler):
    """In front of the bot's webhook: notes each POST; fails the first ones with 500, or passes
    them on and answers late."""

    def initialize(self, state: dict[str, Any]) -> None:
        """Tornado's per-request set-up."""
        self.state = state

    async def post(self) -> None:
        """500 while failures remain; else pass the request on (and answer late while lates
        remain)."""
        secret = self.request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        self.state["posts"].append((json.loads(self.request.body)["update_id"], secret))
        if len(self.state["posts"]) > 1:
            self.state["again"].set()
        if self.state["failures"] > 0:
            self.state["failures"] -= 1
            self.set_status(500)
            return
        headers = {k: self.request.headers[k] for k in ("Content-Type",
                                                         "X-Telegram-Bot-Api-Secret-Token")}
        answer = await self.state["http"].post(self.state["bot"], content=self.request.body,
                                               headers=headers)
        if self.state["lates"] > 0:
            self.state["lates"] -= 1
            # the bot has the update; answer only after the peer gave up and posted again
            await asyncio.wait_for(self.state["again"].wait(), 5)
        self.set_status(answer.status_code)


@asynccontextmanager
async def flaky_front(bot_url: str, *, failures: int = 0, lates: int = 0,
                      ) -> AsyncIterator[tuple[str, dict[str, Any]]]:
    """A FlakyFront on a free port; yields its URL and what it saw."""
    async with httpx.AsyncClient() as http:
        state: dict[str, Any] = {"posts": [], "failures": failures, "lates": lates,
                                 "again": asyncio.Event(), "http": http, "bot": bot_url}
        server = tornado.httpserver.HTTPServer(tornado.web.Application(
            [(r"/front", FlakyFront, {"state": state})]))
        port = free_port()
        server.listen(port, "127.0.0.1")
        try:
            yield f"http://127.0.0.1:{port}/front", state
        finally:
            server.stop()
            await server.close_all_connections()


@asynccontextmanager
async def webhook(app: AnyApp, port: int, url: str) -> AsyncIterator[AnyApp]:
    """Run the bot behind its webhook on this event loop, as run_webhook does."""
    assert app.updater is not None
    await app.initialize()
    await app.updater.start_webhook(listen="127.0.0.1", port=port, url_path="hook",
                                    webhook_url=url, secret_token=SECRET)
    await app.start()
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
