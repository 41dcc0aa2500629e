"""`linli wecom ...`: setting up the WeCom channel.

    linli wecom check                      the WECOM_* settings, and a token from WeCom
    linli wecom link 刘芳 liufang           a person becomes a WeCom member reached by the app
    linli wecom group 居民群 --title 幸福里居民群 --kind community
                                           a group robot (WECOM_ROBOTS name) bound to a group
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Annotated

import typer

from actions.core.settings import SettingsError
from bot.cli.common import community_by_name, open_session, settings_or_exit
from bot.wecom.groups import KINDS, SetupError, bind_robot, link_member
from bot.wecom.settings import WeComSettings, load_wecom_settings

wecom_app = typer.Typer(help="The WeCom (企业微信) channel.", no_args_is_help=True)


def wecom_settings_or_exit(*, required: bool = False) -> WeComSettings:
    """The WeCom settings, or their error on stderr and exit code 2."""
    try:
        found = load_wecom_settings()
    except SettingsError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    if required and not found.enabled:
        typer.echo("WeCom is not configured: set WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET, "
                   "WECOM_TOKEN and WECOM_AES_KEY (see README, 企业微信)", err=True)
        raise typer.Exit(2)
    return found


@wecom_app.command("check")
def check() -> None:
    """Validate the settings and fetch an access token (the corp id and secret work)."""
    from bot.wecom.api import WeComApi, WeComError

    settings = wecom_settings_or_exit(required=True)

    async def token() -> None:
        api = WeComApi(base_url=settings.api_url, corp_id=str(settings.corp_id),
                       secret=str(settings.secret), timeout=settings.timeout)
        try:
            await api.token()
        finally:
            await api.close()

    try:
        asyncio.run(token())
    except WeComError as exc:
        typer.echo(f"WeCom refused the corp id or secret: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"WeCom app {settings.agent_id} of {settings.corp_id}: token OK; robots: "
               f"{', '.join(settings.robot_keys) or 'none'}; 微信客服: "
               f"{settings.kf_open_kfid or 'not set'}")


@wecom_app.command("link")
def link(handle: Annotated[str, typer.Argument(help="The person's name, e.g. 刘芳.")],
         userid: Annotated[str, typer.Argument(help="Their WeCom member userid.")]) -> None:
    """Reach a person (staff, usually) by WeCom app messages from now on."""
    with open_session(settings_or_exit()) as session:
        try:
            endpoint = link_member(session, handle=handle, userid=userid, now=datetime.now(UTC))
        except SetupError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from None
        typer.echo(f"{handle} is reached as WeCom member {userid} (chat {endpoint.chat_id})")


@wecom_app.command("group")
def group(
    robot: Annotated[str, typer.Argument(help="The robot's name in WECOM_ROBOTS.")],
    title: Annotated[str, typer.Option(help="The group's name, as staff know it.")],
    kind: Annotated[str, typer.Option(help=f"One of {', '.join(KINDS)}.")] = "community",
    building: Annotated[str | None, typer.Option(help="For kind=building: its number.")] = None,
    community: Annotated[str | None, typer.Option(help="The community (default: the first).")]
    = None,
) -> None:
    """Bind a group robot to a group: notices for that group go through the robot."""
    key = wecom_settings_or_exit().robot_keys.get(robot)
    if key is None:
        typer.echo(f"no robot {robot!r} in WECOM_ROBOTS", err=True)
        raise typer.Exit(1)
    with open_session(settings_or_exit()) as session:
        home = community_by_name(session, community)
        try:
            found = bind_robot(session, key=key, title=title, kind=kind, community_id=home.id,
                               building=building, now=datetime.now(UTC))
        except SetupError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from None
        typer.echo(f"{title} ({kind}) gets its notices through robot {robot} "
                   f"(chat {found.chat_id})")
