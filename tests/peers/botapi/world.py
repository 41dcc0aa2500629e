"""The peer's state: people, groups, bots, files, and the log of every call and every send.

All of it lives on the peer's one event loop, so nothing here takes a lock: the HTTP handlers,
the webhook deliveries and the control API run one at a time between awaits.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from tests.peers.botapi.errors import BadRequest
from tests.peers.botapi.limits import FloodControl, Limits

Json = dict[str, Any]

# what an empty allowed_updates means on Telegram: everything but these three
NOT_BY_DEFAULT = {"chat_member", "message_reaction", "message_reaction_count"}
SENDS = {"sendMessage", "sendPhoto"}


@dataclass
class User:
    """A person on Telegram."""

    id: int
    first_name: str
    last_name: str = ""
    username: str = ""
    language_code: str = "zh-hans"

    def as_dict(self) -> Json:
        """The User object."""
        user: Json = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        user.update({k: v for k in ("last_name", "username", "language_code")
                     if (v := getattr(self, k))})
        return user

    def as_chat(self) -> Json:
        """The Chat object of the private chat with this person."""
        chat: Json = {"id": self.id, "type": "private", "first_name": self.first_name}
        chat.update({k: v for k in ("last_name", "username") if (v := getattr(self, k))})
        return chat


@dataclass
class Group:
    """A group or supergroup chat."""

    id: int
    title: str
    type: str = "supergroup"
    username: str = ""

    def as_chat(self) -> Json:
        """The Chat object."""
        chat: Json = {"id": self.id, "type": self.type, "title": self.title}
        if self.username:
            chat["username"] = self.username
        return chat


@dataclass
class StoredFile:
    """A file a test registered, a user sent or a bot uploaded; served under /file/bot<token>/."""

    file_id: str
    unique_id: str
    path: str
    data: bytes

    def as_dict(self) -> Json:
        """The File object getFile answers."""
        return {"file_id": self.file_id, "file_unique_id": self.unique_id,
                "file_size": len(self.data), "file_path": self.path}


@dataclass
class WebhookOptions:
    """How the peer delivers to webhooks: short retry delays so a test runs fast."""

    retry_initial: float = 0.05
    retry_max: float = 1.0
    retry_factor: float = 2.0
    timeout: float = 5.0
    connect_timeout: float = 2.0
    parallel: int = 1  # deliveries in flight at most (and never more than max_connections)
    max_attempts: int = 0  # then the update is dropped as Telegram eventually does; 0: never

    def update(self, changes: Json) -> None:
        """Apply the given fields; an unknown one is an error."""
        for name, value in changes.items():
            if name not in asdict(self):
                raise BadRequest(f"unknown webhook option {name}")
            setattr(self, name, int(value) if name in ("parallel", "max_attempts")
                    else float(value))


@dataclass
class Webhook:
    """A bot's webhook as setWebhook left it, with the state of its deliveries."""

    url: str
    secret_token: str = ""
    max_connections: int = 40
    last_error_date: int = 0
    last_error_message: str = ""

    def info(self, pending: int, allowed: list[str]) -> Json:
        """The WebhookInfo object."""
        info: Json = {"url": self.url, "has_custom_certificate": False,
                      "pending_update_count": pending, "max_connections": self.max_connections,
                      "ip_address": "127.0.0.1"}
        if allowed:
            info["allowed_updates"] = allowed
        if self.last_error_date:
            info["last_error_date"] = self.last_error_date
            info["last_error_message"] = self.last_error_message
        return info


@dataclass
class BotState:
    """One bot: its update queue, webhook, chats' message counters, messages and counters."""

    token: str
    username: str
    first_name: str
    flood: FloodControl
    next_update_id: int = 1
    queue: list[Json] = field(default_factory=list)
    allowed_updates: list[str] = field(default_factory=list)
    webhook: Webhook | None = None
    blocked: set[int] = field(default_factory=set)
    last_message_id: Counter[int] = field(default_factory=Counter)
    messages: dict[tuple[int, int], Json] = field(default_factory=dict)
    callbacks: dict[str, bool] = field(default_factory=dict)  # query id -> answered
    commands: dict[str, list[Json]] = field(default_factory=dict)
    handed_out: Counter[int] = field(default_factory=Counter)  # update id -> times handed out
    stats: Counter[str] = field(default_factory=Counter)
    poller: asyncio.Future[None] | None = None
    wakeup: asyncio.Event = field(default_factory=asyncio.Event)
    delivery: asyncio.Task[None] | None = None

    @property
    def id(self) -> int:
        """The bot's user id: the number before the colon of its token, as on Telegram."""
        return int(self.token.split(":", 1)[0])

    def as_user(self) -> Json:
        """The bot's User object (as the sender of its messages)."""
        return {"id": self.id, "is_bot": True, "first_name": self.first_name,
                "username": self.username}

    def allows(self, kind: str) -> bool:
        """Whether an update of this kind is created for the bot now."""
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in NOT_BY_DEFAULT

    def push(self, kind: str, payload: Json) -> Json | None:
        """Queue a new update, unless allowed_updates filters it out; wake poller and webhook."""
        if not self.allows(kind):
            self.stats["filtered"] += 1
            return None
        update = {"update_id": self.next_update_id, kind: copy.deepcopy(payload)}
        self.next_update_id += 1
        self.queue.append(update)
        self.stats["created"] += 1
        self.notify()
        return update

    def notify(self) -> None:
        """Tell a waiting getUpdates and the webhook delivery that something changed."""
        if self.poller is not None and not self.poller.done():
            self.poller.set_result(None)
        self.wakeup.set()

    def confirm(self, offset: int) -> None:
        """getUpdates' offset: forget every update before it (or all but the last -offset)."""
        if offset > 0:
            keep = [u for u in self.queue if u["update_id"] >= offset]
        elif offset < 0:
            keep = self.queue[offset:]
        else:
            return
        self.stats["confirmed"] += len(self.queue) - len(keep)
        self.queue = keep

    def drop_pending(self) -> None:
        """drop_pending_updates: forget the whole queue."""
        self.stats["dropped"] += len(self.queue)
        self.queue = []

    def hand_out(self, updates: list[Json]) -> None:
        """Count updates given to the bot (by getUpdates or a webhook POST)."""
        for update in updates:
            self.handed_out[update["update_id"]] += 1
            self.stats["handed_out"] += 1

    def new_message(self, chat: Json, sender: Json, content: Json) -> Json:
        """A message in one of the bot's chats; message ids count up per chat."""
        self.last_message_id[chat["id"]] += 1
        message = {"message_id": self.last_message_id[chat["id"]], "from": sender,
                   "chat": chat, "date": int(time.time()), **content}
        self.messages[chat["id"], message["message_id"]] = message
        return message

    def counts(self) -> Json:
        """Counters of the update queue."""
        redelivered = sum(1 for n in self.handed_out.values() if n > 1)
        return {**{k: self.stats[k] for k in ("created", "filtered", "confirmed", "dropped",
                                              "delivered", "given_up", "handed_out",
                                              "webhook_attempts", "webhook_failures")},
                "pending": len(self.queue), "handed_out_again": redelivered}


class World:
    """Everything one peer knows; one per server."""

    def __init__(self, *, first_update_id: int = 1) -> None:
        self.first_update_id = first_update_id
        self.changed = asyncio.Condition()
        self.reset()

    def reset(self) -> None:
        """Forget everything (the limits and webhook options go back to their defaults)."""
        self.limits = Limits()
        self.webhook_options = WebhookOptions()
        self.bots: dict[str, BotState] = {}
        self.users: dict[int, User] = {}
        self.groups: dict[int, Group] = {}
        self.files: dict[str, StoredFile] = {}
        self.calls: list[Json] = []
        self.sends: list[Json] = []
        self.seq = itertools.count(1)
        self.ids = itertools.count(1)

    def add_bot(self, token: str, username: str = "", first_name: str = "") -> BotState:
        """Register a bot (again: keep the one there is)."""
        if token not in self.bots:
            number = token.split(":", 1)[0]
            if not number.isdigit() or ":" not in token:
                raise BadRequest("a bot token looks like 123456:secret")
            self.bots[token] = BotState(token, username or f"bot{number}_bot",
                                        first_name or "邻里测试机器人", FloodControl(self.limits),
                                        next_update_id=self.first_update_id)
        return self.bots[token]

    def chat(self, chat_id: int) -> Json | None:
        """The Chat object of a known private chat or group, or None."""
        if chat_id in self.users:
            return self.users[chat_id].as_chat()
        if chat_id in self.groups:
            return self.groups[chat_id].as_chat()
        return None

    def group_by_username(self, username: str) -> Group | None:
        """A public group by its @username."""
        return next((g for g in self.groups.values() if g.username == username), None)

    def add_file(self, data: bytes, kind: str, extension: str) -> StoredFile:
        """Store bytes under a new file_id."""
        n = next(self.ids)
        stored = StoredFile(f"{kind.upper()}-{n:06d}-peer", f"U{n:06d}",
                            f"{kind}s/file_{n}.{extension}", data)
        self.files[stored.file_id] = stored
        return stored

    def record_call(self, bot: BotState | None, method: str, params: Json, error: Json | None,
                    ) -> None:
        """Log one API call, answered or failed."""
        self.calls.append({"seq": next(self.seq), "time": time.time(), "mono": time.monotonic(),
                           "bot_id": bot.id if bot else None, "method": method,
                           "chat_id": params.get("chat_id"), "text": params.get("text"),
                           "params": params, "ok": error is None,
                           **({"error_code": error["error_code"],
                               "description": error["description"]} if error else {})})

    async def record_send(self, bot: BotState, method: str, message: Json) -> None:
        """Log a message the bot sent or edited, and wake tests waiting for it."""
        self.sends.append({"seq": next(self.seq), "time": time.time(), "mono": time.monotonic(),
                           "bot_id": bot.id, "method": method, "chat_id": message["chat"]["id"],
                           "message_id": message["message_id"],
                           "text": message.get("text", message.get("caption", "")),
                           "reply_markup": message.get("reply_markup"),
                           "message": copy.deepcopy(message)})
        async with self.changed:
            self.changed.notify_all()

    def send_counts(self, bot: BotState) -> Json:
        """Sends per chat and repeated sends (the same text to the same chat again)."""
        sent = [r for r in self.sends if r["bot_id"] == bot.id and r["method"] in SENDS]
        per_chat = Counter(str(r["chat_id"]) for r in sent)
        same = Counter((r["chat_id"], r["text"]) for r in sent)
        return {"sends": len(sent), "sends_per_chat": dict(per_chat),
                "edits": sum(1 for r in self.sends if r["bot_id"] == bot.id) - len(sent),
                "repeated_sends": sum(n - 1 for n in same.values())}
