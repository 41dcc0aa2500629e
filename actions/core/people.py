"""Who is who: finding people, their roles, and checking what staff may do."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, event, exists, or_, select
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction, joinedload

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
from actions.db.memo import keep, known


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
    person, stored, community, staff, contact, questions = row
    session.info["linli_community"] = community  # held: the identity map keeps weak refs
    remember_speaker(session, person_id=person.id, staff=staff, contact=contact)
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
# session.get of it costs nothing), their home (household, unit, building: the address rules
# read), whether they hold a staff role or are a check-in contact (remember_speaker), and
# whether their community has a question open or asked lately (may_have_questions)
_PERSON_AND_DIALOGUE = (
    select(Resident, DialogueState, Community,
           exists().where(StaffRole.person_id == Resident.id).label("staff"),
           exists().where(CheckinContact.person_id == Resident.id).label("contact"),
           exists().where(Question.community_id == Resident.community_id, or_(
               and_(Question.status == "open", Question.closes_at > bindparam("now")),
               Question.created_at >= bindparam("lately"))).label("questions"))
    .outerjoin(DialogueState, and_(DialogueState.resident_id == Resident.id,
                                   DialogueState.chat_id == bindparam("chat_id")))
    .outerjoin(Community, Community.id == Resident.community_id)
    .options(joinedload(Resident.household).joinedload(Household.unit)
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
# The pipeline reads the person with two facts (any staff role? a check-in contact anywhere?),
# so the questions every turn asks of a resident who is neither (the safety layer's "staff?",
# the check-in speaker rule) cost no query. Kept in the session for its transaction only, and
# forgotten as soon as the session writes a staff role or a contact.
_FACTS = "linli_speaker_facts"
_ROLES = "linli_staff_roles"  # person id -> every role, read once a transaction
_FACT_TABLES = frozenset({StaffRole.__tablename__, CheckinContact.__tablename__})


def remember_speaker(session: Session, *, person_id: int, staff: bool, contact: bool) -> None:
    """What the turn's first query found: whether the person holds a staff role, and whether
    they are a check-in contact."""
    session.info.setdefault(_FACTS, {})[person_id] = (staff, contact)


def may_be_contact(session: Session, *, person_id: int) -> bool:
    """False only when this transaction knows the person is no check-in contact."""
    facts = session.info.get(_FACTS)
    return facts is None or facts.get(person_id, (True, True))[1]


@event.listens_for(Session, "after_flush")
def _forget_after_flush(session: Session, _flush: UOWTransaction) -> None:
    if (_FACTS in session.info or _ROLES in session.info) and any(
            isinstance(o, (StaffRole, CheckinContact))
            for group in (session.new, session.dirty, session.deleted) for o in group):
        _forget(session)


@event.listens_for(Session, "do_orm_execute")
def _forget_after_write(state: ORMExecuteState) -> None:
    if (_FACTS in state.session.info or _ROLES in state.session.info) and not state.is_select:
        table = getattr(state.statement, "table", None)
        if table is None or getattr(table, "name", None) in _FACT_TABLES:
            _forget(state.session)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _forget_at_end(session: Session, *_: Any) -> None:
    _forget(session)


def _forget(session: Session) -> None:
    session.info.pop(_FACTS, None)
    session.info.pop(_ROLES, None)


def roles_of(session: Session, *, person_id: int, community_id: int | None = None
             ) -> list[StaffRole]:
    """A person's staff roles (in one community, when given)."""
    facts = session.info.get(_FACTS)
    if facts is not None and not facts.get(person_id, (True, True))[0]:
        return []
    known = session.info.setdefault(_ROLES, {})
    if person_id not in known:
        known[person_id] = list(session.scalars(
            select(StaffRole).where(StaffRole.person_id == person_id).order_by(StaffRole.id)))
    return [r for r in known[person_id] if community_id is None or r.community_id == community_id]


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
