"""The WeCom peer itself: tokens, limits, 微信客服, robots, 居民上报, media and callbacks."""

from __future__ import annotations

import base64
import hashlib
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.peers.wecom.client import WeComPeerClient
from tests.peers.wecom.peer import WeComPeer
from tests.peers.wecom.receiver import Receiver, running_receiver
from tests.peers.wecom.world import PeerConfig, Sent, World

Json = dict[str, Any]


class Bot:
    """What a bot does over HTTP: get a token, call the API (no wechatpy here)."""

    def __init__(self, base_url: str, config: Json) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=10)
        self.config = config
        self.token = ""

    def get_token(self, corpid: str | None = None, secret: str | None = None) -> Json:
        params = {"corpid": corpid or self.config["corp_id"],
                  "corpsecret": secret or self.config["secret"]}
        answer: Json = self.http.get("/cgi-bin/gettoken", params=params).json()
        self.token = answer.get("access_token", self.token)
        return answer

    def call(self, api: str, body: Json, **params: str) -> Json:
        if not self.token:
            self.get_token()
        answer = self.http.post(f"/cgi-bin/{api}", json=body,
                                params={"access_token": self.token, **params})
        result: Json = answer.json()
        return result

    def text_to(self, touser: str, content: str) -> Json:
        return self.call("message/send", {"touser": touser, "msgtype": "text",
                                          "agentid": self.config["agent_id"],
                                          "text": {"content": content}})


@pytest.fixture
def bot(wecom_peer: WeComPeer, wecom: WeComPeerClient) -> Iterator[Bot]:
    """A bare HTTP bot for the peer (after the peer is reset)."""
    client = Bot(wecom_peer.base_url, wecom.config())
    yield client
    client.http.close()


@pytest.fixture
def receiver(wecom_peer: WeComPeer, wecom: WeComPeerClient) -> Iterator[Receiver]:
    """A callback receiver the peer calls, with a shorter timeout than WeCom's 5 s."""
    with running_receiver(wecom_peer.crypto()) as server:
        wecom.set_app(callback_url=server.url, callback_timeout=2.0)
        yield server


# access tokens ---------------------------------------------------------------------------


def test_gettoken_answers_and_refuses(bot: Bot) -> None:
    first = bot.get_token()
    assert first["errcode"] == 0 and first["expires_in"] == 7200
    assert bot.get_token()["access_token"] == first["access_token"]  # same while valid
    assert bot.get_token(corpid="ww-not-ours")["errcode"] == 40013
    assert bot.get_token(secret="wrong")["errcode"] == 40001


def test_every_call_checks_the_token(bot: Bot, wecom: WeComPeerClient) -> None:
    wecom.add_member("zhangsan")
    bot.token = "made-up"
    assert bot.text_to("zhangsan", "你好")["errcode"] == 40014
    bot.get_token()
    wecom.expire_tokens()
    assert bot.text_to("zhangsan", "你好")["errcode"] == 42001
    old = bot.token
    assert bot.get_token()["access_token"] != old
    wecom.advance(7201)
    assert bot.text_to("zhangsan", "你好")["errcode"] == 42001


def test_api_frequency_limit(bot: Bot, wecom: WeComPeerClient) -> None:
    wecom.add_member("zhangsan")
    wecom.set_api_limit(2)
    codes = [bot.text_to("zhangsan", f"第{i}条")["errcode"] for i in range(3)]
    assert codes == [0, 0, 45009]


# app messages ----------------------------------------------------------------------------


def test_message_send_is_recorded(bot: Bot, wecom: WeComPeerClient) -> None:
    wecom.add_member("zhangsan", "张三")
    answer = bot.text_to("zhangsan|ghost", "三号楼明天停水")
    assert answer["errcode"] == 0 and answer["invaliduser"] == "ghost"
    card = bot.call("message/send", {"touser": "zhangsan", "msgtype": "textcard",
                                     "agentid": bot.config["agent_id"],
                                     "textcard": {"title": "报修", "description": "已派单",
                                                  "url": "https://example.org/r/1"}})
    assert card["errcode"] == 0
    sent = wecom.sent_to_member("zhangsan")
    assert [s["msgtype"] for s in sent] == ["text", "textcard"]
    assert sent[0]["body"] == {"content": "三号楼明天停水"}
    assert bot.text_to("ghost", "x")["errcode"] == 81013


def test_31st_message_in_a_minute_is_silently_dropped(bot: Bot, wecom: WeComPeerClient) -> None:
    wecom.add_member("zhangsan")
    codes = {bot.text_to("zhangsan", f"提醒{i}")["errcode"] for i in range(31)}
    assert codes == {0}
    assert len(wecom.sent_to_member("zhangsan")) == 30
    assert [d["body"]["content"] for d in wecom.dropped_for_member("zhangsan")] == ["提醒30"]
    wecom.advance(61)
    assert bot.text_to("zhangsan", "一分钟后")["errcode"] == 0
    assert len(wecom.sent_to_member("zhangsan")) == 31


# media -----------------------------------------------------------------------------------


def test_media_upload_and_get(bot: Bot) -> None:
    bot.get_token()
    up = bot.http.post("/cgi-bin/media/upload", params={"access_token": bot.token,
                                                        "type": "image"},
                       files={"media": ("a.jpg", b"\xff\xd8jpeg", "image/jpeg")}).json()
    assert up["errcode"] == 0 and up["type"] == "image"
    got = bot.http.get("/cgi-bin/media/get", params={"access_token": bot.token,
                                                     "media_id": up["media_id"]})
    assert got.content == b"\xff\xd8jpeg"
    missing = bot.http.get("/cgi-bin/media/get", params={"access_token": bot.token,
                                                         "media_id": "nope"}).json()
    assert missing["errcode"] == 40007


# group robots ----------------------------------------------------------------------------


def test_robot_45009_on_the_21st_in_a_minute(bot: Bot, wecom: WeComPeerClient) -> None:
    key = bot.config["robot_key"]

    def say(text: str) -> int:
        body = {"msgtype": "markdown", "markdown": {"content": text}}
        code: int = bot.http.post("/cgi-bin/webhook/send", params={"key": key},
                                  json=body).json()["errcode"]
        return code

    assert [say(f"**{i}**") for i in range(21)] == [0] * 20 + [45009]
    assert len(wecom.sent_by_robot(key)) == 20
    wecom.advance(60)
    assert say("again") == 0
    png = base64.b64decode("iVBORw0KGgo=")
    image = {"msgtype": "image", "image": {"base64": base64.b64encode(png).decode(),
                                           "md5": hashlib.md5(png).hexdigest()}}
    assert bot.http.post("/cgi-bin/webhook/send", params={"key": key},
                         json=image).json()["errcode"] == 0
    assert wecom.sent_by_robot(key)[-1]["body"]["md5_matches"] is True
    assert bot.http.post("/cgi-bin/webhook/send", params={"key": "unknown"},
                         json=image).json()["errcode"] == 93000


# 微信客服 ---------------------------------------------------------------------------------


def test_kf_sync_msg_pages_with_the_cursor(bot: Bot, wecom: WeComPeerClient) -> None:
    resident = wecom.add_customer(name="李阿姨")
    for text in ["你好", "电梯坏了", "在3号楼", "谢谢", "再见"]:
        wecom.customer_says(resident, text)
    pages, cursor = [], ""
    while True:
        page = bot.call("kf/sync_msg", {"cursor": cursor, "limit": 2})
        assert page["errcode"] == 0
        pages.append([m["text"]["content"] for m in page["msg_list"]])
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    assert pages == [["你好", "电梯坏了"], ["在3号楼", "谢谢"], ["再见"]]
    assert bot.call("kf/sync_msg", {"cursor": cursor})["msg_list"] == []
    first = bot.call("kf/sync_msg", {"cursor": "", "limit": 1})["msg_list"][0]
    assert first["origin"] == 3 and first["external_userid"] == resident
    assert bot.call("kf/sync_msg", {"cursor": "bogus"})["errcode"] != 0
    assert bot.call("kf/sync_msg", {"token": "ENCmadeup"})["errcode"] == 95007


def test_kf_send_msg_window_and_count(bot: Bot, wecom: WeComPeerClient) -> None:
    resident = wecom.add_customer(name="李阿姨")
    kfid = bot.config["open_kfid"]

    def reply(text: str, to: str = resident) -> int:
        body = {"touser": to, "open_kfid": kfid, "msgtype": "text", "text": {"content": text}}
        code: int = bot.call("kf/send_msg", body)["errcode"]
        return code

    assert reply("您好") == 95002  # the customer never wrote
    wecom.customer_says(resident, "物业电话多少？")
    assert [reply(f"回复{i}") for i in range(6)] == [0] * 5 + [95001]
    wecom.customer_says(resident, "还有吗？")
    assert reply("有的") == 0
    wecom.advance(48 * 3600 + 1)
    bot.get_token()  # the old one expired meanwhile
    assert reply("迟到的回复") == 95002
    assert len(wecom.sent_to_customer(resident)) == 6
    assert reply("x", to="wm-unknown") == 40096


# 居民上报 ---------------------------------------------------------------------------------


def test_report_order_list_and_info(bot: Bot, wecom: WeComPeerClient) -> None:
    ids = [wecom.add_order(desc=f"第{i}件", case_name="环境卫生", grid_name="一网格",
                           photos=[b"photo-%d" % i])["order_id"] for i in range(3)]
    first = bot.call("report/resident/get_order_list", {"limit": 2})
    assert [o["order_id"] for o in first["order_list"]] == ids[:2]
    rest = bot.call("report/resident/get_order_list",
                    {"limit": 2, "cursor": first["next_cursor"]})
    assert [o["order_id"] for o in rest["order_list"]] == ids[2:]
    assert rest["next_cursor"] == ""
    info = bot.call("report/resident/get_order_info", {"order_id": ids[1]})["order_info"]
    assert info["desc"] == "第1件" and info["case_name"] == "环境卫生"
    assert httpx.get(info["image_urls"][0]).content == b"photo-1"
    assert bot.call("report/resident/get_order_info", {"order_id": "x"})["errcode"] != 0


# callbacks -------------------------------------------------------------------------------


def test_url_verification(wecom: WeComPeerClient, receiver: Receiver) -> None:
    assert wecom.verify_url()["verified"] is True


def test_member_text_reaches_the_receiver(wecom: WeComPeerClient, receiver: Receiver) -> None:
    wecom.add_member("zhangsan")
    delivery = wecom.member_says("zhangsan", "明天有什么活动？")
    assert delivery["delivered"] and len(delivery["attempts"]) == 1
    root = ET.fromstring(receiver.behaviour.received[0])
    assert root.findtext("MsgType") == "text" and root.findtext("FromUserName") == "zhangsan"
    assert root.findtext("Content") == "明天有什么活动？"


def test_member_voice_can_be_downloaded(bot: Bot, wecom: WeComPeerClient,
                                        receiver: Receiver) -> None:
    wecom.add_member("zhangsan")
    wecom.member_sends("zhangsan", "voice", b"#!AMR\nvoice-bytes")
    root = ET.fromstring(receiver.behaviour.received[0])
    assert root.findtext("Format") == "amr"
    bot.get_token()
    voice = bot.http.get("/cgi-bin/media/get", params={"access_token": bot.token,
                                                       "media_id": root.findtext("MediaId")})
    assert voice.content == b"#!AMR\nvoice-bytes"


def test_events_and_kf_notice(wecom: WeComPeerClient, receiver: Receiver) -> None:
    wecom.add_member("zhangsan")
    wecom.member_event("zhangsan", "click", "MENU_REPAIR")
    wecom.member_event("zhangsan", "enter_agent")
    resident = wecom.add_customer()
    wecom.customer_says(resident, "在吗")
    click, enter, kf = (ET.fromstring(m) for m in receiver.behaviour.received)
    assert (click.findtext("Event"), click.findtext("EventKey")) == ("click", "MENU_REPAIR")
    assert enter.findtext("Event") == "enter_agent"
    assert kf.findtext("Event") == "kf_msg_or_event"
    assert kf.findtext("OpenKfId") == wecom.config()["open_kfid"]
    assert kf.findtext("Token", "").startswith("ENC")


def test_kf_token_from_the_callback_is_accepted(bot: Bot, wecom: WeComPeerClient,
                                                receiver: Receiver) -> None:
    resident = wecom.add_customer()
    wecom.customer_sends(resident, "image", b"\x89PNGphoto")
    token = ET.fromstring(receiver.behaviour.received[0]).findtext("Token")
    page = bot.call("kf/sync_msg", {"cursor": "", "token": token})
    assert page["errcode"] == 0 and page["msg_list"][0]["msgtype"] == "image"
    wecom.advance(601)
    assert bot.call("kf/sync_msg", {"cursor": "", "token": token})["errcode"] == 95007


def test_failed_callbacks_are_retried(wecom: WeComPeerClient, receiver: Receiver) -> None:
    wecom.add_member("zhangsan")
    receiver.behaviour.fail_first = 2
    delivery = wecom.member_says("zhangsan", "重试")
    assert [a["status"] for a in delivery["attempts"]] == [500, 500, 200]
    assert delivery["delivered"] and len(receiver.behaviour.received) == 1
    receiver.behaviour.fail_first = 10
    gave_up = wecom.member_says("zhangsan", "放弃")
    assert len(gave_up["attempts"]) == 4 and not gave_up["delivered"]


def test_a_stalled_callback_times_out_and_is_retried(wecom: WeComPeerClient,
                                                     receiver: Receiver) -> None:
    wecom.add_member("zhangsan")
    wecom.set_app(callback_timeout=0.3)
    receiver.behaviour.stall_first, receiver.behaviour.stall_seconds = 1, 0.8
    delivery = wecom.member_says("zhangsan", "慢")
    assert delivery["attempts"][0]["error"] == "ReadTimeout"
    assert delivery["attempts"][-1]["status"] == 200


def test_passive_reply_is_decrypted(wecom: WeComPeerClient, receiver: Receiver) -> None:
    wecom.add_member("zhangsan")
    receiver.behaviour.reply = "<xml><MsgType><![CDATA[text]]></MsgType></xml>"
    delivery = wecom.member_says("zhangsan", "你好")
    assert delivery["reply"] == receiver.behaviour.reply


def test_background_delivery(wecom: WeComPeerClient, receiver: Receiver) -> None:
    wecom.add_member("zhangsan")
    pending = wecom.member_says("zhangsan", "稍后", wait=False)
    assert pending["attempts"] == []
    for _ in range(100):
        if wecom.deliveries()[-1]["delivered"]:
            break
        time.sleep(0.02)
    assert wecom.deliveries()[-1]["delivered"]


def test_an_unanswered_url_verification_fails(wecom: WeComPeerClient) -> None:
    wecom.set_app(callback_url="http://127.0.0.1:9/nobody-listens")
    answer = wecom.verify_url()
    assert answer["verified"] is False and answer["status"] is None


def test_customer_entering_is_an_event(bot: Bot, wecom: WeComPeerClient,
                                       receiver: Receiver) -> None:
    resident = wecom.add_customer()
    wecom.customer_enters(resident)
    item = bot.call("kf/sync_msg", {"cursor": ""})["msg_list"][0]
    assert item["origin"] == 4 and item["msgtype"] == "event"
    assert item["event"]["event_type"] == "enter_session"
    assert bot.call("kf/send_msg", {"touser": resident, "open_kfid": bot.config["open_kfid"],
                                    "msgtype": "text", "text": {"content": "欢迎"}}
                    )["errcode"] == 95002  # entering opens no 48-hour window


def test_app_image_needs_a_live_media_id(bot: Bot, wecom: WeComPeerClient) -> None:
    wecom.add_member("zhangsan")
    body = {"touser": "zhangsan", "msgtype": "image", "agentid": bot.config["agent_id"],
            "image": {"media_id": "never-uploaded"}}
    assert bot.call("message/send", body)["errcode"] == 40007
    assert bot.call("message/send", {**body, "agentid": 1})["errcode"] == 40056
    assert bot.call("message/send", {**body, "msgtype": "miniprogram"})["errcode"] == 40008


def test_hourly_member_limit() -> None:
    """1000 an hour per member: checked on the World directly (1000 HTTP calls are slow)."""
    world = World(PeerConfig())
    world.members["zhangsan"] = "张三"
    now = world.now()
    world.sent_members += [Sent(f"m{i}", "zhangsan", "text", {}, now - 3000 + i * 2.9)
                           for i in range(1000)]
    assert world.member_may_receive("zhangsan") is False
    world.clock.offset += 610  # the oldest few fall out of the hour
    assert world.member_may_receive("zhangsan") is True
