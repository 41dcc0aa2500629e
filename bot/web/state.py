"""What every page shares: the running Linli (database, clock, texts), the templates, and one
unit of work per request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from actions.core.context import Tick
from actions.db import session_scope
from bot.web.photos import PhotoFetcher
from bot.wiring import Linli

HERE = Path(__file__).resolve().parent
WEEKDAYS = "一二三四五六日"


@dataclass
class Console:
    """The console's shared state, kept on `app.state.console`."""

    linli: Linli
    templates: Jinja2Templates
    photos: PhotoFetcher

    def now(self) -> datetime:
        """The time the whole system uses (a test's clock moves it)."""
        return self.linli.clock.now()

    def today(self) -> date:
        """Today in community time."""
        return self.now().astimezone(self.linli.settings.tz).date()

    @contextmanager
    def unit(self) -> Iterator[Session]:
        """One request, one unit of work, committed once."""
        with session_scope(self.linli.sessions) as session:
            yield session

    def tick(self, session: Session) -> Tick:
        """A Tick for capability functions that read with one."""
        return Tick(session, self.linli.settings, self.linli.conversation.texts, self.now())

    def page(self, request: Request, name: str, *, status_code: int = 200,
             **values: Any) -> HTMLResponse:
        """A template rendered with the shared values."""
        values.setdefault("today", self.today())
        return self.templates.TemplateResponse(request, name, values, status_code=status_code)


def make_templates(console_tz: Any) -> Jinja2Templates:
    """Templates with the filters the pages use (times in community time)."""
    templates = Jinja2Templates(directory=str(HERE / "templates"))

    def local(moment: datetime | None, fmt: str = "%m-%d %H:%M") -> str:
        return moment.astimezone(console_tz).strftime(fmt) if moment else ""

    def weekday(day: date) -> str:
        return f"周{WEEKDAYS[day.weekday()]}"

    templates.env.filters["local"] = local
    templates.env.filters["weekday"] = weekday
    return templates
