"""The test's side of the Bot API peer: an async client of its control API.

    async with PeerClient(url) as peer:
        await peer.add_bot(TOKEN)
        zhang = await peer.user(TOKEN, "张三")          # a Person in a private chat with the bot
        await zhang.say("你好")
        (reply,) = await zhang.receive(1)               # the bot's messages to this chat
        await zhang.press(reply, label="确认")
        print(await peer.stats(TOKEN))                  # created, confirmed, pending, sends, ...

A failed control call raises PeerError with the peer's description.
"""

from __future__ import annotations

import base64
from types import TracebackType
from typing import Any

import httpx

Json = dict[str, Any]


class PeerError(Exception):
    """The peer refused a control call (an unknown user, a missing button, ...)."""


class PeerClient:
    """Drives a running peer over HTTP."""

    def __init__(self, url: str, *, http: httpx.AsyncClient | None = None) -> None:
        self.url = url.rstrip("/")
        self.http = http or httpx.AsyncClient(timeout=30)
        self.owns_http = http is None

    async def __aenter__(self) -> PeerClient:
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP client (when this object made it)."""
        if self.owns_http:
            await self.http.aclose()

    async def call(self, action: str, **body: Any) -> Any:
        """One control action; its result."""
        response = await self.http.post(f"{self.url}/control/{action}", json=body)
        answer = response.json()
        if not answer.get("ok"):
            raise PeerError(answer.get("description", response.text))
        return answer["result"]

    async def add_bot(self, token: str, username: str = "") -> Json:
        """Register a bot token; its User object."""
        result: Json = await self.call("bots", token=token, username=username)
        return result

    async def add_user(self, first_name: str = "测试居民", **fields: Any) -> Json:
        """Create a person (fields: id, last_name, username); their User object."""
        result: Json = await self.call("users", first_name=first_name, **fields)
        return result

    async def add_group(self, title: str = "测试群", **fields: Any) -> Json:
        """Create a group (fields: id, type, username); its Chat object."""
        result: Json = await self.call("groups", title=title, **fields)
        return result

    async def user(self, token: str, first_name: str = "测试居民", *, chat_id: int | None = None,
                   **fields: Any) -> Person:
        """A new person writing to the bot privately, or in the group chat_id."""
        user = await self.add_user(first_name, **fields)
        return Person(self, token, int(user["id"]), chat_id or int(user["id"]))

    async def block(self, token: str, user_id: int, blocked: bool = True) -> None:
        """The person blocks (or unblocks) the bot."""
        await self.call("block", token=token, user_id=user_id, blocked=blocked)

    async def add_file(self, data: bytes, kind: str = "photo") -> Json:
        """Store bytes; their File object (file_id, file_path)."""
        result: Json = await self.call("files", data_b64=base64.b64encode(data).decode(),
                                       kind=kind)
        return result

    async def messages(self, token: str, chat_id: int | None = None, *, since: int = 0,
                       count: int = 0, wait: float = 0.0) -> tuple[list[Json], int]:
        """The bot's sends and edits after `since` (waiting up to `wait` s for `count`); and
        the cursor to pass as `since` next time."""
        body: Json = {"token": token, "since": since, "count": count, "wait": wait}
        if chat_id is not None:
            body["chat_id"] = chat_id
        result = await self.call("messages", **body)
        return list(result["messages"]), int(result["cursor"])

    async def calls(self, token: str | None = None, method: str | None = None,
                    since: int = 0) -> list[Json]:
        """The log of API calls."""
        body: Json = {"since": since}
        body.update({k: v for k, v in (("token", token), ("method", method)) if v})
        result = await self.call("calls", **body)
        return list(result["calls"])

    async def stats(self, token: str) -> Json:
        """Counters: created, confirmed, delivered, pending, handed_out(_again), sends, ..."""
        result: Json = await self.call("stats", token=token)
        return result

    async def updates(self, token: str) -> Json:
        """The pending updates, and how often each update id was handed out."""
        result: Json = await self.call("updates", token=token)
        return result

    async def set_limits(self, **limits: Any) -> Json:
        """Tune flood control (enabled=False switches it off); see limits.Limits."""
        result: Json = await self.call("limits", **limits)
        return result

    async def set_webhook_options(self, **options: Any) -> Json:
        """Tune webhook delivery (retry_initial, retry_max, timeout, parallel, ...)."""
        result: Json = await self.call("webhook", **options)
        return result

    async def reset(self) -> None:
        """Forget everything."""
        await self.call("reset")


class Person:
    """Someone in a chat with the bot: writes, sends commands, media, presses buttons, reads."""

    def __init__(self, peer: PeerClient, token: str, user_id: int, chat_id: int) -> None:
        self.peer, self.token, self.id, self.chat_id = peer, token, user_id, chat_id
        self.cursor = 0

    async def act(self, action: str, **body: Any) -> Json:
        """A control action as this person in this chat; the update it created."""
        result: Json = await self.peer.call(action, token=self.token, user_id=self.id,
                                            chat_id=self.chat_id, **body)
        return result

    async def say(self, text: str) -> Json:
        """Write a text (a leading /command gets its entity)."""
        return await self.act("text", text=text)

    async def command(self, text: str) -> Json:
        """Send a command such as "/start CODE"."""
        return await self.act("command", text=text)

    async def photo(self, data: bytes = b"\xff\xd8\xff", caption: str = "") -> Json:
        """Send a photo with a caption."""
        return await self.act("photo", data_b64=base64.b64encode(data).decode(),
                              caption=caption)

    async def voice(self, data: bytes = b"OggS", duration: int = 3) -> Json:
        """Send a voice message."""
        return await self.act("voice", data_b64=base64.b64encode(data).decode(),
                              duration=duration)

    async def sticker(self, emoji: str = "👍") -> Json:
        """Send a sticker."""
        return await self.act("sticker", emoji=emoji)

    async def press(self, record: Json, *, label: str | None = None,
                    data: str | None = None) -> Json:
        """Press a button (by label or callback data) under a message the bot sent."""
        return await self.act("press", message_id=record["message_id"], label=label, data=data)

    async def receive(self, count: int = 1, timeout: float = 5.0) -> list[Json]:
        """Wait for the bot's next `count` sends or edits in this chat (records with text,
        reply_markup, message)."""
        records, cursor = await self.peer.messages(self.token, self.chat_id, since=self.cursor,
                                                   count=count, wait=timeout)
        if len(records) < count:
            raise TimeoutError(f"expected {count} message(s) in {timeout}s, got {records}")
        self.cursor = records[count - 1]["seq"]
        return records[:count]

    async def texts(self, count: int = 1, timeout: float = 5.0) -> list[str]:
        """The texts of the bot's next `count` messages."""
        return [str(r["text"]) for r in await self.receive(count, timeout)]
