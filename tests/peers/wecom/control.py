"""The peer's control API for tests: plain JSON over HTTP under /control/.

POST /control/<operation> with a JSON body changes the world or plays a person; GET reads what
the bot sent. client.WeComPeerClient wraps every operation. Operations that make WeCom call the
bot back take "wait" (default true): true answers after the delivery (with its attempts), false
answers at once, the delivery running in the background (for a bot on the test's own loop).
A control error is HTTP 400 with {"error": "..."}.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import secrets
from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import tornado.web

from tests.peers.wecom.api import new_order
from tests.peers.wecom.callbacks import kf_event, member_event, member_message
from tests.peers.wecom.crypto import CryptoError
from tests.peers.wecom.world import ApiError, Customer, Json, World

if TYPE_CHECKING:
    from tests.peers.wecom.peer import WeComPeer

# A 1x1 PNG and a few bytes with the AMR magic, for media a test does not supply.
TINY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5E"
    "rkJggg==")
TINY_AMR = b"#!AMR\n" + bytes(26)

Operation = Callable[["WeComPeer", Json], Awaitable[Json]]


class ControlError(Exception):
    """A test asked for something impossible."""


def need(body: Json, key: str) -> Any:
    """A required field of a control request."""
    if body.get(key) in (None, ""):
        raise ControlError(f"missing {key!r}")
    return body[key]


def data_of(body: Json, default: bytes) -> bytes:
    """The bytes a test sent as data_b64, or a stand-in."""
    return base64.b64decode(body["data_b64"]) if body.get("data_b64") else default


# the world ------------------------------------------------------------------------------


async def reset(peer: WeComPeer, body: Json) -> Json:
    """Forget people, messages, tokens and the clock; with "config": true, config changes too."""
    if body.get("config"):
        peer.config = peer.initial_config
    peer.world = World(peer.config)
    return {}


async def clock(peer: WeComPeer, body: Json) -> Json:
    """Advance the peer's clock by "advance" seconds."""
    peer.world.clock.offset += float(body.get("advance", 0))
    return {"now": peer.world.now()}


async def expire_tokens(peer: WeComPeer, body: Json) -> Json:
    """Make every access token issued so far expired."""
    peer.world.expire_tokens()
    return {}


async def add_member(peer: WeComPeer, body: Json) -> Json:
    """A member of the corp (staff) who can use the app."""
    peer.world.members[need(body, "userid")] = body.get("name", "")
    return {}


async def add_customer(peer: WeComPeer, body: Json) -> Json:
    """An external WeChat user (a resident) who can write to 微信客服."""
    external = body.get("external_userid") or "wm" + secrets.token_hex(12)
    peer.world.customers[external] = Customer(external, body.get("name", ""))
    return {"external_userid": external}


async def add_kf_account(peer: WeComPeer, body: Json) -> Json:
    """Another 微信客服 account."""
    peer.world.kf_accounts[need(body, "open_kfid")] = body.get("name", "")
    return {}


async def add_robot(peer: WeComPeer, body: Json) -> Json:
    """Another group robot webhook key."""
    peer.world.robots.setdefault(need(body, "key"), deque())
    return {}


async def set_app(peer: WeComPeer, body: Json) -> Json:
    """Change config fields: callback_url, callback_timeout, callback_retries, ..."""
    names = {f.name for f in dataclasses.fields(peer.config)}
    unknown = set(body) - names
    if unknown:
        raise ControlError(f"unknown config fields {sorted(unknown)}")
    peer.config = dataclasses.replace(peer.config, **body)
    peer.world.config = peer.config
    return {}


async def set_limits(peer: WeComPeer, body: Json) -> Json:
    """The corp-wide per-API frequency limit (calls a minute)."""
    peer.world.api_per_minute = int(need(body, "api_per_minute"))
    return {}


async def add_order(peer: WeComPeer, body: Json) -> Json:
    """A 居民上报 order; photos_b64 become image_urls served by the peer."""
    photos = [base64.b64decode(p) for p in body.get("photos_b64", [])]
    return {"order": new_order(peer.world, peer.base_url, body, photos)}


# people who write ------------------------------------------------------------------------


async def verify_url(peer: WeComPeer, body: Json) -> Json:
    """WeCom's check when the callback URL is saved."""
    return await peer.caller().verify_url(int(peer.world.now()))


async def send_member_message(peer: WeComPeer, body: Json) -> Json:
    """A member writes to the app (text, image or voice); the bot is called back."""
    world, userid = peer.world, need(body, "userid")
    if userid not in world.members:
        raise ControlError(f"no member {userid!r}")
    msgtype = body.get("msgtype", "text")
    plain = member_message(world.config.corp_id, userid, int(world.now()), msgtype,
                           message_fields(peer, msgtype, body), secrets.randbits(63),
                           world.config.agent_id)
    return await peer.deliver(plain, wait=body.get("wait", True))


def message_fields(peer: WeComPeer, msgtype: str, body: Json) -> Json:
    """The type-specific fields of an app message."""
    if msgtype == "text":
        return {"Content": need(body, "content")}
    if msgtype == "image":
        item = peer.world.add_media("image", data_of(body, TINY_PNG), "image.png", "image/png")
        return {"PicUrl": f"{peer.base_url}/media/pic/{item.media_id}", "MediaId": item.media_id}
    if msgtype == "voice":
        item = peer.world.add_media("voice", data_of(body, TINY_AMR), "voice.amr", "audio/amr")
        return {"MediaId": item.media_id, "Format": "amr"}
    raise ControlError(f"unsupported member msgtype {msgtype!r}")


async def send_member_event(peer: WeComPeer, body: Json) -> Json:
    """A member clicks a menu item (click + event_key) or opens the app (enter_agent)."""
    world, userid = peer.world, need(body, "userid")
    event = body.get("event", "enter_agent")
    if event not in ("click", "enter_agent"):
        raise ControlError(f"unsupported event {event!r}")
    plain = member_event(world.config.corp_id, userid, int(world.now()), event,
                         body.get("event_key", ""), world.config.agent_id)
    return await peer.deliver(plain, wait=body.get("wait", True))


async def send_customer_message(peer: WeComPeer, body: Json) -> Json:
    """A customer writes to 微信客服: queued for sync_msg, then the kf callback fires."""
    world = peer.world
    customer = world.customers.get(need(body, "external_userid"))
    if customer is None:
        raise ControlError(f"no customer {body['external_userid']!r}")
    msgtype = body.get("msgtype", "text")
    item = kf_item(peer, customer.external_userid, body, msgtype)
    customer.last_message_at, customer.replies_since = world.now(), 0
    world.add_kf_item(item)
    delivery = await kf_notice(peer, item["open_kfid"], body)
    return {"msgid": item["msgid"], "delivery": delivery}


def kf_item(peer: WeComPeer, external: str, body: Json, msgtype: str) -> Json:
    """One sync_msg entry from a customer (origin 3)."""
    world = peer.world
    item: Json = {"msgid": world.next_id("kf"), "open_kfid": body.get("open_kfid",
                                                                      world.config.open_kfid),
                  "external_userid": external, "send_time": int(world.now()), "origin": 3,
                  "msgtype": msgtype}
    if msgtype == "text":
        item["text"] = {"content": need(body, "content")}
    elif msgtype in ("image", "voice"):
        default, ctype = (TINY_PNG, "image/png") if msgtype == "image" else (TINY_AMR,
                                                                              "audio/amr")
        media = world.add_media(msgtype, data_of(body, default), msgtype, ctype)
        item[msgtype] = {"media_id": media.media_id}
    else:
        raise ControlError(f"unsupported customer msgtype {msgtype!r}")
    return item


async def customer_enters(peer: WeComPeer, body: Json) -> Json:
    """A customer opens the 微信客服 chat: an enter_session event (origin 4)."""
    world = peer.world
    external, kfid = need(body, "external_userid"), body.get("open_kfid", world.config.open_kfid)
    event = {"event_type": "enter_session", "open_kfid": kfid, "external_userid": external,
             "scene": body.get("scene", ""), "welcome_code": secrets.token_hex(8)}
    world.add_kf_item({"msgid": world.next_id("kf"), "open_kfid": kfid,
                       "external_userid": external, "send_time": int(world.now()),
                       "origin": 4, "msgtype": "event", "event": event})
    return {"delivery": await kf_notice(peer, kfid, body)}


async def kf_notice(peer: WeComPeer, open_kfid: str, body: Json) -> Json:
    """The kf_msg_or_event callback with a fresh Token."""
    world = peer.world
    plain = kf_event(world.config.corp_id, int(world.now()), world.new_kf_token(), open_kfid)
    return await peer.deliver(plain, wait=body.get("wait", True))


OPERATIONS: dict[str, Operation] = {
    "reset": reset, "clock": clock, "expire_tokens": expire_tokens, "members": add_member,
    "customers": add_customer, "kf_accounts": add_kf_account, "robots": add_robot,
    "app": set_app, "limits": set_limits, "orders": add_order, "verify_url": verify_url,
    "member_message": send_member_message, "member_event": send_member_event,
    "customer_message": send_customer_message, "customer_enter": customer_enters,
}


# reading ---------------------------------------------------------------------------------


def read(peer: WeComPeer, what: str, who: str) -> Json:
    """What the bot sent to a member, a customer or a robot; the deliveries; the config."""
    world = peer.world
    if what == "member":
        sent = [s.as_json() for s in world.sent_members if s.to == who]
        return {"delivered": [s for s in sent if not s["dropped"]],
                "dropped": [s for s in sent if s["dropped"]]}
    if what == "customer":
        return {"messages": [s.as_json() for s in world.sent_customers if s.to == who]}
    if what == "robot":
        return {"messages": [s.as_json() for s in world.sent_robots if s.to == who]}
    if what == "deliveries":
        return {"deliveries": list(world.deliveries)}
    if what == "config":
        return {**dataclasses.asdict(peer.config), "base_url": peer.base_url,
                "now": world.now()}
    raise ControlError(f"nothing to read at {what!r}")


class Control(tornado.web.RequestHandler):
    """/control/<operation> (POST) and /control/<what>[/<who>] (GET)."""

    peer: WeComPeer

    def initialize(self, peer: WeComPeer) -> None:
        self.peer = peer

    async def post(self, name: str) -> None:
        operation = OPERATIONS.get(name)
        try:
            if operation is None:
                raise ControlError(f"no operation {name!r}")
            self.reply(await operation(self.peer, json.loads(self.request.body or b"{}")))
        except (ControlError, ApiError, CryptoError, ValueError, KeyError) as exc:
            self.set_status(400)
            self.reply({"error": str(exc)})

    def get(self, what: str, who: str | None = None) -> None:
        try:
            self.reply(read(self.peer, what, who or ""))
        except ControlError as exc:
            self.set_status(400)
            self.reply({"error": str(exc)})

    def reply(self, payload: Json) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(payload, ensure_ascii=False))


def control_routes(peer: WeComPeer) -> list[Any]:
    """The control side of the server."""
    args = {"peer": peer}
    return [(r"/control/(sent)/(member|customer|robot)/(.+)", SentReader, args),
            (r"/control/([a-z_]+)", Control, args)]


class SentReader(Control):
    """GET /control/sent/<member|customer|robot>/<id>."""

    def get(self, _sent: str, what: str, who: str | None = None) -> None:  # type: ignore[override]
        super().get(what, who)
