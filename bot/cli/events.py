"""`linli events import FILE`: create community events from a YAML file (the shape of
data/demo/events.yml), checked first; a bad file names the line and field and exits with 2."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from bot.cli.common import community_by_name, open_session, settings_or_exit

events_app = typer.Typer(help="Community events (社区活动).", no_args_is_help=True)


@events_app.command("import")
def import_events(
    file: Annotated[Path, typer.Argument(help="Events in YAML (see data/demo/events.yml).")],
    community: Annotated[str | None, typer.Option(
        "--community", help="The community's name (default: the only or first one).")] = None,
    dry_run: Annotated[bool, typer.Option(help="Check and show, create nothing.")] = False,
) -> None:
    """Create the events of a file; the bot lists them and takes signups right away."""
    from actions.community.events import load_events

    if not file.is_file():
        typer.echo(f"{file}: no such file", err=True)
        raise typer.Exit(2)
    with open_session(settings_or_exit()) as session:
        found = community_by_name(session, community)
        tz = ZoneInfo(found.timezone)
        try:
            made = load_events(session, community=found, path=file, now=datetime.now(UTC), tz=tz)
        except ValueError as exc:
            typer.echo(f"{file}: {exc}", err=True)
            raise typer.Exit(2) from None
        for event in made:
            typer.echo(f"{event.starts_at.astimezone(tz):%Y-%m-%d %H:%M} {event.title}"
                       f"{' (' + event.rrule + ')' if event.rrule else ''}")
        if dry_run:
            session.rollback()
            typer.echo(f"dry run: {len(made)} event(s) for {found.name}, nothing created")
            return
        typer.echo(f"created {len(made)} event(s) for {found.name}")
