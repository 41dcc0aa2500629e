"""The ASGI app of the staff console: routes, static files from npm, timing, error pages."""

from __future__ import annotations

import html
import logging
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from bot.web.auth import NotLoggedIn
from bot.web.photos import PhotoFetcher, telegram_photos
from bot.web.state import HERE, Console, make_templates
from bot.web.views import (
    canteen,
    community,
    login,
    mailbox,
    overview,
    residents,
    tickets,
    tonight,
)
from bot.wiring import Linli

log = logging.getLogger(__name__)
VENDOR = {"htmx.min.js": Path("htmx.org/dist/htmx.min.js"),
          "echarts.min.js": Path("echarts/dist/echarts.min.js")}


class MissingAssets(RuntimeError):
    """htmx / ECharts are not installed: run `npm ci --prefix bot/web` (make does)."""


def vendor_dir(node_modules: Path = HERE / "node_modules") -> Path:
    """Where the pinned htmx and ECharts files are (installed from npm, never a CDN)."""
    missing = [str(p) for p in VENDOR.values() if not (node_modules / p).is_file()]
    if missing:
        raise MissingAssets(f"missing {', '.join(missing)}: run `npm ci --prefix bot/web`")
    return node_modules


def create_app(linli: Linli, *, photos: PhotoFetcher | None = None) -> FastAPI:
    """The console app on a running Linli (same database, clock, texts and capabilities)."""
    app = FastAPI(title="邻里员工后台", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.console = Console(linli, make_templates(linli.settings.tz),
                                photos or telegram_photos(linli.settings))
    node_modules = vendor_dir()
    for name, path in VENDOR.items():
        _serve_file(app, f"/static/vendor/{name}", node_modules / path)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for module in (login, tickets, tonight, canteen, mailbox, residents, community, overview):
        app.include_router(module.router)
    app.middleware("http")(_timing)
    app.exception_handler(NotLoggedIn)(_not_logged_in)
    app.exception_handler(HTTPException)(_http_error)
    return app


def _serve_file(app: FastAPI, url: str, path: Path) -> None:
    from fastapi.responses import FileResponse

    async def serve() -> FileResponse:
        return FileResponse(path, media_type="text/javascript",
                            headers={"Cache-Control": "public, max-age=86400"})

    app.get(url, include_in_schema=False)(serve)


async def _timing(request: Request,
                  call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """Log each request by its route (never its path: links carry secrets) and its time."""
    start = time.perf_counter()
    response = await call_next(request)
    ms = (time.perf_counter() - start) * 1000
    route = getattr(request.scope.get("route"), "path", "?")
    response.headers["Server-Timing"] = f"app;dur={ms:.1f}"
    log.debug("%s %s %s %.0fms", request.method, route, response.status_code, ms)
    return response


async def _not_logged_in(request: Request, _exc: Exception) -> Response:
    if request.headers.get("HX-Request"):
        return Response(status_code=200, headers={"HX-Redirect": "/"})
    console: Console = request.app.state.console
    return console.templates.TemplateResponse(request, "need_login.html", {}, status_code=401)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    console: Console = request.app.state.console
    if request.headers.get("HX-Request"):
        return HTMLResponse(f'<div class="flash bad">{html.escape(str(exc.detail))}</div>',
                            status_code=exc.status_code)
    return console.templates.TemplateResponse(request, "error.html", {"detail": exc.detail},
                                              status_code=exc.status_code)


def home_redirect() -> RedirectResponse:
    """Back to the first page after logging in or out."""
    return RedirectResponse("/", status_code=303)
