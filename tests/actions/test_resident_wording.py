"""Never name a resident's category to her face (失能, 独居, 低保户 ...), and a traditional
writer's buttons come back in traditional characters (issue 14: wording)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from sqlalchemy import or_, select

from actions.db import session_scope
from actions.db.community import GroupChat, Resident, StaffRole
from actions.db.conversation import OutboxMessage
from bot.console import ConsoleChat
from bot.wiring import Linli
from nlu import to_traditional
from tests.helpers import play

ROOT = Path(__file__).resolve().parents[2]
# Office categories (and their traditional forms): what a file says about a person, never
# what the bot calls her.
CATEGORIES = ["失能", "半失能", "独居", "孤寡", "空巢", "困难户", "困难老人", "低保户", "特困",
              "五保", "贫困户", "残疾人", "残疾老人", "低收入", "痴呆"]
CATEGORY = re.compile("|".join(sorted({*CATEGORIES, *map(to_traditional, CATEGORIES)},
                                      key=len, reverse=True)))
# Templates only staff read (the alert to the grid worker, the building leader and the staff
# chat says who lives alone, because it changes who goes).
STAFF_ONLY = {"emergency_age_alone", "emergency_alone"}
STORIES = sorted((ROOT / "docs" / "scripts").glob("*.txt"))


def templates() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted((ROOT / "data" / "responses").glob("*.yml")):
        for key, value in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            found[key] = yaml.safe_dump(value, allow_unicode=True)
    return found


def test_no_template_names_a_category_unless_only_staff_read_it() -> None:
    named = {key: CATEGORY.findall(text) for key, text in templates().items()
             if key not in STAFF_ONLY and CATEGORY.search(text)}
    assert named == {}
    assert all(CATEGORY.search(templates()[key]) for key in STAFF_ONLY)  # the list is current


def resident_messages(linli: Linli) -> list[str]:
    """Every message sent to a person without a staff role or to a residents' group."""
    with session_scope(linli.sessions) as session:
        staff = select(StaffRole.person_id)
        residents = select(Resident.telegram_id).where(Resident.telegram_id.is_not(None),
                                                       Resident.id.not_in(staff))
        groups = select(GroupChat.chat_id).where(GroupChat.kind.in_(("community", "building")))
        return list(session.scalars(select(OutboxMessage.text).where(or_(
            OutboxMessage.chat_id.in_(residents), OutboxMessage.chat_id.in_(groups)))))


@pytest.mark.parametrize("story", STORIES, ids=[p.stem for p in STORIES])
def test_no_story_names_a_residents_category_to_her(console: ConsoleChat, linli: Linli,
                                                    story: Path) -> None:
    """Every story of docs/scripts through the real pipeline: what residents received."""
    console.run_script(story.read_text(encoding="utf-8").splitlines())
    said = resident_messages(linli)
    assert said  # the story reached residents
    assert [m for m in said if CATEGORY.search(m)] == []


def test_price_talk_to_a_cared_for_elder_names_no_category(console: ConsoleChat,
                                                           linli: Linli) -> None:
    """王秀英 (83, needs care) eats free: she is told so, not why."""
    out = play(console, "王秀英: 明天中午订一份\n王秀英: [到食堂吃]\n王秀英: [确认]\n"
                        "王秀英: 食堂谁免费 几点前订\n王秀英: 这周吃什么")
    assert "您这份免费" in out
    assert not CATEGORY.search(out), CATEGORY.findall(out)


def test_a_traditional_writer_gets_the_check_in_and_its_buttons_in_traditional(
        console: ConsoleChat) -> None:
    play(console, "王秀英: 謝謝你們")
    out = play(console, "@at 2026-11-18 20:00")
    asked = out.split("◂ 王秀英 | ")[1].split("  ◂ ")[0]
    assert "點一下告訴我們" in asked or "好嗎" in asked, asked
    assert "[有點不舒服]" in asked and "[需要幫助]" in asked and "[暫停幾天]" in asked
    assert "有点不舒服" not in asked and "需要帮助" not in asked
    out = play(console, "王秀英: [有點不舒服]")  # the label pressed, as shown
    assert "◂ 王秀英 | " in out and "不太明白" not in out
