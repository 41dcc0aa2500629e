"""The Bot API methods that send, edit and describe: messages, photos, chats, files, commands.

Each method takes the world, the calling bot and the call's parameters, and returns the result
or raises an ApiError worded as Telegram words it. getUpdates and the webhook methods are in
updates.py.
"""

from __future__ import annotations

import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from tests.peers.botapi.errors import ApiError, BadRequest, Forbidden
from tests.peers.botapi.params import Params
from tests.peers.botapi.world import BotState, Json, StoredFile, World

Method = Callable[[World, BotState, Params], Awaitable[Any]]

TEXT_LIMIT, CAPTION_LIMIT, CALLBACK_DATA_LIMIT = 4096, 1024, 64
NOT_MODIFIED = ("message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message")
CHAT_ACTIONS = {"typing", "upload_photo", "record_video", "upload_video", "record_voice",
                "upload_voice", "upload_document", "choose_sticker", "find_location",
                "record_video_note", "upload_video_note"}
BUTTON_KINDS = {"url", "callback_data", "web_app", "login_url", "switch_inline_query",
                "switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
                "copy_text", "callback_game", "pay"}
COMMAND = re.compile(r"[a-z0-9_]{1,32}")


def utf16_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def target_chat(world: World, bot: BotState, params: Params, *, writing: bool = True) -> Json:
    """The chat named by chat_id; a blocked user is Forbidden when the bot writes to them."""
    raw = params.values.get("chat_id")
    if raw in (None, ""):
        raise BadRequest("chat_id is empty")
    if isinstance(raw, str) and raw.startswith("@"):
        group = world.group_by_username(raw[1:])
        chat = group.as_chat() if group else None
    else:
        chat = world.chat(params.integer("chat_id") or 0)
    if chat is None:
        raise BadRequest("chat not found")
    if writing and chat["type"] == "private" and chat["id"] in bot.blocked:
        raise Forbidden("bot was blocked by the user")
    return chat


def check_text(text: str, *, limit: int, what: str) -> None:
    """Telegram's length rule for texts and captions."""
    if utf16_length(text) > limit:
        raise BadRequest(f"{what} is too long")


def reply_markup(params: Params) -> Json | None:
    """The reply_markup parameter, checked as Telegram checks inline keyboards."""
    markup = params.obj("reply_markup")
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise BadRequest("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        check_inline_keyboard(markup["inline_keyboard"])
    return markup


def check_inline_keyboard(rows: Any) -> None:
    """Rows of buttons, each with a text and one action; callback_data of 1-64 bytes."""
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise BadRequest('field "inline_keyboard" of the InlineKeyboardMarkup should be an '
                         "Array of Arrays")
    for button in (b for row in rows for b in row):
        if not isinstance(button, dict) or not button.get("text"):
            raise BadRequest("can't parse inline keyboard button: Text must be non-empty")
        if "callback_data" in button:
            size = len(str(button["callback_data"]).encode())
            if not 1 <= size <= CALLBACK_DATA_LIMIT:
                raise BadRequest("BUTTON_DATA_INVALID")
        elif not BUTTON_KINDS & button.keys():
            raise BadRequest("can't parse inline keyboard button: Text buttons are unallowed "
                             "in the inline keyboard")


def shown_markup(markup: Json | None) -> Json:
    """What a Message shows of a reply_markup: inline keyboards only."""
    return {"reply_markup": markup} if markup and "inline_keyboard" in markup else {}


def reply_to(bot: BotState, chat: Json, params: Params) -> Json:
    """reply_parameters / reply_to_message_id: the replied message, which must exist."""
    target = params.obj("reply_parameters") or {}
    if not isinstance(target, dict):
        raise BadRequest("can't parse reply parameters JSON object")
    message_id = target.get("message_id") or params.integer("reply_to_message_id")
    if not message_id:
        return {}
    replied = bot.messages.get((chat["id"], int(message_id)))
    if replied is not None:
        return {"reply_to_message": {k: v for k, v in replied.items()
                                     if k != "reply_to_message"}}
    if params.flag("allow_sending_without_reply") or target.get("allow_sending_without_reply"):
        return {}
    raise BadRequest("message to be replied not found")


async def send(world: World, bot: BotState, method: str, chat: Json, content: Json) -> Json:
    """Count the message against flood control, then store, log and return it."""
    bot.flood.check(chat["id"], private=chat["type"] == "private")
    message = bot.new_message(chat, bot.as_user(), content)
    await world.record_send(bot, method, message)
    return message


async def send_message(world: World, bot: BotState, params: Params) -> Json:
    """sendMessage: text of 1-4096 UTF-16 units; parse_mode is not applied."""
    chat = target_chat(world, bot, params)
    text = params.text("text")
    if not text.strip():
        raise BadRequest("message text is empty")
    check_text(text, limit=TEXT_LIMIT, what="message")
    content: Json = {"text": text, **shown_markup(reply_markup(params))}
    if params.has("entities"):
        content["entities"] = params.obj("entities")
    content.update(reply_to(bot, chat, params))
    return await send(world, bot, "sendMessage", chat, content)


def photo_file(world: World, params: Params) -> StoredFile:
    """The photo parameter: an upload, attach://name, a known file_id, or a URL."""
    value = params.text("photo")
    name = value.removeprefix("attach://") if value.startswith("attach://") else "photo"
    if name in params.uploads:
        return world.add_file(params.uploads[name].data, "photo", "jpg")
    if value in world.files:
        return world.files[value]
    if value.startswith(("http://", "https://")):
        return world.add_file(b"", "photo", "jpg")  # Telegram would fetch it; nothing to fetch
    raise BadRequest("wrong file identifier/HTTP URL specified")


def photo_sizes(stored: StoredFile) -> list[Json]:
    """The PhotoSize list of a stored photo (one size; the peer makes no thumbnails)."""
    return [{"file_id": stored.file_id, "file_unique_id": stored.unique_id,
             "file_size": len(stored.data), "width": 1280, "height": 960}]


async def send_photo(world: World, bot: BotState, params: Params) -> Json:
    """sendPhoto: an upload or a file_id, with a caption of at most 1024 UTF-16 units."""
    chat = target_chat(world, bot, params)
    caption = params.text("caption")
    check_text(caption, limit=CAPTION_LIMIT, what="message caption")
    content: Json = {"photo": photo_sizes(photo_file(world, params)),
                     **shown_markup(reply_markup(params))}
    if caption:
        content["caption"] = caption
    content.update(reply_to(bot, chat, params))
    return await send(world, bot, "sendPhoto", chat, content)


def own_message(world: World, bot: BotState, params: Params) -> Json:
    """The bot's message named by chat_id and message_id (inline messages are not kept)."""
    if params.has("inline_message_id"):
        raise BadRequest("MESSAGE_ID_INVALID")
    chat = target_chat(world, bot, params)
    message = bot.messages.get((chat["id"], params.integer("message_id") or 0))
    if message is None:
        raise BadRequest("message to edit not found")
    if message["from"].get("id") != bot.id:
        raise BadRequest("message can't be edited")
    return message


async def edit_message_text(world: World, bot: BotState, params: Params) -> Json:
    """editMessageText: same rules as sendMessage; an unchanged message is a Bad Request."""
    message = own_message(world, bot, params)
    if "text" not in message:
        raise BadRequest("there is no text in the message to edit")
    text = params.text("text")
    if not text.strip():
        raise BadRequest("message text is empty")
    check_text(text, limit=TEXT_LIMIT, what="message")
    return await edit(world, bot, params, message, {"text": text})


async def edit_message_reply_markup(world: World, bot: BotState, params: Params) -> Json:
    """editMessageReplyMarkup: a new inline keyboard, or none."""
    return await edit(world, bot, params, own_message(world, bot, params), {})


async def edit(world: World, bot: BotState, params: Params, message: Json, changes: Json,
               ) -> Json:
    """Apply an edit (a missing reply_markup removes the keyboard, as on Telegram)."""
    edited = {k: v for k, v in message.items() if k != "reply_markup"}
    edited.update(changes, **shown_markup(reply_markup(params)))
    if {k: v for k, v in edited.items() if k != "edit_date"} == \
            {k: v for k, v in message.items() if k != "edit_date"}:
        raise BadRequest(NOT_MODIFIED)
    edited["edit_date"] = max(edited["date"], int(time.time()))
    message.clear()
    message.update(edited)
    method = "editMessageText" if "text" in changes else "editMessageReplyMarkup"
    await world.record_send(bot, method, message)
    return message


async def answer_callback_query(world: World, bot: BotState, params: Params) -> bool:
    """answerCallbackQuery: once per query; the text is at most 200 characters."""
    query_id = params.text("callback_query_id")
    if bot.callbacks.get(query_id, True):
        raise BadRequest("query is too old and response timeout expired or query ID is invalid")
    if len(params.text("text")) > 200:
        raise BadRequest("MESSAGE_TOO_LONG")
    bot.callbacks[query_id] = True
    return True


async def send_chat_action(world: World, bot: BotState, params: Params) -> bool:
    """sendChatAction: a known action in a chat the bot may write to."""
    target_chat(world, bot, params)
    if params.text("action") not in CHAT_ACTIONS:
        raise BadRequest("wrong parameter action in request")
    return True


async def get_chat(world: World, bot: BotState, params: Params) -> Json:
    """getChat: the ChatFullInfo (with the fields python-telegram-bot 22 requires)."""
    chat = target_chat(world, bot, params, writing=False)
    gifts = {"unlimited_gifts": False, "limited_gifts": False, "unique_gifts": False,
             "premium_subscription": False, "gifts_from_channels": False}
    return {**chat, "accent_color_id": 0, "max_reaction_count": 11,
            "accepted_gift_types": gifts}


async def get_file(world: World, bot: BotState, params: Params) -> Json:
    """getFile: the file's path under /file/bot<token>/."""
    stored = world.files.get(params.text("file_id"))
    if stored is None:
        raise BadRequest("invalid file_id")
    return stored.as_dict()


def commands_key(params: Params) -> str:
    """Commands are kept per scope and language."""
    scope = params.obj("scope") or {"type": "default"}
    return f"{sorted(scope.items()) if isinstance(scope, dict) else scope}|" \
           f"{params.text('language_code')}"


async def set_my_commands(world: World, bot: BotState, params: Params) -> bool:
    """setMyCommands: at most 100 commands of 1-32 [a-z0-9_] with 1-256 character texts."""
    commands = params.obj("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise BadRequest("can't parse commands JSON object")
    for command in commands:
        if not COMMAND.fullmatch(str(command.get("command", ""))):
            raise BadRequest("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise BadRequest("command description must be non-empty")
    bot.commands[commands_key(params)] = commands
    return True


async def delete_my_commands(world: World, bot: BotState, params: Params) -> bool:
    """deleteMyCommands."""
    bot.commands.pop(commands_key(params), None)
    return True


async def get_my_commands(world: World, bot: BotState, params: Params) -> list[Json]:
    """getMyCommands."""
    return bot.commands.get(commands_key(params), [])


async def get_me(world: World, bot: BotState, params: Params) -> Json:
    """getMe."""
    return {**bot.as_user(), "can_join_groups": True, "can_read_all_group_messages": True,
            "supports_inline_queries": False, "can_connect_to_business": False,
            "has_main_web_app": False}


async def log_out(world: World, bot: BotState, params: Params) -> bool:
    """logOut and close: accepted, nothing to do locally."""
    return True


METHODS: dict[str, Method] = {
    "getMe": get_me, "sendMessage": send_message, "sendPhoto": send_photo,
    "editMessageText": edit_message_text, "editMessageReplyMarkup": edit_message_reply_markup,
    "answerCallbackQuery": answer_callback_query, "sendChatAction": send_chat_action,
    "getChat": get_chat, "getFile": get_file, "setMyCommands": set_my_commands,
    "deleteMyCommands": delete_my_commands, "getMyCommands": get_my_commands,
    "logOut": log_out, "close": log_out,
}

__all__ = ["METHODS", "ApiError", "Method", "utf16_length"]
