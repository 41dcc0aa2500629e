"""End to end in headless Chromium (Debian's package, driven by Playwright; no browser download):
a staff member logs in from the link the bot sent, accepts and resolves a ticket and the resident
receives the message; a check-in answered in the chat turns green on the Tonight page; a menu is
published and the kitchen list exported. Screenshots go to reports/console-e2e/.
"""

from __future__ import annotations

import csv
import io
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from actions.core.clock import ManualClock
from actions.core.settings import Settings
from bot.console import ConsoleChat
from bot.web.server import make_server
from bot.wiring import Linli, build
from nlu import NluModel
from tests.bot.web.webhelpers import sent_link
from tests.helpers import play, round_of

CHROMIUM = Path(os.environ.get("LINLI_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[3] / "reports" / "console-e2e"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

MENU = "周一：红烧肉、醋溜白菜、米饭\n周二：鱼香肉丝、蒜蓉油麦菜、米饭"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}: install "
                       "Debian's `chromium` and `fonts-noto-cjk` (.ci/run does)"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(settings: Settings, clock: ManualClock, nlu_model: NluModel
           ) -> Iterator[tuple[Linli, str]]:
    """The console served on a local port by uvicorn, on a Linli whose links point to it."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    linli = build(settings.model_copy(update={"console_url": url}), clock=clock,
                  parser=nlu_model, migrate=False)
    server = make_server(linli, f"127.0.0.1:{port}")
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield linli, url
    server.should_exit = True
    thread.join(timeout=10)
    linli.engine.dispose()


@pytest.fixture
def chat(served: tuple[Linli, str]) -> ConsoleChat:
    """The console chat on the served Linli (residents and staff in the messenger)."""
    return ConsoleChat(served[0], out=io.StringIO())


@pytest.fixture
def page(request: pytest.FixtureRequest) -> Iterator[Any]:
    """A Chromium page; a screenshot of it is kept whatever the outcome."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900},
                                      accept_downloads=True)
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        yield tab
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}-end.png"), full_page=True)
        browser.close()


def shot(page: Any, name: str) -> None:
    """A screenshot kept as a test artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def log_in(page: Any, linli: Linli, chat: ConsoleChat, who: str) -> None:
    """/console in the chat, open the link the bot sent, press 确认登录."""
    link = sent_link(linli, chat, who)
    assert link.startswith("http://127.0.0.1:")
    page.goto(link)
    shot(page, f"login-{who}")
    page.get_by_role("button", name="确认登录").click()
    page.wait_for_selector("header.top nav")


def test_accept_and_resolve_a_ticket(served: tuple[Linli, str], chat: ConsoleChat,
                                     page: Any) -> None:
    linli, _ = served
    play(chat, "王秀英: 3栋2单元楼道灯不亮了\n王秀英: [跳过]\n王秀英: [确认]")
    log_in(page, linli, chat, "刘芳")
    page.goto(served[1] + "/tickets")
    card = page.locator("section[data-status=new] a.card", has_text="楼道灯")
    card.click()
    page.wait_for_selector("#detail article.ticket")
    page.locator("#detail").get_by_role("button", name="接单").click()
    page.wait_for_selector("#detail .flash.ok")
    page.wait_for_selector("section[data-status=assigned] a.card:has-text('楼道灯')")
    shot(page, "ticket-accepted")
    page.locator("#detail").get_by_role("button", name="已解决", exact=True).click()
    page.wait_for_selector("#detail article[data-status=resolved]")
    page.wait_for_selector("section[data-status=resolved] a.card:has-text('楼道灯')")
    shot(page, "ticket-resolved")
    start = len(chat.out.getvalue())  # type: ignore[attr-defined]
    chat.deliver()  # the bot's sender delivers what the console queued
    delivered = str(chat.out.getvalue())[start:]  # type: ignore[attr-defined]
    assert "◂ 王秀英 | 您报的楼道灯（3栋2单元）有人负责了：刘芳" in delivered
    assert "◂ 王秀英 | " in delivered and "修好了吗" in delivered
    assert "[修好了] [还没好]" in delivered


def test_a_checkin_answered_in_the_chat_turns_green(served: tuple[Linli, str],
                                                    chat: ConsoleChat, page: Any) -> None:
    linli, url = served
    play(chat, "@at 2026-11-18 19:59\n@wait 1m")
    log_in(page, linli, chat, "孙丽")
    page.goto(url + "/tonight")
    wang = round_of(linli, "王秀英")
    row = page.locator(f"#round-{wang.id}")
    assert row.get_attribute("class") == "sent"
    shot(page, "tonight-before")
    play(chat, "王秀英: [平安]")
    page.wait_for_selector(f"#round-{wang.id}.answered", timeout=15_000)
    colour = row.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour == "rgb(232, 245, 233)"  # green
    page.wait_for_selector(".chart svg")  # ECharts drew the week's rates
    shot(page, "tonight-answered")


def test_publish_a_menu_and_export_the_kitchen_list(served: tuple[Linli, str],
                                                    chat: ConsoleChat, page: Any) -> None:
    linli, url = served
    play(chat, "赵磊: 明天中午订两份\n赵磊: 好的\n王秀英: 明天中午的饭送到家\n王秀英: [确认]")
    log_in(page, linli, chat, "吴桂芳")
    page.goto(url + "/canteen")
    page.fill("textarea[name=text]", MENU)
    page.get_by_role("button", name="发布菜单").click()
    page.wait_for_selector("#menu-panel .flash.ok")
    assert "红烧肉、醋溜白菜、米饭" in page.inner_text("#menu-panel table.menus")
    shot(page, "canteen-published")
    lunch = page.locator(".kitchen[data-meal=午餐]")
    assert "共3份（堂食2，送餐1）" in lunch.inner_text()
    with page.expect_download() as got:
        lunch.get_by_role("link", name="Excel").click()
    saved = ARTIFACTS / got.value.suggested_filename
    got.value.save_as(saved)
    assert saved.name == "kitchen-2026-11-19-lunch.xlsx"
    sheet = load_workbook(saved).active
    assert sheet is not None
    names = {row[2].value for row in sheet.iter_rows(min_row=2)}
    assert names == {"赵磊", "王秀英"}
    with page.expect_download() as got:
        lunch.get_by_role("link", name="CSV").click()
    text = Path(got.value.path()).read_text(encoding="utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[0][:3] == ["日期", "餐次", "姓名"]
    shot(page, "canteen-exported")


def test_every_page_on_a_phone_without_script_errors(served: tuple[Linli, str],
                                                     chat: ConsoleChat, page: Any) -> None:
    linli, url = served
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.set_viewport_size({"width": 390, "height": 844})
    play(chat, "王秀英: 3栋2单元楼道灯不亮了\n王秀英: [跳过]\n王秀英: [确认]\n"
               "@at 2026-11-18 19:59\n@wait 1m\n王秀英: [平安]")
    log_in(page, linli, chat, "周敏")
    for view in ("tickets", "tonight", "canteen", "mailbox", "residents", "community",
                 "overview"):
        page.goto(f"{url}/{view}")
        page.wait_for_selector("header.top nav a.here")
        if view in ("tonight", "overview"):
            page.wait_for_selector(".chart svg")
        shot(page, f"phone-{view}")
    page.goto(f"{url}/residents")
    page.fill("#q", "wxy")
    page.wait_for_selector("#found table.found")
    assert "王秀英" in page.inner_text("#found")
    assert errors == []
