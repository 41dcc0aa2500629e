"""Questions about an open vote in words: 加电梯要花多少钱啊 / 装在哪 / 钱谁出 while the lift
vote is open. The words speak of the vote's matter but cast no vote (typed_votes read them
first), and they are easily read as something else (a lift repair, the canteen's prices).

The resident hears which vote this is, that the question went to the staff who put it, and
until when the household may vote; the staff member gets the question to answer. A recent
notice that shares words with the question answers it first (notices_asked).
"""

from __future__ import annotations

import re

from actions.community.common import when_text
from actions.community.deliberation import open_for, vote_buttons
from actions.community.vote_words import speaks_of
from actions.core.context import Context
from actions.core.people import may_have_questions
from actions.core.registry import answer_rule
from actions.db.community import Resident
from nlu import normalize

ASKS = re.compile(r"多少|几个|几户|什么|啥|怎么|咋|谁|哪|吗|么|呢|是不是|要不要|会不会|能不能|"
                  r"多久|多长|多大|\?|？")
# a clear other request is not a question about a vote
OTHER = {"book_meal", "cancel_meal", "join_event", "cancel_event", "request_help",
         "join_team", "emergency", "checkin_ok", "feel_unwell", "pause_checkin"}
SURE = 0.8
LONGEST = 40


@answer_rule
def asked_about_a_vote(ctx: Context) -> bool:
    """A question on the matter of a vote open to the household: to the staff who put it."""
    text = normalize(ctx.text)
    if ctx.danger is not None or ctx.state.get("form") or len(text) > LONGEST \
            or not ASKS.search(text) or ctx.person.community_id is None:
        return False
    confidence = float(ctx.parse.get("intent", {}).get("confidence", 0.0))
    if ctx.intent in OTHER and confidence >= SURE:
        return False
    if not may_have_questions(ctx.session, community_id=ctx.person.community_id, now=ctx.now):
        return False
    about = [q for q in open_for(ctx) if speaks_of(text, [q])]
    if not about:
        return False
    question = about[0]
    asker = ctx.session.get(Resident, question.created_by)
    if asker is not None and asker.id != ctx.person.id:
        ctx.notify_person(asker, ctx.t("vote_asked_staff", title=question.title,
                                       who=ctx.person.label(),
                                       address=ctx.person.address() or "",
                                       text=ctx.text.strip()))
    ctx.reply("vote_asked", title=question.title,
              staff=asker.label() if asker is not None else ctx.t("fallback_community_staff"),
              closes=when_text(question.closes_at, ctx.settings.tz),
              buttons=vote_buttons(question))
    return True
