"""The control API a test drives the peer with: people, their messages and button presses, and
what the bots did (messages, calls, counts). JSON POST to /control/<action>.

| action   | body                                                  | answer                |
|----------|-------------------------------------------------------|-----------------------|
| bots     | token, username?, first_name?                         | the bot's User        |
| users    | first_name, id?, last_name?, username?                | the User              |
| groups   | title, id?, type? (supergroup), username?             | the Chat              |
| text     | token, user_id, text, chat_id? (/command: entity)     | the update            |
| command  | as text; the text must start with /                   | the update            |
| photo    | token, user_id, data_b64? or file_id?, caption?, chat_id? | the update        |
| voice    | token, user_id, data_b64?, duration?, chat_id?        | the update            |
| sticker  | token, user_id, emoji?, chat_id?                      | the update            |
| press    | token, user_id, message_id, data? or label?, chat_id? | the update            |
| block    | token, user_id, blocked? (true)                       | true                  |
| files    | data_b64, kind? (photo)                               | the File              |
| messages | token, chat_id?, since? (a seq), wait? (s), count?    | {messages, cursor}    |
| calls    | token?, method?, since?                               | {calls, cursor}       |
| stats    | token                                                 | counters              |
| updates  | token                                                 | {pending, handed_out} |
| limits   | any Limits field                                      | the Limits            |
| webhook  | any WebhookOptions field                              | the options           |
| reset    | {}                                                    | true                  |
A filtered update (allowed_updates) answers {"filtered": true} instead of the update.
Errors answer 400 with Telegram's error shape.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import re
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from typing import Any

from tests.peers.botapi.errors import BadRequest, Unauthorized
from tests.peers.botapi.webhook import Courier
from tests.peers.botapi.world import BotState, Group, Json, User, World

COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]+)?")


class Control:
    """The actions of the control API over one world."""

    def __init__(self, world: World, courier: Courier, tokens: tuple[str, ...] = ()) -> None:
        self.world, self.courier, self.tokens = world, courier, tokens
        for token in tokens:
            world.add_bot(token)
        self.actions: dict[str, Callable[[Json], Awaitable[Any]]] = {
            "bots": self.bots, "users": self.users, "groups": self.groups, "text": self.text,
            "command": self.command, "photo": self.photo, "voice": self.voice,
            "sticker": self.sticker, "press": self.press, "block": self.block,
            "files": self.files, "messages": self.messages, "calls": self.calls,
            "stats": self.stats, "updates": self.updates, "limits": self.limits,
            "webhook": self.webhook, "reset": self.reset}

    def bot(self, body: Json) -> BotState:
        """The bot named by the body's token."""
        bot = self.world.bots.get(str(body.get("token", "")))
        if bot is None:
            raise Unauthorized("")
        return bot

    def user(self, body: Json) -> User:
        """The person named by user_id."""
        user = self.world.users.get(int(body.get("user_id", 0)))
        if user is None:
            raise BadRequest("unknown user_id (create the user first)")
        return user

    def chat(self, body: Json, user: User) -> Json:
        """Where the person writes: their private chat, or the group chat_id names."""
        chat_id = int(body.get("chat_id") or user.id)
        chat = self.world.chat(chat_id)
        if chat is None or (chat["type"] == "private" and chat_id != user.id):
            raise BadRequest("chat not found (create the group first)")
        return chat

    def user_update(self, body: Json, content: Json) -> Json:
        """A message from the person in their chat with the bot, queued as an update."""
        bot, user = self.bot(body), self.user(body)
        message = bot.new_message(self.chat(body, user), user.as_dict(), content)
        update = bot.push("message", message)
        return update or {"filtered": True}

    async def bots(self, body: Json) -> Json:
        """Register a bot token."""
        return self.world.add_bot(str(body["token"]), str(body.get("username", "")),
                                  str(body.get("first_name", ""))).as_user()

    async def users(self, body: Json) -> Json:
        """Create (or replace) a person."""
        user = User(int(body.get("id") or 10_000 + next(self.world.ids)),
                    str(body.get("first_name", "测试居民")), str(body.get("last_name", "")),
                    str(body.get("username", "")))
        self.world.users[user.id] = user
        return user.as_dict()

    async def groups(self, body: Json) -> Json:
        """Create (or replace) a group; ids of groups are negative."""
        group = Group(int(body.get("id") or -1_000_000_000_000 - next(self.world.ids)),
                      str(body.get("title", "测试群")), str(body.get("type", "supergroup")),
                      str(body.get("username", "")))
        if group.id >= 0 or group.type not in ("group", "supergroup"):
            raise BadRequest("a group has a negative id and type group or supergroup")
        self.world.groups[group.id] = group
        return group.as_chat()

    async def text(self, body: Json) -> Json:
        """The person writes a text; a leading /command gets its bot_command entity."""
        text = str(body["text"])
        content: Json = {"text": text}
        if (match := COMMAND.match(text)) is not None:
            content["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": len(match.group(0))}]
        return self.user_update(body, content)

    async def command(self, body: Json) -> Json:
        """The person sends a command such as "/start" or "/start CODE"."""
        if not COMMAND.match(str(body["text"])):
            raise BadRequest("a command starts with / and 1-32 letters, digits or _")
        return await self.text(body)

    def stored(self, body: Json, kind: str, extension: str) -> Json:
        """The file of a photo or voice: a known file_id, or the given bytes stored anew."""
        if body.get("file_id"):
            known = self.world.files.get(str(body["file_id"]))
            if known is None:
                raise BadRequest("unknown file_id")
            return known.as_dict()
        data = base64.b64decode(str(body.get("data_b64", "")))
        return self.world.add_file(data, kind, extension).as_dict()

    async def photo(self, body: Json) -> Json:
        """The person sends a photo, with a caption if given."""
        stored = self.stored(body, "photo", "jpg")
        sizes = [{"file_id": stored["file_id"], "file_unique_id": stored["file_unique_id"],
                  "file_size": stored["file_size"], "width": 1280, "height": 960}]
        content: Json = {"photo": sizes}
        if body.get("caption"):
            content["caption"] = str(body["caption"])
        return self.user_update(body, content)

    async def voice(self, body: Json) -> Json:
        """The person sends a voice message."""
        stored = self.stored(body, "voice", "oga")
        return self.user_update(body, {"voice": {
            "file_id": stored["file_id"], "file_unique_id": stored["file_unique_id"],
            "duration": int(body.get("duration", 3)), "mime_type": "audio/ogg",
            "file_size": stored["file_size"]}})

    async def sticker(self, body: Json) -> Json:
        """The person sends a sticker."""
        stored = self.world.add_file(b"", "sticker", "webp").as_dict()
        return self.user_update(body, {"sticker": {
            "file_id": stored["file_id"], "file_unique_id": stored["file_unique_id"],
            "type": "regular", "width": 512, "height": 512, "is_animated": False,
            "is_video": False, "emoji": str(body.get("emoji", "👍"))}})

    async def press(self, body: Json) -> Json:
        """The person presses an inline button (by its data or label) under a bot message."""
        bot, user = self.bot(body), self.user(body)
        chat = self.chat(body, user)
        message = bot.messages.get((chat["id"], int(body["message_id"])))
        if message is None or message["from"].get("id") != bot.id:
            raise BadRequest("no such message from the bot in this chat")
        rows = message.get("reply_markup", {}).get("inline_keyboard", [])
        button = next((b for row in rows for b in row if "callback_data" in b and (
            b["callback_data"] == body.get("data") or b["text"] == body.get("label"))), None)
        if button is None:
            raise BadRequest("the message has no such button")
        query_id = f"{bot.id}{next(self.world.ids):08d}"
        bot.callbacks[query_id] = False
        instance = str((bot.id << 20) ^ (chat["id"] & 0xFFFFFFFFFFFF))
        update = bot.push("callback_query", {
            "id": query_id, "from": user.as_dict(), "message": message,
            "chat_instance": instance, "data": button["callback_data"]})
        return update or {"filtered": True}

    async def block(self, body: Json) -> bool:
        """The person blocks (or unblocks) the bot."""
        bot, user = self.bot(body), self.user(body)
        if body.get("blocked", True):
            bot.blocked.add(user.id)
        else:
            bot.blocked.discard(user.id)
        return True

    async def files(self, body: Json) -> Json:
        """Store bytes under a new file_id (the bot can getFile and download them)."""
        kind = str(body.get("kind", "photo"))
        extension = {"photo": "jpg", "voice": "oga"}.get(kind, "bin")
        return self.world.add_file(base64.b64decode(str(body.get("data_b64", ""))), kind,
                                   extension).as_dict()

    async def messages(self, body: Json) -> Json:
        """What the bot sent or edited (in one chat, after a seq), waiting for `count` of them."""
        bot, since = self.bot(body), int(body.get("since", 0))
        chat_id = body.get("chat_id")
        count, wait = int(body.get("count", 0)), float(body.get("wait", 0))

        def found() -> list[Json]:
            return [r for r in self.world.sends if r["bot_id"] == bot.id and r["seq"] > since
                    and (chat_id is None or r["chat_id"] == int(chat_id))]

        if count and wait:
            async with self.world.changed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.world.changed.wait_for(
                        lambda: len(found()) >= count), wait)
        records = found()
        return {"messages": records, "cursor": records[-1]["seq"] if records else since}

    async def calls(self, body: Json) -> Json:
        """The API call log (of one bot, of one method, after a seq)."""
        bot_id = self.bot(body).id if body.get("token") else None
        since, method = int(body.get("since", 0)), body.get("method")
        records = [c for c in self.world.calls if c["seq"] > since
                   and (bot_id is None or c["bot_id"] == bot_id)
                   and (method is None or c["method"] == method)]
        return {"calls": records, "cursor": records[-1]["seq"] if records else since}

    async def stats(self, body: Json) -> Json:
        """Counters of a bot's updates and sends."""
        bot = self.bot(body)
        hook = bot.webhook
        return {**bot.counts(), **self.world.send_counts(bot),
                "webhook_url": hook.url if hook else "",
                "last_error_message": hook.last_error_message if hook else ""}

    async def updates(self, body: Json) -> Json:
        """The pending updates, and how often each update id was handed out (1 is right)."""
        bot = self.bot(body)
        return {"pending": bot.queue,
                "handed_out": {str(k): v for k, v in sorted(bot.handed_out.items())}}

    async def limits(self, body: Json) -> Json:
        """Tune or switch off flood control (for every bot; their buckets start full)."""
        self.world.limits.update(body)
        for bot in self.world.bots.values():
            bot.flood.reset()
        return self.world.limits.as_dict()

    async def webhook(self, body: Json) -> Json:
        """Tune webhook delivery: retry delays, timeouts, deliveries in flight."""
        self.world.webhook_options.update(body)
        return asdict(self.world.webhook_options)

    async def reset(self, body: Json) -> bool:
        """Forget everything: people, messages, logs, limits, options; bots start afresh."""
        await self.courier.stop()
        for bot in self.world.bots.values():
            if bot.poller is not None and not bot.poller.done():
                bot.poller.cancel()
        self.world.reset()
        for token in self.tokens:
            self.world.add_bot(token)
        return True
