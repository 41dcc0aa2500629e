"""The WeCom server API the peer answers: app messages, 微信客服, group robots, 居民上报.

Each function takes the World and the decoded request and returns the success payload (the
HTTP layer adds errcode 0 / errmsg "ok"); a WeCom error is raised as ApiError. Shapes follow
developer.work.weixin.qq.com: message/send (90236), kf/sync_msg (94670), kf/send_msg (94677),
webhook/send (91770), media/upload and media/get (90253, 90254), report/resident/get_order_list
(97157) and get_order_info (97158).
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from tests.peers.wecom.world import KF_REPLIES, KF_WINDOW, ApiError, Json, Sent, World

APP_TYPES = {"text": "content", "markdown": "content", "image": "media_id",
             "voice": "media_id", "file": "media_id", "textcard": "title", "news": "articles"}
KF_TYPES = {"text": "content", "image": "media_id", "voice": "media_id", "file": "media_id",
            "link": "url", "msgmenu": "list"}
ROBOT_TYPES = {"text": "content", "markdown": "content", "image": "base64", "news": "articles"}
MEDIA_TYPES = {"image": "image/jpeg", "voice": "audio/amr", "video": "video/mp4",
               "file": "application/octet-stream"}


def content_of(body: Json, msgtype: str, required: dict[str, str]) -> Json:
    """The msgtype's object, checked for its one required field (40008 / 41xxx otherwise)."""
    if msgtype not in required:
        raise ApiError(40008, "invalid message type")
    part = body.get(msgtype)
    if not isinstance(part, dict) or not part.get(required[msgtype]):
        raise ApiError(44004 if msgtype == "text" else 40063, f"{msgtype} is empty")
    return part


def check_media(world: World, msgtype: str, part: Json) -> None:
    """Media messages must name a live media_id."""
    if "media_id" in part:
        world.get_media(str(part["media_id"]))


# app messages ------------------------------------------------------------------------------


def message_send(world: World, body: Json) -> Json:
    """message/send: record per member; over the member limits it is dropped, silently."""
    if str(body.get("agentid", "")) != str(world.config.agent_id):
        raise ApiError(40056, "invalid agentid")
    msgtype = str(body.get("msgtype", ""))
    part = content_of(body, msgtype, APP_TYPES)
    check_media(world, msgtype, part)
    wanted = [u for u in str(body.get("touser", "")).split("|") if u]
    users = list(world.members) if wanted == ["@all"] else wanted
    valid = [u for u in users if u in world.members]
    invalid = [u for u in users if u not in world.members]
    if not valid:
        raise ApiError(81013, "user & party & tag all invalid")
    msgid = world.next_id("msg")
    for userid in valid:
        dropped = not world.member_may_receive(userid)
        world.sent_members.append(Sent(msgid, userid, msgtype, part, world.now(), dropped))
    return {"invaliduser": "|".join(invalid), "invalidparty": "", "invalidtag": "",
            "unlicenseduser": "", "msgid": msgid}


# media -------------------------------------------------------------------------------------


def media_upload(world: World, kind: str | None, filename: str, data: bytes) -> Json:
    """media/upload: a multipart "media" file of type image, voice, video or file."""
    if kind not in MEDIA_TYPES:
        raise ApiError(40005, "invalid file type")
    if not data:
        raise ApiError(41005, "media data missing")
    item = world.add_media(kind, data, filename, MEDIA_TYPES[kind])
    return {"type": kind, "media_id": item.media_id, "created_at": str(int(item.created_at))}


# 微信客服 ----------------------------------------------------------------------------------


def kf_sync_msg(world: World, body: Json) -> Json:
    """kf/sync_msg: page the message log from the cursor; limit 1..1000 (default 1000)."""
    token = body.get("token")
    if token and world.kf_tokens.get(str(token), 0) <= world.now():
        raise ApiError(95007, "invalid msg token")
    start = parse_cursor(str(body.get("cursor") or ""), len(world.kf_log))
    limit = min(max(int(body.get("limit") or 1000), 1), 1000)
    kfid = body.get("open_kfid")
    if kfid and kfid not in world.kf_accounts:
        raise ApiError(95000, "invalid open_kfid")
    page = world.kf_log[start : start + limit]
    items = [i for i in page if not kfid or i["open_kfid"] == kfid]
    end = start + len(page)
    return {"next_cursor": make_cursor(end), "has_more": int(end < len(world.kf_log)),
            "msg_list": items}


def make_cursor(position: int) -> str:
    """An opaque-looking cursor for a position in the log."""
    return base64.urlsafe_b64encode(f"linli:{position}".encode()).decode().rstrip("=")


def parse_cursor(cursor: str, size: int) -> int:
    """The log position of a cursor we issued ("" is the start)."""
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        position = int(text.removeprefix("linli:")) if text.startswith("linli:") else -1
    except ValueError:
        position = -1
    if not 0 <= position <= size:
        raise ApiError(40058, "invalid cursor")
    return position


def kf_send_msg(world: World, body: Json) -> Json:
    """kf/send_msg: only within 48 h of the customer's last message, at most 5 replies."""
    if body.get("open_kfid") not in world.kf_accounts:
        raise ApiError(95000, "invalid open_kfid")
    customer = world.customers.get(str(body.get("touser", "")))
    if customer is None:
        raise ApiError(40096, "invalid external userid")
    msgtype = str(body.get("msgtype", ""))
    part = content_of(body, msgtype, KF_TYPES)
    check_media(world, msgtype, part)
    last = customer.last_message_at
    if last is None or world.now() - last > KF_WINDOW:
        raise ApiError(95002, "send msg time limit")
    if customer.replies_since >= KF_REPLIES:
        raise ApiError(95001, "send msg count limit")
    customer.replies_since += 1
    msgid = str(body.get("msgid") or world.next_id("kfmsg"))
    world.sent_customers.append(Sent(msgid, customer.external_userid, msgtype, part,
                                     world.now()))
    return {"msgid": msgid}


# group robots ------------------------------------------------------------------------------


def webhook_send(world: World, key: str | None, body: Json) -> Json:
    """webhook/send: a group robot's message; 20 a minute per robot."""
    world.robot_call(key)
    msgtype = str(body.get("msgtype", ""))
    part = dict(content_of(body, msgtype, ROBOT_TYPES))
    if msgtype == "image":
        data = base64.b64decode(str(part["base64"]))
        part["md5_matches"] = hashlib.md5(data).hexdigest() == part.get("md5")
    world.sent_robots.append(Sent(world.next_id("robot"), str(key), msgtype, part,
                                  world.now()))
    return {}


# 居民上报 ----------------------------------------------------------------------------------


def order_list(world: World, body: Json) -> Json:
    """report/resident/get_order_list: filter by creation/modification time, page by cursor."""
    created = int(body.get("begin_create_time") or 0)
    modified = int(body.get("begin_modify_time") or 0)
    chosen = [o for o in world.orders
              if o["create_time"] >= created and o["modify_time"] >= modified]
    start = parse_cursor(str(body.get("cursor") or ""), len(chosen))
    limit = min(max(int(body.get("limit") or 20), 1), 50)
    page = chosen[start : start + limit]
    end = start + len(page)
    return {"next_cursor": make_cursor(end) if end < len(chosen) else "",
            "order_list": [public_order(o) for o in page]}


def order_info(world: World, body: Json) -> Json:
    """report/resident/get_order_info: one order by id."""
    for order in world.orders:
        if order["order_id"] == body.get("order_id"):
            return {"order_info": public_order(order)}
    raise ApiError(40058, "invalid order_id")


def public_order(order: Json) -> Json:
    """An order without the peer's bookkeeping fields."""
    return {k: v for k, v in order.items() if k != "modify_time"}


def new_order(world: World, base_url: str, spec: Json, photos: list[bytes]) -> Json:
    """Build a 居民上报 order with its photos served by the peer."""
    ids = [world.add_media("image", p, "photo.jpg", "image/jpeg").media_id for p in photos]
    urls = [f"{base_url}/report/images/{media_id}" for media_id in ids]
    now = int(world.now())
    order: dict[str, Any] = {
        "order_id": world.next_id("order"), "desc": spec.get("desc", ""),
        "urge_type": spec.get("urge_type", 0), "case_name": spec.get("case_name", ""),
        "grid_name": spec.get("grid_name", ""), "grid_id": spec.get("grid_id", ""),
        "create_time": now, "reporter_name": spec.get("reporter_name", ""),
        "reporter_mobile": spec.get("reporter_mobile", ""), "unionid": spec.get("unionid", ""),
        "image_urls": urls, "video_media_ids": [],
        "location": spec.get("location", {"name": "", "address": "", "latitude": 0,
                                          "longitude": 0}),
        "processor_userids": spec.get("processor_userids", []),
        "process_list": spec.get("process_list", []), "modify_time": now,
    }
    world.orders.append(order)
    return order
