"""The Bot API peer's webhook against the real python-telegram-bot 22.8, over HTTP on 127.0.0.1:
deliveries in order with the secret, retries of a 500 or a late answer, a bot that is down."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Bot

from tests.peers.botapi.client import PeerClient
from tests.peers.botapi.echo_bot import SECRET, echo_app, flaky_front, free_port, new_bot, webhook

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]


async def test_webhook_delivers_in_order_with_the_secret_and_retries_a_500(
        botapi_url: str, botapi_peer: PeerClient) -> None:
    token = await new_bot(botapi_peer)
    wang = await botapi_peer.user(token, "王五")
    ids = [(await wang.say(text))["update_id"] for text in ("一", "二", "三")]
    port = free_port()
    async with (flaky_front(f"http://127.0.0.1:{port}/hook", failures=2) as (front, state),
                webhook(echo_app(botapi_url, token), port, front) as app):
        assert await wang.texts(3) == ["echo: 一", "echo: 二", "echo: 三"]
        info = await app.bot.get_webhook_info()
    assert app.bot_data["seen"] == ids
    assert state["posts"] == [(ids[0], SECRET)] * 3 + [(i, SECRET) for i in ids[1:]]
    assert info.last_error_message == "Wrong response from the webhook: 500 Internal Server Error"
    assert info.pending_update_count == 0
    stats = await botapi_peer.stats(token)
    assert (stats["delivered"], stats["webhook_failures"], stats["pending"]) == (3, 2, 0)


async def test_a_late_webhook_answer_is_a_timeout_and_the_update_comes_again(
        botapi_url: str, botapi_peer: PeerClient) -> None:
    token = await new_bot(botapi_peer)
    await botapi_peer.set_webhook_options(timeout=0.5)
    he = await botapi_peer.user(token, "何二")
    port = free_port()
    async with (flaky_front(f"http://127.0.0.1:{port}/hook", lates=1) as (front, state),
                webhook(echo_app(botapi_url, token), port, front) as app):
        sent = await he.say("慢一点")
        assert await he.texts(2) == ["echo: 慢一点"] * 2  # handled twice: Telegram's way
        await asyncio.sleep(0.1)  # the late answer is written (to a closed connection)
    assert app.bot_data["seen"] == [sent["update_id"]] * 2
    stats = await botapi_peer.stats(token)
    assert (stats["delivered"], stats["handed_out_again"], stats["repeated_sends"]) == (1, 1, 1)
    assert stats["last_error_message"] == "Read timeout expired"


async def test_a_webhook_down_is_retried_until_the_bot_is_back(
        botapi_url: str, botapi_peer: PeerClient) -> None:
    token = await new_bot(botapi_peer)
    zheng = await botapi_peer.user(token, "郑一")
    port = free_port()
    hook = f"http://127.0.0.1:{port}/hook"
    async with Bot(token, base_url=f"{botapi_url}/bot") as bot:
        await bot.set_webhook(hook, secret_token=SECRET)  # then the bot was killed
        ids = [(await zheng.say(text))["update_id"] for text in ("报修", "厨房漏水")]
        while (await bot.get_webhook_info()).last_error_message != "Connection refused":
            await asyncio.sleep(0.05)
    async with webhook(echo_app(botapi_url, token), port, hook) as app:
        assert await zheng.texts(2) == ["echo: 报修", "echo: 厨房漏水"]
    assert app.bot_data["seen"] == ids
    stats = await botapi_peer.stats(token)
    assert stats["delivered"] == 2 and stats["webhook_failures"] >= 1
    assert stats["last_error_message"] == "Connection refused"


async def test_a_webhook_gives_up_only_when_told_to(
        botapi_url: str, botapi_peer: PeerClient) -> None:
    token = await new_bot(botapi_peer)
    await botapi_peer.set_webhook_options(max_attempts=3, retry_initial=0.01)
    lu = await botapi_peer.user(token, "卢四")
    async with Bot(token, base_url=f"{botapi_url}/bot") as bot:
        await bot.set_webhook(f"http://127.0.0.1:{free_port()}/hook")  # nobody listens
        await lu.say("没人收")
        while (await botapi_peer.stats(token))["given_up"] == 0:
            await asyncio.sleep(0.02)
        info = await bot.get_webhook_info()
    stats = await botapi_peer.stats(token)
    assert (stats["webhook_attempts"], stats["pending"], stats["handed_out"]) == (3, 0, 0)
    assert info.pending_update_count == 0 and info.last_error_message == "Connection refused"
