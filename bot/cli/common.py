"""What every `linli` sub-command needs: settings or a clear exit, a session, a community."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from sqlalchemy.orm import Session

from actions.core.settings import Settings, SettingsError, load_settings
from actions.db import make_engine, make_session_factory, session_scope
from actions.db.community import Community, first_community


def settings_or_exit() -> Settings:
    """The settings, or their error on stderr and exit code 2 (never a traceback)."""
    try:
        return load_settings()
    except SettingsError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None


@contextmanager
def open_session(settings: Settings) -> Iterator[Session]:
    """One unit of work on the configured database, committed at the end."""
    engine = make_engine(settings.database_url)
    try:
        with session_scope(make_session_factory(engine)) as session:
            yield session
    finally:
        engine.dispose()


def community_by_name(session: Session, name: str | None) -> Community:
    """The named community (or the first one); exit code 1 with a message when there is none."""
    found = first_community(session, name=name)
    if found is None:
        typer.echo(f"没有这个社区：{name or '（空数据库）'}", err=True)
        raise typer.Exit(1)
    return found
