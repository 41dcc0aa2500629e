"""Who is who: finding people, their roles, and checking what staff may do."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    bindparam,
    cast,
    exists,
    func,
    inspect,
    or_,
    select,
)
from sqlalchemy.orm import Session, defaultload, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from actions.core.errors import Refused
from actions.db.checkins import CheckinContact
from actions.db.community import (
    Building,
    Community,
    GroupChat,
    Household,
    Resident,
    StaffRole,
    Unit,
    first_community,
)
from actions.db.community_life import Question
from actions.db.conversation import AuditLog, DialogueState
from actions.db.endpoints import endpoint_of_chat, find_endpoint, is_endpoint_chat, link_account
from actions.db.memo import keep, known, remembered
from nlu import normalize


def person_by_telegram(session: Session, *, telegram_id: int) -> Resident | None:
    """The person bound to a messenger account: a Telegram id, or an endpoint's chat id."""
    if is_endpoint_chat(telegram_id):
        endpoint = endpoint_of_chat(session, chat_id=telegram_id)
        if endpoint is None or endpoint.person_id is None:
            return None
        return session.get(Resident, endpoint.person_id)
    person = session.scalar(_BY_TELEGRAM, {"telegram_id": telegram_id})
    if person is None:  # a Telegram account linked to someone reached on another channel
        linked = find_endpoint(session, channel="telegram", address=str(telegram_id))
        if linked is not None and linked.person_id is not None:
            return session.get(Resident, linked.person_id)
    return person


_BY_TELEGRAM = select(Resident).where(Resident.telegram_id == bindparam("telegram_id"))


def get_or_create_person(session: Session, *, telegram_id: int, display_name: str,
                         now: datetime) -> Resident:
    """The person behind an account; a first-time visitor gets an unverified record.

    A newcomer on another channel (an endpoint's chat id) is reached there: the record's
    telegram_id holds the endpoint's chat id, outside Telegram's range, until a Telegram
    account is bound."""
    person = person_by_telegram(session, telegram_id=telegram_id)
    if person is None:
        person = Resident(telegram_id=telegram_id, display_name=display_name[:100],
                          created_at=now)
        session.add(person)
        session.flush()
        _link_endpoint(session, chat_id=telegram_id, person=person)
    return person


def person_and_dialogue(session: Session, *, user_id: int, chat_id: int, display_name: str,
                        now: datetime) -> tuple[Resident, DialogueState]:
    """Who wrote, and their dialogue in this chat (made when missing): one query for someone
    known by their Telegram account (the usual case), else get_or_create_person's way. That
    query also loads what a turn reads of the person (see _PERSON_AND_DIALOGUE)."""
    row = None if is_endpoint_chat(user_id) else session.execute(
        _PERSON_AND_DIALOGUE, {"telegram_id": user_id, "chat_id": chat_id, "now": now,
                               "lately": now - QUESTIONS_LATELY}).first()
    if row is None:
        person = get_or_create_person(session, telegram_id=user_id, display_name=display_name,
                                      now=now)
        return person, _dialogue(session, person, chat_id, now)
    person, stored, community, roles, contact, questions = row
    session.info["linli_community"] = community  # held: the identity map keeps weak refs
    remember_speaker(session, person_id=person.id, roles=roles, contact=contact)
    if "roles" not in inspect(person).dict:  # capabilities read person.roles: no lazy load
        set_committed_value(person, "roles", roles_of(session, person_id=person.id))
    if person.community_id is not None:
        keep(session, (_QUESTIONS, person.community_id, now), _QUESTION_TABLES, questions)
    return person, stored or _dialogue(session, person, chat_id, now, known_missing=True)


def _dialogue(session: Session, person: Resident, chat_id: int, now: datetime, *,
              known_missing: bool = False) -> DialogueState:
    stored = None if known_missing else session.scalar(
        _DIALOGUE, {"resident_id": person.id, "chat_id": chat_id})
    if stored is None:
        stored = DialogueState(resident_id=person.id, chat_id=chat_id, data={}, updated_at=now)
        session.add(stored)
    return stored


# A question the community may still answer by typing: open, or asked this recently (a bare
# 同意 to one closed since is told it closed). Typed votes ask whether there is any.
QUESTIONS_LATELY = timedelta(days=7)
_QUESTIONS = "linli_questions_open_or_recent"
_QUESTION_TABLES = frozenset({Question.__tablename__})


def may_have_questions(session: Session, *, community_id: int | None, now: datetime) -> bool:
    """False only when this transaction knows the community has no question open (closing
    after now) nor asked since now - QUESTIONS_LATELY: the turn's first query asked."""
    return community_id is not None and known(
        session, (_QUESTIONS, community_id, now), True) is not False


# the person, their dialogue in this chat, their community (then in the session: a turn's
# session.get of it costs nothing), their staff roles as one string (remember_speaker; none: no
# role), whether they are a check-in contact, and whether their community has a question open
# or asked lately (may_have_questions). Their home (household, unit, building: the address
# rules read) is loaded with one joined query on the turns that read it, not on every turn.
_NULL, _FIELD, _ROW = "\x1d", "\x1f", "\x1e"
_ROLE_FIELDS = (StaffRole.id, StaffRole.community_id, StaffRole.role, StaffRole.grid_id,
                StaffRole.building_group_id, StaffRole.team)


def _role_text() -> Any:
    """A staff role's columns as one text (None as _NULL), the fields apart by _FIELD."""
    fields = [func.coalesce(cast(c, String), _NULL) for c in _ROLE_FIELDS]
    text: ColumnElement[str] = fields[0]
    for field in fields[1:]:
        text = text + _FIELD + field
    return text


_PERSON_AND_DIALOGUE = (
    select(Resident, DialogueState, Community,
           select(func.aggregate_strings(_role_text(), _ROW))
           .where(StaffRole.person_id == Resident.id).scalar_subquery().label("roles"),
           exists().where(CheckinContact.person_id == Resident.id).label("contact"),
           exists().where(Question.community_id == Resident.community_id, or_(
               and_(Question.status == "open", Question.closes_at > bindparam("now")),
               Question.created_at >= bindparam("lately"))).label("questions"))
    .outerjoin(DialogueState, and_(DialogueState.resident_id == Resident.id,
                                   DialogueState.chat_id == bindparam("chat_id")))
    .outerjoin(Community, Community.id == Resident.community_id)
    .options(defaultload(Resident.household).joinedload(Household.unit)
             .joinedload(Unit.building))
    .where(Resident.telegram_id == bindparam("telegram_id")))
_DIALOGUE = select(DialogueState).where(DialogueState.resident_id == bindparam("resident_id"),
                                        DialogueState.chat_id == bindparam("chat_id"))


def bind_invite(session: Session, *, code: str, telegram_id: int) -> Resident | None:
    """Bind an account (Telegram, or an endpoint's chat id) to the record staff created (the
    /start invite code); the person's other accounts stay linked to the same record."""
    person = session.scalar(select(Resident).where(Resident.invite_code == code))
    if person is None:
        return None
    other = person_by_telegram(session, telegram_id=telegram_id)
    if other is not None and other.id != person.id:
        if other.household_id is not None or other.roles:
            raise Refused.keyed("refused_account_taken")
        if other.telegram_id is not None and (other.telegram_id == telegram_id
                                              or is_endpoint_chat(other.telegram_id)):
            other.telegram_id = None
        session.flush()
    endpoint = endpoint_of_chat(session, chat_id=telegram_id)
    if endpoint is None:
        person.telegram_id = telegram_id  # a Telegram account: the person's private chat
    else:  # reached where they bound the code; a Telegram account stays linked
        link_account(session, person=person, channel=endpoint.channel,
                     address=endpoint.address, now=endpoint.created_at, primary=True)
    person.invite_code = None
    return person


def _link_endpoint(session: Session, *, chat_id: int, person: Resident) -> None:
    """Point an endpoint's account at a person (nothing for a Telegram id)."""
    endpoint = endpoint_of_chat(session, chat_id=chat_id)
    if endpoint is not None:
        endpoint.person_id = person.id
        session.flush()


def new_invite_code() -> str:
    """A code that is hard to guess, short enough for a deep link."""
    return secrets.token_urlsafe(12)


# -- what a turn's first query learned of the speaker ---------------------------------------
# The pipeline reads the person with their staff roles (as text) and whether they are a
# check-in contact, so the questions every turn asks of the speaker (the safety layer's
# "staff?", the check-in speaker rule, a staff command's roles) cost no query. Kept for the
# transaction (actions.db.memo), forgotten as soon as the session writes a role or a contact.
_ROLES = "linli_staff_roles"  # (_ROLES, person id) -> every role (as text, then rows)
_CONTACT = "linli_checkin_contact"  # (_CONTACT, person id) -> whether a check-in contact
_ROLE_TABLES = frozenset({StaffRole.__tablename__})
_CONTACT_TABLES = frozenset({CheckinContact.__tablename__})


def remember_speaker(session: Session, *, person_id: int, roles: str | None,
                     contact: bool) -> None:
    """What the turn's first query found: the person's staff roles (the query's text of them,
    None for none) and whether they are a check-in contact."""
    keep(session, (_ROLES, person_id), _ROLE_TABLES, roles or "")
    keep(session, (_CONTACT, person_id), _CONTACT_TABLES, contact)


def may_be_contact(session: Session, *, person_id: int) -> bool:
    """False only when this transaction knows the person is no check-in contact."""
    return known(session, (_CONTACT, person_id), True) is not False


def roles_of(session: Session, *, person_id: int, community_id: int | None = None
             ) -> list[StaffRole]:
    """A person's staff roles (in one community, when given)."""
    key = (_ROLES, person_id)
    roles = known(session, key)
    if roles is None:
        roles = remembered(session, key, _ROLE_TABLES, lambda: list(session.scalars(
            select(StaffRole).where(StaffRole.person_id == person_id).order_by(StaffRole.id))))
    elif isinstance(roles, str):  # as the turn's first query read them: rows made on first use
        roles = _roles_from_text(session, person_id, roles)
        keep(session, key, _ROLE_TABLES, roles)
    return [r for r in roles if community_id is None or r.community_id == community_id]


def _roles_from_text(session: Session, person_id: int, text: str) -> list[StaffRole]:
    """The rows _role_text wrote, in the session as if loaded (the one in it already, if any)."""
    roles = []
    for row in text.split(_ROW) if text else []:
        values = [None if v == _NULL else v for v in row.split(_FIELD)]
        ident, community, role, grid, group, team = values
        key = identity_key(StaffRole, int(ident or 0))
        held = session.identity_map.get(key)
        if held is None:
            held = StaffRole(id=int(ident or 0), person_id=person_id,
                             community_id=int(community or 0), role=role,
                             grid_id=None if grid is None else int(grid),
                             building_group_id=None if group is None else int(group), team=team)
            make_transient_to_detached(held)
            session.add(held)
        roles.append(held)
    return sorted(roles, key=lambda r: r.id)


def has_role(session: Session, *, person_id: int, community_id: int,
             roles: Iterable[str], grid_id: int | None = None) -> bool:
    """Whether the person holds one of the roles there (admin always counts)."""
    wanted = set(roles) | {"admin"}
    for role in roles_of(session, person_id=person_id, community_id=community_id):
        if role.role not in wanted:
            continue
        if role.role == "admin" or grid_id is None or role.grid_id in (None, grid_id):
            return True
    return False


def require_role(session: Session, *, person_id: int, community_id: int,
                 roles: Iterable[str], grid_id: int | None = None) -> None:
    """Raise Refused unless the person may act here."""
    if not has_role(session, person_id=person_id, community_id=community_id, roles=roles,
                    grid_id=grid_id):
        raise Refused.keyed("refused_no_permission")


def audit(session: Session, *, actor_id: int, action: str, now: datetime,
          community_id: int | None = None, target: str = "",
          detail: dict[str, Any] | None = None) -> None:
    """Record a staff action (ids only)."""
    session.add(AuditLog(at=now, actor_id=actor_id, community_id=community_id, action=action,
                         target=target, detail=detail or {}))


def staff_with_role(session: Session, *, community_id: int, role: str,
                    grid_id: int | None = None) -> list[Resident]:
    """People holding a role in a community (in one grid, when given)."""
    query = (select(Resident).join(StaffRole, StaffRole.person_id == Resident.id)
             .where(StaffRole.community_id == community_id, StaffRole.role == role))
    if grid_id is not None:
        query = query.where(StaffRole.grid_id == grid_id)
    return list(session.scalars(query).unique())


def home_community_id(session: Session, person: Resident) -> int | None:
    """The person's community; for a newcomer, the only community of a one-community setup."""
    if person.community_id is not None:
        return person.community_id
    ids = list(session.scalars(select(Community.id).limit(2)))
    return ids[0] if len(ids) == 1 else None


def staff_chat_for(session: Session, *, community_id: int | None,
                   configured: int | None) -> int | None:
    """Where staff hear about something: the community's staff group, else the configured
    STAFF_CHAT_ID, else the first community's staff group (None when there is none at all)."""
    if community_id is not None:
        chat = _staff_group(session, community_id)
        if chat is not None:
            return chat
    if configured is not None:
        return configured
    first = first_community(session)
    return _staff_group(session, first.id) if first is not None else None


def _staff_group(session: Session, community_id: int) -> int | None:
    return session.scalar(select(GroupChat.chat_id).where(
        GroupChat.community_id == community_id, GroupChat.kind == "staff"))


def find_building(session: Session, *, community_id: int, number: str) -> Building | None:
    """A building by the number residents use."""
    return session.scalar(select(Building).where(Building.community_id == community_id,
                                                 Building.number == number))


def find_or_create_household(session: Session, *, building: Building, unit: str,
                             room: str) -> Household:
    """The household at an address, created on first mention (units are known from data)."""
    unit_row = session.scalar(select(Unit).where(Unit.building_id == building.id,
                                                 Unit.number == unit))
    if unit_row is None:
        unit_row = Unit(building_id=building.id, number=unit)
        session.add(unit_row)
        session.flush()
    household = session.scalar(select(Household).where(Household.unit_id == unit_row.id,
                                                       Household.room == room))
    if household is None:
        household = Household(unit_id=unit_row.id, room=room)
        session.add(household)
        session.flush()
    return household


# how neighbours call an older person: surname + title (张阿姨, 老李头, 王奶奶)
TITLES = (r"阿姨|奶奶|大爷|大妈|大娘|爷爷|婆婆|姥姥|老太太?|老爷子|老头|叔叔?|婶婶?|伯伯?|"
          r"大姐|大哥|老师|师傅")


def names_person(text: str, person: Resident) -> bool:
    """The words name her: her full name, her given name, or her surname with a title."""
    name = person.name or ""
    if len(name) < 2:
        return False
    text = normalize(text)
    if name in text or (len(name) >= 3 and name[1:] in text):
        return True
    return re.search(rf"{re.escape(name[0])}(?:{TITLES})", text) is not None
