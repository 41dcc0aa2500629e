"""What became of a message sent: a failed send classified, and what was given up reported once
to the community's staff chat.

What a failed send becomes:

    TelegramError
     ├── RetryAfter ............ wait as told and send again (flood control)
     ├── ChatMigrated .......... the group became a supergroup: send to the new id
     ├── Forbidden ............. permanent: blocked, never started, removed from the group
     ├── BadRequest
     │    ├── chat not found ... permanent (the chat is gone)
     │    └── anything else .... permanent for this message (retrying cannot help)
     └── NetworkError, TimedOut, anything else
                                 transient: mark_attempt_failed (backoff, given up after
                                 MAX_ATTEMPTS)

A message given up is reported once to the community's staff chat (who, and why; no content),
in the same transaction that marks it failed, so nothing is dropped silently.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from actions.core.outbox import queue_message
from actions.core.people import person_by_telegram, staff_chat_for
from actions.db.community import GroupChat
from bot.wiring import Linli

if TYPE_CHECKING:
    from bot.telegram.sender import Outgoing

log = logging.getLogger(__name__)

CHAT_GONE = ("chat not found", "user not found", "peer_id_invalid", "bot was kicked",
             "not a member", "have no rights to send")


@dataclass(frozen=True)
class Outcome:
    """What became of one message."""

    id: int
    message_id: int | None = None
    error: str | None = None
    reason: str = ""  # blocked | not_found | rejected | gave_up
    permanent: bool = False
    chat_gone: bool = False



def report_given_up(linli: Linli, session: Session, chat_id: int,
                failures: list[tuple[int, str]], now: datetime, *,
                unnamed: bool = False) -> None:
    """Tell staff once: who did not get which messages, and why (no content; not even who,
    when one of them answers an anonymous letter)."""
    who, community_id = _who(linli, session, chat_id)
    if unnamed:
        who = linli.conversation.texts.render("delivery_who_anonymous")
    staff = staff_chat_for(session, community_id=community_id,
                           configured=linli.settings.staff_chat_id)
    ids = [i for i, _ in failures]
    log.warning("gave up outbox messages %s to chat %s (%s)", ids, chat_id,
                ", ".join(sorted({r for _, r in failures})))
    if staff is None or staff == chat_id:
        log.error("no staff chat to report undeliverable messages %s to", ids)
        return
    texts = linli.conversation.texts
    reasons = Counter(reason for _, reason in failures)
    why = "；".join(texts.render(f"delivery_why_{reason}") for reason in reasons)
    text = texts.render("delivery_failed_staff", who=who, why=why, count=len(ids),
                        ids=" ".join(f"#{i}" for i in ids))
    queue_message(session, chat_id=staff, text=text, now=now,
                  dedupe_key=f"undeliverable:{ids[0]}")

def _who(linli: Linli, session: Session, chat_id: int) -> tuple[str, int | None]:
    """How staff know the chat (a name or a group title), and its community."""
    texts = linli.conversation.texts
    if chat_id > 0:
        person = person_by_telegram(session, telegram_id=chat_id)
        if person is not None:
            name = person.label()
            return name, person.community_id
    else:
        group = session.scalar(select(GroupChat).where(GroupChat.chat_id == chat_id))
        if group is not None:
            return texts.render("delivery_who_group", title=group.title), group.community_id
    return texts.render("delivery_who_unknown", chat_id=chat_id), None



def classify(msg: Outgoing, exc: TelegramError) -> Outcome:
    """Classify a failed send (see the module docstring)."""
    error = f"{type(exc).__name__}: {exc.message}"
    if isinstance(exc, Forbidden):
        return Outcome(msg.id, error=error, reason="blocked", permanent=True, chat_gone=True)
    if isinstance(exc, BadRequest):
        gone = any(marker in exc.message.lower() for marker in CHAT_GONE)
        return Outcome(msg.id, error=error, reason="not_found" if gone else "rejected",
                       permanent=True, chat_gone=gone)
    log.warning("sending outbox message %s failed, will retry: %s", msg.id, error)
    return Outcome(msg.id, error=error)


def retry_seconds(exc: RetryAfter) -> float:
    """RetryAfter's wait in seconds (an int, or a timedelta with PTB_TIMEDELTA set)."""
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
