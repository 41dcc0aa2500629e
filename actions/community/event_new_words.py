"""Staff describing a new event in one sentence (下周三下午两点在社区活动室办个健康讲座 限30人):
the /new_event form opens with the title, the time, the place and the places already said, so
only what is missing is asked before the read-back. A question about a coming event (周五的讲座
几点开始), calling one off or moving it is something else."""

from __future__ import annotations

import re

from actions.community.common import cn_numbers, whole_message
from actions.community.events_staff import event_words_slots, require_organizer
from actions.core.context import Context
from actions.core.errors import Refused
from actions.core.forms import Slots
from actions.core.registry import answer_rule, handle_as

HOLD = r"(?:举办|举行|组织|安排|办|搞|开|弄|组)"
# 办个健康讲座 / 搞一场手工课 / 开个养生讲座: what comes after the verb is the title
TITLE = re.compile(HOLD + r"(?:[一1]\s*)?(?:个|场|次|期)\s*"
                   r"(?P<title>[^\s，,。！!：:；;、]{2,20}?)(?=$|[\s，,。！!；;、]|限|最多|不限|人数)")
# 在社区活动室办个 / 下午3点社区活动室开个: the place is said just before the verb
PLACE = re.compile(r"(?:在|[点半分]\s*)(?P<place>[^\s，,。！!：:；;、在\d]{2,15}?)\s*"
                   r"(?:加|再|另外?|又|还|多|临时|也|要|准备|打算|想|计划|会|给大家|为老人)?"
                   + HOLD)
CAPACITY = re.compile(r"(?:限|限制|最多|只收|只要|名额)\s*(?P<n>\d{1,4})\s*(?:个人|人|位|名|个)?|"
                      r"(?P<m>\d{1,4})\s*(?:个名额|人以内|人封顶)")
NO_LIMIT = re.compile(r"不限人数|人数不限|不限名额|名额不限|不限人")
AGE = re.compile(r"(?P<age>\d{2,3})\s*(?:岁|周岁)(?:及)?以上")
# not a description: a question, calling a date off, moving one
NOT_NEW = re.compile(r"吗|么|呢|[？?]|几点|哪|是不是|取消|不办|停办|改到|改在|推迟|提前|延期|挪到|"
                     r"换到|顺延|报名|参加")


def said_new_event(ctx: Context) -> Slots:
    """The slots a staff member's one sentence gives, each only when its validator takes it;
    empty when the words describe no new event with a time."""
    text = cn_numbers(whole_message(ctx))  # 限40人 60岁以上 may have been split off
    title = TITLE.search(text)
    if NOT_NEW.search(text) or title is None:
        return {}
    said: dict[str, str] = {"title": title.group("title"), "when": text}
    if (place := PLACE.search(text)) is not None:
        said["place"] = place.group("place")
    if NO_LIMIT.search(text):
        said["capacity"] = "不限"
    elif (capacity := CAPACITY.search(text)) is not None:
        said["capacity"] = capacity.group("n") or capacity.group("m")
    if (age := AGE.search(text)) is not None:
        said["min_age"] = age.group("age")
    if re.search(r"每周|每星期|每个?礼拜|每个?月", text):
        said["repeat"] = text
    slots = event_words_slots(ctx, said)
    return slots if {"title", "when"} <= slots.keys() else {}


@answer_rule(when=lambda ctx: ctx.person.community_id is not None and any(
    r.role in ("admin", "grid_worker", "grid_leader", "team_leader") for r in ctx.person.roles))
def describing_a_new_event(ctx: Context) -> bool:
    """下周三下午两点在社区活动室办个健康讲座 限30人, from staff: the new event's form."""
    slots = said_new_event(ctx)
    if not slots:
        return False
    try:
        require_organizer(ctx)
    except Refused:
        return False
    ctx.state.pop("later", None)  # the sentence's pieces are all in the form
    ctx.parse["new_event_slots"] = slots
    handle_as(ctx, "new_event")
    return True
