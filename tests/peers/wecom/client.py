"""A Python client for the WeCom peer's control API (control.py), for tests.

    with running_peer() as peer:
        wecom = WeComPeerClient(peer.base_url)
        wecom.set_app(callback_url="http://127.0.0.1:8443/wecom/callback")
        wecom.add_member("zhangsan", "张三")
        wecom.member_says("zhangsan", "明天有什么活动？")
        assert wecom.sent_to_member("zhangsan")[0]["body"]["content"] == "..."

Calls are synchronous (httpx.Client). When the bot under test runs on the test's own event
loop, pass wait=False to the operations that call the bot back, or call them from a thread,
otherwise the peer waits for a bot that cannot run.
"""

from __future__ import annotations

import base64
from typing import Any

import httpx

Json = dict[str, Any]


class PeerControlError(Exception):
    """The peer refused a control request (HTTP 400)."""


class WeComPeerClient:
    """Drive the peer and read what the bot sent."""

    def __init__(self, base_url: str, *, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = httpx.Client(base_url=self.base_url, timeout=timeout)

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self.http.close()

    def _post(self, operation: str, **body: Any) -> Json:
        answer = self.http.post(f"/control/{operation}", json=body)
        return self._json(answer)

    def _get(self, path: str) -> Json:
        return self._json(self.http.get(f"/control/{path}"))

    @staticmethod
    def _json(answer: httpx.Response) -> Json:
        payload: Json = answer.json()
        if answer.status_code != 200:
            raise PeerControlError(payload.get("error", answer.text))
        return payload

    # the world ---------------------------------------------------------------------------

    def config(self) -> Json:
        """corp_id, secret, agent_id, token, encoding_aes_key, open_kfid, robot_key, ..."""
        return self._get("config")

    def set_app(self, **fields: Any) -> None:
        """Change config fields, e.g. callback_url, callback_timeout, callback_retries."""
        self._post("app", **fields)

    def reset(self, *, config: bool = False) -> None:
        """Forget members, messages, tokens, the clock offset; config=True: config changes too."""
        self._post("reset", config=config)

    def advance(self, seconds: float) -> float:
        """Move the peer's clock forward; returns its new time."""
        return float(self._post("clock", advance=seconds)["now"])

    def expire_tokens(self) -> None:
        """Every access token issued so far is now expired (42001)."""
        self._post("expire_tokens")

    def set_api_limit(self, per_minute: int) -> None:
        """The per-API frequency limit (45009 beyond it)."""
        self._post("limits", api_per_minute=per_minute)

    def add_member(self, userid: str, name: str = "") -> None:
        """A member (staff) of the corp."""
        self._post("members", userid=userid, name=name)

    def add_customer(self, external_userid: str = "", name: str = "") -> str:
        """An external WeChat user; returns the external_userid."""
        return str(self._post("customers", external_userid=external_userid,
                              name=name)["external_userid"])

    def add_kf_account(self, open_kfid: str, name: str = "") -> None:
        """Another 微信客服 account."""
        self._post("kf_accounts", open_kfid=open_kfid, name=name)

    def add_robot(self, key: str) -> None:
        """Another group robot webhook key."""
        self._post("robots", key=key)

    def add_order(self, *, photos: list[bytes] | None = None, **fields: Any) -> Json:
        """A 居民上报 order (desc, case_name, grid_name, location, ...); returns it."""
        photos_b64 = [base64.b64encode(p).decode() for p in photos or []]
        return dict(self._post("orders", photos_b64=photos_b64, **fields)["order"])

    # people write --------------------------------------------------------------------------

    def verify_url(self) -> Json:
        """WeCom's URL verification against the callback URL."""
        return self._post("verify_url")

    def member_says(self, userid: str, text: str, *, wait: bool = True) -> Json:
        """A member sends the app a text; returns the delivery."""
        return self._post("member_message", userid=userid, msgtype="text", content=text,
                          wait=wait)

    def member_sends(self, userid: str, msgtype: str, data: bytes = b"", *,
                     wait: bool = True) -> Json:
        """A member sends an image or a voice message (data: the file, optional)."""
        return self._post("member_message", userid=userid, msgtype=msgtype,
                          data_b64=base64.b64encode(data).decode(), wait=wait)

    def member_event(self, userid: str, event: str, key: str = "", *,
                     wait: bool = True) -> Json:
        """A member clicks a menu item (event="click", key) or opens the app (enter_agent)."""
        return self._post("member_event", userid=userid, event=event, event_key=key,
                          wait=wait)

    def customer_says(self, external_userid: str, text: str, *, wait: bool = True,
                      **extra: Any) -> Json:
        """A customer writes to 微信客服; returns {"msgid", "delivery"}."""
        return self._post("customer_message", external_userid=external_userid,
                          msgtype="text", content=text, wait=wait, **extra)

    def customer_sends(self, external_userid: str, msgtype: str, data: bytes = b"", *,
                       wait: bool = True) -> Json:
        """A customer sends 微信客服 an image or a voice message."""
        return self._post("customer_message", external_userid=external_userid,
                          msgtype=msgtype, data_b64=base64.b64encode(data).decode(),
                          wait=wait)

    def customer_enters(self, external_userid: str, *, wait: bool = True) -> Json:
        """A customer opens the 微信客服 chat (enter_session event)."""
        return self._post("customer_enter", external_userid=external_userid, wait=wait)

    # what the bot did ---------------------------------------------------------------------

    def sent_to_member(self, userid: str) -> list[Json]:
        """App messages delivered to a member, oldest first."""
        return list(self._get(f"sent/member/{userid}")["delivered"])

    def dropped_for_member(self, userid: str) -> list[Json]:
        """App messages WeCom silently dropped (over 30 a minute or 1000 an hour)."""
        return list(self._get(f"sent/member/{userid}")["dropped"])

    def sent_to_customer(self, external_userid: str) -> list[Json]:
        """kf/send_msg messages to a customer."""
        return list(self._get(f"sent/customer/{external_userid}")["messages"])

    def sent_by_robot(self, key: str) -> list[Json]:
        """Group robot messages for a webhook key."""
        return list(self._get(f"sent/robot/{key}")["messages"])

    def deliveries(self) -> list[Json]:
        """Every callback so far, with its attempts and any passive reply."""
        return list(self._get("deliveries")["deliveries"])
