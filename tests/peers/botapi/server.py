"""The Bot API peer's HTTP server (tornado) on 127.0.0.1, and ways to run it.

    /bot<token>/<method>        the Bot API: GET query, form, multipart or JSON body
    /file/bot<token>/<path>     the bytes of a file (getFile's file_path)
    /control/<action>           the test's side, see control.py

`PeerServer` serves on the current event loop; `PeerThread` runs one in a background thread;
`running_peer()` yields the base URL of one in a thread or, with process=True, in its own process
(`python -m tests.peers.botapi`), which a chaos test can keep running while it kills the bot.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import tornado.httpserver
import tornado.netutil
import tornado.web

from tests.peers.botapi.control import Control
from tests.peers.botapi.errors import ApiError, BadRequest, NotFound, Unauthorized
from tests.peers.botapi.methods import METHODS, Method
from tests.peers.botapi.params import Params, Upload
from tests.peers.botapi.updates import UPDATE_METHODS
from tests.peers.botapi.webhook import Courier
from tests.peers.botapi.world import BotState, Json, World

ROOT = Path(__file__).resolve().parents[3]
LOG = logging.getLogger(__name__)
# Telegram matches method names case-insensitively
ALL_METHODS: dict[str, tuple[str, Method]] = {
    name.lower(): (name, method) for name, method in {**METHODS, **UPDATE_METHODS}.items()}


def dump(body: Any) -> bytes:
    """JSON as Telegram sends it (UTF-8, not ASCII-escaped)."""
    return json.dumps(body, ensure_ascii=False).encode()


class ApiHandler(tornado.web.RequestHandler):
    """One Bot API call."""

    def initialize(self, server: PeerServer) -> None:
        """Tornado's per-request set-up."""
        self.server, self.params = server, Params({})

    async def get(self, token: str, name: str) -> None:
        """A call with its parameters in the query string."""
        await self.call(token, name)

    async def post(self, token: str, name: str) -> None:
        """A call with a form, multipart or JSON body."""
        await self.call(token, name)

    def on_connection_close(self) -> None:
        """The client hung up: a long poll stops waiting."""
        for hangup in self.params.on_hangup:
            hangup()

    async def call(self, token: str, name: str) -> None:
        """Run the method; answer its result or its error, and log the call."""
        world = self.server.world
        bot, method = world.bots.get(token), name
        try:
            if bot is None:
                raise Unauthorized("")
            method, run = ALL_METHODS.get(name.lower()) or (name, None)
            if run is None:
                raise NotFound("")
            self.params = self.parse()
            body: Json = {"ok": True, "result": await run(world, bot, self.params)}
            self.server.courier.ensure(bot)
        except ApiError as error:
            body = error.as_json()
        except Exception:  # a bug of the peer: Telegram's 500, the traceback to the log
            LOG.exception("%s failed", method)
            body = {"ok": False, "error_code": 500, "description": "Internal Server Error"}
        world.record_call(bot, method, self.params.loggable(), None if body["ok"] else body)
        self.answer(body)

    def answer(self, body: Json) -> None:
        """Write a JSON answer with the error code as the HTTP status."""
        self.set_status(200 if body["ok"] else int(body["error_code"]))
        self.set_header("Content-Type", "application/json")
        self.finish(dump(body))

    def parse(self) -> Params:
        """The parameters, from the query string and the body."""
        request = self.request
        values: Json = {k: v[-1].decode() for k, v in request.query_arguments.items()}
        if request.headers.get("Content-Type", "").startswith("application/json"):
            values.update(self.json_body())
        else:
            values.update({k: v[-1].decode() for k, v in request.body_arguments.items()})
        uploads = {name: Upload(parts[-1].filename, parts[-1].content_type, parts[-1].body)
                   for name, parts in request.files.items()}
        return Params(values, uploads)

    def json_body(self) -> Json:
        """A JSON object body (an empty body is no parameters)."""
        if not self.request.body:
            return {}
        try:
            body = json.loads(self.request.body)
        except ValueError:
            raise BadRequest("can't parse JSON body") from None
        if not isinstance(body, dict):
            raise BadRequest("the JSON body must be an object")
        return body


class FileHandler(tornado.web.RequestHandler):
    """GET /file/bot<token>/<file_path>: a file's bytes."""

    def initialize(self, server: PeerServer) -> None:
        """Tornado's per-request set-up."""
        self.server = server

    def get(self, token: str, path: str) -> None:
        """The bytes, or 404 as Telegram answers for an unknown path."""
        world = self.server.world
        stored = next((f for f in world.files.values() if f.path == path), None)
        if token not in world.bots or stored is None:
            self.set_status(404)
            self.finish(dump({"ok": False, "error_code": 404, "description": "Not Found"}))
            return
        self.set_header("Content-Type", "application/octet-stream")
        self.finish(stored.data)


class ControlHandler(tornado.web.RequestHandler):
    """POST /control/<action> with a JSON body."""

    def initialize(self, server: PeerServer) -> None:
        """Tornado's per-request set-up."""
        self.server = server

    async def post(self, action: str) -> None:
        """Run the action; errors answer in Telegram's shape."""
        run = self.server.control.actions.get(action)
        try:
            if run is None:
                raise NotFound(f"no control action {action}")
            body = json.loads(self.request.body or b"{}")
            result: Json = {"ok": True, "result": await run(body)}
        except ApiError as error:
            result = error.as_json()
        except (KeyError, ValueError, TypeError) as error:
            result = BadRequest(f"{type(error).__name__}: {error}").as_json()
        self.set_status(200 if result["ok"] else int(result["error_code"]))
        self.set_header("Content-Type", "application/json")
        self.finish(dump(result))

    async def get(self, action: str) -> None:
        """GET /control/ping tells the peer is up."""
        self.finish(dump({"ok": True, "result": action == "ping"}))


class PeerServer:
    """A Bot API peer serving on the running event loop."""

    def __init__(self, tokens: tuple[str, ...] = (), *, first_update_id: int = 1) -> None:
        self.world = World(first_update_id=first_update_id)
        self.courier = Courier(self.world)
        self.control = Control(self.world, self.courier, tokens)
        self.http: tornado.httpserver.HTTPServer | None = None
        self.port = 0

    def app(self) -> tornado.web.Application:
        """The routes."""
        me = {"server": self}
        return tornado.web.Application([
            (r"/bot([^/]+)/([A-Za-z]+)", ApiHandler, me),
            (r"/file/bot([^/]+)/(.+)", FileHandler, me),
            (r"/control/([a-z_]+)", ControlHandler, me),
        ])

    async def start(self, port: int = 0, host: str = "127.0.0.1") -> int:
        """Listen (port 0: a free one); returns the port."""
        sockets = tornado.netutil.bind_sockets(port, host)
        self.http = tornado.httpserver.HTTPServer(self.app())
        self.http.add_sockets(sockets)
        self.port = int(sockets[0].getsockname()[1])
        return self.port

    @property
    def url(self) -> str:
        """The base URL (a bot's base_url is f"{url}/bot", its base_file_url f"{url}/file/bot")."""
        return f"http://127.0.0.1:{self.port}"

    async def stop(self) -> None:
        """Stop listening, end waiting polls and deliveries, close every connection."""
        if self.http is None:
            return
        self.http.stop()
        for bot in self.world.bots.values():
            end_waiting(bot)
        await self.courier.close()
        await self.http.close_all_connections()
        self.http = None


def end_waiting(bot: BotState) -> None:
    """A waiting getUpdates answers at once (with what there is)."""
    if bot.poller is not None and not bot.poller.done():
        bot.poller.set_result(None)


class PeerThread:
    """A PeerServer on its own event loop in a background thread."""

    def __init__(self, tokens: tuple[str, ...] = (), *, port: int = 0) -> None:
        self.tokens, self.port = tokens, port
        self.url = ""
        self.ready = threading.Event()
        self.error: BaseException | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.stopping: asyncio.Event | None = None
        self.thread = threading.Thread(target=self.main, name="botapi-peer", daemon=True)

    def start(self) -> str:
        """Start serving; returns the base URL once the peer listens."""
        self.thread.start()
        if not self.ready.wait(10) or self.error is not None:
            raise RuntimeError("the Bot API peer did not start") from self.error
        return self.url

    def stop(self) -> None:
        """Shut down cleanly and join the thread."""
        if self.loop is not None and self.stopping is not None:
            self.loop.call_soon_threadsafe(self.stopping.set)
        self.thread.join(10)

    def main(self) -> None:
        """The thread: serve until stop()."""
        try:
            asyncio.run(self.serve())
        except BaseException as error:  # reported to start(); the thread must not die silently
            self.error = error
            self.ready.set()

    async def serve(self) -> None:
        """Serve until asked to stop."""
        server = PeerServer(self.tokens)
        await server.start(self.port)
        self.url, self.loop = server.url, asyncio.get_running_loop()
        self.stopping = asyncio.Event()
        self.ready.set()
        await self.stopping.wait()
        await server.stop()


@contextmanager
def running_peer(tokens: tuple[str, ...] = (), *, process: bool = False) -> Iterator[str]:
    """A peer on a free port, in a thread or its own process; yields its base URL."""
    if process:
        with peer_process(tokens) as (url, _):
            yield url
        return
    peer = PeerThread(tokens)
    url = peer.start()
    try:
        yield url
    finally:
        peer.stop()


@contextmanager
def peer_process(tokens: tuple[str, ...] = (), *, port: int = 0,
                 ) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`python -m tests.peers.botapi` in its own process; yields its URL and the process."""
    command = [sys.executable, "-m", "tests.peers.botapi", "--port", str(port)]
    command += [arg for token in tokens for arg in ("--token", token)]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # "botapi peer listening on http://127.0.0.1:N"
        if not line.startswith("botapi peer listening on "):
            raise RuntimeError(f"the Bot API peer did not start: {line!r}")
        yield line.split()[-1], proc
    finally:
        stop_process(proc)


def stop_process(proc: subprocess.Popen[str]) -> None:
    """SIGTERM (the peer shuts down cleanly), SIGKILL if it hangs."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()
