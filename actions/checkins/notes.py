"""Words in an evening's check-in that press no button: an elder's chat while her check-in waits
(还活着呢 哈哈: she is there, so it is an answer), and a contact's notes while looking for her
(我马上过去看看: kept for the staff chat, the buttons offered again; never a repair or a
letter). Danger words never get here: the safety layer took them first.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from actions.checkins.common import contact_keyboard, tell_staff, who
from actions.checkins.elder import answer_round
from actions.checkins.escalation import close
from actions.core.context import Context
from actions.core.registry import answer_rule
from actions.core.safety import speaking as who_speaks
from actions.core.texts import keyboard_from_json
from actions.db.checkins import CheckinRound, open_round

# what an elder may write under tonight's check-in that asks for nothing else
CHAT = {"out_of_scope", "nlu_fallback", "greet", "thank", "goodbye"}
# ... unless it asks something (投票结果出来了吗): a question goes to whoever answers it
QUESTION = re.compile(r"吗|嗎|？|\?|什么|什麼|啥|几|幾|哪|怎么|怎麼|咋|多少|是不是|"
                      r"有没有|有沒有|了没|了沒")
# 这是干啥的 / 什么意思: what the check-in is, asked under it
WHAT_IS_IT = re.compile(r"^(?:这|這|这个|這個|你这|你這)?(?:是)?(?:干啥|干什么|幹啥|"
                        r"幹什麼|做什么|做什麼|干嘛|幹嘛|啥意思|什么意思|什麼意思|怎么回事|"
                        r"怎麼回事|啥东西|啥東西|是啥|是什么|是什麼)(?:的|用的)?[啊呀呢？?]*$")
# ... or said with more (这是干啥的 天天问), unless the message answers the check-in too
WHAT_IS_WITH_MORE = re.compile(r"干啥的|干嘛的|干什么的|幹什麼的|啥意思|什么意思|什麼意思|为啥问|"
                               r"為啥問|为什么问|為什麼問")
ANSWERS = {"checkin_ok", "feel_unwell", "pause_checkin", "emergency"}
SURE_TASK = 0.9  # a contact's words read this surely as a request of their own are that request
NOT_TASKS = {"affirm", "deny", "out_of_scope", "nlu_fallback", "greet", "thank", "goodbye",
             "feedback", "report_repair", "request_help", "faq", "query_checkin",
             "checkin_ok", "feel_unwell"}


@answer_rule
def elder_chats_under_checkin(ctx: Context) -> bool:
    """Chat under a waiting check-in is her answer: she is there and writing."""
    if ctx.danger is not None or ctx.intent not in CHAT or QUESTION.search(ctx.text) \
            or ctx.state.get("context") != "checkin":  # looked at before the round's query
        return False
    row = open_round(ctx.session, elder_id=ctx.person.id)
    if row is None or row.status != "sent":
        return False
    answer_round(ctx, row, "ok")
    return True


@answer_rule
def what_is_the_checkin(ctx: Context) -> bool:
    """这是干啥的 (天天问) under tonight's check-in: what it is, and its buttons again."""
    if ctx.state.get("context") != "checkin" or ctx.danger is not None:
        return False
    if not WHAT_IS_IT.search(ctx.text.strip()) and (
            ctx.intent in ANSWERS or not WHAT_IS_WITH_MORE.search(ctx.text)):
        return False
    ctx.reply("checkin_what_is_it", buttons=keyboard_from_json(ctx.state.get("buttons", [])))
    return True


@answer_rule
def contact_note(ctx: Context) -> bool:
    """A contact asked to look in writes what they are doing or found (我马上过去看看, 邻居说她
    下午出门了): staff read it, the contact gets the buttons again."""
    if ctx.danger is not None:
        return False
    confidence = float(ctx.parse.get("intent", {}).get("confidence", 0.0))
    if ctx.intent not in NOT_TASKS and confidence >= SURE_TASK:
        return False  # 明天中午订一份饭: the contact's own request
    speaking = who_speaks(ctx)  # the safety layer's answer, kept for the transaction
    if speaking.role != "contact" or speaking.about is None:
        return False
    elder = speaking.about
    row = ctx.session.scalar(select(CheckinRound).where(
        CheckinRound.elder_id == elder.id, CheckinRound.status == "escalated")
        .order_by(CheckinRound.day.desc()).limit(1))
    if row is None:
        return False
    if re.search(ctx.t("says_checkin_outcome_hospital"), ctx.text):  # 我妈在医院呢: found, and how
        close(ctx, row, outcome="hospital", note=ctx.text[:300])
        ctx.reply("checkin_closed_by_words", name=who(elder),
                  outcome=ctx.t("checkin_outcome_hospital"))
        return True
    tell_staff(ctx, row.community_id, ctx.t("checkin_note_from_contact", name=who(elder),
                                            who=who(ctx.person), note=ctx.text[:300]))
    ctx.reply("checkin_contact_noted", name=who(elder),
              buttons=contact_keyboard(ctx.texts, row.id))
    return True
