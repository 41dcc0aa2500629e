"""The overview: its charts count what happened, and the audit log names who did what."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from bot.console import ConsoleChat
from tests.helpers import play

Client = Callable[[str], TestClient]


def chart(page: str, name: str) -> dict[str, Any]:
    found = re.search(rf'id="chart-{name}" data-option="([^"]+)"', page)
    assert found, page[:300]
    return dict(json.loads(html.unescape(found.group(1))))


def test_the_charts_and_the_audit_log(console: ConsoleChat, staff_client: Client) -> None:
    play(console, "王秀英: 3栋2单元楼道灯不亮了\n王秀英: [跳过]\n王秀英: [确认]\n"
                  "刘芳: [接单]\n刘芳: [已解决]\n@at 2026-11-18 19:59\n@wait 1m\n王秀英: [平安]\n"
                  "赵磊: 明天中午订两份\n赵磊: 好的")
    page = staff_client("周敏").get("/overview")
    assert page.status_code == 200
    tickets = chart(page.text, "tickets")
    assert tickets["series"][0]["data"][-1] >= 1 and tickets["series"][1]["data"][-1] >= 1
    assert tickets["series"][2]["data"][-1] == 100
    assert chart(page.text, "checkins")["series"][0]["data"][-1] is not None
    canteen = chart(page.text, "canteen")
    assert sum(canteen["series"][0]["data"]) >= 2
    log = page.text.split('class="audit"')[1]
    assert "刘芳" in log and "接单" in log and "已解决" in log and "登录后台" in log


def test_only_those_who_oversee(staff_client: Client) -> None:
    assert staff_client("刘芳").get("/overview").status_code == 403
    assert staff_client("孙丽").get("/overview").status_code == 200  # grid leader
