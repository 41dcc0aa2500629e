"""Who is asking: the session cookie, the person behind it, and their roles, read from the
database on every request (nothing about roles is kept in the session)."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException, Request
from sqlalchemy.orm import Session

from actions.console_login import session_person
from actions.core.people import roles_of
from actions.db.community import Resident, StaffRole

COOKIE = "linli_console"
CSRF_HEADER = "X-CSRF-Token"

# Which roles open which page (admin always does); each action is checked again by the
# capability's own role check.
VIEWS: dict[str, tuple[str, ...]] = {
    "tickets": ("grid_worker", "grid_leader", "property", "team_leader", "building_leader",
                "canteen", "volunteer"),
    "tonight": ("grid_worker", "grid_leader", "building_leader"),
    "canteen": ("canteen", "grid_worker", "grid_leader"),
    "mailbox": ("grid_worker", "grid_leader"),
    "residents": ("grid_worker", "grid_leader"),
    "community": ("grid_worker", "grid_leader", "team_leader"),
    "overview": ("grid_leader",),
}
TITLES = {"tickets": "报修工单", "tonight": "今晚平安", "canteen": "长者食堂",
          "mailbox": "红色信箱", "residents": "居民",
          "community": "社区", "overview": "总览"}
PHONE_ROLES = ("canteen",)  # who sees residents' phones on the canteen lists (besides admin)


class NotLoggedIn(Exception):
    """No live session: the page says how to get a link."""


@dataclass
class Staff:
    """A logged-in staff member and the roles they hold now."""

    person: Resident
    roles: list[StaffRole]
    csrf: str

    def roles_for(self, view: str) -> list[StaffRole]:
        """The roles that open a page."""
        wanted = set(VIEWS[view]) | {"admin"}
        return [r for r in self.roles if r.role in wanted]

    def may_open(self, view: str) -> bool:
        """Whether the page is in this person's menu."""
        return bool(self.roles_for(view))

    def communities(self, view: str) -> list[int]:
        """The communities where this person may open a page."""
        return sorted({r.community_id for r in self.roles_for(view)})

    def holds(self, community_id: int, *roles: str) -> bool:
        """Whether one of the roles (or admin) is held in a community."""
        return any(r.community_id == community_id and r.role in (*roles, "admin")
                   for r in self.roles)

    def menu(self) -> list[tuple[str, str]]:
        """The pages this person may open, with their titles."""
        return [(view, TITLES[view]) for view in VIEWS if self.may_open(view)]


def csrf_for(cookie: str) -> str:
    """The anti-forgery token of a session (derived, so nothing more is stored)."""
    return hmac.new(cookie.encode(), b"linli-console-csrf", hashlib.sha256).hexdigest()


def current_staff(request: Request, session: Session, view: str | None = None) -> Staff:
    """The staff member of this request; NotLoggedIn, or 403 when the page is not theirs."""
    cookie = request.cookies.get(COOKIE)
    console: Any = request.app.state.console
    person = session_person(session, cookie=cookie, now=console.now()) if cookie else None
    if person is None or cookie is None:
        raise NotLoggedIn()
    staff = Staff(person, roles_of(session, person_id=person.id), csrf_for(cookie))
    if not staff.roles:
        raise NotLoggedIn()
    if view is not None and not staff.may_open(view):
        raise HTTPException(403, "您的账号没有打开这个页面的权限。")
    if request.method == "POST":
        sent = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(sent, staff.csrf):
            raise HTTPException(403, "页面已过期，请刷新后再试。")
    return staff
