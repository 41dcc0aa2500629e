"""A small asyncio client for the WeCom server API calls Linli makes (httpx, with timeouts).

gettoken (the token is kept until shortly before it expires, and fetched again when WeCom says
it is invalid or expired), message/send, media/get and media/upload, kf/sync_msg and
kf/send_msg, the group robot's webhook/send, and 居民上报's report/resident/get_order_list and
get_order_info. wechatpy 2.0.0a26 is not used here: it is synchronous, hard-codes the host in
its token fetch and media download, waits for ever by default and lacks the robot and 居民上报
calls (docs/wecom-notes.md).

    WeComError(errcode, errmsg)   WeCom answered errcode != 0; `limited` for 45009 (retry later)
    httpx.HTTPError               WeCom could not be reached (transient)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx

Json = dict[str, Any]
TOKEN_ERRORS = {40014, 42001, 41001}  # invalid, expired, missing: fetch a new token once
TOKEN_MARGIN = 300.0  # seconds before the announced expiry a token is no longer used


class WeComError(Exception):
    """WeCom answered with an error code."""

    def __init__(self, errcode: int, errmsg: str) -> None:
        super().__init__(f"{errcode}: {errmsg}")
        self.errcode = errcode
        self.errmsg = errmsg

    @property
    def limited(self) -> bool:
        """45009: over a frequency limit; the call may succeed later."""
        return self.errcode == 45009


class WeComApi:
    """One corp secret's calls (the app's, or 微信客服's own)."""

    def __init__(self, *, base_url: str, corp_id: str, secret: str, timeout: float = 10.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.base_url = base_url.rstrip("/")
        self.corp_id, self.secret = corp_id, secret
        self.http = httpx.AsyncClient(base_url=self.base_url, timeout=timeout)
        self.clock = clock
        self._token: str | None = None
        self._token_until = 0.0

    async def close(self) -> None:
        """Close the connection pool."""
        await self.http.aclose()

    async def token(self, *, fresh: bool = False) -> str:
        """A valid access_token (fetched when none is held or it nears its expiry)."""
        if fresh or self._token is None or self.clock() >= self._token_until:
            answer = _checked(await self.http.get("/cgi-bin/gettoken", params={
                "corpid": self.corp_id, "corpsecret": self.secret}))
            self._token = str(answer["access_token"])
            self._token_until = self.clock() + max(float(answer["expires_in"]) - TOKEN_MARGIN,
                                                   60.0)
        return self._token

    async def post(self, api: str, body: Json) -> Json:
        """POST /cgi-bin/<api> with a JSON body; the answer, or WeComError."""
        return await self._with_token(lambda token: self.http.post(
            f"/cgi-bin/{api}", params={"access_token": token}, json=body))

    async def _with_token(self, call: Callable[[str], Any]) -> Json:
        try:
            return _checked(await call(await self.token()))
        except WeComError as exc:
            if exc.errcode not in TOKEN_ERRORS:
                raise
        return _checked(await call(await self.token(fresh=True)))

    async def media(self, media_id: str) -> tuple[bytes, str]:
        """A temporary media file: its bytes and content type (media/get)."""
        for fresh in (False, True):
            answer = await self.http.get("/cgi-bin/media/get", params={
                "access_token": await self.token(fresh=fresh), "media_id": media_id})
            kind = answer.headers.get("Content-Type", "")
            if "json" not in kind and "text/plain" not in kind:
                answer.raise_for_status()
                return answer.content, kind
            try:
                _checked(answer)
            except WeComError as exc:
                if exc.errcode not in TOKEN_ERRORS or fresh:
                    raise
        raise AssertionError("unreachable")

    async def upload(self, kind: str, filename: str, data: bytes) -> str:
        """Upload a temporary media file (image, voice, file; kept 3 days); its media_id."""
        answer = await self._with_token(lambda token: self.http.post(
            "/cgi-bin/media/upload", params={"access_token": token, "type": kind},
            files={"media": (filename, data)}))
        return str(answer["media_id"])

    async def webhook(self, key: str, body: Json) -> Json:
        """A group robot's message (the key is the credential, no token)."""
        return _checked(await self.http.post("/cgi-bin/webhook/send", params={"key": key},
                                             json=body))

    async def download(self, url: str) -> bytes:
        """A file WeCom links to (居民上报 photos)."""
        answer = await self.http.get(url)
        answer.raise_for_status()
        return answer.content


def _checked(answer: httpx.Response) -> Json:
    """The JSON answer, or WeComError for errcode != 0 (HTTP errors raise httpx's)."""
    answer.raise_for_status()
    payload: Json = answer.json()
    code = int(payload.get("errcode", 0) or 0)
    if code != 0:
        raise WeComError(code, str(payload.get("errmsg", "")))
    return payload
