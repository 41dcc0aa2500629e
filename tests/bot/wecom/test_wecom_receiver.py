"""The callback URL: verification, encrypted callbacks stored before they are answered, refusals.

The peer signs and encrypts with its own crypto (tests/peers/wecom/crypto.py, checked against
Tencent's sample vectors); the channel's crypto (bot/wecom/crypto.py) must agree with it.
"""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import create_engine, func, select

from actions.db import session_scope
from actions.db.conversation import InboxItem
from tests.bot.wecom.conftest import RunningWeCom
from tests.peers.wecom.callbacks import member_message
from tests.peers.wecom.crypto import WeComCrypto, callback_envelope

pytestmark = pytest.mark.asyncio(loop_scope="session")

async def test_url_verification_answers_the_plain_echostr(running: RunningWeCom) -> None:
    result = await running.eventually(running.peer.verify_url)
    assert result["verified"], result


def _inbox(running: RunningWeCom) -> list[InboxItem]:
    with session_scope(running.linli.sessions) as session:
        items = list(session.scalars(select(InboxItem).order_by(InboxItem.id)))
        session.expunge_all()
        return items


async def test_text_image_voice_and_click_are_stored_once(running: RunningWeCom) -> None:
    peer = running.peer
    peer.add_member("zhangsan", "张三")
    peer.member_says("zhangsan", "你好", wait=False)
    peer.member_sends("zhangsan", "image", wait=False)
    peer.member_sends("zhangsan", "voice", wait=False)
    peer.member_event("zhangsan", "click", "/help", wait=False)
    peer.member_event("zhangsan", "enter_agent", wait=False)  # nothing for the pipeline
    items = await running.eventually(lambda: (i := _inbox(running)) and len(i) >= 4 and i)
    said = sorted(str(i.payload["text"] or i.payload["photo"]) for i in items)  # in any order
    assert said[0] == "/help" and said[1].startswith("/voice_message wecom_app:")
    assert said[2].startswith("wecom_app:") and said[3] == "你好"
    assert {i.source for i in items} == {"wecom_app"}
    assert len({i.chat_id for i in items}) == 1
    deliveries = await running.eventually(lambda: [
        d for d in peer.deliveries() if d["delivered"]] if len(
            [d for d in peer.deliveries() if d["delivered"]]) == 5 else None)
    assert all(d["attempts"][-1]["status"] == 200 for d in deliveries)
    assert len(_inbox(running)) == 4


async def test_a_callback_the_database_cannot_take_is_refused_and_retried(
        running: RunningWeCom) -> None:
    peer = running.peer
    peer.add_member("lisi", "李四")
    broken = create_engine("sqlite:////nonexistent/dir/linli.db")
    running.linli.sessions.configure(bind=broken)
    try:
        peer.member_says("lisi", "你好", wait=False)
        delivery = await running.eventually(
            lambda: (d := peer.deliveries()) and len(d[-1]["attempts"]) == 4 and d[-1])
    finally:
        running.linli.sessions.configure(bind=running.linli.engine)
        broken.dispose()
    assert [a["status"] for a in delivery["attempts"]] == [503] * 4  # WeCom tried 1 + 3 times


async def test_a_forged_callback_is_refused_and_not_stored(running: RunningWeCom) -> None:
    cfg = running.peer.config()
    forger = WeComCrypto(cfg["token"], cfg["encoding_aes_key"], cfg["corp_id"])
    plain = member_message(cfg["corp_id"], "mallory", 1, "text", {"Content": "假的"}, 7, 1)
    encrypt = forger.encrypt(plain)
    url = f"http://127.0.0.1:{running.channel.port}/wecom/callback"
    params = {"msg_signature": "0" * 40, "timestamp": "1", "nonce": "2"}
    async with httpx.AsyncClient() as http:
        answer = await http.post(url, params=params,
                                 content=callback_envelope(cfg["corp_id"], encrypt, "1"))
    assert answer.status_code == 403
    with session_scope(running.linli.sessions) as session:
        assert session.scalar(select(func.count()).select_from(InboxItem)) == 0
