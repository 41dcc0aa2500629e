"""Where a person is reached on each channel: one `Endpoint` per account, linked to one person.

Telegram keeps its own ids (`Resident.telegram_id`, chat ids as Telegram gives them). Every
other account (a WeCom member, a 微信客服 customer, a group robot, ...) is an `Endpoint` row
whose id, offset far above Telegram's id range (`ENDPOINT_BASE`), is the integer chat id and
user id the pipeline, the actions and the outbox use. So actions keep working with integer chat
ids and never learn which channel a person writes from; the channel layer (bot/) maps the id
back to the account when it delivers.

`ChannelCursor` keeps what a channel must remember between runs (the 微信客服 sync cursor, the
time of the last 居民上报 import), so a restart neither loses nor repeats messages.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from actions.db.base import Base
from actions.db.community import Resident

# Telegram's user and chat ids stay well below 2**53 (and group ids are negative): every chat
# id from here on names an Endpoint (chat id = ENDPOINT_BASE + Endpoint.id)
ENDPOINT_BASE = 9_000_000_000_000_000
CHANNELS = ("telegram", "wecom_app", "wecom_kf", "wecom_robot", "console")


class Endpoint(Base):
    """One account on one channel; `person_id` says whose (None for a group robot)."""

    __tablename__ = "endpoints"
    __table_args__ = (UniqueConstraint("channel", "address"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("residents.id"), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(128))  # userid, external_userid, robot key
    name: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime]
    last_inbound_at: Mapped[datetime | None]
    replies_since_inbound: Mapped[int] = mapped_column(default=0)

    @property
    def chat_id(self) -> int:
        """The integer id the pipeline and the outbox use for this account."""
        return ENDPOINT_BASE + self.id


class ChannelCursor(Base):
    """A named position a channel keeps (e.g. the 微信客服 sync cursor)."""

    __tablename__ = "channel_cursors"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime]


def is_endpoint_chat(chat_id: int) -> bool:
    """Whether a chat id names an Endpoint (and not a Telegram chat)."""
    return chat_id >= ENDPOINT_BASE


def endpoint_of_chat(session: Session, *, chat_id: int) -> Endpoint | None:
    """The Endpoint a chat id names (None for Telegram ids and unknown ones)."""
    if not is_endpoint_chat(chat_id):
        return None
    return session.get(Endpoint, chat_id - ENDPOINT_BASE)


def find_endpoint(session: Session, *, channel: str, address: str) -> Endpoint | None:
    """The Endpoint of an account, if known."""
    return session.scalar(select(Endpoint).where(Endpoint.channel == channel,
                                                 Endpoint.address == address))


def endpoint_for(session: Session, *, channel: str, address: str, now: datetime,
                 name: str = "") -> Endpoint:
    """The Endpoint of an account, created on first contact."""
    found = find_endpoint(session, channel=channel, address=address)
    if found is None:
        found = Endpoint(channel=channel, address=address, name=name[:100], created_at=now,
                         replies_since_inbound=0)
        session.add(found)
        session.flush()
    return found


def endpoints_of(session: Session, *, person_id: int) -> list[Endpoint]:
    """Every account linked to a person."""
    return list(session.scalars(select(Endpoint).where(Endpoint.person_id == person_id)
                                .order_by(Endpoint.id)))


def read_cursor(session: Session, *, key: str) -> str:
    """A channel's kept position ("" when none yet)."""
    row = session.get(ChannelCursor, key)
    return row.value if row is not None else ""


def write_cursor(session: Session, *, key: str, value: str, now: datetime) -> None:
    """Keep a channel's position (in the caller's transaction)."""
    row = session.get(ChannelCursor, key)
    if row is None:
        session.add(ChannelCursor(key=key, value=value, updated_at=now))
    else:
        row.value, row.updated_at = value, now


def link_account(session: Session, *, person: Resident, channel: str, address: str,
                 now: datetime, primary: bool = False) -> Endpoint:
    """Link an account to a person (staff: `linli wecom link`); `primary` makes it the chat
    the person is reached at in private (their Telegram account, if any, stays linked)."""
    endpoint = endpoint_for(session, channel=channel, address=address, now=now)
    endpoint.person_id = person.id
    current = person.telegram_id
    if primary and current != endpoint.chat_id:
        if current is not None and not is_endpoint_chat(current):
            endpoint_for(session, channel="telegram", address=str(current),
                         now=now).person_id = person.id
        person.telegram_id = None
        session.flush()
        person.telegram_id = endpoint.chat_id
    elif current is None:
        person.telegram_id = endpoint.chat_id
    session.flush()
    return endpoint
