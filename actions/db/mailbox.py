"""The red mailbox (红色信箱): suggestions, complaints, proposals, and the community's answer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from actions.db.base import Base


class MailboxItem(Base):
    """One letter: received -> in_progress -> answered; the writer is hidden when anonymous."""

    __tablename__ = "mailbox_items"
    __table_args__ = (UniqueConstraint("community_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    number: Mapped[str] = mapped_column(String(20))
    person_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), index=True)
    anonymous: Mapped[bool] = mapped_column(default=False)
    kind: Mapped[str] = mapped_column(String(10))  # 建议 | 投诉 | 意见
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="received", index=True)
    created_at: Mapped[datetime]
    due_at: Mapped[datetime]
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("residents.id"))
    answered_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]
