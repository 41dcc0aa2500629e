"""The `linli` command: run the bot, chat in the console, migrate, seed, train and test the NLU."""

from __future__ import annotations

import json
import logging
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from actions.core.settings import Settings
from bot.cli.canteen import canteen_app
from bot.cli.checkin import checkin_app
from bot.cli.common import settings_or_exit
from bot.cli.events import events_app
from bot.cli.inbox import inbox_app
from bot.cli.wecom import wecom_app, wecom_settings_or_exit

LOG_FILE = Path("logs/linli.log")  # the console chat's log: log lines never mix into the chat

app = typer.Typer(help="Linli (邻里): the neighbourhood assistant bot.", no_args_is_help=True)
db_app = typer.Typer(help="Database migrations.", no_args_is_help=True)
seed_app = typer.Typer(help="Load data.", no_args_is_help=True)
nlu_app = typer.Typer(help="The embedded Chinese NLU.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(seed_app, name="seed")
app.add_typer(nlu_app, name="nlu")
app.add_typer(canteen_app, name="canteen")
app.add_typer(checkin_app, name="checkin")
app.add_typer(events_app, name="events")
app.add_typer(inbox_app, name="inbox")
app.add_typer(wecom_app, name="wecom")


def _logging(verbose: bool = False, *, to_file: Path | None = None) -> None:
    """Log to stderr, or (the console chat) to a file so the chat stays readable."""
    if to_file is not None:
        to_file.parent.mkdir(parents=True, exist_ok=True)
    handler = (logging.FileHandler(to_file, encoding="utf-8") if to_file is not None
               else logging.StreamHandler(sys.stderr))
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, handlers=[handler],
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True)
    for noisy in ("httpx", "apscheduler", "jieba", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


@app.command()
def run(
    console: Annotated[bool, typer.Option(help="Also serve the staff console.")] = True,
) -> None:
    """Run the bot on Telegram (TELEGRAM_BOT_TOKEN), WeCom (WECOM_*) or both, with the staff
    console in the browser beside it; with neither messenger, as a console chat."""
    settings = settings_or_exit()
    wecom = wecom_settings_or_exit()
    messenger = bool(settings.telegram_bot_token or wecom.enabled)
    _logging(to_file=None if messenger else LOG_FILE)
    if console:
        from actions.db.migrate import upgrade
        from bot.web.server import start_beside_bot

        upgrade(settings.database_url)
        start_beside_bot(settings)
    if messenger:
        from bot.cli.progress import parser_with_progress
        from bot.serve import run_bot

        run_bot(settings, wecom, parser=parser_with_progress(settings))
    else:
        typer.echo("Neither TELEGRAM_BOT_TOKEN nor WECOM_CORP_ID is set: "
                   "starting the console chat.", err=True)
        _interactive(settings, as_user=None)


@app.command()
def chat(
    script: Annotated[Path | None, typer.Option(help="Replay a script file.")] = None,
    users: Annotated[bool, typer.Option("--users", help="List the demo people.")] = False,
    as_user: Annotated[str | None, typer.Option("--as", help="Who you are.")] = None,
) -> None:
    """Chat with Linli in the terminal, or replay a script of several people (a script plays
    on a scratch database of its own, never on DATABASE_URL)."""
    settings = settings_or_exit()
    _logging(to_file=LOG_FILE)
    if users:
        from actions.core.seed import demo_users

        for user in demo_users(Path(settings.data_dir)):
            typer.echo(f"{user.handle}\t{user.address}\t{user.about}")
        return
    if script is not None:
        _script(settings, script)
    else:
        _interactive(settings, as_user=as_user)


def _script(settings: Settings, path: Path) -> None:
    """Replay a story on a database of its own (a scratch SQLite file), seeded for the story's
    first moment: a story written for 2026-11 replays the same on any date, however often, and
    whatever DATABASE_URL holds (a community seeded today would have no one enrolled yet on the
    story's evening)."""
    import tempfile
    from datetime import UTC, datetime

    from actions.core.clock import ManualClock
    from bot.console import ConsoleChat
    from bot.wiring import build

    lines = path.read_text(encoding="utf-8").splitlines()
    start = next((ln.strip()[4:] for ln in lines if ln.strip().startswith("@at ")), None)
    now = datetime.now(UTC) if start is None else datetime.strptime(
        start.strip(), "%Y-%m-%d %H:%M").replace(tzinfo=settings.tz).astimezone(UTC)
    with tempfile.TemporaryDirectory(prefix="linli-story-") as folder:
        stage = settings.model_copy(update={"database_url": f"sqlite:///{folder}/story.db"})
        linli = build(stage, clock=ManualClock(now))
        try:
            ConsoleChat(linli).run_script(lines)
        finally:
            linli.engine.dispose()


def _interactive(settings: Settings, *, as_user: str | None) -> None:
    from actions.core.seed import demo_users
    from bot.cli.progress import parser_with_progress
    from bot.terminal import Terminal
    from bot.wiring import build

    typer.echo(f"日志写在 {LOG_FILE.resolve()}（不会混进聊天里）。", err=True)
    linli = build(settings, parser=parser_with_progress(settings))
    who = as_user or demo_users(Path(settings.data_dir))[0].handle
    typer.echo(f"你现在是「{who}」。直接打字聊天；写「名字: 话」换个人说；Ctrl-D 退出。\n"
               f"定时的事（晚上8点的平安问候、提醒、催办）会自己到来，不用打字等。")
    try:
        Terminal(linli, who=who, log_file=LOG_FILE.resolve()).run(sys.stdin)
    finally:
        linli.engine.dispose()


@app.command("console")
def console_cmd() -> None:
    """Serve the staff console in the browser (CONSOLE_LISTEN; log in with /console)."""
    from bot.web.server import serve

    settings = settings_or_exit()
    _logging()
    serve(settings)


@db_app.command("upgrade")
def db_upgrade(revision: str = "heads") -> None:
    """Apply migrations to DATABASE_URL."""
    from actions.db.migrate import upgrade

    upgrade(settings_or_exit().database_url, revision)
    typer.echo("database is up to date")


@db_app.command("downgrade")
def db_downgrade(revision: str) -> None:
    """Step migrations back to a revision."""
    from actions.db.migrate import downgrade

    downgrade(settings_or_exit().database_url, revision)


@seed_app.command("demo")
def seed_demo_cmd() -> None:
    """Load the demo community into an empty database."""
    from datetime import UTC, datetime

    from actions.core.seed import is_empty, seed_demo
    from actions.db import make_engine, make_session_factory, session_scope
    from actions.db.migrate import upgrade

    settings = settings_or_exit()
    upgrade(settings.database_url)
    sessions = make_session_factory(make_engine(settings.database_url))
    with session_scope(sessions) as session:
        if not is_empty(session):
            typer.echo("the database already has a community; nothing loaded")
            return
        community = seed_demo(session, data_dir=Path(settings.data_dir), now=datetime.now(UTC))
        typer.echo(f"loaded the demo community {community.name}")


@nlu_app.command("train")
def nlu_train() -> None:
    """Train the embedded NLU from data/nlu/*.yml (progress on stderr, the report on stdout)."""
    from bot.cli.progress import train_with_progress

    typer.echo(train_with_progress(settings_or_exit()))


@nlu_app.command("parse")
def nlu_parse(
    ref_date: Annotated[str | None, typer.Option(help="'Today' for dates, YYYY-MM-DD.")] = None,
) -> None:
    """Parse one message per stdin line; print one JSON object per line (Rasa's shape)."""
    from nlu import ensure_model

    settings = settings_or_exit()
    model = ensure_model(Path(settings.data_dir), Path(settings.model_dir))
    ref = date.fromisoformat(ref_date) if ref_date else None
    for line in sys.stdin:
        text = line.rstrip("\n")
        result = model.parse(text, ref_date=ref, tz=settings.timezone)
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        sys.stdout.flush()


@nlu_app.command("evaluate")
def nlu_evaluate(
    folds: int = 5,
    out: Annotated[Path, typer.Option(help="Where the report goes.")] = Path("reports/nlu"),
) -> None:
    """Stratified k-fold cross-validation: a markdown report and a confusion-matrix PNG."""
    from nlu import evaluate

    report = evaluate(Path(settings_or_exit().data_dir), out, folds=folds)
    typer.echo(f"accuracy {report.accuracy:.3f}  macro F1 {report.macro_f1:.3f}  "
               f"entity F1 {report.entity_f1:.3f}  report: {out / 'report.md'}")


def main() -> None:
    """Entry point of the console script."""
    app()
