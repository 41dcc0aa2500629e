"""Enrolling elders for the evening check-in, their contacts, and the invites they need.

A bot may only message someone who pressed /start, so enrolment gives every elder and family
contact without a messenger account an invite code (t.me/<bot>?start=<code> binds the account,
see actions/basics.py); `linli checkin invites --building N` prints them with QR codes.

Contacts are called in this order: the family members named, the building leader(s) of the
elder's building group, the grid worker(s) of the elder's grid.

    /enrol 王秀英 [20:00] [王丽 13902230001] ...     staff enrol (or re-enrol) an elder
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.checkins.escalation import STAFF_ROLES, staff_community
from actions.checkins.rules import parse_time
from actions.core.context import Context
from actions.core.datafiles import load_yaml
from actions.core.errors import Invalid
from actions.core.people import audit, new_invite_code, require_role
from actions.core.registry import on, seeder
from actions.db.checkins import CheckinContact, CheckinEnrolment, enrolment_of
from actions.db.community import Building, Community, Household, Resident, StaffRole, Unit

DEMO_ENROLLED_BEFORE = timedelta(days=7)
TIME = re.compile(r"^\d{1,2}:\d{2}$")
PHONE = re.compile(r"^1\d{10}$")


def enrol(session: Session, *, elder: Resident, family: list[Resident], now: datetime,
          by: int | None = None, checkin_time: str | None = None) -> CheckinEnrolment:
    """Enrol an elder (or renew the enrolment): contacts are family, building leader, grid."""
    if elder.community_id is None:
        raise ValueError("an elder to enrol must belong to a community")
    enrolment = enrolment_of(session, elder_id=elder.id)
    if enrolment is None:
        enrolment = CheckinEnrolment(community_id=elder.community_id, elder_id=elder.id,
                                     created_at=now, created_by=by)
        session.add(enrolment)
    enrolment.active = True
    # zero-padded "HH:MM", so the round's query can compare times as text
    enrolment.checkin_time = parse_time(checkin_time).strftime("%H:%M") if checkin_time else None
    session.flush()
    for old in list(enrolment.contacts):
        session.delete(old)
    session.flush()
    contacts = [(p, "family") for p in family] + _helpers(session, elder)
    seen: set[int] = {elder.id}
    position = 0
    for person, relation in contacts:
        if person.id in seen:
            continue
        seen.add(person.id)
        position += 1
        session.add(CheckinContact(enrolment_id=enrolment.id, position=position,
                                   person_id=person.id, relation=relation))
        give_invite(person)
    give_invite(elder)
    session.flush()
    session.refresh(enrolment)
    return enrolment


def _helpers(session: Session, elder: Resident) -> list[tuple[Resident, str]]:
    """The building leader(s) of the elder's building group, then the grid worker(s)."""
    building = elder.household.unit.building if elder.household else None
    if building is None:
        return []
    people: list[tuple[Resident, str]] = []
    for role, column, value in (("building_leader", StaffRole.building_group_id,
                                 building.group_id),
                                ("grid_worker", StaffRole.grid_id, building.grid_id)):
        if value is None:
            continue
        query = (select(Resident).join(StaffRole, StaffRole.person_id == Resident.id)
                 .where(StaffRole.community_id == building.community_id,
                        StaffRole.role == role, column == value).order_by(Resident.id))
        people += [(p, role) for p in session.scalars(query).unique()]
    return people


def give_invite(person: Resident) -> None:
    """An invite code for someone the bot cannot message yet."""
    if person.telegram_id is None and person.invite_code is None:
        person.invite_code = new_invite_code()


@on("enrol")
def enrol_command(ctx: Context) -> None:
    """/enrol <elder> [HH:MM] [family name [phone]] ...: staff enrol an elder."""
    community_id = staff_community(ctx)
    words = ctx.args.split()
    if not words:
        raise Invalid(ctx.t("checkin_enrol_usage"))
    elder = _resident(ctx.session, community_id, words.pop(0))
    require_role(ctx.session, person_id=ctx.person.id, community_id=community_id,
                 roles=STAFF_ROLES)
    at = words.pop(0) if words and TIME.match(words[0]) else None
    if at is not None:
        try:
            at = parse_time(at).strftime("%H:%M")
        except ValueError:
            raise Invalid(ctx.t("checkin_enrol_usage")) from None
    family = _family(ctx, community_id, words)
    enrolment = enrol(ctx.session, elder=elder, family=family, now=ctx.now, by=ctx.person.id,
                      checkin_time=at)
    audit(ctx.session, actor_id=ctx.person.id, community_id=community_id, now=ctx.now,
          action="checkin_enrol", target=f"checkin_enrolment:{enrolment.id}")
    ctx.reply("checkin_enrolled", name=elder.name, time=at or ctx.t("checkin_community_time"),
              contacts="、".join(f"{c.position}. {c.person.name}" for c in enrolment.contacts),
              invites=_invite_lines(ctx, [elder, *[c.person for c in enrolment.contacts]]))


def _resident(session: Session, community_id: int, name: str) -> Resident:
    found = list(session.scalars(select(Resident).where(Resident.community_id == community_id,
                                                        Resident.name == name)))
    if len(found) != 1:
        raise Invalid.keyed("checkin_enrol_no_elder", name=name)
    return found[0]


def _family(ctx: Context, community_id: int, words: list[str]) -> list[Resident]:
    family: list[Resident] = []
    while words:
        name = words.pop(0)
        phone = words.pop(0) if words and PHONE.match(words[0]) else None
        query = select(Resident).where(Resident.name == name)
        if phone:
            query = query.where(Resident.phone == phone)
        person = ctx.session.scalars(query).first()
        if person is None:
            person = Resident(name=name, display_name=name, phone=phone,
                              community_id=community_id, created_at=ctx.now)
            ctx.session.add(person)
            ctx.session.flush()
        family.append(person)
    return family


def _invite_lines(ctx: Context, people: list[Resident]) -> str:
    lines = [ctx.t("checkin_invite_line", name=p.name, code=p.invite_code)
             for p in people if p.invite_code]
    return "\n".join(lines) if lines else ctx.t("checkin_all_bound")


# -- invites for printing ------------------------------------------------------------------------
@dataclass(frozen=True)
class Invite:
    """Someone of a building's check-ins, and the code that binds their account (if needed)."""

    person_id: int
    name: str
    role: str  # 老人 | 家属
    elder: str
    code: str | None  # None: already bound


def invites_for_building(session: Session, *, community_id: int, building: str) -> list[Invite]:
    """Elders enrolled in a building and their family contacts, with invite codes (made now)."""
    query = (select(CheckinEnrolment).join(Resident, Resident.id == CheckinEnrolment.elder_id)
             .join(Household).join(Unit).join(Building)
             .where(CheckinEnrolment.community_id == community_id, CheckinEnrolment.active,
                    Building.number == building).order_by(CheckinEnrolment.id))
    invites: list[Invite] = []
    for enrolment in session.scalars(query):
        elder = enrolment.elder
        people = [(elder, "老人")] + [(c.person, "家属") for c in enrolment.contacts
                                      if c.relation == "family"]
        for person, role in people:
            give_invite(person)
            invites.append(Invite(person.id, person.name, role, elder.name, person.invite_code))
    session.flush()
    return invites


# -- demo ----------------------------------------------------------------------------------------
@seeder("checkins")
def seed_checkins(session: Session, community: Community, data_dir: Path, now: datetime) -> None:
    """The demo's enrolments (data/demo/checkins.yml) and the family members they name. The
    elders were enrolled a week before the demo starts, so a demo started at 20:00 (or in the
    evening, within the round's latest send) has tonight's check-ins, as a running bot would."""
    spec: dict[str, Any] = load_yaml(data_dir, "demo/checkins.yml", dict, missing={})
    for item in spec.get("family", []):
        session.add(Resident(name=item["handle"], display_name=item["handle"],
                             telegram_id=item.get("tg"), phone=item.get("phone"),
                             community_id=community.id, created_at=now))
    session.flush()
    for item in spec.get("enrolments", []):
        elder = _resident(session, community.id, item["elder"])
        family = [_resident(session, community.id, name) for name in item.get("family", [])]
        enrol(session, elder=elder, family=family, now=now - DEMO_ENROLLED_BEFORE,
              checkin_time=item.get("time"))
