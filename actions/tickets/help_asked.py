"""A service asked for in words the NLU read as a question, small talk or nothing it knew
(物业费到期了 我不会交 谁能代我去交 / 想学怎么用抖音 / 屋里要寻个阿姨来拖拖地板): when the
message asks for a person to do it (or to learn it) and names a service in data/tickets.yml
service_words, it is a help request for that service. A question alone (物业费怎么交) stays one.
"""

from __future__ import annotations

import re

from actions.core.context import Context
from actions.core.registry import answer_rule, handle_as
from actions.tickets.config import config
from nlu import normalize

READ_AS = ("faq", "out_of_scope", "nlu_fallback")
# someone to do it: 谁能 / 有没有人 / 找个人 / 寻个阿姨 (沪) / 揾人 (粤) / 代我 / 想学
ASKS = re.compile(r"谁能|谁可以|谁会|有没有人|有冇人|有人能|派个|找个|找人|寻个|寻人|揾人|揾个|"
                  r"请个|叫个|喊个|来个人|代我|替我|帮我|帮俺|帮忙|想学|要学|学一下|教教|教下我")
# 教教我怎么用你: how to use the bot; 谁能告诉我电费在哪交: a question, the FAQ answers it
NOT_ASKED = re.compile(r"你|机器人|小助手|这个号|告诉|知道|晓得|请问|问一下|问问")


def _could_be(ctx: Context) -> bool:
    return ctx.intent in READ_AS


@answer_rule(when=_could_be)
def service_asked(ctx: Context) -> bool:
    """A service named and a person asked for: a help request, whatever the NLU read."""
    text = normalize(ctx.text)
    if not ASKS.search(text) or NOT_ASKED.search(text):
        return False
    if config(ctx).guess("help", text) is None:
        return False
    handle_as(ctx, "request_help")
    return True
