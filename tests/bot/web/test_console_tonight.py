"""Tonight: the round live (an answer in the chat turns the row green), who is asked now, the
open escalations with contacts and phones, the week's rates; each staff member sees their own
elders; escalation buttons run the chat's handlers."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import select

from actions.db import session_scope
from actions.db.conversation import AuditLog
from bot.console import ConsoleChat
from bot.wiring import Linli
from tests.helpers import play, round_of

Client = Callable[[str], TestClient]


def row_of(page: str, round_id: int) -> str:
    """The table row of one round."""
    found = re.search(rf'<tr class="([a-z]+)" id="round-{round_id}".*?</tr>', page, re.S)
    assert found, page
    return found.group(0)


def start_round(console: ConsoleChat) -> None:
    play(console, "@at 2026-11-18 19:59\n@wait 1m")


def test_an_answer_in_the_chat_turns_the_row_green(linli: Linli, console: ConsoleChat,
                                                   staff_client: Client) -> None:
    start_round(console)
    sun = staff_client("孙丽")
    wang = round_of(linli, "王秀英")
    page = sun.get("/tonight")
    assert page.status_code == 200 and 'hx-trigger="every 5s"' in page.text
    assert 'class="sent"' in row_of(page.text, wang.id)
    play(console, "王秀英: [平安]")
    live = sun.get("/tonight/live").text
    assert 'class="answered"' in row_of(live, wang.id) and "已回复：平安" in live
    assert '<b id="n-answered">1</b>' in live


def test_reminders_escalations_and_who_is_asked_now(linli: Linli, console: ConsoleChat,
                                                    staff_client: Client) -> None:
    start_round(console)
    play(console, "王秀英: [平安]\n张桂兰: [平安]\n@at 2026-11-18 20:30")
    sun = staff_client("孙丽")
    qian = round_of(linli, "钱淑珍")
    assert "已提醒，等回复" in row_of(sun.get("/tonight/live").text, qian.id)
    play(console, "@at 2026-11-18 21:00")
    live = staff_client("孙丽").get("/tonight/live").text
    assert "已上报，正在问：钱小燕" in row_of(live, qian.id)
    escalation = live.split(f'id="escalation-{qian.id}"')[1].split("</div>")[0]
    assert "钱小燕" in escalation and "13902231002" in escalation and "（已问）" in escalation
    assert "楼长 冯玉梅" in escalation  # the next ones, with their phones


def test_confirming_safe_from_the_console_is_the_chat_button(
        linli: Linli, console: ConsoleChat, staff_client: Client) -> None:
    start_round(console)
    play(console, "王秀英: [平安]\n张桂兰: [平安]\n@at 2026-11-18 21:00")
    qian = round_of(linli, "钱淑珍")
    done = staff_client("孙丽").post(f"/tonight/rounds/{qian.id}", data={"do": "safe"})
    assert "flash ok" in done.text
    assert round_of(linli, "钱淑珍").status == "confirmed"
    with session_scope(linli.sessions) as session:
        assert session.scalars(select(AuditLog.target).where(
            AuditLog.action == "checkin_confirm")).all() == [f"checkin_round:{qian.id}"]
    assert "已确认平安，待填结果" in done.text


def test_each_sees_their_own_elders(linli: Linli, console: ConsoleChat,
                                    staff_client: Client) -> None:
    start_round(console)
    wang, qian = round_of(linli, "王秀英"), round_of(linli, "钱淑珍")
    liu = staff_client("刘芳").get("/tonight").text  # 第一网格: 王秀英's building
    assert f'id="round-{wang.id}"' in liu and f'id="round-{qian.id}"' not in liu
    feng = staff_client("冯玉梅").get("/tonight").text  # 第六楼组's building leader
    assert f'id="round-{qian.id}"' in feng and f'id="round-{wang.id}"' not in feng
    assert staff_client("吴桂芳").get("/tonight").status_code == 403


def test_the_week_chart_per_building(linli: Linli, console: ConsoleChat,
                                     staff_client: Client) -> None:
    start_round(console)
    play(console, "王秀英: [平安]")
    page = staff_client("孙丽").get("/tonight").text
    found = re.search(r'data-option="([^"]+)"', page)
    assert found
    option = json.loads(html.unescape(found.group(1)))
    assert "3号楼" in option["xAxis"]["data"]
    assert '<script src="/static/vendor/echarts.min.js"' in page
