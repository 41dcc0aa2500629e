"""`linli checkin ...`: the check-in's printouts for staff.

    linli checkin invites --building 9 [--bot linli_bot] [--out invites/]

prints, for every elder enrolled in the building and their family contacts, the deep link that
binds their messenger account (t.me/<bot>?start=<code>), and writes a QR code PNG per person,
ready to print. People already bound are listed as such; codes are made when missing.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import community_by_name, open_session, settings_or_exit

checkin_app = typer.Typer(help="Evening safety check-ins (平安问候).", no_args_is_help=True)

UNSAFE = re.compile(r"[^\w\-]+")


def deep_link(bot: str, code: str) -> str:
    """The link that opens the bot with /start <code>."""
    return f"https://t.me/{bot.lstrip('@')}?start={code}"


def write_qr(link: str, path: Path) -> Path:
    """A QR code of the link as a PNG."""
    import qrcode

    path.parent.mkdir(parents=True, exist_ok=True)
    image = qrcode.make(link, box_size=8, border=2)
    with path.open("wb") as fh:
        image.save(fh)
    return path


@checkin_app.command("invites")
def invites(
    building: Annotated[str, typer.Option("--building", help="Building number, e.g. 9.")],
    bot: Annotated[str, typer.Option(help="The bot's username (or LINLI_BOT_USERNAME).")] =
        "",
    out: Annotated[Path, typer.Option(help="Folder for the QR code images.")] = Path("invites"),
    community: Annotated[str | None, typer.Option(help="Community name (default: first).")] =
        None,
) -> None:
    """Print invite deep links of a building's check-in elders and families, with QR codes."""
    from actions.checkins.enrol import invites_for_building
    from actions.db.migrate import upgrade

    settings = settings_or_exit()
    username = bot or os.environ.get("LINLI_BOT_USERNAME", "linli_bot")
    upgrade(settings.database_url)
    with open_session(settings) as session:
        community_id = community_by_name(session, community).id
        found = invites_for_building(session, community_id=community_id,
                                     building=building.removesuffix("栋").removesuffix("号楼"))
        if not found:
            typer.echo(f"{building}号楼没有登记平安问候的老人。")
            return
        for item in found:
            label = f"{item.name}\t{item.role}（{item.elder}）"
            if item.code is None:
                typer.echo(f"{label}\t已绑定")
                continue
            link = deep_link(username, item.code)
            name = UNSAFE.sub("_", f"{building}-{item.name}-{item.person_id}")
            png = write_qr(link, out / f"{name}.png")
            typer.echo(f"{label}\t{link}\t{png}")
