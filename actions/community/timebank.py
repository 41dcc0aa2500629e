"""The time bank (时间银行): minutes earned by serving, spent on services, or donated.

A double-entry ledger (see actions.db.community_life): every entry moves minutes from a debit
account to a credit account. Earned time comes from the community's `issued` account, spent time
goes to its `spent` account, so the balances of all accounts always sum to zero and a balance
never changes without an entry. Entries are final; `correct()` adds the reversing entry.

Other capabilities credit a volunteer with `credit_service(...)` (repairs: a help ticket resolved
and confirmed; events: a helper's attendance; teams: a shift the leader logged).
"""

from __future__ import annotations

import re
from contextlib import suppress
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from actions.community.common import community_of, fmt_minutes, parse_minutes, residents_named
from actions.core.context import Context
from actions.core.dialogue import open_form
from actions.core.errors import Invalid, Refused
from actions.core.forms import Form, Slot, Slots
from actions.core.people import audit, require_role
from actions.core.registry import HANDLERS, answer_rule, form, on
from actions.core.texts import Button
from actions.db.community import Resident
from actions.db.community_life import TimeAccount, TimeEntry
from nlu import normalize

ISSUED = "issued"  # where earned minutes come from
SPENT = "spent"  # where minutes spent on services go
MAX_ENTRY = 24 * 60


def account(session: Session, *, community_id: int, now: datetime, person_id: int | None = None,
            system: str | None = None) -> TimeAccount:
    """A person's or a system account, opened on first use."""
    query = select(TimeAccount).where(TimeAccount.community_id == community_id)
    query = query.where(TimeAccount.person_id == person_id) if person_id is not None \
        else query.where(TimeAccount.system == system)
    found = session.scalar(query.with_for_update())
    if found is not None:
        return found
    try:
        with session.begin_nested():
            found = TimeAccount(community_id=community_id, person_id=person_id, system=system,
                                created_at=now)
            session.add(found)
    except IntegrityError:  # opened at the same moment by another turn
        found = session.scalars(query).one()
    return found


def balance(session: Session, *, account_id: int) -> int:
    """Minutes credited minus minutes debited."""
    credited = session.scalar(select(func.coalesce(func.sum(TimeEntry.minutes), 0))
                              .where(TimeEntry.credit_id == account_id))
    debited = session.scalar(select(func.coalesce(func.sum(TimeEntry.minutes), 0))
                             .where(TimeEntry.debit_id == account_id))
    return int(credited or 0) - int(debited or 0)


def person_balance(session: Session, *, person: Resident) -> int:
    """A person's balance (0 without an account)."""
    if person.community_id is None:
        return 0
    found = session.scalar(select(TimeAccount.id).where(
        TimeAccount.community_id == person.community_id, TimeAccount.person_id == person.id))
    return balance(session, account_id=found) if found is not None else 0


def post(session: Session, *, community_id: int, debit: TimeAccount, credit: TimeAccount,
         minutes: int, kind: str, reason: str, now: datetime, ref: str | None = None,
         by: int | None = None, corrects: int | None = None) -> TimeEntry | None:
    """Add one entry; None when an entry with this ref exists already (exactly once)."""
    if not 0 < minutes <= MAX_ENTRY:
        raise Invalid.keyed("timebank_bad_minutes", hours=MAX_ENTRY // 60)
    if ref is not None and session.scalar(select(TimeEntry.id).where(
            TimeEntry.community_id == community_id, TimeEntry.ref == ref)) is not None:
        return None
    entry = TimeEntry(community_id=community_id, debit_id=debit.id, credit_id=credit.id,
                      minutes=minutes, kind=kind, reason=reason[:200], ref=ref, created_at=now,
                      created_by=by, corrects_id=corrects)
    session.add(entry)
    session.flush()
    return entry


def credit_service(session: Session, *, volunteer_id: int, minutes: int, reason: str, ref: str,
                   now: datetime, by: int | None = None) -> TimeEntry | None:
    """Credit a volunteer for a confirmed service; None when `ref` was credited before."""
    person = session.get_one(Resident, volunteer_id)
    if person.community_id is None:
        raise Refused.keyed("timebank_volunteer_no_community")
    cid = person.community_id
    return post(session, community_id=cid, kind="earn", reason=reason, ref=ref, now=now, by=by,
                debit=account(session, community_id=cid, system=ISSUED, now=now),
                credit=account(session, community_id=cid, person_id=person.id, now=now),
                minutes=minutes)


def spend(session: Session, *, person: Resident, minutes: int, reason: str, now: datetime,
          ref: str | None = None, by: int | None = None) -> TimeEntry | None:
    """A person pays for a service with minutes they hold."""
    cid = _community(person)
    payer = account(session, community_id=cid, person_id=person.id, now=now)
    _require_funds(session, payer, minutes)
    return post(session, community_id=cid, debit=payer, minutes=minutes, kind="spend",
                credit=account(session, community_id=cid, system=SPENT, now=now),
                reason=reason, ref=ref, now=now, by=by)


def donate(session: Session, *, donor: Resident, recipient: Resident, minutes: int,
           now: datetime) -> TimeEntry:
    """Give minutes to another resident of the same community."""
    cid = _community(donor)
    if recipient.community_id != cid or recipient.id == donor.id:
        raise Refused.keyed("timebank_donate_outside")
    giver = account(session, community_id=cid, person_id=donor.id, now=now)
    _require_funds(session, giver, minutes)
    entry = post(session, community_id=cid, debit=giver, minutes=minutes, kind="donate",
                 credit=account(session, community_id=cid, person_id=recipient.id, now=now),
                 reason=f"{donor.name}转赠给{recipient.name}", now=now, by=donor.id)
    assert entry is not None  # no ref: never a duplicate
    return entry


def correct(session: Session, *, entry_id: int, reason: str, now: datetime,
            by: int) -> TimeEntry:
    """Reverse an entry with a new one (the original stays as it was)."""
    original = session.get(TimeEntry, entry_id)
    if original is None:
        raise Invalid.keyed("timebank_no_entry", entry=entry_id)
    back_from = session.get_one(TimeAccount, original.credit_id)
    back_to = session.get_one(TimeAccount, original.debit_id)
    reversal = post(session, community_id=original.community_id, debit=back_from, credit=back_to,
                    minutes=original.minutes, kind="correction", reason=f"更正：{reason}",
                    ref=f"correction:{original.id}", now=now, by=by, corrects=original.id)
    if reversal is None:
        raise Refused.keyed("timebank_already_corrected", entry=entry_id)
    return reversal


def ledger_total(session: Session, *, community_id: int | None = None) -> int:
    """The sum of every account's balance (always 0)."""
    query = select(TimeAccount.id)
    if community_id is not None:
        query = query.where(TimeAccount.community_id == community_id)
    return sum(balance(session, account_id=a) for a in session.scalars(query))


def statement(session: Session, *, account_id: int, limit: int = 5) -> list[tuple[TimeEntry, int]]:
    """The last entries of an account with their signed effect on it."""
    rows = session.scalars(select(TimeEntry).where(or_(
        TimeEntry.credit_id == account_id, TimeEntry.debit_id == account_id))
        .order_by(TimeEntry.id.desc()).limit(limit))
    return [(e, e.minutes if e.credit_id == account_id else -e.minutes) for e in rows]


def _community(person: Resident) -> int:
    if person.community_id is None:
        raise Refused.keyed("timebank_register_first")
    return person.community_id


def _require_funds(session: Session, payer: TimeAccount, minutes: int) -> None:
    have = balance(session, account_id=payer.id)
    if have < minutes:
        raise Refused.keyed("timebank_not_enough", have=fmt_minutes(have),
                            need=fmt_minutes(minutes))


# -- conversation ---------------------------------------------------------------------------

# 用时长换一次上门理发 / 拿攒的时间兑换个理发: a service asked for, paid in hours
EXCHANGE = re.compile(r"(?:用|拿|花)(?:我的?|攒的)?(?:时间银行的?|时间银行里的?)?"
                      r"(?:时长|时间|小时|钟头).{0,4}(?:换|兑换|抵)|兑换")


@on("query_hours")
def query_hours(ctx: Context) -> None:
    """My balance and my last entries (only ever one's own); a service to pay in hours is the
    request for it (the team leader records what it used, /spend)."""
    if ctx.entity("service") and EXCHANGE.search(normalize(ctx.text)):
        HANDLERS["request_help"](ctx)
        return
    cid = community_of(ctx)
    mine = ctx.session.scalar(select(TimeAccount.id).where(
        TimeAccount.community_id == cid, TimeAccount.person_id == ctx.person.id))
    entries = statement(ctx.session, account_id=mine) if mine is not None else []
    lines = [ctx.t("hours_line", day=f"{e.created_at.astimezone(ctx.settings.tz):%m-%d}",
                   change=("+" if sign > 0 else "-") + fmt_minutes(abs(sign)), reason=e.reason)
             for e, sign in entries]
    total = balance(ctx.session, account_id=mine) if mine is not None else 0
    key = "hours_balance" if lines else "hours_empty"
    ctx.reply(key, balance=fmt_minutes(total), lines="\n".join(lines),
              buttons=[[Button(ctx.t("button_donate_hours"), "/donate")]] if total > 0 else None)


def _recipient(ctx: Context, value: str, _slots: Slots) -> int:
    found = [p for p in residents_named(ctx.session, community_id=community_of(ctx), name=value)
             if p.id != ctx.person.id and p.household_id is not None]
    if len(found) != 1:
        raise Invalid(ctx.t("donate_no_one" if not found else "donate_ambiguous", name=value))
    return found[0].id


# 全都转给她 / 全部 / 都给她: everything one has
ALL_OF_IT = re.compile(r"全部|全都|所有的?(?:时长|时间)|统统|都转|都给|都送")


def _minutes(ctx: Context, value: str, _slots: Slots) -> int:
    minutes = parse_minutes(value)
    if minutes is None and ALL_OF_IT.search(normalize(value)):
        minutes = person_balance(ctx.session, person=ctx.person)
    if minutes is None or not 0 < minutes <= MAX_ENTRY:
        raise Invalid(ctx.t("hours_bad_minutes"))
    return minutes


def _donate_summary(ctx: Context, slots: Slots) -> str:
    recipient = ctx.session.get_one(Resident, slots["recipient"])
    return ctx.t("donate_summary", name=recipient.name, minutes=fmt_minutes(slots["minutes"]))


def _donate_submit(ctx: Context, slots: Slots) -> None:
    recipient = ctx.session.get_one(Resident, slots["recipient"])
    donate(ctx.session, donor=ctx.person, recipient=recipient, minutes=slots["minutes"],
           now=ctx.now)
    left = person_balance(ctx.session, person=ctx.person)
    ctx.reply("donate_done", name=recipient.name, minutes=fmt_minutes(slots["minutes"]),
              balance=fmt_minutes(left))
    ctx.notify_person(recipient, ctx.t("donate_received", name=ctx.person.name,
                                       minutes=fmt_minutes(slots["minutes"])))


def _donate_prefill(ctx: Context) -> Slots:
    """把1小时送给王秀英: the minutes said with the wish (the name is the person entity)."""
    text = normalize(ctx.text)
    minutes = parse_minutes(text) if GIVES_HOURS.search(text) else None
    if minutes is None and ALL_OF_IT.search(text):
        minutes = person_balance(ctx.session, person=ctx.person)
    slots: Slots = {"minutes": minutes} if minutes and 0 < minutes <= MAX_ENTRY else {}
    named = GIVEN_TO.search(text)
    if named is not None and not ctx.entities("person"):  # 送半小时给张桂兰吧: no entity read
        with suppress(Invalid):  # else asked for in its turn
            slots["recipient"] = _recipient(ctx, named.group(1), slots)
    return slots


# the one given to, named last or before the verb: 送半小时给张桂兰吧 / 我给王秀英转俩小时
GIVEN_TO = re.compile(r"(?:送给|转给|捐给|赠给|给)([\u4e00-\u9fff]{2,4}?)"
                      r"(?:(?:吧|了|啊|呀|好了)?[。！!\s]*$|(?:转|送|捐|分)(?!给))")


form(Form(
    name="donate",
    slots=[Slot("recipient", "donate_ask_recipient", entity="person", validate=_recipient),
           Slot("minutes", "donate_ask_minutes", validate=_minutes)],
    summary=_donate_summary,
    submit=_donate_submit,
    prefill=_donate_prefill,
))

# 把我的1小时送给王秀英 / 时长转给邻居 / 我想转赠时间: giving one's minutes, in words
HOURS_WORD = r"(?:时长|时间|小时|钟头|分钟|工时)"
GIVES_HOURS = re.compile(
    rf"(?:把|将|拿).{{0,10}}{HOURS_WORD}.{{0,6}}(?:送给|转给|捐给|赠给|让给|分给|给)"
    rf"|(?:转赠|捐赠|赠送|转让|送|转|捐|分)(?:[0-9一二两俩三四五六七八九十半]+个?|一些|一点|点|些)?"
    rf"{HOURS_WORD}"
    rf"|{HOURS_WORD}(?:能|可以)?(?:转赠|转给|送给|送人|转让|捐给)"
    r"|^(?:我想|我要|想|要)?转赠")


ASKS = re.compile(r"[?？]|吗|么|能不能|可不可以|怎么")


def says_gives_hours(text: str) -> bool:
    """把1小时送给王秀英 / 转赠给别人: giving, not asking whether one may (能转给我妈吗);
    in traditional characters too (把我的1小時轉給王秀英)."""
    text = normalize(text)
    return bool(GIVES_HOURS.search(text)) and not ASKS.search(text)


@answer_rule
def gives_hours(ctx: Context) -> bool:
    """Words giving one's time-bank minutes to someone: the donation, as /donate."""
    if not says_gives_hours(ctx.text):
        return False
    start_donation(ctx)
    return True


@on("donate")
def start_donation(ctx: Context) -> None:
    """/donate: give minutes to another resident (e.g. an elder)."""
    community_of(ctx)
    if person_balance(ctx.session, person=ctx.person) <= 0:
        ctx.reply("donate_nothing")
        return
    open_form(ctx, "donate")


@on("spend")
def staff_spend(ctx: Context) -> None:
    """/spend 王秀英 60 上门理发: staff record minutes a resident spent on a service."""
    cid = community_of(ctx)
    require_role(ctx.session, person_id=ctx.person.id, community_id=cid,
                 roles=["team_leader", "grid_worker"])
    name, minutes, reason = _three(ctx)
    people = residents_named(ctx.session, community_id=cid, name=name)
    if len(people) != 1:
        raise Invalid(ctx.t("donate_no_one" if not people else "donate_ambiguous", name=name))
    entry = spend(ctx.session, person=people[0], minutes=minutes, reason=reason, now=ctx.now,
                  by=ctx.person.id)
    assert entry is not None
    audit(ctx.session, actor_id=ctx.person.id, community_id=cid, now=ctx.now,
          action="timebank_spend", target=f"time_entry:{entry.id}")
    ctx.reply("spend_done", name=people[0].name, minutes=fmt_minutes(minutes), reason=reason)
    ctx.notify_person(people[0], ctx.t("spend_resident", minutes=fmt_minutes(minutes),
                                       reason=reason))


def _three(ctx: Context) -> tuple[str, int, str]:
    parts = ctx.args.split(maxsplit=2)
    minutes = parse_minutes(parts[1]) if len(parts) == 3 else None
    if minutes is None:
        raise Invalid(ctx.t("spend_usage"))
    return parts[0], minutes, parts[2]


@on("correct_hours")
def staff_correct(ctx: Context) -> None:
    """/correct_hours 12 记错了人: an admin reverses a wrong entry with a new one."""
    cid = community_of(ctx)
    require_role(ctx.session, person_id=ctx.person.id, community_id=cid, roles=["admin"])
    number, _, reason = ctx.args.partition(" ")
    if not number.isdecimal() or not reason.strip():
        raise Invalid(ctx.t("correct_usage"))
    original = ctx.session.get(TimeEntry, int(number))
    if original is None or original.community_id != cid:
        raise Invalid(ctx.t("timebank_no_entry", entry=number))
    reversal = correct(ctx.session, entry_id=original.id, reason=reason.strip(), now=ctx.now,
                       by=ctx.person.id)
    audit(ctx.session, actor_id=ctx.person.id, community_id=cid, now=ctx.now,
          action="timebank_correct", target=f"time_entry:{original.id}",
          detail={"reversal": reversal.id})
    ctx.reply("correct_done", number=original.id, minutes=fmt_minutes(original.minutes))
