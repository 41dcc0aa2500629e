"""Staff asking in words for what their commands do: 我要发布一个活动 (/new_event), 发个通知
(/announce), 发起一个投票 (/vote_new). Read only for people who hold a staff role; residents
saying the same get what they always got."""

from __future__ import annotations

import re

from actions.core.context import Context
from actions.core.registry import HANDLERS, answer_rule
from nlu import normalize

# what staff say, and the command it means; the words must lead (not 活动发布了吗)
ASKED = [
    (re.compile(r"^(?:我|我们)?(?:要|想|准备|得)?(?:发布|发|新建|建|组织|安排|办|搞)(?:一个|个|一场|场)?"
                r"(?:新)?活动"), "new_event"),
    (re.compile(r"^(?:我|我们)?(?:要|想|准备|得)?(?:发|发布|推送)(?:一个|个|一条|条)?(?:通知|公告)"),
     "announce"),
    (re.compile(r"^(?:我|我们)?(?:要|想|准备|得)?(?:发起|发|开)(?:一个|个|一次|次)?(?:投票|议事|表决)"),
     "vote_new"),
    (re.compile(r"(?:签到|点名|考勤|记一下谁来了)$"), "attendance"),
]
STAFF_ROLES = {"admin", "grid_worker", "grid_leader", "team_leader"}
WITH_WORDS = {"vote_new"}  # the announce form reads the whole message itself


@answer_rule
def staff_command_in_words(ctx: Context) -> bool:
    """我要发布一个活动, from staff: the command's form, as if they had typed it."""
    text = normalize(ctx.text).strip()
    found = next(((name, m) for words, name in ASKED if (m := words.search(text))), None)
    if found is None or not any(r.role in STAFF_ROLES for r in ctx.person.roles):
        return False
    command, lead = found
    rest = text[lead.end():].strip(" ：:，,。")
    # 发起一个投票 3号楼要不要加装电梯: the words after the lead are the command's arguments
    ctx.args = rest if command in WITH_WORDS and len(rest) >= 4 else ""
    ctx.parse["intent"] = {"name": command, "confidence": 1.0}  # the form reads what was said
    HANDLERS[command](ctx)
    return True
