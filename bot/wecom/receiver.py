"""The WeCom callback URL: nothing is acknowledged before it is stored.

GET is WeCom's URL verification (answer the decrypted echostr, nothing else). POST is an
encrypted message or event: verified (msg_signature) and decrypted (the corp id checked), then
(on the Worker's turns' thread) stored and handled in one transaction when its chat has
nothing waiting, else stored in the durable inbox, and only then answered 200; a database that
cannot take it gets a 503, so WeCom delivers it again (its retries carry the same MsgId, stored
once). A wrong signature or corp id gets a 403 and nothing is stored.

微信客服: the callback only says that there are messages (kf_msg_or_event with a Token); they
are pulled with kf/sync_msg from the cursor kept in the database, and each page is stored with
the new cursor in one transaction, so a crash repeats a page (stored once) and loses nothing.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from datetime import datetime
from functools import partial
from typing import Any

import httpx
import tornado.httpserver
import tornado.web
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from actions.core import inbox
from actions.core.pipeline import Incoming
from actions.db import session_scope
from actions.db.endpoints import Endpoint, endpoint_for, read_cursor, write_cursor
from bot.wecom.api import WeComApi, WeComError
from bot.wecom.crypto import CallbackCrypto, CallbackRefused, xml_fields
from bot.wiring import Linli

log = logging.getLogger(__name__)

MAX_BODY = 64 * 1024
KF_CURSOR = "wecom_kf:cursor"
CUSTOMER = 3  # sync_msg origin of a message the customer wrote


def update_id(*parts: str) -> int:
    """A stable 62-bit id for something WeCom names by a string (or by sender and time)."""
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 2


def arrived(endpoint: Endpoint, now: datetime) -> None:
    """The person wrote: a 微信客服 reply window opens again (48 hours, 5 replies)."""
    endpoint.last_inbound_at = now
    endpoint.replies_since_inbound = 0


def _incoming(endpoint: Endpoint, source: str, uid: int, kind: str, value: str
              ) -> Incoming | None:
    """What a person did, by message type (text, image, voice; a menu click's key)."""
    base: dict[str, Any] = {"source": source, "user_id": endpoint.chat_id,
                            "chat_id": endpoint.chat_id, "display_name": endpoint.name,
                            "update_id": uid}
    if kind == "text" and value.strip():
        return Incoming(**base, text=value)
    if kind == "image" and value:
        return Incoming(**base, photo=f"{source}:{value}")
    if kind == "voice" and value:
        return Incoming(**base, text=f"/voice_message {source}:{value}")
    return None


def app_incoming(session: Session, fields: dict[str, str], now: datetime) -> Incoming | None:
    """An app message or event from a member, as an Incoming (its endpoint made on first
    contact); None for what is not for the pipeline (entering the app, unknown events)."""
    userid, kind = fields.get("FromUserName", ""), fields.get("MsgType", "")
    if not userid:
        return None
    endpoint = endpoint_for(session, channel="wecom_app", address=userid, now=now, name=userid)
    arrived(endpoint, now)
    uid = int(fields["MsgId"]) if fields.get("MsgId", "").isdigit() else update_id(
        userid, fields.get("CreateTime", ""), fields.get("Event", ""), fields.get("EventKey", ""))
    value = {"text": fields.get("Content", ""), "image": fields.get("MediaId", ""),
             "voice": fields.get("MediaId", "")}.get(kind, "")
    if kind == "event" and fields.get("Event") == "click":
        kind, value = "text", fields.get("EventKey", "")  # a menu item sends its key (/help)
    return _incoming(endpoint, "wecom_app", uid, kind, value)


def kf_incoming(session: Session, item: dict[str, Any], now: datetime) -> Incoming | None:
    """A 微信客服 message from a customer (sync_msg entry), as an Incoming."""
    external = str(item.get("external_userid", ""))
    if item.get("origin") != CUSTOMER or not external:
        return None
    endpoint = endpoint_for(session, channel="wecom_kf", address=external, now=now)
    arrived(endpoint, now)
    kind = str(item.get("msgtype", ""))
    found = item.get(kind)
    part: dict[str, Any] = found if isinstance(found, dict) else {}
    value = str(part.get("content") or part.get("media_id") or "")
    return _incoming(endpoint, "wecom_kf", update_id("kf", str(item.get("msgid"))), kind, value)


def _store(session: Session, incoming: Incoming | None, now: datetime) -> bool:
    if incoming is None:
        return False
    return inbox.store(session, source=incoming.source, update_id=incoming.update_id or 0,
                       chat_id=incoming.chat_id, payload=asdict(incoming), now=now)


class Receiver:
    """Turns callbacks into stored inbox items (synchronous database work, off the loop)."""

    def __init__(self, linli: Linli, kf_api: WeComApi | None, open_kfid: str | None,
                 kick: Callable[[], None], *,
                 turns: Callable[[Callable[[], object]], Awaitable[None]] | None = None
                 ) -> None:
        self.linli = linli
        self.kf_api, self.open_kfid = kf_api, open_kfid
        self.kick = kick
        self.turns = turns  # the Worker's `run`: app messages are handled as they arrive
        self._kf_lock = asyncio.Lock()

    def handle_app(self, fields: dict[str, str]) -> None:
        """An app message or event: the endpoint's bookkeeping committed, then the message
        stored and handled in one transaction when its chat has nothing waiting (else stored
        and handled from the inbox, in order). Run on the Worker's turns' thread; a crash
        between the two commits loses nothing (WeCom, not answered, delivers it again)."""
        now = self.linli.clock.now()
        with session_scope(self.linli.sessions) as session:
            incoming = app_incoming(session, fields, now)
        if incoming is not None:
            self.linli.conversation.handle(incoming)

    def store_app(self, fields: dict[str, str]) -> bool:
        """Store an app message or event; False when it was stored before or is not one."""
        now = self.linli.clock.now()
        with session_scope(self.linli.sessions) as session:
            return _store(session, app_incoming(session, fields, now), now)

    def store_kf_page(self, items: list[dict[str, Any]], cursor: str) -> int:
        """Store one sync_msg page with the cursor after it, in one transaction."""
        now = self.linli.clock.now()
        with session_scope(self.linli.sessions) as session:
            stored = sum(_store(session, kf_incoming(session, item, now), now)
                         for item in items)
            write_cursor(session, key=KF_CURSOR, value=cursor, now=now)
        return stored

    async def sync_kf(self, token: str, open_kfid: str) -> int:
        """Pull every new 微信客服 message (kf/sync_msg from the kept cursor); how many."""
        if self.kf_api is None:
            log.warning("a 微信客服 notice arrived but WECOM_KF_OPEN_KFID is not set")
            return 0
        stored = 0
        async with self._kf_lock:  # one sync at a time: the cursor moves in order
            cursor = await asyncio.to_thread(self._cursor)
            while True:
                page = await self.kf_api.post("kf/sync_msg", {
                    "cursor": cursor, "token": token, "limit": 1000, "open_kfid": open_kfid})
                cursor = str(page.get("next_cursor") or cursor)
                stored += await asyncio.to_thread(self.store_kf_page,
                                                  list(page.get("msg_list") or []), cursor)
                if not page.get("has_more"):
                    return stored

    def _cursor(self) -> str:
        with session_scope(self.linli.sessions) as session:
            return read_cursor(session, key=KF_CURSOR)


class CallbackHandler(tornado.web.RequestHandler):
    """GET: URL verification. POST: a message or event, stored before it is answered."""

    def initialize(self, crypto: CallbackCrypto, receiver: Receiver) -> None:
        self.crypto, self.receiver = crypto, receiver

    def _query(self) -> tuple[str, str, str]:
        return (self.get_query_argument("msg_signature", ""),
                self.get_query_argument("timestamp", ""), self.get_query_argument("nonce", ""))

    def get(self) -> None:
        try:
            echo = self.crypto.echo(*self._query(), self.get_query_argument("echostr", ""))
        except CallbackRefused as exc:
            log.warning("URL verification refused: %s", exc)
            raise tornado.web.HTTPError(403) from None
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(echo)  # the echostr alone: no quotes, no newline

    async def post(self) -> None:
        if len(self.request.body) > MAX_BODY:
            raise tornado.web.HTTPError(413)
        try:
            fields = xml_fields(self.crypto.open(self.request.body, *self._query()))
        except CallbackRefused as exc:
            log.warning("callback refused: %s", exc)
            raise tornado.web.HTTPError(403) from None
        try:
            await self._take(fields)
        except (SQLAlchemyError, httpx.HTTPError, WeComError) as exc:
            log.error("could not store a callback, WeCom will retry: %s", exc)
            raise tornado.web.HTTPError(503) from None
        self.set_status(200)
        self.finish("")
        self.receiver.kick()

    async def _take(self, fields: dict[str, str]) -> None:
        if fields.get("Event") == "kf_msg_or_event":
            await self.receiver.sync_kf(fields.get("Token", ""),
                                        fields.get("OpenKfId") or self.receiver.open_kfid or "")
        elif self.receiver.turns is not None:
            await self.receiver.turns(partial(self.receiver.handle_app, fields))
        else:
            await asyncio.to_thread(self.receiver.store_app, fields)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.finish()  # WeCom reads only the status


def callback_server(crypto: CallbackCrypto, receiver: Receiver, *, path: str
                    ) -> tornado.httpserver.HTTPServer:
    """The HTTP server of the callback URL (behind the operator's TLS proxy)."""
    app = tornado.web.Application([(path, CallbackHandler,
                                    {"crypto": crypto, "receiver": receiver})])
    return tornado.httpserver.HTTPServer(app, max_body_size=MAX_BODY)
