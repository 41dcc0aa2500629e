"""The community page: announcements composed and cancelled through the chat's code (roles,
audit, the group messages), and what the community's life shows: events with their sign-ups,
votes with results, teams and the time bank (from the community_life story)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from actions.db import session_scope
from actions.db.community_life import Announcement
from actions.db.conversation import AuditLog, OutboxMessage
from bot.console import ConsoleChat
from bot.wiring import Linli

Client = Callable[[str], TestClient]
STORY = Path(__file__).resolve().parents[3] / "docs" / "scripts" / "community_life.txt"
RESIDENTS_GROUP = -1001000002


def audit_actions(linli: Linli) -> list[str]:
    with session_scope(linli.sessions) as session:
        return list(session.scalars(select(AuditLog.action).order_by(AuditLog.id)))


def test_an_announcement_now_reaches_the_groups(linli: Linli, staff_client: Client) -> None:
    done = staff_client("周敏").post("/community/announcements", data={
        "target": "全社区", "text": "周六上午社区义诊，欢迎参加。"})
    assert "flash ok" in done.text and "已发送" in done.text
    with session_scope(linli.sessions) as session:
        texts = session.scalars(select(OutboxMessage.text).where(
            OutboxMessage.chat_id == RESIDENTS_GROUP)).all()
    assert any("周六上午社区义诊" in t for t in texts)
    assert "announcement_create" in audit_actions(linli)


def test_a_scheduled_announcement_is_cancelled(linli: Linli, staff_client: Client) -> None:
    liu = staff_client("刘芳")
    done = liu.post("/community/announcements", data={
        "target": "第一网格", "text": "明天停水", "when": "2026-11-19T08:00"})
    assert "flash ok" in done.text and "待发送" in done.text
    with session_scope(linli.sessions) as session:
        found = session.scalars(select(Announcement)).one()
    done = liu.post(f"/community/announcements/{found.id}/cancel")
    assert "flash ok" in done.text and "已取消" in done.text
    assert audit_actions(linli)[-1] == "announcement_cancel"


def test_refusals_are_explained(linli: Linli, staff_client: Client) -> None:
    liu = staff_client("刘芳")  # a grid worker may not address the whole community
    assert "flash bad" in liu.post("/community/announcements", data={
        "target": "全社区", "text": "x"}).text
    assert "flash bad" in liu.post("/community/announcements", data={
        "target": "第一网格", "text": "x", "when": "2026-11-01T08:00"}).text  # the past
    assert "flash bad" in liu.post("/community/announcements", data={
        "target": "第一网格", "text": "  "}).text
    assert "announcement_create" not in audit_actions(linli)
    assert staff_client("吴桂芳").get("/community").status_code == 403


def test_events_votes_teams_and_the_time_bank(console: ConsoleChat,
                                              staff_client: Client) -> None:
    lines = STORY.read_text(encoding="utf-8").splitlines()
    morning = lines.index("@at 2026-11-19 07:59")
    console.run_script(lines[:morning])  # up to the evening before: the event is ahead
    page = staff_client("周敏").get("/community").text
    events = page.split('class="events"')[1].split("</table>")[0]
    assert "智能手机课" in events and "2/2" in events
    assert "义剪队" in page and "赵磊" in page.split("时间余额最多的")[1]
    votes = page.split('class="question"')[1].split("</div>")[0]
    assert "3号楼楼道要不要加装扶手" in votes and "进行中" in votes and "同意：1户" in votes
    console.run_script(lines[morning:])
    votes = staff_client("周敏").get("/community").text.split('class="question"')[1]
    assert "已结束" in votes and "社区答复：采纳" in votes
