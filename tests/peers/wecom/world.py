"""The WeCom peer's state: one corp, its app, people, media, orders and what was sent.

Everything here is plain data and rules with the peer's own clock, so the rules (token expiry,
the per-member and per-robot limits, the 48-hour customer window) are checked without HTTP.
The HTTP layer (peer.py) owns one World and touches it only from its event-loop thread.
"""

from __future__ import annotations

import base64
import secrets
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

TOKEN_TTL = 7200  # gettoken: expires_in
MEDIA_TTL = 3 * 24 * 3600  # temporary media live three days
MINUTE, HOUR = 60, 3600
MEMBER_PER_MINUTE, MEMBER_PER_HOUR = 30, 1000  # per app and member; the excess is dropped
ROBOT_PER_MINUTE = 20  # per group robot; the excess gets 45009
KF_WINDOW, KF_REPLIES = 48 * HOUR, 5  # replies to a customer after their last message
API_PER_MINUTE = 10_000  # per corp and API ("每企业调用单个cgi/api不可超过1万次/分")

Json = dict[str, Any]


class ApiError(Exception):
    """A WeCom error answer: errcode and errmsg."""

    def __init__(self, errcode: int, errmsg: str) -> None:
        super().__init__(f"{errcode} {errmsg}")
        self.errcode = errcode
        self.errmsg = errmsg


def new_encoding_aes_key() -> str:
    """A random 43-character EncodingAESKey."""
    return base64.b64encode(secrets.token_bytes(32)).decode().rstrip("=")


@dataclass
class PeerConfig:
    """The corp and app the peer plays, and how it calls back."""

    corp_id: str = "ww5e1d7c0a1b2c3d4e"
    secret: str = "linli-test-app-secret-0123456789abcdefghijk"
    agent_id: int = 1000002
    token: str = "LinliCallbackToken"
    encoding_aes_key: str = field(default_factory=new_encoding_aes_key)
    callback_url: str | None = None
    callback_timeout: float = 5.0  # WeCom waits 5 s for an answer
    callback_retries: int = 3  # then retries, three times
    retry_delay: float = 0.0
    open_kfid: str = "wkLinliKf000001"
    robot_key: str = "linli-robot-key-0001"


@dataclass
class Clock:
    """Wall time plus an offset that tests advance."""

    offset: float = 0.0

    def now(self) -> float:
        """Seconds since the epoch, on the peer's clock."""
        return time.time() + self.offset


@dataclass
class Media:
    """An uploaded or received file."""

    media_id: str
    kind: str
    data: bytes
    filename: str
    content_type: str
    created_at: float


@dataclass
class Sent:
    """One message the bot sent, as recorded for tests."""

    msgid: str
    to: str
    msgtype: str
    body: Json
    time: float
    dropped: bool = False

    def as_json(self) -> Json:
        """The record as tests read it."""
        return {"msgid": self.msgid, "to": self.to, "msgtype": self.msgtype,
                "body": self.body, "time": self.time, "dropped": self.dropped}


@dataclass
class Customer:
    """An external WeChat user talking to 微信客服."""

    external_userid: str
    name: str
    last_message_at: float | None = None
    replies_since: int = 0


@dataclass
class World:
    """All the peer knows; reset() starts over with the same config."""

    config: PeerConfig
    clock: Clock = field(default_factory=Clock)
    tokens: dict[str, float] = field(default_factory=dict)  # token -> expires at
    members: dict[str, str] = field(default_factory=dict)  # userid -> name
    customers: dict[str, Customer] = field(default_factory=dict)
    kf_accounts: dict[str, str] = field(default_factory=dict)
    robots: dict[str, deque[float]] = field(default_factory=dict)
    media: dict[str, Media] = field(default_factory=dict)
    sent_members: list[Sent] = field(default_factory=list)
    sent_customers: list[Sent] = field(default_factory=list)
    sent_robots: list[Sent] = field(default_factory=list)
    kf_log: list[Json] = field(default_factory=list)  # what sync_msg pages through
    kf_tokens: dict[str, float] = field(default_factory=dict)  # callback Token -> expires at
    orders: list[Json] = field(default_factory=list)
    api_calls: dict[str, deque[float]] = field(default_factory=dict)
    api_per_minute: int = API_PER_MINUTE
    deliveries: list[Json] = field(default_factory=list)
    seq: int = 0

    def __post_init__(self) -> None:
        self.kf_accounts.setdefault(self.config.open_kfid, "邻里客服")
        self.robots.setdefault(self.config.robot_key, deque())

    def now(self) -> float:
        """The peer's clock."""
        return self.clock.now()

    def next_id(self, prefix: str) -> str:
        """A fresh id with a readable prefix."""
        self.seq += 1
        return f"{prefix}{self.seq:06d}{secrets.token_hex(4)}"

    # access tokens -------------------------------------------------------------------------

    def get_token(self, corp_id: str | None, secret: str | None) -> Json:
        """gettoken: the same token while it is valid, a new one after."""
        if not corp_id:
            raise ApiError(41002, "corpid missing")
        if corp_id != self.config.corp_id:
            raise ApiError(40013, "invalid corpid")
        if not secret:
            raise ApiError(41004, "corpsecret missing")
        if secret != self.config.secret:
            raise ApiError(40001, "invalid credential")
        now = self.now()
        live = [t for t, until in self.tokens.items() if until > now]
        token = live[0] if live else secrets.token_urlsafe(96)
        self.tokens.setdefault(token, now + TOKEN_TTL)
        return {"access_token": token, "expires_in": int(self.tokens[token] - now)}

    def check_token(self, token: str | None) -> None:
        """Every API call but gettoken: 41001 missing, 40014 unknown, 42001 expired."""
        if not token:
            raise ApiError(41001, "access_token missing")
        if token not in self.tokens:
            raise ApiError(40014, "invalid access_token")
        if self.tokens[token] <= self.now():
            raise ApiError(42001, "access_token expired")

    def expire_tokens(self) -> None:
        """Make every issued token expired now (as if 7200 s had passed for them)."""
        for token in self.tokens:
            self.tokens[token] = self.now()

    def count_api_call(self, api: str) -> None:
        """The corp-wide frequency limit per API: 45009 beyond it."""
        calls = self.api_calls.setdefault(api, deque())
        if not within(calls, self.now(), MINUTE, self.api_per_minute):
            raise ApiError(45009, "api freq out of limit")
        calls.append(self.now())

    # media ----------------------------------------------------------------------------------

    def add_media(self, kind: str, data: bytes, filename: str, content_type: str) -> Media:
        """Store a file; it can be fetched with media/get for three days."""
        item = Media(self.next_id("M"), kind, data, filename, content_type, self.now())
        self.media[item.media_id] = item
        return item

    def get_media(self, media_id: str | None) -> Media:
        """A stored file, or 40007 when unknown or older than three days."""
        item = self.media.get(media_id or "")
        if item is None or item.created_at + MEDIA_TTL <= self.now():
            raise ApiError(40007, "invalid media_id")
        return item

    # records --------------------------------------------------------------------------------

    def member_may_receive(self, userid: str) -> bool:
        """Under 30 a minute and 1000 an hour of delivered app messages."""
        times = [s.time for s in self.sent_members if s.to == userid and not s.dropped]
        now = self.now()
        last_minute = sum(1 for t in times if t > now - MINUTE)
        last_hour = sum(1 for t in times if t > now - HOUR)
        return last_minute < MEMBER_PER_MINUTE and last_hour < MEMBER_PER_HOUR

    def robot_call(self, key: str | None) -> None:
        """A group robot's webhook: 93000 for an unknown key, 45009 beyond 20 a minute."""
        calls = self.robots.get(key or "")
        if calls is None:
            raise ApiError(93000, "invalid webhook url")
        if not within(calls, self.now(), MINUTE, ROBOT_PER_MINUTE):
            raise ApiError(45009, "api freq out of limit")
        calls.append(self.now())

    def add_kf_item(self, item: Json) -> None:
        """Append to the log sync_msg pages through."""
        self.kf_log.append(item)

    def new_kf_token(self) -> str:
        """The Token a kf callback carries; sync_msg accepts it for 10 minutes."""
        token = "ENC" + secrets.token_urlsafe(30)
        self.kf_tokens[token] = self.now() + 600
        return token


def within(calls: deque[float], now: float, window: float, limit: int) -> bool:
    """Drop calls older than the window; True while fewer than limit remain."""
    while calls and calls[0] <= now - window:
        calls.popleft()
    return len(calls) < limit
