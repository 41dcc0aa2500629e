"""The app itself: htmx and ECharts served from npm's files (no CDN), logs that name routes and
never paths (links carry secrets), the console started beside the bot on 127.0.0.1."""

from __future__ import annotations

import logging
import re
import socket
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from actions.core.settings import Settings
from bot.console import ConsoleChat
from bot.web.app import MissingAssets, vendor_dir
from bot.web.server import host_port, start_beside_bot
from bot.wiring import Linli
from tests.bot.web.webhelpers import sent_link

TEMPLATES = Path(__file__).resolve().parents[3] / "bot" / "web" / "templates"


def test_htmx_and_echarts_come_from_the_app(web: TestClient) -> None:
    for name in ("htmx.min.js", "echarts.min.js"):
        got = web.get(f"/static/vendor/{name}")
        assert got.status_code == 200 and got.headers["content-type"].startswith(
            "text/javascript") and len(got.content) > 10_000
    assert web.get("/static/console.css").status_code == 200


def test_no_page_loads_anything_from_elsewhere() -> None:
    for path in TEMPLATES.glob("*.html"):
        assert not re.search(r'(src|href)="(https?:)?//', path.read_text(encoding="utf-8")), path


def test_missing_assets_say_how_to_install_them(tmp_path: Path) -> None:
    with pytest.raises(MissingAssets, match="npm ci --prefix bot/web"):
        vendor_dir(tmp_path)


def test_logs_name_the_route_never_the_secret(linli: Linli, console: ConsoleChat,
                                              web: TestClient,
                                              caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="bot.web.app")
    link = sent_link(linli, console, "刘芳")
    secret = link.rsplit("/", 1)[1]
    got = web.get("/login/" + secret)
    assert "app;dur=" in got.headers["Server-Timing"]
    assert "GET /login/{secret} 200" in caplog.text and secret not in caplog.text


def test_the_console_starts_beside_the_bot(settings: Settings,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    thread = start_beside_bot(settings.model_copy(update={"console_listen": f"127.0.0.1:{port}",
                                                 "console_url": url}))
    assert url in capsys.readouterr().out
    for _ in range(100):
        try:
            got = httpx.get(url + "/login/not-a-link", timeout=2)
            break
        except httpx.ConnectError:
            time.sleep(0.05)
    thread.stop()
    assert got.status_code == 410 and "链接已失效" in got.text
    assert host_port("127.0.0.1:8600") == ("127.0.0.1", 8600)
