"""Callbacks the peer makes to the bot, as WeCom makes them.

URL verification is a GET with msg_signature, timestamp, nonce and an encrypted echostr; the
receiver must answer the decrypted echostr as plain text. Messages and events are POSTs of the
encrypted envelope <xml><ToUserName/><Encrypt/><AgentID/></xml> with the same query parameters.
A POST that gets no 200 within the timeout (5 s at WeCom) is retried, three times; the body and
query of a retry are the same, so a receiver can de-duplicate on MsgId (or FromUserName +
CreateTime for events). A 200 answer may carry an encrypted passive reply, which the peer
decrypts and records as a message to the sender.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

import httpx

from tests.peers.wecom.crypto import (
    CryptoError,
    WeComCrypto,
    callback_envelope,
    envelope_field,
    new_nonce,
)


def cdata(value: str) -> str:
    """A CDATA section (splitting any "]]>" the value holds)."""
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def xml_message(fields: dict[str, Any]) -> str:
    """The plaintext XML WeCom encrypts: strings as CDATA, numbers bare."""
    parts = [f"<{k}>{v}</{k}>" if isinstance(v, int) else f"<{k}>{cdata(str(v))}</{k}>"
             for k, v in fields.items()]
    return "<xml>" + "".join(parts) + "</xml>"


def member_message(corp_id: str, userid: str, created: int, msgtype: str,
                   extra: dict[str, Any], msgid: int, agent_id: int) -> str:
    """An app message from a member (text: Content; image: PicUrl, MediaId; voice: ...)."""
    return xml_message({"ToUserName": corp_id, "FromUserName": userid, "CreateTime": created,
                        "MsgType": msgtype, **extra, "MsgId": msgid, "AgentID": agent_id})


def member_event(corp_id: str, userid: str, created: int, event: str, key: str,
                 agent_id: int) -> str:
    """An app event from a member: click (EventKey = the menu key) or enter_agent."""
    return xml_message({"ToUserName": corp_id, "FromUserName": userid, "CreateTime": created,
                        "MsgType": "event", "Event": event, "EventKey": key,
                        "AgentID": agent_id})


def kf_event(corp_id: str, created: int, token: str, open_kfid: str) -> str:
    """The 微信客服 notice: call kf/sync_msg with this Token."""
    return xml_message({"ToUserName": corp_id, "CreateTime": created, "MsgType": "event",
                        "Event": "kf_msg_or_event", "Token": token, "OpenKfId": open_kfid})


@dataclass
class Delivery:
    """One callback and what became of each attempt."""

    delivery_id: str
    plaintext: str
    attempts: list[dict[str, Any]] = field(default_factory=list)
    delivered: bool = False
    reply: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The record as tests read it."""
        return {"delivery_id": self.delivery_id, "plaintext": self.plaintext,
                "attempts": self.attempts, "delivered": self.delivered, "reply": self.reply}


@dataclass
class Caller:
    """Signs, encrypts and posts callbacks to one URL."""

    crypto: WeComCrypto
    url: str
    agent_id: int
    timeout: float = 5.0
    retries: int = 3
    retry_delay: float = 0.0

    async def verify_url(self, timestamp: int) -> dict[str, Any]:
        """Do WeCom's URL verification; verified when the plain echostr comes back in 1 s.

        The answer must be the echostr alone: no quotes, no BOM, no newline (document 90930).
        """
        echo = secrets.token_hex(10)
        params = self._params(timestamp, self.crypto.encrypt(echo))
        params["echostr"] = params.pop("encrypt")
        async with httpx.AsyncClient(timeout=min(self.timeout, 1.0)) as http:
            try:
                answer = await http.get(self.url, params=params)
            except httpx.HTTPError as exc:
                return {"verified": False, "status": None, "body": type(exc).__name__}
        ok = answer.status_code == 200 and answer.text == echo
        return {"verified": ok, "status": answer.status_code, "body": answer.text}

    async def post(self, delivery: Delivery, timestamp: int) -> Delivery:
        """Post the encrypted message; retry on a timeout, an error or a non-200 answer."""
        encrypt = self.crypto.encrypt(delivery.plaintext)
        params = self._params(timestamp, encrypt)
        params.pop("encrypt")
        body = callback_envelope(self.crypto.receive_id, encrypt, str(self.agent_id))
        async with httpx.AsyncClient(timeout=self.timeout) as http:
            for attempt in range(1 + self.retries):
                if attempt and self.retry_delay:
                    await asyncio.sleep(self.retry_delay)
                if await self._attempt(http, params, body, delivery):
                    break
        return delivery

    async def _attempt(self, http: httpx.AsyncClient, params: dict[str, str], body: str,
                       delivery: Delivery) -> bool:
        try:
            answer = await http.post(self.url, params=params, content=body.encode(),
                                     headers={"Content-Type": "text/xml"})
        except httpx.HTTPError as exc:
            delivery.attempts.append({"status": None, "error": type(exc).__name__})
            return False
        delivery.attempts.append({"status": answer.status_code, "error": None})
        if answer.status_code != 200:
            return False
        delivery.delivered = True
        delivery.reply = self._passive_reply(answer.text)
        return True

    def _passive_reply(self, text: str) -> str | None:
        """The decrypted passive reply, if the answer holds a valid one."""
        if "<Encrypt>" not in text:
            return None
        try:
            encrypt = envelope_field(text, "Encrypt")
            self.crypto.verify(envelope_field(text, "MsgSignature"),
                               envelope_field(text, "TimeStamp"),
                               envelope_field(text, "Nonce"), encrypt)
            return self.crypto.decrypt(encrypt)
        except CryptoError as exc:
            return f"<invalid reply: {escape(str(exc))}>"

    def _params(self, timestamp: int, encrypt: str) -> dict[str, str]:
        nonce = new_nonce()
        return {"msg_signature": self.crypto.sign(str(timestamp), nonce, encrypt),
                "timestamp": str(timestamp), "nonce": nonce, "encrypt": encrypt}
