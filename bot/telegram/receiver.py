"""Receiving from Telegram: nothing is acknowledged before it is stored.

Long polling: our own getUpdates loop. Telegram forgets an update only when a later getUpdates
names an offset past it, so the offset moves past a batch only after the batch is committed to
the inbox; a crash before that gets the same updates again (stored once, by update id).
Webhook: a small Tornado server answers 200 only after the commit, and 503 when the database
cannot take the update, so Telegram delivers it again later. The secret header is checked
before the body is read, and the body size is capped.

Both hand what arrived to the `Worker`, which stores and handles each update on its turns'
thread, in one transaction when its chat has nothing waiting (the usual case: stored, handled
and marked done by one commit); only after that commit is Telegram told. A crash before it
loses nothing: Telegram delivers the update again. Updates whose chat has older ones waiting
are stored and handled from the inbox, in order per chat; then the sender runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import time
from collections.abc import Sequence
from typing import Any

import tornado.httpserver
import tornado.web
from sqlalchemy.exc import SQLAlchemyError
from telegram import Bot, Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.error import NetworkError, TelegramError

from actions.core.pipeline import Incoming
from bot.wiring import Linli
from bot.worker import Worker

log = logging.getLogger(__name__)

SOURCE = "telegram"
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
POLL_TIMEOUT = 25  # seconds Telegram holds a getUpdates open when nothing arrives
MAX_BODY = 256 * 1024  # an update is a few kB; anything this big is not from Telegram
DB_RETRY = (1.0, 2.0, 5.0, 10.0)  # pauses while the database does not take updates


# -- what an update means ----------------------------------------------------------------------
def incoming_of(update: Update, *, bot_id: int, username: str) -> Incoming | None:
    """What a person did, or None when the update is not for the bot (group chatter)."""
    query = update.callback_query
    if query is not None:
        if query.data is None:
            return None
        chat_id = query.message.chat.id if query.message else query.from_user.id
        return Incoming(SOURCE, query.from_user.id, chat_id, query.from_user.full_name,
                        update.update_id, button=query.data)
    message, user, chat = update.message, update.effective_user, update.effective_chat
    if message is None or user is None or chat is None:
        return None
    private = chat.type == ChatType.PRIVATE
    voice = message.voice or message.audio
    if private and voice is not None and not message.text:  # a person listens (actions/voice)
        return Incoming(SOURCE, user.id, chat.id, user.full_name, update.update_id,
                        text=f"/voice_message {voice.file_id}")
    if private and _other_media(message):
        return Incoming(SOURCE, user.id, chat.id, user.full_name, update.update_id,
                        text=f"/unsupported_media {_other_media(message)}")
    text = message.text or message.caption
    if not private:
        text = addressed_text(message, text, bot_id=bot_id, username=username)
        if text is None:
            return None
    photo = message.photo[-1].file_id if message.photo else None  # the largest size
    if not text and photo is None:
        return None
    return Incoming(SOURCE, user.id, chat.id, user.full_name, update.update_id, text=text,
                    photo=photo)


def _other_media(message: Message) -> str | None:
    """Voice, stickers, files...: what the bot cannot read (it says how to reach a person)."""
    if message.text or message.photo or message.caption:
        return None
    if message.voice or message.audio or message.video_note:
        return "voice"
    if message.sticker:
        return "sticker"
    if message.document or message.video or message.animation or message.location:
        return "other"
    return None


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


# -- handling -------------------------------------------------------------------------------
# Worker (bot/worker.py) stores and handles off the event loop, on one thread, then kicks the
# senders.


# -- long polling ------------------------------------------------------------------------------
class Poller:
    """getUpdates in a loop; the offset moves past a batch only once it is committed (stored,
    and handled when its chat had nothing waiting)."""

    def __init__(self, bot: Bot, linli: Linli, worker: Worker, *,
                 timeout: int = POLL_TIMEOUT, pause: float = 0.0) -> None:
        self.bot, self.linli, self.worker = bot, linli, worker
        self.timeout, self.pause = timeout, pause
        self.offset: int | None = None
        self._stopping = asyncio.Event()

    async def run(self) -> None:
        """Poll until `stop()`."""
        failures = 0
        while not self._stopping.is_set():
            try:
                updates = await self.bot.get_updates(
                    offset=self.offset, timeout=self.timeout, allowed_updates=ALLOWED_UPDATES)
            except NetworkError as exc:  # includes TimedOut: Telegram unreachable for now
                log.warning("getUpdates failed: %s", exc)
                await self._sleep(DB_RETRY[0])
                continue
            if not updates:
                await self._sleep(self.pause)
                continue
            if not await self._store(updates):
                failures += 1
                await self._sleep(DB_RETRY[min(failures, len(DB_RETRY)) - 1])
                continue  # the offset stays: Telegram gives the same updates again
            failures = 0
            self.offset = updates[-1].update_id + 1
            await answer_buttons(self.bot, updates)
            self.worker.kick()

    async def _store(self, updates: Sequence[Update]) -> bool:
        batch = [i for i in (incoming_of(u, bot_id=self.bot.id, username=self.bot.username)
                             for u in updates) if i is not None]
        try:
            await self.worker.handle(batch)
        except SQLAlchemyError as exc:
            log.error("could not store %d update(s), not confirming them: %s", len(updates),
                      type(exc).__name__)
            return False
        return True

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    def stop(self) -> None:
        """Stop after the current getUpdates."""
        self._stopping.set()


async def answer_buttons(bot: Bot, updates: Sequence[Update]) -> None:
    """Stop the spinner of each pressed button (best effort: an old press cannot be)."""
    for update in updates:
        query = update.callback_query
        if query is None:
            continue
        try:
            await bot.answer_callback_query(query.id)
        except TelegramError as exc:
            log.warning("could not answer callback query %s: %s", query.id, exc)


# -- webhook ---------------------------------------------------------------------------------
@tornado.web.stream_request_body
class WebhookHandler(tornado.web.RequestHandler):
    """POST /<path>: an update from Telegram, committed (stored, and handled when its chat had
    nothing waiting) before it is acknowledged."""

    def initialize(self, bot: Bot, linli: Linli, worker: Worker, secret: str | None) -> None:
        self.bot, self.linli, self.worker, self.secret = bot, linli, worker, secret
        self.chunks: list[bytes] = []
        self.size = 0

    def prepare(self) -> None:
        # before a byte of the body is read: the secret, then the announced size
        given = self.request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if self.secret is not None and not hmac.compare_digest(given.encode(),
                                                               self.secret.encode()):
            raise tornado.web.HTTPError(403)
        if int(self.request.headers.get("Content-Length") or 0) > MAX_BODY:
            raise tornado.web.HTTPError(413)

    def data_received(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > MAX_BODY:
            raise tornado.web.HTTPError(413)
        self.chunks.append(chunk)

    async def post(self) -> None:
        try:
            update = Update.de_json(json.loads(b"".join(self.chunks)), self.bot)
        except (ValueError, TypeError, KeyError):
            raise tornado.web.HTTPError(400) from None
        incoming = incoming_of(update, bot_id=self.bot.id, username=self.bot.username)
        if incoming is not None:
            try:
                await self.worker.handle([incoming])
            except SQLAlchemyError as exc:
                log.error("could not store update %s: %s", update.update_id,
                          type(exc).__name__)
                raise tornado.web.HTTPError(503) from None
        self.set_status(200)
        self.finish()
        await answer_buttons(self.bot, [update])
        self.worker.kick()

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.finish()  # no page, no trace: Telegram only reads the status


class WebhookServer:
    """The webhook endpoint on `listen` (host:port), behind the operator's TLS proxy."""

    def __init__(self, bot: Bot, linli: Linli, worker: Worker, *, path: str,
                 secret: str | None, host: str, port: int) -> None:
        app = tornado.web.Application([(
            f"/{path.strip('/')}", WebhookHandler,
            {"bot": bot, "linli": linli, "worker": worker, "secret": secret})])
        self.server = tornado.httpserver.HTTPServer(app, max_body_size=MAX_BODY)
        self.host, self.port = host, port
        self.started = time.monotonic()

    def start(self) -> None:
        """Listen (on the running event loop)."""
        self.server.listen(self.port, address=self.host)

    async def stop(self) -> None:
        """Stop listening and close open connections."""
        self.server.stop()
        await self.server.close_all_connections()
