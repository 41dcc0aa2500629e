"""The Bot API peer against the real python-telegram-bot 22.8, over HTTP on 127.0.0.1.

An echo bot long polls and sits behind its webhook; people write, send commands and photos and
press buttons through the control API; the tests read what the bot sent and the peer's counters.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Conflict, Forbidden, RetryAfter

from tests.peers.botapi.client import PeerClient
from tests.peers.botapi.echo_bot import echo_app, new_bot, new_token, polling
from tests.peers.botapi.server import running_peer

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]


async def test_polling_bot_gets_a_command_a_button_press_and_a_text(
        botapi_url: str, botapi_peer: PeerClient) -> None:
    token = await new_bot(botapi_peer)
    zhang = await botapi_peer.user(token, "张三")
    async with polling(echo_app(botapi_url, token)) as app:
        await zhang.command("/start")
        (hello,) = await zhang.receive()
        assert hello["text"] == "你好"
        assert hello["reply_markup"]["inline_keyboard"] == [
            [{"text": "确认", "callback_data": "ok"}]]
        await zhang.press(hello, label="确认")
        (edited,) = await zhang.receive()
        assert (edited["method"], edited["message_id"]) == ("editMessageText", hello["message_id"])
        assert edited["text"] == "已确认：ok" and edited["reply_markup"] is None
        await zhang.say("今天停水吗")
        assert await zhang.texts() == ["echo: 今天停水吗"]
    stats = await botapi_peer.stats(token)
    assert app.bot_data["seen"] == [1, 2, 3]
    assert (stats["created"], stats["confirmed"], stats["pending"]) == (3, 3, 0)
    assert (stats["sends"], stats["edits"], stats["handed_out_again"]) == (2, 1, 0)
    (answer,) = await botapi_peer.calls(token, "answerCallbackQuery")
    assert answer["ok"]


async def test_fetched_but_unconfirmed_updates_come_back(
        botapi_url: str, botapi_peer: PeerClient) -> None:
    token = await new_bot(botapi_peer)
    li = await botapi_peer.user(token, "李四")
    ids = [(await li.say(text))["update_id"] for text in ("第一条", "第二条")]
    async with httpx.AsyncClient() as http:
        for _ in range(2):  # fetched, then the bot was killed before its next getUpdates
            answer = await http.post(f"{botapi_url}/bot{token}/getUpdates", data={"timeout": "0"})
            assert [u["update_id"] for u in answer.json()["result"]] == ids
    async with polling(echo_app(botapi_url, token)) as app:
        assert await li.texts(2) == ["echo: 第一条", "echo: 第二条"]
    assert app.bot_data["seen"] == ids
    stats = await botapi_peer.stats(token)
    assert (stats["handed_out_again"], stats["confirmed"], stats["pending"]) == (2, 2, 0)
    assert stats["repeated_sends"] == 0


async def test_two_pollers_and_polling_under_a_webhook_are_conflicts(
        botapi_url: str, botapi_peer: PeerClient) -> None:
    token = await new_bot(botapi_peer)
    api = f"{botapi_url}/bot{token}"
    async with httpx.AsyncClient(timeout=10) as http:
        first = asyncio.create_task(http.post(f"{api}/getUpdates", data={"timeout": "5"}))
        await asyncio.sleep(0.2)  # the first poller is waiting
        second = await http.post(f"{api}/getUpdates", data={"timeout": "0"})
        ended = await first
        assert (second.status_code, ended.status_code) == (200, 409)
        assert ended.json()["description"].startswith(
            "Conflict: terminated by other getUpdates request")
        await http.post(f"{api}/setWebhook", json={"url": "http://127.0.0.1:9/hook"})
    async with Bot(token, base_url=f"{botapi_url}/bot") as bot:
        with pytest.raises(Conflict, match="webhook is active"):
            await bot.get_updates()
        assert (await bot.get_webhook_info()).url == "http://127.0.0.1:9/hook"



async def test_flood_control_answers_429_and_ptb_raises_retry_after(
        botapi_url: str, botapi_peer: PeerClient) -> None:
    token = await new_bot(botapi_peer)
    await botapi_peer.set_limits(enabled=True)  # defaults: bursts of 3 a chat, 20 a group
    zhao = await botapi_peer.add_user("赵六")
    group = await botapi_peer.add_group("幸福里业主群")
    async with Bot(token, base_url=f"{botapi_url}/bot") as bot:
        for _ in range(3):
            await bot.send_message(zhao["id"], "排队中")
        with pytest.raises(RetryAfter) as private:
            await bot.send_message(zhao["id"], "太快了")
        for _ in range(20):
            await bot.send_message(group["id"], "通知")
        with pytest.raises(RetryAfter) as in_group:
            await bot.send_message(group["id"], "第二十一条")
    assert private.value.retry_after == timedelta(seconds=1)
    assert in_group.value.retry_after == timedelta(seconds=3)
    assert (await botapi_peer.stats(token))["sends_per_chat"] == {
        str(zhao["id"]): 3, str(group["id"]): 20}
    refused = await botapi_peer.calls(token, "sendMessage")
    assert [c["error_code"] for c in refused if not c["ok"]] == [429, 429]


async def test_telegram_rules_on_lengths_buttons_blocked_users_and_unknown_chats(
        botapi_url: str, botapi_peer: PeerClient) -> None:
    token = await new_bot(botapi_peer)
    sun = await botapi_peer.add_user("孙七")
    async with Bot(token, base_url=f"{botapi_url}/bot") as bot:
        await bot.send_message(sun["id"], "😀" * 2048)  # 4096 UTF-16 code units
        with pytest.raises(BadRequest, match="Message is too long"):
            await bot.send_message(sun["id"], "😀" * 2049)
        with pytest.raises(BadRequest, match="Message text is empty"):
            await bot.send_message(sun["id"], "")
        too_long = InlineKeyboardMarkup([[InlineKeyboardButton("按钮", callback_data="x" * 65)]])
        with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
            await bot.send_message(sun["id"], "选一个", reply_markup=too_long)
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.send_message(424242, "在吗")
        assert (await bot.get_chat(sun["id"])).first_name == "孙七"
        assert await bot.send_chat_action(sun["id"], "typing")
        assert await bot.set_my_commands([("start", "开始"), ("help", "帮助")])
        assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
        assert await bot.delete_my_commands() and await bot.get_my_commands() == ()
        await botapi_peer.block(token, sun["id"])
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(sun["id"], "在吗")
    assert (await botapi_peer.stats(token))["sends"] == 1


async def test_photos_go_both_ways_and_files_download(
        botapi_url: str, botapi_peer: PeerClient) -> None:
    token = await new_bot(botapi_peer)
    zhou = await botapi_peer.user(token, "周八")
    async with polling(echo_app(botapi_url, token)):
        await zhou.photo(b"\xff\xd8\xff" + b"7" * 97, caption="漏水的地方")
        (back,) = await zhou.receive()
    assert back["method"] == "sendPhoto" and back["text"] == "漏水的地方 100"
    async with Bot(token, base_url=f"{botapi_url}/bot",
                   base_file_url=f"{botapi_url}/file/bot") as bot:
        sent = await bot.send_photo(zhou.id, b"\x89PNG fake", caption="收到")
        data = await (await bot.get_file(sent.photo[-1].file_id)).download_as_bytearray()
        with pytest.raises(BadRequest, match="Message caption is too long"):
            await bot.send_photo(zhou.id, sent.photo[-1].file_id, caption="长" * 1025)
    assert bytes(data) == b"\x89PNG fake"


async def test_the_peer_runs_as_its_own_process() -> None:
    token = new_token()
    with running_peer((token,), process=True) as url:
        async with PeerClient(url) as peer, Bot(token, base_url=f"{url}/bot") as bot:
            wu = await peer.user(token, "吴九")
            await wu.say("你好")
            (update,) = await bot.get_updates()
            assert update.message is not None and update.message.text == "你好"
            await bot.get_updates(offset=update.update_id + 1)
            assert (await peer.stats(token))["confirmed"] == 1
        async with httpx.AsyncClient() as http:
            me = await http.get(f"{url}/bot{token}/getme")  # method names ignore case
            unknown = await http.post(f"{url}/bot{token}/sendTelepathy", json={})
            stranger = await http.get(f"{url}/bot1:NOBODY/getMe")
    assert me.json()["result"]["id"] == int(token.split(":")[0])
    assert (unknown.status_code, unknown.json()["description"]) == (404, "Not Found")
    assert (stranger.status_code, stranger.json()["description"]) == (401, "Unauthorized")


async def test_a_long_poll_answers_at_once_and_a_hung_up_one_takes_nothing(
        botapi_url: str, botapi_peer: PeerClient) -> None:
    token = await new_bot(botapi_peer)
    qian = await botapi_peer.user(token, "钱十")
    api = f"{botapi_url}/bot{token}/getUpdates"
    async with httpx.AsyncClient(timeout=10) as http:
        killed = asyncio.create_task(http.post(api, data={"timeout": "5"}))
        await asyncio.sleep(0.2)
        killed.cancel()  # the bot died while its long poll waited: the connection is gone
        await asyncio.gather(killed, return_exceptions=True)
        poll = asyncio.create_task(http.post(api, data={"timeout": "5"}))
        await asyncio.sleep(0.2)
        began = asyncio.get_running_loop().time()
        sent = await qian.say("有人吗")
        answer = await poll
        waited = asyncio.get_running_loop().time() - began
    assert [u["update_id"] for u in answer.json()["result"]] == [sent["update_id"]]
    assert waited < 1.0
    assert (await botapi_peer.updates(token))["handed_out"] == {str(sent["update_id"]): 1}


async def test_allowed_updates_and_drop_pending_updates(
        botapi_url: str, botapi_peer: PeerClient) -> None:
    token = await new_bot(botapi_peer)
    feng = await botapi_peer.user(token, "冯二")
    async with Bot(token, base_url=f"{botapi_url}/bot") as bot:
        await feng.say("丢掉我")
        await bot.delete_webhook(drop_pending_updates=True)
        await bot.get_updates(allowed_updates=["callback_query"])
        assert await feng.say("只要按钮") == {"filtered": True}
        assert await bot.get_updates(allowed_updates=[]) == ()
        await feng.say("又可以了")
        (update,) = await bot.get_updates()
    assert update.message is not None and update.message.text == "又可以了"
    stats = await botapi_peer.stats(token)
    assert (stats["created"], stats["dropped"], stats["filtered"]) == (2, 1, 1)


async def test_media_and_group_messages_parse_as_ptb_objects(
        botapi_url: str, botapi_peer: PeerClient) -> None:
    token = await new_bot(botapi_peer)
    group = await botapi_peer.add_group("3号楼邻里群")
    chen = await botapi_peer.user(token, "陈三", chat_id=group["id"])
    await chen.voice(duration=7)
    await chen.sticker("🙏")
    await chen.command(f"/help@{(await botapi_peer.add_bot(token))['username']}")
    async with Bot(token, base_url=f"{botapi_url}/bot") as bot:
        voice, sticker, command = (u.message for u in await bot.get_updates())
        reply = await bot.send_message(group["id"], "收到", reply_to_message_id=3)
        with pytest.raises(BadRequest, match="Message is not modified"):
            await bot.edit_message_text("收到", group["id"], reply.message_id)
        await bot.edit_message_text("收到了", group["id"], reply.message_id)
    assert voice is not None and voice.voice is not None and voice.voice.duration == timedelta(
        seconds=7)
    assert sticker is not None and sticker.sticker is not None and sticker.sticker.emoji == "🙏"
    assert command is not None and command.chat.type == "supergroup"
    assert command.entities[0].type == "bot_command" and (command.text or "").startswith("/help@")
    assert reply.reply_to_message is not None and reply.message_id == 4
