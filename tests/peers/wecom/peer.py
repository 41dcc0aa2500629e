"""The WeCom peer: a local HTTP server that answers like qyapi.weixin.qq.com and calls back.

Start it from a test with `running_peer()` (a context manager) or the `wecom_peer` fixture in
tests/peers/wecom/conftest.py; it listens on 127.0.0.1 on a free port, in a background thread
with its own event loop, and stops when the block ends. Point the bot's API base URL at
`peer.base_url` (wechatpy: `API_BASE_URL = base_url + "/cgi-bin/"` and an overridden
`fetch_access_token`, see docs/wecom-notes.md) and the peer's callback URL at the bot's
receiver. Drive it with the control API (control.py, over HTTP) through
`client.WeComPeerClient`.

Answers are HTTP 200 with {"errcode": ..., "errmsg": ...} like WeCom's, errmsg in WeCom's
"..., hint: [...], more info at ..." form. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import tornado.httpserver
import tornado.netutil
import tornado.web

from tests.peers.wecom import api
from tests.peers.wecom.callbacks import Caller, Delivery
from tests.peers.wecom.crypto import WeComCrypto
from tests.peers.wecom.world import ApiError, Json, PeerConfig, World

JSON_APIS: dict[str, Callable[[World, Json], Json]] = {
    "message/send": api.message_send,
    "kf/sync_msg": api.kf_sync_msg,
    "kf/send_msg": api.kf_send_msg,
    "report/resident/get_order_list": api.order_list,
    "report/resident/get_order_info": api.order_info,
}


def errmsg(code: int, text: str) -> str:
    """WeCom's errmsg shape: the text, a hint and where to look the code up."""
    hint = secrets.token_hex(8)
    return (f"{text}, hint: [{hint}], from ip: 127.0.0.1, more info at "
            f"https://open.work.weixin.qq.com/devtool/query?e={code}")


class WeComPeer:
    """One peer: its World, its server thread, its callbacks."""

    def __init__(self, config: PeerConfig | None = None) -> None:
        self.config = config or PeerConfig()
        self.initial_config = self.config
        self.world = World(self.config)
        self.base_url = ""
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopped: asyncio.Event | None = None
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self._tasks: set[asyncio.Task[Any]] = set()

    # lifecycle ------------------------------------------------------------------------------

    def start(self) -> str:
        """Serve in a background thread; returns the base URL once it listens."""
        sockets = tornado.netutil.bind_sockets(0, "127.0.0.1")
        port = sockets[0].getsockname()[1]
        self.base_url = f"http://127.0.0.1:{port}"
        self._thread = threading.Thread(target=asyncio.run, args=(self._serve(sockets),),
                                        name="wecom-peer", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the WeCom peer did not start")
        return self.base_url

    def stop(self) -> None:
        """Stop serving and join the thread."""
        if self._loop and self._stopped:
            self._loop.call_soon_threadsafe(self._stopped.set)
        if self._thread:
            self._thread.join(10)

    async def _serve(self, sockets: list[Any]) -> None:
        from tests.peers.wecom.control import control_routes

        self._loop = asyncio.get_running_loop()
        self._stopped = asyncio.Event()
        app = tornado.web.Application(api_routes(self) + control_routes(self))
        server = tornado.httpserver.HTTPServer(app)
        server.add_sockets(sockets)
        self._ready.set()
        await self._stopped.wait()
        server.stop()
        for task in list(self._tasks):
            task.cancel()
        await server.close_all_connections()

    # callbacks ------------------------------------------------------------------------------

    def crypto(self) -> WeComCrypto:
        """The app's callback crypto."""
        c = self.config
        return WeComCrypto(c.token, c.encoding_aes_key, c.corp_id)

    def caller(self) -> Caller:
        """Who posts to the configured callback URL."""
        c = self.config
        if not c.callback_url:
            raise ApiError(60001, "no callback_url configured (control: POST /control/app)")
        return Caller(self.crypto(), c.callback_url, c.agent_id, c.callback_timeout,
                      c.callback_retries, c.retry_delay)

    async def deliver(self, plaintext: str, *, wait: bool) -> Json:
        """Post a callback now (wait) or in the background; the record is kept either way.

        Without a callback URL nothing is posted (the message still reaches sync_msg etc.).
        """
        if not self.config.callback_url:
            return {"delivery_id": None, "plaintext": plaintext, "attempts": [],
                    "delivered": False, "reply": None}
        caller = self.caller()
        delivery = Delivery(self.world.next_id("cb"), plaintext)
        self.world.deliveries.append(delivery.as_json())
        index = len(self.world.deliveries) - 1
        job = self._record(caller.post(delivery, int(self.world.now())), index)
        if wait:
            return await job
        task = asyncio.ensure_future(job)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return delivery.as_json()

    async def _record(self, posting: Awaitable[Delivery], index: int) -> Json:
        delivery = await posting
        self.world.deliveries[index] = delivery.as_json()
        return delivery.as_json()


class Handler(tornado.web.RequestHandler):
    """Shared JSON answering."""

    peer: WeComPeer

    def initialize(self, peer: WeComPeer) -> None:
        self.peer = peer

    def answer(self, payload: Json) -> None:
        """errcode 0 and the payload."""
        self.finish_json({"errcode": 0, "errmsg": "ok", **payload})

    def fail(self, error: ApiError) -> None:
        """A WeCom error answer (HTTP 200, as WeCom does)."""
        self.finish_json({"errcode": error.errcode, "errmsg": errmsg(error.errcode,
                                                                      error.errmsg)})

    def finish_json(self, payload: Json) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(payload, ensure_ascii=False))

    def json_body(self) -> Json:
        """The request body as a JSON object, or 47001."""
        try:
            body = json.loads(self.request.body or b"{}")
        except ValueError as exc:
            raise ApiError(47001, "data format error") from exc
        if not isinstance(body, dict):
            raise ApiError(47001, "data format error")
        return body

    def authorised(self, api_name: str) -> World:
        """The World, after the access_token and frequency checks."""
        world = self.peer.world
        world.check_token(self.get_query_argument("access_token", None))
        world.count_api_call(api_name)
        return world


class GetToken(Handler):
    """GET /cgi-bin/gettoken?corpid=...&corpsecret=..."""

    def get(self) -> None:
        try:
            self.answer(self.peer.world.get_token(self.get_query_argument("corpid", None),
                                                  self.get_query_argument("corpsecret", None)))
        except ApiError as error:
            self.fail(error)


class JsonApi(Handler):
    """POST /cgi-bin/<api> for the JSON APIs in JSON_APIS."""

    def post(self, name: str) -> None:
        try:
            self.answer(JSON_APIS[name](self.authorised(name), self.json_body()))
        except ApiError as error:
            self.fail(error)


class WebhookSend(Handler):
    """POST /cgi-bin/webhook/send?key=... (no access_token: the key is the credential)."""

    def post(self) -> None:
        try:
            key = self.get_query_argument("key", None)
            self.answer(api.webhook_send(self.peer.world, key, self.json_body()))
        except ApiError as error:
            self.fail(error)


class MediaUpload(Handler):
    """POST /cgi-bin/media/upload?type=...: multipart form, field "media"."""

    def post(self) -> None:
        try:
            world = self.authorised("media/upload")
            files = self.request.files.get("media") or []
            name, data = (files[0].filename, files[0].body) if files else ("", b"")
            self.answer(api.media_upload(world, self.get_query_argument("type", None),
                                         name, data))
        except ApiError as error:
            self.fail(error)


class MediaGet(Handler):
    """GET /cgi-bin/media/get?media_id=...: the bytes, or a JSON error."""

    def get(self) -> None:
        try:
            world = self.authorised("media/get")
            item = world.get_media(self.get_query_argument("media_id", None))
        except ApiError as error:
            self.fail(error)
            return
        self.set_header("Content-Type", item.content_type)
        self.set_header("Content-disposition", f'attachment; filename="{item.filename}"')
        self.finish(item.data)


class PublicFile(Handler):
    """The URLs WeCom hands out for pictures (PicUrl, 居民上报 image_urls): no token."""

    def get(self, media_id: str) -> None:
        item = self.peer.world.media.get(media_id)
        if item is None:
            raise tornado.web.HTTPError(404)
        self.set_header("Content-Type", item.content_type)
        self.finish(item.data)


def api_routes(peer: WeComPeer) -> list[Any]:
    """The WeCom side of the server."""
    args = {"peer": peer}
    names = "|".join(JSON_APIS)
    return [
        (r"/cgi-bin/gettoken", GetToken, args),
        (rf"/cgi-bin/({names})", JsonApi, args),
        (r"/cgi-bin/webhook/send", WebhookSend, args),
        (r"/cgi-bin/media/upload", MediaUpload, args),
        (r"/cgi-bin/media/get", MediaGet, args),
        (r"/(?:report/images|media/pic)/([A-Za-z0-9]+)", PublicFile, args),
    ]


@contextmanager
def running_peer(config: PeerConfig | None = None) -> Iterator[WeComPeer]:
    """Start a peer on 127.0.0.1 (a free port); yields it; stops it afterwards."""
    peer = WeComPeer(config)
    peer.start()
    try:
        yield peer
    finally:
        peer.stop()


def main() -> None:
    """`python -m tests.peers.wecom.peer`: serve until stdin closes (for tools in other venvs).

    Prints one JSON line first: the base URL and the config (corp id, secret, token, ...).
    """
    import dataclasses
    import sys

    with running_peer() as peer:
        print(json.dumps({"base_url": peer.base_url, **dataclasses.asdict(peer.config)}),
              flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()
