"""Logging in to the staff console: /console sends a one-time link; the browser trades it for a
session.

    /console (staff, in the chat) -> a link with a secret, valid LINK_MINUTES, used once
    GET  the link -> only a confirm button (messenger previews fetch links: a GET logs no one in)
    POST the link -> the link is spent, a session opens (SESSION_HOURS, IDLE_MINUTES idle)

Only SHA-256 hashes of the secrets are stored. Roles are not copied into the session: the
console reads them from the database on every request.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.core.context import Context
from actions.core.errors import Refused
from actions.core.people import audit, roles_of
from actions.core.registry import on
from actions.db.community import Resident
from actions.db.console import ConsoleLink, ConsoleSession

LINK_MINUTES = 15
SESSION_HOURS = 12
IDLE_MINUTES = 120


def hash_secret(secret: str) -> str:
    """What is stored of a secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_link(session: Session, *, person: Resident, now: datetime) -> str:
    """A new one-time link secret for a staff member."""
    secret = secrets.token_urlsafe(24)
    session.add(ConsoleLink(person_id=person.id, token_hash=hash_secret(secret), created_at=now,
                            expires_at=now + timedelta(minutes=LINK_MINUTES)))
    session.flush()
    return secret


def link_is_valid(session: Session, *, secret: str, now: datetime) -> bool:
    """Whether a link can still be confirmed (reading it spends nothing)."""
    return _open_link(session, secret, now) is not None


def _open_link(session: Session, secret: str, now: datetime) -> ConsoleLink | None:
    link = session.scalar(select(ConsoleLink).where(ConsoleLink.token_hash == hash_secret(secret)))
    if link is None or link.used_at is not None or now >= link.expires_at:
        return None
    return link


def consume_link(session: Session, *, secret: str, now: datetime) -> str | None:
    """Spend a link and open a session; its secret (for the cookie), or None when the link is
    unknown, used or expired, or its owner no longer holds a staff role."""
    link = _open_link(session, secret, now)
    if link is None:
        return None
    link.used_at = now
    if not roles_of(session, person_id=link.person_id):
        return None
    cookie = secrets.token_urlsafe(32)
    session.add(ConsoleSession(person_id=link.person_id, token_hash=hash_secret(cookie),
                               created_at=now, last_seen_at=now,
                               expires_at=now + timedelta(hours=SESSION_HOURS)))
    for role in roles_of(session, person_id=link.person_id)[:1]:
        audit(session, actor_id=link.person_id, community_id=role.community_id, now=now,
              action="console_login", target=f"console_link:{link.id}")
    session.flush()
    return cookie


def session_person(session: Session, *, cookie: str, now: datetime) -> Resident | None:
    """The staff member of a live session (and the session is marked as seen)."""
    row = session.scalar(select(ConsoleSession).where(
        ConsoleSession.token_hash == hash_secret(cookie)))
    if row is None or row.ended_at is not None or now >= row.expires_at or \
            now >= row.last_seen_at + timedelta(minutes=IDLE_MINUTES):
        return None
    if now - row.last_seen_at > timedelta(minutes=1):  # one write a minute at most
        row.last_seen_at = now
    return session.get(Resident, row.person_id)


def end_session(session: Session, *, cookie: str, now: datetime) -> None:
    """Log out."""
    row = session.scalar(select(ConsoleSession).where(
        ConsoleSession.token_hash == hash_secret(cookie)))
    if row is not None and row.ended_at is None:
        row.ended_at = now


def link_url(base: str, secret: str) -> str:
    """The address staff open."""
    return f"{base.rstrip('/')}/login/{secret}"


@on("console")
def console_command(ctx: Context) -> None:
    """/console: a one-time login link to the staff console, always in the private chat."""
    if not roles_of(ctx.session, person_id=ctx.person.id):
        raise Refused(ctx.t("console_not_staff"))
    secret = issue_link(ctx.session, person=ctx.person, now=ctx.now)
    text = ctx.t("console_link", minutes=LINK_MINUTES,
                 url=link_url(ctx.settings.console_url, secret))
    if ctx.person.telegram_id == ctx.chat_id:
        ctx.say(text)
        return
    ctx.notify_person(ctx.person, text)
    ctx.reply("console_link_sent_private")
