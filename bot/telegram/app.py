"""The Telegram adapter: a python-telegram-bot Application in front of the conversation pipeline.

Updates become `Incoming` events for `Conversation.handle` (text, a button's callback data, a
photo with its caption); what the pipeline queued in the outbox goes out through bot/sender.py
right after, and on a tick (bot/scheduler.py). The console chat (bot/console.py) is its sibling.

Private chats: everything is for the bot. Group chats: only commands (bare or addressed to this
bot), messages that mention the bot (the mention is removed) or reply to it, and button presses
(staff press 核实通过 in the staff group).

Long polling by default; a webhook with Telegram's secret-token check when WEBHOOK_URL is set.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommand, Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from actions.core.pipeline import Incoming
from actions.core.settings import Settings
from bot.telegram import scheduler
from bot.telegram.limiter import Rates
from bot.telegram.sender import Sender
from bot.wiring import Linli, build

log = logging.getLogger(__name__)

SOURCE = "telegram"
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
AnyApp = Application[Any, Any, Any, Any, Any, Any]


class TelegramAdapter:
    """Turns updates into `Incoming` events, hands them to the pipeline, then delivers."""

    def __init__(self, linli: Linli, sender: Sender) -> None:
        self.linli = linli
        self.sender = sender

    async def on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Text, a command, or a photo (the caption is its text)."""
        message, user, chat = update.message, update.effective_user, update.effective_chat
        if message is None or user is None or chat is None:
            return
        text = message.text or message.caption
        if chat.type != ChatType.PRIVATE:
            text = addressed_text(message, text, bot_id=context.bot.id,
                                  username=context.bot.username)
            if text is None:
                return
        photo = message.photo[-1].file_id if message.photo else None  # the largest size
        if not text and photo is None:
            return
        await self.handle(Incoming(SOURCE, user.id, chat.id, user.full_name, update.update_id,
                                   text=text, photo=photo))

    async def on_other_media(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Voice, stickers, files...: the bot cannot read them, so it says how to reach it."""
        message, user, chat = update.message, update.effective_user, update.effective_chat
        if message is None or user is None or chat is None or chat.type != ChatType.PRIVATE:
            return
        kind = "voice" if (message.voice or message.audio or message.video_note) else (
            "sticker" if message.sticker else "other")
        await self.handle(Incoming(SOURCE, user.id, chat.id, user.full_name, update.update_id,
                                   text=f"/unsupported_media {kind}"))

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A button press: stop the spinner, then pass the callback data on."""
        query = update.callback_query
        if query is None or query.data is None:
            return
        try:
            await query.answer()
        except TelegramError as exc:  # too old to answer: still handle the press
            log.warning("could not answer callback query %s: %s", query.id, exc)
        chat_id = query.message.chat.id if query.message else query.from_user.id
        await self.handle(Incoming(SOURCE, query.from_user.id, chat_id,
                                   query.from_user.full_name, update.update_id,
                                   button=query.data))

    async def handle(self, incoming: Incoming) -> None:
        """Run the pipeline off the event loop (it is synchronous database work), then send."""
        if not await asyncio.to_thread(self.linli.conversation.handle, incoming):
            log.info("update %s was handled before; ignored", incoming.update_id)
        self.sender.kick()

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Anything the handlers did not expect (the pipeline reports its own failures)."""
        log.error("error while handling an update: %r", context.error, exc_info=context.error)


def addressed_text(message: Message, text: str | None, *, bot_id: int,
                   username: str) -> str | None:
    """In a group: the text when it is meant for this bot (mention removed), else None."""
    if text is None:
        return None
    if text.startswith("/"):
        head = text.split(maxsplit=1)[0]
        target = head.partition("@")[2]
        return text if not target or target.lower() == username.lower() else None
    kinds: list[str | None] = [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]
    found = message.parse_entities(kinds) if message.text else \
        message.parse_caption_entities(kinds)
    for entity, said in found.items():
        mine = (entity.type == MessageEntity.MENTION and said.lower() == f"@{username.lower()}"
                or entity.user is not None and entity.user.id == bot_id)
        if mine:
            return " ".join(text.replace(said, " ", 1).split())
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return text
    return None


def build_application(linli: Linli, *, request: BaseRequest | None = None,
                      get_updates_request: BaseRequest | None = None,
                      rates: Rates | None = None, jobs_every: float = scheduler.JOBS_EVERY,
                      outbox_every: float = scheduler.OUTBOX_EVERY) -> AnyApp:
    """The Application with Linli's handlers, sender and scheduled ticks (not yet started)."""
    settings = linli.settings
    if not settings.telegram_bot_token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    builder = ApplicationBuilder().token(settings.telegram_bot_token)
    if settings.telegram_api_url:
        api = settings.telegram_api_url.rstrip("/")
        builder = builder.base_url(f"{api}/bot").base_file_url(f"{api}/file/bot")
    if request is not None:
        builder = builder.request(request)
    if get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    app = builder.post_init(_post_init).post_stop(_post_stop).build()
    sender = Sender(app.bot, linli, rates=rates)
    adapter = TelegramAdapter(linli, sender)
    app.bot_data["linli"] = linli
    app.bot_data["sender"] = sender
    messages = filters.UpdateType.MESSAGE & (filters.TEXT | filters.PHOTO)
    app.add_handler(MessageHandler(messages, adapter.on_message))
    others = (filters.UpdateType.MESSAGE & ~filters.TEXT & ~filters.PHOTO
              & ~filters.StatusUpdate.ALL)
    app.add_handler(MessageHandler(others, adapter.on_other_media))
    app.add_handler(CallbackQueryHandler(adapter.on_button))
    app.add_error_handler(adapter.on_error)
    if app.job_queue is None:
        raise RuntimeError("python-telegram-bot was installed without the job-queue extra")
    scheduler.install(app.job_queue, run_jobs=linli.conversation.run_jobs, deliver=sender.kick,
                      jobs_every=jobs_every, outbox_every=outbox_every)
    return app


async def _post_init(app: AnyApp) -> None:
    """Set the commands menu (a Bot API peer without setMyCommands is tolerated)."""
    linli: Linli = app.bot_data["linli"]
    commands = [BotCommand(name, description)
                for name, description in linli.conversation.texts.raw("telegram_commands")]
    try:
        await app.bot.set_my_commands(commands)
    except TelegramError as exc:
        log.warning("could not set the commands menu: %s", exc)


async def _post_stop(app: AnyApp) -> None:
    sender: Sender = app.bot_data["sender"]
    await sender.close()


def webhook_options(settings: Settings) -> dict[str, Any]:
    """Arguments of run_webhook / start_webhook: listen address, path, URL, secret token."""
    if not settings.webhook_url:
        raise ValueError("WEBHOOK_URL is not set")
    host, _, port = settings.webhook_listen.rpartition(":")
    if not port.isdigit():
        raise ValueError(f"WEBHOOK_LISTEN must be host:port, not {settings.webhook_listen!r}")
    return {"listen": host or "127.0.0.1", "port": int(port),
            "url_path": urlsplit(settings.webhook_url).path.strip("/"),
            "webhook_url": settings.webhook_url, "secret_token": settings.webhook_secret,
            "allowed_updates": ALLOWED_UPDATES}


def run_telegram(settings: Settings) -> None:
    """Run the bot until interrupted: long polling, or a webhook when WEBHOOK_URL is set."""
    # opt in to PTB 23's time periods now: reading RetryAfter.retry_after warns otherwise
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    linli = build(settings)
    app = build_application(linli)
    try:
        if settings.webhook_url:
            log.info("webhook mode: %s", settings.webhook_url)
            app.run_webhook(**webhook_options(settings))
        else:
            log.info("long polling")
            app.run_polling(allowed_updates=ALLOWED_UPDATES)
    finally:
        linli.engine.dispose()
