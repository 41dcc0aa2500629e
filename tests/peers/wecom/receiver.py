"""A tiny callback receiver for the peer's own tests: what a bot's WeCom endpoint must do.

GET answers URL verification with the decrypted echostr; POST verifies, decrypts and records
the message, then answers 200 with an empty body (or a passive reply). It can be told to fail
(HTTP 500) or to stall past the peer's timeout for its first few requests, to see retries.
Standard library only (http.server in a thread), on 127.0.0.1 and a free port.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from tests.peers.wecom.crypto import CryptoError, WeComCrypto


@dataclass
class Behaviour:
    """How the receiver answers; counters run down as requests arrive."""

    fail_first: int = 0  # answer 500 to this many POSTs
    stall_first: int = 0  # sleep stall_seconds before answering this many POSTs
    stall_seconds: float = 0.0
    reply: str | None = None  # a passive reply (plaintext XML) to encrypt and answer with
    received: list[str] = field(default_factory=list)  # decrypted messages, in order
    requests: int = 0
    errors: list[str] = field(default_factory=list)


class Receiver(ThreadingHTTPServer):
    """The server, holding the crypto and the behaviour."""

    daemon_threads = True

    def __init__(self, crypto: WeComCrypto) -> None:
        super().__init__(("127.0.0.1", 0), ReceiverHandler)
        self.crypto = crypto
        self.behaviour = Behaviour()
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        """The callback URL to configure in the peer."""
        return f"http://127.0.0.1:{self.server_address[1]}/wecom/callback"


class ReceiverHandler(BaseHTTPRequestHandler):
    """One callback request."""

    server: Receiver

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def query(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}

    def do_GET(self) -> None:
        q = self.query()
        try:
            echo = self.server.crypto.verify_url(q["msg_signature"], q["timestamp"],
                                                 q["nonce"], q["echostr"])
        except (CryptoError, KeyError) as exc:
            self.server.behaviour.errors.append(repr(exc))
            self.answer(403, b"")
            return
        self.answer(200, echo.encode())

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        status, stall = self.decide()
        if stall:
            time.sleep(stall)
        if status != 200:
            self.answer(status, b"")
            return
        q = self.query()
        try:
            plain = self.server.crypto.decrypt_message(body, q["msg_signature"],
                                                       q["timestamp"], q["nonce"])
        except (CryptoError, KeyError) as exc:
            self.server.behaviour.errors.append(repr(exc))
            self.answer(403, b"")
            return
        self.server.behaviour.received.append(plain)
        self.answer(200, self.passive_reply(q))

    def decide(self) -> tuple[int, float]:
        """This request's status and stall, from the behaviour's counters."""
        with self.server.lock:
            b = self.server.behaviour
            b.requests += 1
            stall = b.stall_seconds if b.stall_first > 0 else 0.0
            b.stall_first -= 1
            status = 500 if b.fail_first > 0 else 200
            b.fail_first -= 1
        return status, stall

    def passive_reply(self, q: dict[str, str]) -> bytes:
        reply = self.server.behaviour.reply
        if reply is None:
            return b""
        return self.server.crypto.encrypt_message(reply, timestamp=q["timestamp"],
                                                  nonce=q["nonce"]).encode()

    def answer(self, status: int, body: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the peer gave up waiting (a stalled answer): nothing to tell


@contextmanager
def running_receiver(crypto: WeComCrypto) -> Iterator[Receiver]:
    """A receiver in a background thread; shut down afterwards."""
    server = Receiver(crypto)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="wecom-receiver",
                              daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
