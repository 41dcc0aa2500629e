"""Does wechatpy agree with the WeCom peer? Run with a venv that has wechatpy (not Linli's):

    python3.11 -m venv /tmp/wechatpy-venv && /tmp/wechatpy-venv/bin/pip install wechatpy==2.0.0a26
    /tmp/wechatpy-venv/bin/python tests/peers/wecom/wechatpy_check.py

It starts the peer with Linli's .venv (`python -m tests.peers.wecom.peer`), points a wechatpy
WeChatClient at it, runs a callback receiver built on wechatpy's WeChatCrypto and
parse_message, and prints one line per check; the exit status is the number of failures.
Only the standard library, requests (a wechatpy dependency) and wechatpy are imported here.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from wechatpy.exceptions import APILimitedException, WeChatClientException
from wechatpy.work import WeChatClient, WeChatCrypto, create_reply, parse_message

ROOT = Path(__file__).resolve().parents[3]
received: list[Any] = []  # wechatpy message objects, in arrival order


def peer_client(base_url: str, corp_id: str, secret: str) -> WeChatClient:
    """A WeChatClient whose API calls and token fetches go to the peer."""

    class PeerClient(WeChatClient):  # type: ignore[misc]
        API_BASE_URL = base_url + "/cgi-bin/"

        def fetch_access_token(self) -> Any:
            # wechatpy hard-codes https://qyapi.weixin.qq.com/cgi-bin/gettoken here
            return self._fetch_access_token(url=base_url + "/cgi-bin/gettoken",
                                            params={"corpid": self.corp_id,
                                                    "corpsecret": self.secret})

    return PeerClient(corp_id, secret, timeout=10)


def receiver(crypto: WeChatCrypto, reply_to: dict[str, str]) -> ThreadingHTTPServer:
    """A callback endpoint built on wechatpy alone."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            q = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
            echo = crypto.check_signature(q["msg_signature"], q["timestamp"], q["nonce"],
                                          q["echostr"])
            self.answer(echo.encode() if isinstance(echo, str) else echo)

        def do_POST(self) -> None:
            q = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
            body = self.rfile.read(int(self.headers["Content-Length"]))
            xml = crypto.decrypt_message(body, q["msg_signature"], q["timestamp"], q["nonce"])
            message = parse_message(xml)
            received.append(message)
            text = reply_to.get(getattr(message, "content", "") or "")
            if text is None:
                self.answer(b"")
                return
            reply = create_reply(text, message).render()
            self.answer(crypto.encrypt_message(reply, q["nonce"], q["timestamp"]).encode())

        def answer(self, body: bytes) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return server


class Checks:
    """Runs named checks, prints PASS/FAIL, counts failures."""

    def __init__(self) -> None:
        self.failures = 0

    def run(self, name: str, check: Callable[[], object]) -> None:
        try:
            result = check()
        except Exception:  # a failed check is reported, and the next one runs
            self.failures += 1
            print(f"FAIL {name}\n{traceback.format_exc()}")
            return
        print(f"PASS {name}" + (f": {result}" if result not in (None, True) else ""))


def expect(condition: bool, detail: object = "") -> None:
    """assert that survives python -O."""
    if not condition:
        raise AssertionError(detail)


def main() -> int:
    """Start the peer and check wechatpy against it."""
    peer = subprocess.Popen([str(ROOT / ".venv/bin/python"), "-m", "tests.peers.wecom.peer"],
                            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert peer.stdout is not None and peer.stdin is not None
    try:
        return run_checks(json.loads(peer.stdout.readline()))
    finally:
        peer.stdin.close()
        peer.wait(10)


def run_checks(cfg: dict[str, Any]) -> int:
    base = cfg["base_url"]

    def control(op: str, **body: Any) -> Any:
        answer = requests.post(f"{base}/control/{op}", json=body, timeout=30)
        expect(answer.status_code == 200, answer.text)
        return answer.json()

    def read(path: str) -> Any:
        return requests.get(f"{base}/control/{path}", timeout=10).json()

    crypto = WeChatCrypto(cfg["token"], cfg["encoding_aes_key"], cfg["corp_id"])
    server = receiver(crypto, {"你好": "您好，我是邻里助手"})
    control("app", callback_url=f"http://127.0.0.1:{server.server_address[1]}/cb")
    control("members", userid="zhangsan", name="张三")
    client = peer_client(base, cfg["corp_id"], cfg["secret"])
    agent = cfg["agent_id"]
    c = Checks()

    def send_text() -> object:
        r = client.message.send_text(agent, "zhangsan", "三号楼明天停水")
        expect(r["errcode"] == 0, r)
        return read("sent/member/zhangsan")["delivered"][-1]["body"]

    def send_markdown_and_card() -> object:
        client.message.send_markdown(agent, "zhangsan", "**通知**")
        client.message.send_text_card(agent, "zhangsan", "报修", "已派单", "https://example.org")
        return [s["msgtype"] for s in read("sent/member/zhangsan")["delivered"]]

    def media_round_trip() -> object:
        up = client.media.upload("image", ("a.jpg", b"\xff\xd8jpeg-bytes"))
        url = client.media.get_url(up["media_id"])
        got = client.get("media/get", params={"media_id": up["media_id"]})
        expect(got.content == b"\xff\xd8jpeg-bytes")
        return f"upload ok; media.get_url/download point at {urlsplit(url).netloc}"

    def token_expiry() -> object:
        before = client.access_token
        control("expire_tokens")
        client.message.send_text(agent, "zhangsan", "过期后")
        expect(client.access_token != before, "no new token")
        return "42001 -> refetched and retried"

    def wrong_secret() -> object:
        try:
            peer_client(base, cfg["corp_id"], "wrong").message.send_text(agent, "zhangsan", "x")
        except WeChatClientException as exc:
            expect(exc.errcode == 40001, exc)
            return "WeChatClientException(40001)"
        raise AssertionError("no exception")

    def silent_drop() -> object:
        control("reset")
        control("members", userid="lisi")
        for i in range(31):
            client.message.send_text(agent, "lisi", f"提醒{i}")
        return f"31 sends, {len(read('sent/member/lisi')['dropped'])} dropped, no exception"

    def api_limit() -> object:
        control("limits", api_per_minute=1)
        try:
            client.message.send_text(agent, "lisi", "一")
            client.message.send_text(agent, "lisi", "二")
        except APILimitedException as exc:
            return f"APILimitedException({exc.errcode})"
        finally:
            control("limits", api_per_minute=10000)
        raise AssertionError("no exception")

    def url_verification() -> object:
        answer = control("verify_url")
        expect(answer["verified"], answer)
        return None

    def member_callback() -> object:
        control("member_message", userid="lisi", msgtype="text", content="明天有什么活动？")
        control("member_message", userid="lisi", msgtype="voice")
        control("member_event", userid="lisi", event="click", event_key="MENU_REPAIR")
        text, voice, click = received[-3:]
        expect(text.type == "text" and text.content == "明天有什么活动？", text)
        expect(text.source == "lisi" and text.agent == agent, text)
        expect(voice.type == "voice" and voice.format == "amr", voice)
        expect(click.event == "click" and click.key == "MENU_REPAIR", click)
        return "text, voice, click parsed"

    def passive_reply() -> object:
        delivery = control("member_message", userid="lisi", msgtype="text", content="你好")
        expect("您好，我是邻里助手" in (delivery["reply"] or ""), delivery)
        return None

    def kf_flow() -> object:
        resident = control("customers", name="李阿姨")["external_userid"]
        control("customer_message", external_userid=resident, msgtype="text", content="在吗")
        event = received[-1]
        expect(event.event == "kf_msg_or_event", event)
        page = client.kf.sync_msg(event.token)
        expect(page["msg_list"][-1]["text"]["content"] == "在吗", page)
        for i in range(5):
            client.kf_message.send_text(resident, cfg["open_kfid"], f"回复{i}")
        try:
            client.kf_message.send_text(resident, cfg["open_kfid"], "第六条")
        except WeChatClientException as exc:
            expect(exc.errcode == 95001, exc)
            return "sync_msg with the callback Token; 5 replies, the 6th 95001"
        raise AssertionError("6th reply accepted")

    c.run("message.send_text recorded by the peer", send_text)
    c.run("message.send_markdown / send_text_card", send_markdown_and_card)
    c.run("media.upload, then media/get through client.get", media_round_trip)
    c.run("expired token refetched (auto_retry)", token_expiry)
    c.run("wrong secret", wrong_secret)
    c.run("31st message in a minute silently dropped", silent_drop)
    c.run("45009 raises APILimitedException", api_limit)
    c.run("URL verification with WeChatCrypto.check_signature", url_verification)
    c.run("peer callbacks decrypted by WeChatCrypto, parsed by parse_message", member_callback)
    c.run("passive reply encrypted by wechatpy, decrypted by the peer", passive_reply)
    c.run("微信客服: kf.sync_msg and kf_message.send_text", kf_flow)
    server.shutdown()
    server.server_close()
    return c.failures


if __name__ == "__main__":
    sys.exit(main())
