"""A home visit asked of a community service (义剪能来我家吗 / 理发能上门吗 我走不动): the NLU
often reads the service's event (义剪) and answers with its date, but the words ask for a
volunteer at the door, which is a help request for that service."""

from __future__ import annotations

import re

from actions.core.context import Context
from actions.core.registry import answer_rule, handle_as
from actions.tickets.config import config
from nlu import normalize

# 上门 / 来我家 / 到家里: at the door, not at the event
HOME = re.compile(r"上门|来家|来我家|到家|家里来|家里剪|上我家|来我这|到我这")
EVENT_READINGS = ("query_events", "join_event")


@answer_rule
def home_visit_asked(ctx: Context) -> bool:
    """A question about an event's service that asks it to come home: a help request."""
    text = normalize(ctx.text)
    if ctx.intent not in EVENT_READINGS or not HOME.search(text) \
            or ctx.person.community_id is None:
        return False
    if config(ctx).guess("help", text) is None:
        return False
    handle_as(ctx, "request_help")
    return True
