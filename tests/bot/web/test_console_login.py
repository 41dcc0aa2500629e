"""Logging in: /console sends a one-time link; a GET shows only a confirm button; the POST
spends it; sessions end; residents get no link."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from actions.console_login import IDLE_MINUTES, LINK_MINUTES, SESSION_HOURS
from actions.core.clock import ManualClock
from actions.db import session_scope
from actions.db.console import ConsoleLink
from actions.db.conversation import AuditLog
from bot.console import ConsoleChat
from bot.wiring import Linli
from tests.bot.web.webhelpers import log_in, sent_link


def _path(link: str) -> str:
    return "/login/" + link.rsplit("/login/", 1)[1]


def test_the_link_comes_in_the_chat_and_a_get_logs_no_one_in(
        linli: Linli, console: ConsoleChat, web: TestClient) -> None:
    link = sent_link(linli, console, "刘芳")
    assert link.startswith(linli.settings.console_url)
    for _ in range(3):  # a messenger's preview, then the person: nothing is spent
        page = web.get(_path(link))
        assert page.status_code == 200 and "确认登录" in page.text
    assert "linli_console" not in web.cookies
    assert web.get("/tickets").status_code == 401
    confirmed = web.post(_path(link), follow_redirects=False)
    assert confirmed.status_code == 303 and "linli_console" in web.cookies
    assert web.get("/tickets").status_code == 200


def test_a_link_works_once_and_only_its_hash_is_stored(
        linli: Linli, console: ConsoleChat, web: TestClient) -> None:
    link = sent_link(linli, console, "刘芳")
    secret = link.rsplit("/", 1)[1]
    with session_scope(linli.sessions) as session:
        stored = session.scalars(select(ConsoleLink.token_hash)).all()
    assert stored and secret not in stored
    assert web.post(_path(link), follow_redirects=False).status_code == 303
    other = TestClient(web.app)
    assert other.get(_path(link)).status_code == 410
    assert other.post(_path(link), follow_redirects=False).status_code == 200
    assert "linli_console" not in other.cookies


def test_links_and_sessions_expire(linli: Linli, console: ConsoleChat, web: TestClient,
                                   clock: ManualClock) -> None:
    link = sent_link(linli, console, "刘芳")
    clock.advance(timedelta(minutes=LINK_MINUTES + 1))
    assert web.post(_path(link), follow_redirects=False).status_code == 200
    assert web.get("/tickets").status_code == 401
    log_in(web, linli, console, "刘芳")
    clock.advance(timedelta(minutes=IDLE_MINUTES - 5))
    assert web.get("/tickets").status_code == 200
    clock.advance(timedelta(minutes=IDLE_MINUTES + 1))
    assert web.get("/tickets").status_code == 401  # idle too long
    log_in(web, linli, console, "刘芳")
    for _ in range(SESSION_HOURS):
        clock.advance(timedelta(minutes=59))
        web.get("/tickets")
    clock.advance(timedelta(minutes=SESSION_HOURS + 1))
    assert web.get("/tickets").status_code == 401  # past the session's fixed end


def test_logging_out_ends_the_session(linli: Linli, console: ConsoleChat,
                                      web: TestClient) -> None:
    log_in(web, linli, console, "刘芳")
    cookie = web.cookies["linli_console"]
    assert web.post("/logout").headers["HX-Redirect"] == "/"
    web.cookies.set("linli_console", cookie)
    assert web.get("/tickets").status_code == 401


def test_a_resident_gets_no_link(linli: Linli, console: ConsoleChat) -> None:
    console.say("王秀英", "/console")
    assert "员工后台是给社区工作人员用的" in console.out.getvalue()  # type: ignore[attr-defined]
    assert "/login/" not in console.out.getvalue()  # type: ignore[attr-defined]


def test_the_link_is_sent_privately_when_asked_in_a_group(linli: Linli,
                                                          console: ConsoleChat) -> None:
    from actions.core.pipeline import Incoming
    from actions.db.community import GroupChat
    from actions.db.conversation import OutboxMessage

    with session_scope(linli.sessions) as session:
        group = session.scalars(select(GroupChat.chat_id).where(GroupChat.kind == "staff")).first()
    assert group is not None
    linli.conversation.handle(Incoming("console", 20001, group, "刘芳", 1, text="/console"))
    with session_scope(linli.sessions) as session:
        to_group = session.scalars(select(OutboxMessage.text).where(
            OutboxMessage.chat_id == group)).all()
        to_her = session.scalars(select(OutboxMessage.text).where(
            OutboxMessage.chat_id == 20001)).all()
    assert any("私信" in text for text in to_group)
    assert not any("/login/" in text for text in to_group)
    assert any("/login/" in text for text in to_her)


def test_a_post_without_the_csrf_token_is_refused(linli: Linli, console: ConsoleChat,
                                                  web: TestClient) -> None:
    log_in(web, linli, console, "刘芳")
    del web.headers["X-CSRF-Token"]
    assert web.post("/logout").status_code == 403


def test_the_login_is_audited(linli: Linli, console: ConsoleChat, web: TestClient) -> None:
    log_in(web, linli, console, "刘芳")
    with session_scope(linli.sessions) as session:
        assert session.scalars(select(AuditLog.action).where(
            AuditLog.action == "console_login")).all() == ["console_login"]
