"""`linli inbox ...`: what waits in the durable inbox, and parked turns sent round again.

    linli inbox list      counts by status, and the parked items (id, source, when, error)
    linli inbox retry ID  handle a parked item again (after the cause is fixed)

Items show ids, never the words people wrote (those stay in the database).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from sqlalchemy import func, select

from actions.db.conversation import InboxItem
from bot.cli.common import open_session, settings_or_exit

inbox_app = typer.Typer(help="The durable inbox of incoming messages.", no_args_is_help=True)


@inbox_app.command("list")
def list_items() -> None:
    """Counts by status and the parked items."""
    with open_session(settings_or_exit()) as session:
        counts = dict(session.execute(select(InboxItem.status, func.count())
                                      .group_by(InboxItem.status)).all())
        typer.echo("  ".join(f"{status}: {counts.get(status, 0)}"
                             for status in ("pending", "done", "parked")))
        for item in session.scalars(select(InboxItem).where(InboxItem.status == "parked")
                                    .order_by(InboxItem.id)):
            typer.echo(f"#{item.id}\t{item.source}\t{item.received_at:%Y-%m-%d %H:%M}\t"
                       f"{item.attempts} tries\t{item.error or ''}")


@inbox_app.command("retry")
def retry(item_id: Annotated[int, typer.Argument(help="The inbox item's id (#N).")]) -> None:
    """Put a parked item back in line; the running bot handles it within seconds."""
    with open_session(settings_or_exit()) as session:
        item = session.get(InboxItem, item_id)
        if item is None or item.status != "parked":
            typer.echo(f"#{item_id}: no parked item with this id", err=True)
            raise typer.Exit(1)
        item.status, item.attempts, item.done_at = "pending", 0, None
        item.next_attempt_at = datetime.now(UTC)
    typer.echo(f"#{item_id} is waiting to be handled again")
