"""`linli canteen ...`: import a week's menu from a file, export a day's kitchen list as CSV."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from sqlalchemy.orm import Session

from actions.core.settings import Settings
from actions.db.community import first_community
from bot.cli.common import open_session, settings_or_exit

if TYPE_CHECKING:
    from actions.canteen.service import Canteen

canteen_app = typer.Typer(help="The elder canteen (长者食堂): menus and the kitchen's list.",
                          no_args_is_help=True)
menu_app = typer.Typer(help="Canteen menus.", no_args_is_help=True)
canteen_app.add_typer(menu_app, name="menu")

CommunityOption = Annotated[str | None, typer.Option(
    "--community", help="The community's name (default: the only or first one).")]


def _canteen(session: Session, settings: Settings, name: str | None) -> Canteen:
    from actions.canteen.service import canteen_of_community

    found = first_community(session, name=name)
    canteen = canteen_of_community(session, community_id=found.id,
                                   data_dir=settings.data_dir) if found else None
    if canteen is None:
        typer.echo(f"no canteen for {name or 'any community'} (see data/canteen.yml)", err=True)
        raise typer.Exit(1)
    return canteen


@menu_app.command("import")
def menu_import(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False,
                                         help="A menu in YAML or CSV.")],
    community: CommunityOption = None,
    dry_run: Annotated[bool, typer.Option(help="Show what would be published.")] = False,
) -> None:
    """Publish or change menus from a YAML or CSV file; people who booked a changed meal are
    told (the running bot delivers the messages)."""
    from actions.canteen.menu import check_menu, publish_menu, read_menu_file
    from actions.core.context import Tick
    from actions.core.errors import LinliError
    from actions.core.texts import Texts

    settings = settings_or_exit()
    now = datetime.now(UTC)
    with open_session(settings) as session:
        canteen = _canteen(session, settings, community)
        try:
            items = read_menu_file(file, today=now.astimezone(settings.tz).date(),
                                   default_meal=next(iter(canteen.rules.meals)))
        except (LinliError, ValueError) as exc:
            typer.echo(f"cannot read {file}: {getattr(exc, 'message_zh', exc)}", err=True)
            raise typer.Exit(1) from None
        keep, notes = check_menu(canteen, items, Texts.load(Path(settings.data_dir) / "responses"))
        for note in notes:
            typer.echo(f"skipped: {note}")
        for item in keep:
            typer.echo(f"{item.day.isoformat()} {item.meal}: {'、'.join(item.dishes)}")
        if dry_run or not keep:
            session.rollback()
            return
        texts = Texts.load(Path(settings.data_dir) / "responses")
        result = publish_menu(Tick(session, settings, texts, now), canteen=canteen, items=keep,
                              by_id=None)
    typer.echo(f"published {len(set(result.days))} day(s) for {canteen.community.name}; "
               f"changed {len(result.changed)}, residents notified {result.notified}")


@canteen_app.command("export")
def export(
    day: Annotated[str, typer.Option("--date", help="The day, YYYY-MM-DD.")],
    meal: Annotated[str | None, typer.Option(help="午餐 or 晚餐 (default: every meal).")] = None,
    out: Annotated[Path | None, typer.Option(help="Write here (UTF-8 with BOM, for Excel) "
                                                  "instead of standard output.")] = None,
    community: CommunityOption = None,
) -> None:
    """A day's kitchen list as CSV: one row per booking, deliveries grouped by building."""
    from actions.canteen.kitchen import kitchen_csv, kitchen_list

    try:
        when = date.fromisoformat(day)
    except ValueError:
        typer.echo(f"--date must look like 2026-11-23, not {day!r}", err=True)
        raise typer.Exit(2) from None
    settings = settings_or_exit()
    with open_session(settings) as session:
        canteen = _canteen(session, settings, community)
        meals = [meal] if meal else list(canteen.rules.meals)
        parts = [kitchen_csv(kitchen_list(session, canteen=canteen, day=when, meal=m))
                 for m in meals]
    text = parts[0] + "".join(p.split("\n", 1)[1] for p in parts[1:])
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8-sig")
        typer.echo(f"wrote {out}", err=True)
