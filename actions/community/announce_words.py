"""Staff announcing in words (通知3号楼住户 明天上午停水 / 发个通知给全社区：周六义诊): the
/announce form opens with the target and the text already said, so only what is missing (groups
or private too, when) is asked. A staff member's 通知3号楼... is an order, not a question about
past notices."""

from __future__ import annotations

import re

from actions.community.common import community_of, parse_target
from actions.core.context import Context
from actions.core.errors import Invalid
from actions.core.forms import Slots
from actions.core.registry import answer_rule, handle_as
from nlu import normalize

# 发个通知给3号楼： / 通知一下全社区 / 给3号楼发通知：: the lead naming whom, then the text
LEAD = re.compile(
    r"^(?:请|帮我|麻烦)?(?:给(?P<to1>[^，,：:\s]{1,8}?)(?:的?住户|的?居民|的人|群)?)?"
    r"(?:发|群发|发布|出)?(?:个|一个|一条|一下)?(?:通知|公告)(?:一下)?"
    r"(?:给|到|发给)?(?P<to2>全社区|全体居民|全体|所有人|所有居民|第[一二三四五六七八九十\d]+网格"
    r"|[\d一二三四五六七八九十]+(?:号楼|号|栋|幢))?(?:的?住户|的?居民|的人|大家|群)?"
    r"\s*[：:，,。\s]\s*(?P<text>.{4,})$")
STAFF_ROLES = ("admin", "grid_worker", "grid_leader")


def said_announcement(ctx: Context, text: str) -> Slots:
    """The target and the text a staff member's words give (each only when it reads right)."""
    match = LEAD.match(text.strip())
    if match is None:
        return {}
    slots: Slots = {"text": match.group("text").strip()}
    named = match.group("to1") or match.group("to2")
    if named:
        try:
            target = parse_target(ctx.session, community_id=community_of(ctx), text=named)
        except Invalid:
            return slots
        slots["target"] = {"scope": target.scope, "label": target.label,
                           "grid_id": target.grid_id, "building_id": target.building_id}
    return slots


def is_staff(ctx: Context) -> bool:
    return ctx.person.community_id is not None and any(
        r.role in STAFF_ROLES for r in ctx.person.roles)


@answer_rule
def announcing_in_words(ctx: Context) -> bool:
    """通知3号楼住户 明天上午停水, from staff: the announce form, with what was said."""
    if ctx.intent not in ("query_announcements", "announce") or not is_staff(ctx) \
            or "target" not in said_announcement(ctx, normalize(ctx.text)):
        return False
    handle_as(ctx, "announce")
    return True
