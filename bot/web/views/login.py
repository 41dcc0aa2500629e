"""Logging in with the link /console sent, the home page (the person's menu), logging out."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from actions.console_login import SESSION_HOURS, consume_link, end_session
from actions.console_login import link_is_valid as valid
from bot.web.auth import COOKIE, NotLoggedIn, current_staff
from bot.web.state import Console

router = APIRouter()


@router.get("/login/{secret}", response_class=HTMLResponse)
def confirm_page(request: Request, secret: str) -> Response:
    """Only a confirm button: a messenger's link preview fetching this logs no one in."""
    console: Console = request.app.state.console
    with console.unit() as session:
        ok = valid(session, secret=secret, now=console.now())
    return console.page(request, "login.html", ok=ok, secret=secret,
                        status_code=200 if ok else 410)


@router.post("/login/{secret}")
def confirm(request: Request, secret: str) -> Response:
    """Spend the link, open a session, set its cookie."""
    console: Console = request.app.state.console
    with console.unit() as session:
        cookie = consume_link(session, secret=secret, now=console.now())
    if cookie is None:
        return console.page(request, "login.html", ok=False, secret="")
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(COOKIE, cookie, max_age=SESSION_HOURS * 3600, httponly=True,
                        samesite="strict", secure=request.url.scheme == "https", path="/")
    return response


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    """The first page a staff member may open (the menu shows the others)."""
    console: Console = request.app.state.console
    with console.unit() as session:
        staff = current_staff(request, session)
        menu = staff.menu()
    if not menu:
        raise NotLoggedIn()
    return RedirectResponse(f"/{menu[0][0]}", status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    """End the session."""
    console: Console = request.app.state.console
    with console.unit() as session:
        current_staff(request, session)
        end_session(session, cookie=request.cookies.get(COOKIE, ""), now=console.now())
    response = Response(status_code=200, headers={"HX-Redirect": "/"})
    response.delete_cookie(COOKIE, path="/")
    return response

