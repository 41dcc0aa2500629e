"""End to end: the real Application over HTTP against the local Bot API peer on 127.0.0.1.

People write, send commands and press buttons through the peer; the bot runs in-process on the
test's event loop with its real handlers, pipeline, database, NLU model and sender.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import func, select

from actions.core.context import Tick
from actions.core.outbox import queue_message
from actions.core.people import new_invite_code
from actions.core.registry import JOBS, Job
from actions.db import session_scope
from actions.db.community import Resident
from actions.db.conversation import InboxItem, OutboxMessage
from bot.telegram.limiter import Rates
from bot.wiring import Linli
from tests.bot.telegram.peer import BOT, Person, RunningBot, start_bot
from tests.factories import community

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]

STAFF_GROUP = -1001000001  # 幸福里社区工作群 in data/demo/community.yml
LIU_FANG = 20001  # 刘芳, grid worker of buildings 1-4


# the tests type faster than any resident: Telegram's one-a-second per chat would only slow
# them down (the limiter has its own tests, and test_sender measures it through the peer)
FAST = Rates(private_per_second=20, group_per_minute=1200)


@pytest.fixture(params=["polling", "webhook"])
async def tg(request: pytest.FixtureRequest, tg_linli: Linli) -> AsyncIterator[RunningBot]:
    """The bot running against the peer, by long polling and behind its webhook."""
    running = await start_bot(tg_linli, mode=request.param, rates=FAST)
    yield running
    await running.stop()


@pytest.fixture
async def polling(tg_linli: Linli) -> AsyncIterator[RunningBot]:
    """The bot running against the peer by long polling."""
    running = await start_bot(tg_linli, rates=FAST)
    yield running
    await running.stop()


def person(http: httpx.AsyncClient, bot: RunningBot, user_id: int, name: str = "测试居民",
           chat_id: int | None = None) -> Person:
    peer = str(bot.app.bot.base_url).removesuffix(f"/bot{bot.token}")
    return Person(http, peer, bot.token, user_id=user_id, name=name, chat_id=chat_id,
                  title="幸福里社区工作群" if chat_id else "")


async def test_greeting_is_answered(tg: RunningBot, http: httpx.AsyncClient) -> None:
    resident = person(http, tg, 5001)
    await resident.say("你好")
    (reply,) = await resident.texts()
    assert "您好" in reply


async def test_help_buttons_are_inline_keyboards_and_pressing_one_works(
        tg: RunningBot, http: httpx.AsyncClient) -> None:
    resident = person(http, tg, 5002)
    await resident.command("/help")
    (menu,) = await resident.receive()
    rows = menu["message"]["reply_markup"]["inline_keyboard"]
    assert [b["text"] for b in rows[0]] == ["报修", "订饭"]
    await resident.press(menu, "常见问题")
    (faq,) = await resident.receive()
    assert faq["message"]["text"] == "您想了解哪一件事？"
    assert faq["message"]["reply_markup"]["inline_keyboard"]


async def test_start_with_an_invite_code_binds_the_account(
        polling: RunningBot, http: httpx.AsyncClient, tg_linli: Linli) -> None:
    code = new_invite_code()
    with session_scope(tg_linli.sessions) as session:
        home = community(session)
        session.add(Resident(name="孙桂英", display_name="孙桂英", community_id=home.id,
                             invite_code=code, created_at=tg_linli.clock.now()))
    newcomer = person(http, polling, 5003, name="Sun")
    await newcomer.command(f"/start {code}")
    bound, menu = await newcomer.texts(2)
    assert bound.startswith("孙桂英，您好！您的账号已经和社区的登记信息绑定好了")
    assert menu.startswith("我能帮您做这些事")
    with session_scope(tg_linli.sessions) as session:
        sun = session.scalars(select(Resident).where(Resident.name == "孙桂英")).one()
        assert (sun.telegram_id, sun.invite_code) == (5003, None)


async def test_start_with_a_bad_code_is_kindly_refused(
        polling: RunningBot, http: httpx.AsyncClient) -> None:
    stranger = person(http, polling, 5004)
    await stranger.command("/start not-a-real-code")
    assert await stranger.texts() == [ "这个邀请码不对或者已经用过了，请找社区工作人员再要一个。"]


async def test_registration_read_back_and_staff_verify_in_the_staff_group(
        polling: RunningBot, http: httpx.AsyncClient) -> None:
    xiaoliu = person(http, polling, 5005, name="小刘")
    for said, asked in [("我刚搬来想登记一下", "怎么称呼"), ("我叫刘小明", "几号楼"),
                        ("3号楼", "几单元"), ("2单元", "门牌号"), ("501", "电话")]:
        await xiaoliu.say(said)
        (question,) = await xiaoliu.receive()
        assert asked in question["message"]["text"]
    await xiaoliu.press(question, "跳过")
    (summary,) = await xiaoliu.receive()
    assert "住址：幸福里社区3号楼2单元501" in summary["message"]["text"]
    await xiaoliu.press(summary, "确认")
    (done,) = await xiaoliu.texts()
    assert done.startswith("登记好了")

    liu_fang = person(http, polling, LIU_FANG, name="刘芳", chat_id=STAFF_GROUP)
    (request,) = await liu_fang.receive()
    assert request["message"]["text"].startswith("【新登记待核实】刘小明")
    await liu_fang.press(request, "核实通过")
    assert await liu_fang.texts() == ["已核实：刘小明，3栋2单元501。"]
    (verified,) = await xiaoliu.texts()
    assert "已经核实好了" in verified


async def test_in_a_group_only_commands_mentions_and_replies_are_answered(
        polling: RunningBot, http: httpx.AsyncClient, tg_linli: Linli) -> None:
    group = person(http, polling, 5006, chat_id=-1002000006)
    await group.say("你好")  # talking to the neighbours, not to the bot
    await group.command("/help@SomeOtherBot")
    await group.mention("你好")
    (greeting,) = await group.receive()  # the first answer is the mention's
    assert "您好" in greeting["message"]["text"]
    await group.command("/help")
    (menu,) = await group.texts()
    assert menu.startswith("我能帮您做这些事")
    reply_to = {"message_id": greeting["messageId"], "date": 0, "chat": group.chat, "from": BOT,
                "text": greeting["message"]["text"]}
    await group.say("你好", reply_to_message=reply_to)
    (again,) = await group.texts()
    assert "您好" in again
    with session_scope(tg_linli.sessions) as session:
        handled = session.scalar(select(func.count()).select_from(InboxItem))
    assert handled == 3


async def test_a_photo_with_a_caption_is_handled_and_a_photo_is_sent(
        polling: RunningBot, http: httpx.AsyncClient, tg_linli: Linli) -> None:
    resident = person(http, polling, 5007)
    await resident.photo(["PHOTO-90", "PHOTO-320", "PHOTO-1280"], caption="你好")
    (reply,) = await resident.texts()
    assert "您好" in reply
    with session_scope(tg_linli.sessions) as session:
        queue_message(session, chat_id=5007, text="楼道灯修好了", photo="PHOTO-1280",
                      now=tg_linli.clock.now())
    polling.sender.kick()
    (sent,) = await resident.receive()
    assert (sent["message"]["photo"], sent["message"]["text"]) == ("PHOTO-1280", "楼道灯修好了")


async def test_webhook_checks_the_secret_token_and_a_redelivered_update_is_handled_once(
        tg_linli: Linli, http: httpx.AsyncClient) -> None:
    running = await start_bot(tg_linli, mode="webhook", secret="s3cret-Token_1", rates=FAST)
    try:
        assert running.webhook is not None
        resident = person(http, running, 5008)
        update = {"update_id": 990001, "message": {
            "message_id": 1, "date": 1_700_000_000, "chat": resident.chat, "from": resident.user,
            "text": "你好"}}
        secret = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-Token_1"}
        wrong = {"X-Telegram-Bot-Api-Secret-Token": "guess"}
        assert (await http.post(running.webhook, json=update)).status_code == 403
        assert (await http.post(running.webhook, json=update, headers=wrong)).status_code == 403
        for _ in range(2):  # Telegram sends it again when it missed our answer
            response = await http.post(running.webhook, json=update, headers=secret)
            assert response.status_code == 200
        help_update = {"update_id": 990002, "message": {
            **update["message"], "message_id": 2, "text": "/help",
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}]}}
        await http.post(running.webhook, json=help_update, headers=secret)
        greeting, menu = await resident.texts(2)  # updates are handled in order
        assert "您好" in greeting and menu.startswith("我能帮您做这些事")
        await running.sender.deliver()
        assert await resident.unread() == []
        with session_scope(tg_linli.sessions) as session:
            assert session.scalar(select(func.count()).select_from(InboxItem)) == 2
    finally:
        await running.stop()


async def test_the_webhook_answers_once_the_update_is_handled_in_one_commit(
        tg_linli: Linli, http: httpx.AsyncClient) -> None:
    running = await start_bot(tg_linli, mode="webhook", rates=FAST)
    try:
        assert running.webhook is not None
        resident = person(http, running, 5010)
        update = {"update_id": 990101, "message": {
            "message_id": 1, "date": 1_700_000_000, "chat": resident.chat, "from": resident.user,
            "text": "你好"}}
        assert (await http.post(running.webhook, json=update)).status_code == 200
        with session_scope(tg_linli.sessions) as session:  # before any worker run
            item = session.scalars(select(InboxItem).where(InboxItem.update_id == 990101)).one()
            assert (item.status, item.attempts) == ("done", 1)
            assert session.scalar(select(func.count()).select_from(OutboxMessage).where(
                OutboxMessage.chat_id == resident.chat["id"])) == 1
    finally:
        await running.stop()


async def test_a_blocked_chat_is_reported_to_the_staff_chat_once(
        polling: RunningBot, http: httpx.AsyncClient, tg_linli: Linli) -> None:
    polling.request.refuse[10001] = [(403, "Forbidden: bot was blocked by the user", {})]
    with session_scope(tg_linli.sessions) as session:  # 王秀英 of the demo, tg 10001
        for text in ("今晚8点平安打卡", "明天的饭订好了"):
            queue_message(session, chat_id=10001, text=text, now=tg_linli.clock.now())
    await polling.sender.deliver()
    staff = person(http, polling, LIU_FANG, chat_id=STAFF_GROUP)
    (report,) = await staff.texts()
    assert report.startswith("【消息没送到】王秀英：对方屏蔽了机器人，或者还没打开过它。共 2 条")
    assert "平安打卡" not in report  # who and why, not what
    await polling.sender.deliver()
    await asyncio.sleep(0.1)
    assert await staff.unread() == []
    with session_scope(tg_linli.sessions) as session:
        failed = session.scalars(select(OutboxMessage).where(OutboxMessage.chat_id == 10001))
        assert all(m.failed_at and m.error and "blocked" in m.error for m in failed)


async def test_the_outbox_tick_delivers_what_jobs_queued(
        tg_linli: Linli, http: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def ping(tick: Tick) -> None:  # an idempotent job: once, whatever the number of ticks
        tick.notify(5009, "叮咚，这是定时任务发的", dedupe_key="test-ping")

    monkeypatch.setitem(JOBS, "test_ping", Job("test_ping", ping))
    running = await start_bot(tg_linli, rates=FAST, jobs_every=0.1, outbox_every=0.1)
    try:
        resident = person(http, running, 5009)
        assert await resident.texts() == ["叮咚，这是定时任务发的"]
        with session_scope(tg_linli.sessions) as session:
            queue_message(session, chat_id=5009, text="没人催也会发", now=tg_linli.clock.now())
        assert await resident.texts() == ["没人催也会发"]  # no update, no kick: the tick
        await asyncio.sleep(0.3)
        assert await resident.unread() == []
    finally:
        await running.stop()


async def test_a_voice_message_goes_to_a_person_who_listens_and_calls_back(
        polling: RunningBot, http: httpx.AsyncClient) -> None:
    resident = person(http, polling, 5011)
    voice = {"file_id": "VOICE-1", "file_unique_id": "v1", "duration": 4}
    await resident.say("", voice=voice)
    (reply,) = await resident.texts()
    assert "回电话" in reply and "022-2833 5566" in reply
    staff = person(http, polling, LIU_FANG, chat_id=STAFF_GROUP)  # a newcomer: the staff chat
    voice_note, card = await staff.receive(2)
    assert voice_note["message"]["voice_file_id"] == "VOICE-1"  # the audio itself (sendVoice)
    assert "发来一条语音" in card["message"]["text"]


async def test_a_photo_from_another_messenger_leaves_the_text_alone(
        polling: RunningBot, tg_linli: Linli, http: httpx.AsyncClient) -> None:
    with session_scope(tg_linli.sessions) as session:
        queue_message(session, chat_id=5013, text="【新报修】楼道灯", photo="wecom_kf:MEDIA1",
                      now=tg_linli.clock.now())
    polling.sender.kick()
    (got,) = await person(http, polling, 5013).receive()
    assert got["message"]["text"] == "【新报修】楼道灯" and "photo" not in got["message"]


async def test_an_undelivered_answer_to_an_anonymous_letter_does_not_name_its_writer(
        polling: RunningBot, http: httpx.AsyncClient, tg_linli: Linli) -> None:
    polling.request.refuse[10001] = [(403, "Forbidden: bot was blocked by the user", {})]
    with session_scope(tg_linli.sessions) as session:  # 王秀英 wrote anonymously
        queue_message(session, chat_id=10001, text="您的信有答复了", now=tg_linli.clock.now(),
                      dedupe_key="anon:mb-answer:1")
    await polling.sender.deliver()
    staff = person(http, polling, LIU_FANG, chat_id=STAFF_GROUP)
    (report,) = await staff.texts()
    assert "王秀英" not in report and "匿名来信" in report
