"""The canteen's service, with no handlers: which canteen, which days a message means, and the
capacity-safe booking and cancelling every handler (and the staff console) goes through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from actions.canteen.rules import Price, Rules, load_rules, nice_day, when_word, yuan
from actions.core.context import Context
from actions.core.dates import day_label
from actions.core.errors import Refused
from actions.core.texts import Button, Texts
from actions.db.canteen import (
    CanteenBooking,
    CanteenMenu,
    booking_row,
    release,
    reserve,
    taken,
)
from actions.db.community import Community, Resident, first_community
from actions.db.memo import remembered
from nlu import expand_dates

_MENUS = frozenset({CanteenMenu.__tablename__})
WEEKDAY_CHARS = "一二三四五六日天"
NEXT_WEEK = re.compile(r"下(?:个)?(?:周|星期|礼拜)(?![一二三四五六日天1-7])")
THIS_WEEK = re.compile(r"(?:这|本)(?:个)?(?:周|星期|礼拜)(?![一二三四五六日天1-7])")
EVERY_DAY = re.compile(r"每天|天天|一整周|整周|全周|都要|都订")
SPAN = re.compile(r"(下|这|本)?(?:周|星期|礼拜)([一二三四五六日天])[到至~—-]+"
                  r"(?:周|星期|礼拜)?([一二三四五六日天])")
# 下礼拜一二三 / 周一、三、五: several days of one week (never 周二三点, a time)
LISTED = re.compile(r"(下|这|本)?(?:周|星期|礼拜)"
                    r"([一二三四五六日天](?:[、,，和跟]?[一二三四五六日天])+)(?![点點时時:：号號个個十])")
RANGE_WORDS = re.compile(r"[到至~—-]")
MY_BOOKINGS = re.compile(r"我订了|我订的|订了什么|订了哪|订了几|我都订")


@dataclass(frozen=True)
class Canteen:
    """A community and the rules of its canteen."""

    community: Community
    rules: Rules

    @property
    def id(self) -> int:
        """The community id."""
        return self.community.id

    def meal_or_default(self, meal: str | None) -> str:
        """The meal asked for when the canteen serves it, else its first meal."""
        return meal if meal in self.rules.meals else next(iter(self.rules.meals))


def canteen_of_community(session: Session, *, community_id: int,
                         data_dir: str) -> Canteen | None:
    """The canteen of a community, when data/canteen.yml describes one."""
    community = session.get(Community, community_id)
    rules = load_rules(data_dir).get(community.name) if community else None
    if community is None or rules is None:
        return None
    closed = remembered(session, ("canteen_closed", community.id), _MENUS, lambda: frozenset(
        session.scalars(select(CanteenMenu.day).where(
            CanteenMenu.community_id == community.id,
            func.json_array_length(CanteenMenu.dishes) == 0))))  # /menu 周四：休息 (each step
    # of the booking form asks: read once a transaction, again after a menu is written)
    if closed:
        rules = replace(rules, closed_dates=rules.closed_dates | closed)
    return Canteen(community, rules)


def canteen_of(ctx: Context, *, member: bool = False, person: Resident | None = None) -> Canteen:
    """The person's canteen (the writer's, or `person`'s: the elder a daughter books for; else
    the first one, to look at menus); Refused when there is none."""
    community_id = (person or ctx.person).community_id
    if community_id is None and not member:
        first = first_community(ctx.session)
        community_id = first.id if first is not None else None
    found = canteen_of_community(ctx.session, community_id=community_id,
                                 data_dir=ctx.settings.data_dir) if community_id else None
    if found is None:
        raise Refused(ctx.t("canteen_none"))
    return found


def registered_or_offer(ctx: Context, person: Resident | None = None) -> bool:
    """Booking needs a registered address (the diner's); otherwise offer to register and say
    False."""
    diner = person or ctx.person
    if diner.community_id is not None and diner.household_id is not None:
        return True
    ctx.reply("canteen_register_first",
              buttons=[[Button(ctx.t("button_register"), "/pick:register")]])
    return False


# -- which days the message means -----------------------------------------------------------

def stated_days(ctx: Context, today: date) -> list[date]:
    """The days a message names: date entities, a range (周一到周五), or 下周每天."""
    entities = [e for e in ctx.parse.get("entities", []) if e.get("entity") == "date"
                and _iso(e.get("value")) is not None]
    entities = _without_denied(ctx.text, entities)
    days = sorted(set(expand_dates(entities)))  # a from / to pair (roles) gives each day
    text = ctx.text
    roles = any(e.get("role") for e in entities)
    if not roles and len(entities) == 2 and len(days) == 2 \
            and _between_is_range(text, entities):  # a backend without roles (Rasa)
        days = [days[0] + timedelta(n) for n in range((days[1] - days[0]).days + 1)]
    spanned = _weekday_span(text, today) or _weekday_list(text, today)
    if len(spanned) > len(days):
        days = spanned
    if not days and EVERY_DAY.search(text):
        week = week_asked(text, today)
        days = week or []
    return days


def _without_denied(text: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """是周五 周四我不在家 / 不是周四 是周五: the days the words turn down are not asked for
    (unless every day named is turned down)."""
    if len(entities) < 2 or any(e.get("role") for e in entities):
        return entities
    ordered = sorted(entities, key=lambda e: int(e.get("start", 0)))
    kept = [e for i, e in enumerate(ordered) if not _turned_down(text, ordered, i)]
    return kept or entities


def _turned_down(text: str, ordered: list[dict[str, Any]], index: int) -> bool:
    """Whether the words next to the index'th date, within its clause, turn that day down."""
    start, end = int(ordered[index].get("start", 0)), int(ordered[index].get("end", 0))
    before = text[int(ordered[index - 1].get("end", 0)) if index else 0:start]
    after = text[end:int(ordered[index + 1].get("start", len(text)))
                 if index + 1 < len(ordered) else len(text)]
    before = CLAUSE_BREAK.split(before)[-1]
    after = CLAUSE_BREAK.split(after)[0] if CLAUSE_BREAK.match(after) is None else ""
    return bool(DENIED_BEFORE.search(before) or DENIED_AFTER.search(after))


# 周四我不在家 / 不是周四: a day turned down (the clause after the date, or 不是 before it)
CLAUSE_BREAK = re.compile(r"[，,。；;！!？?\s]+")
DENIED_BEFORE = re.compile(r"(?:不是|不要|别订|甭订)$")
DENIED_AFTER = re.compile(r"不在|不是|不行|不要|不用|没空|没时间|有事|去不了|来不了|吃不了|"
                          r"不去|不订|不方便")


def week_asked(text: str, today: date) -> list[date] | None:
    """All seven days of the week the text names as a whole (这周 / 下周), else None."""
    monday = today - timedelta(days=today.weekday())
    if NEXT_WEEK.search(text):
        monday += timedelta(days=7)
    elif not THIS_WEEK.search(text):
        return None
    return [monday + timedelta(n) for n in range(7)]


def _iso(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _between_is_range(text: str, entities: list[dict[str, object]]) -> bool:
    first, second = sorted(entities, key=lambda e: int(str(e.get("start", 0))))
    gap = text[int(str(first.get("end", 0))):int(str(second.get("start", 0)))]
    return bool(RANGE_WORDS.search(gap)) and len(gap) <= 3


def _weekday_span(text: str, today: date) -> list[date]:
    match = SPAN.search(text)
    if not match:
        return []
    which, start, end = match.groups()
    first = WEEKDAY_CHARS.index(start) % 7 if start != "天" else 6
    last = WEEKDAY_CHARS.index(end) % 7 if end != "天" else 6
    monday = today - timedelta(days=today.weekday())
    if which == "下" or (which is None and first < today.weekday()):
        monday += timedelta(days=7)
    if last < first:
        return []
    return [monday + timedelta(n) for n in range(first, last + 1)]


def _weekday_list(text: str, today: date) -> list[date]:
    match = LISTED.search(text)
    if not match:
        return []
    which, chars = match.group(1), [c for c in match.group(2) if c in WEEKDAY_CHARS]
    indexes = sorted({WEEKDAY_CHARS.index(c) % 7 if c != "天" else 6 for c in chars})
    monday = today - timedelta(days=today.weekday())
    if which == "下" or (which is None and indexes[0] < today.weekday()):
        monday += timedelta(days=7)
    return [monday + timedelta(n) for n in indexes]


# -- menus -----------------------------------------------------------------------------------

def dishes_text(menu: CanteenMenu) -> str:
    """红烧肉、宫保鸡丁、…"""
    return "、".join(str(d) for d in menu.dishes)


def price_text(ctx: Context, price: Price) -> str:
    """What one portion costs this resident, in a few words."""
    if price.own_fen == 0 and price.label:
        return ctx.t("canteen_price_free", label=price.label)
    if price.label:
        return ctx.t("canteen_price_tier", price=yuan(price.own_fen), label=price.label)
    return ctx.t("canteen_price_full", price=yuan(price.own_fen))


LUNCH_OVER = time(13, 0)  # when a meal's serving time names no end


def default_day(canteen: Canteen, local: datetime) -> date:
    """The day someone asking "what's for lunch" means: today until served, then the next."""
    meal = next(iter(canteen.rules.meals.values()))
    end = meal.serving_ends() or LUNCH_OVER
    day = local.date()
    if local.time() >= end:
        day += timedelta(days=1)
    for _ in range(30):
        if canteen.rules.is_open(day):
            return day
        day += timedelta(days=1)
    return local.date()


# -- the booking service ---------------------------------------------------------------------

def book_day(session: Session, *, canteen: Canteen, person: Resident, day: date, meal: str,
             portions: int, delivery: bool, now: datetime, local: datetime,
             texts: Texts, change: bool = False) -> CanteenBooking:
    """Book one meal, price fixed now; Refused (with what is possible instead) when it can't.
    With change, a booking of that meal already made takes the new portions and mode."""
    why = canteen.rules.refusal(day, meal, local)
    if why:
        raise Refused(why.text(texts) + "。"
                      + alternative(session, canteen, meal, local, texts, after=day))
    try:
        with session.begin_nested():
            return _take(session, canteen, person, day, meal, portions, delivery, now, local,
                         texts, change)
    except IntegrityError:  # the same booking, committed a moment ago by a twin message
        raise Refused(texts.render("canteen_already_booked", day=day_label(day), meal=meal,
                                   portions=portions)) from None


def _take(session: Session, canteen: Canteen, person: Resident, day: date, meal: str,
          portions: int, delivery: bool, now: datetime, local: datetime,
          texts: Texts, change: bool) -> CanteenBooking:
    row = booking_row(session, resident_id=person.id, day=day, meal=meal, lock=True)
    held = row.portions if row is not None and row.active else 0
    if held and not change:
        raise Refused(texts.render("canteen_already_booked", day=day_label(day), meal=meal,
                                   portions=held))
    if portions < held:
        release(session, community_id=canteen.id, day=day, meal=meal, portions=held - portions)
    elif portions > held and not reserve(
            session, community_id=canteen.id, day=day, meal=meal, portions=portions - held,
            capacity=canteen.rules.meals[meal].capacity):
        raise Refused(texts.render("canteen_full", day=day_label(day), meal=meal)
                      + alternative(session, canteen, meal, local, texts, after=day))
    price = canteen.rules.price_for(person, day)
    if row is None:
        row = CanteenBooking(community_id=canteen.id, resident_id=person.id, day=day, meal=meal,
                             portions=portions, booked_at=now)
        session.add(row)
    _set_booking(row, canteen, person, portions, delivery, price, now)
    session.flush()
    return row


def _set_booking(row: CanteenBooking, canteen: Canteen, person: Resident, portions: int,
                 delivery: bool, price: Price, now: datetime) -> None:
    fee = canteen.rules.delivery_fee_fen if delivery else 0
    row.portions = portions
    row.delivery = delivery
    row.address = (person.address() or "") if delivery else ""
    row.price_label = price.label
    row.unit_price_fen = price.own_fen
    row.extra_price_fen = price.extra_fen
    row.total_fen = price.total_fen(portions) + fee
    row.status = "booked"
    row.booked_at = now
    row.cancelled_at = None


def cancel_booking(session: Session, *, canteen: Canteen, booking: CanteenBooking,
                   now: datetime, local: datetime, texts: Texts) -> None:
    """Cancel before the cut-off and give the portions back; Refused after it."""
    if local >= canteen.rules.cutoff_at(booking.day, booking.meal, local.tzinfo):
        raise Refused(texts.render("canteen_cancel_too_late", meal=booking.meal,
                                   when=when_word(booking.day, local.date()),
                                   phone=canteen.rules.phone))
    # the portions go back only with the one change of this booking from booked to cancelled,
    # however many presses of 取消 arrive at once
    changed = session.execute(
        update(CanteenBooking).where(CanteenBooking.id == booking.id,
                                     CanteenBooking.status == "booked")
        .values(status="cancelled", cancelled_at=now).execution_options(synchronize_session=False))
    session.refresh(booking)
    if not changed.rowcount:  # type: ignore[attr-defined]
        raise Refused(texts.render("canteen_cancel_already"))
    release(session, community_id=canteen.id, day=booking.day, meal=booking.meal,
            portions=booking.portions)


def alternative(session: Session, canteen: Canteen, meal: str, local: datetime, texts: Texts,
                *, after: date | None = None) -> str:
    """What is possible instead: the next day that can still be booked and has room."""
    day = canteen.rules.next_bookable(meal, local, after=after if after and after >= local.date()
                                      else None)
    capacity = canteen.rules.meals[meal].capacity
    while day is not None and taken(session, community_id=canteen.id, day=day,
                                    meal=meal) >= capacity:
        day = canteen.rules.next_bookable(meal, local, after=day)
    if day is None:
        return texts.render("canteen_alternative_phone", phone=canteen.rules.phone)
    return texts.render("canteen_alternative", day=nice_day(day, local.date()))
