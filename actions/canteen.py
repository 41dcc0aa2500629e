"""The elder canteen for residents: which canteen, which days they mean, and what is on the menu.

The canteen is split by responsibility:
    canteen_rules    rules from data/canteen.yml: opening days, cut-off, capacity, prices
    canteen          (this module) finding the canteen, reading dates, query_menu
    canteen_booking  book_meal (a form with read-back); the capacity-safe booking service
    canteen_mine     "我订了什么" (/mymeals) and cancel_meal
    canteen_menu     menu formats (chat lines, YAML, CSV), publishing, change notices, demo menu
    canteen_staff    staff in the chat: /menu, /delivery, /kitchen; the Friday announcement
    canteen_kitchen  the kitchen list at the cut-off and its CSV export
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.canteen_rules import Price, Rules, day_label, load_rules, yuan
from actions.context import Context
from actions.db.canteen import CanteenMenu, bookings_of, menus_between
from actions.db.models import Community
from actions.errors import Refused
from actions.registry import on
from actions.texts import Button, Keyboard
from nlu import expand_dates

WEEKDAY_CHARS = "一二三四五六日天"
NEXT_WEEK = re.compile(r"下(?:个)?(?:周|星期|礼拜)(?![一二三四五六日天1-7])")
THIS_WEEK = re.compile(r"(?:这|本)(?:个)?(?:周|星期|礼拜)(?![一二三四五六日天1-7])")
EVERY_DAY = re.compile(r"每天|天天|一整周|整周|全周|都要|都订")
SPAN = re.compile(r"(下|这|本)?(?:周|星期|礼拜)([一二三四五六日天])[到至~—-]+"
                  r"(?:周|星期|礼拜)?([一二三四五六日天])")
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
    return Canteen(community, rules) if community and rules else None


def canteen_of(ctx: Context, *, member: bool = False) -> Canteen:
    """The person's canteen (or the first one, to look at menus); Refused when there is none."""
    community_id = ctx.person.community_id
    if community_id is None and not member:
        community_id = ctx.session.scalar(select(Community.id).order_by(Community.id).limit(1))
    found = canteen_of_community(ctx.session, community_id=community_id,
                                 data_dir=ctx.settings.data_dir) if community_id else None
    if found is None:
        raise Refused(ctx.t("canteen_none"))
    return found


def registered_or_offer(ctx: Context) -> bool:
    """Booking needs a registered address; otherwise offer to register and say False."""
    if ctx.person.community_id is not None and ctx.person.household_id is not None:
        return True
    ctx.reply("canteen_register_first", buttons=[[Button("登记住址", "/pick:register")]])
    return False


# -- which days the message means -----------------------------------------------------------

def stated_days(ctx: Context, today: date) -> list[date]:
    """The days a message names: date entities, a range (周一到周五), or 下周每天."""
    entities = [e for e in ctx.parse.get("entities", []) if e.get("entity") == "date"
                and _iso(e.get("value")) is not None]
    days = sorted(set(expand_dates(entities)))  # a from / to pair (roles) gives each day
    text = ctx.text
    roles = any(e.get("role") for e in entities)
    if not roles and len(entities) == 2 and len(days) == 2 \
            and _between_is_range(text, entities):  # a backend without roles (Rasa)
        days = [days[0] + timedelta(n) for n in range((days[1] - days[0]).days + 1)]
    spanned = _weekday_span(text, today)
    if len(spanned) > len(days):
        days = spanned
    if not days and EVERY_DAY.search(text):
        week = week_asked(text, today)
        days = week or []
    return days


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


def default_day(canteen: Canteen, local: datetime) -> date:
    """The day someone asking "what's for lunch" means: today until served, then the next."""
    meal = next(iter(canteen.rules.meals.values()))
    end = meal.serve.split("-")[-1] if "-" in meal.serve else "13:00"
    day = local.date()
    if local.strftime("%H:%M") >= end:
        day += timedelta(days=1)
    for _ in range(30):
        if canteen.rules.is_open(day):
            return day
        day += timedelta(days=1)
    return local.date()


@on("query_menu")
def query_menu(ctx: Context) -> None:
    """Today's, tomorrow's, a given day's or the week's menu, with this resident's price."""
    if MY_BOOKINGS.search(ctx.text):
        from actions.canteen_mine import my_meals

        my_meals(ctx)
        return
    canteen = canteen_of(ctx)
    today = ctx.today
    week = week_asked(ctx.text, today)
    if week is not None:
        days = [d for d in week if d >= today and canteen.rules.is_open(d)]
        if not days and week[0] <= today:  # nothing left this week: next week's
            days = [d + timedelta(days=7) for d in week if canteen.rules.is_open(d)]
    else:
        days = stated_days(ctx, today) or [default_day(canteen, ctx.local_now)]
    _show_menus(ctx, canteen, days or [today], week=week is not None)


def _show_menus(ctx: Context, canteen: Canteen, days: list[date], *, week: bool) -> None:
    rules = canteen.rules
    menus = {(m.day, m.meal): m for m in menus_between(
        ctx.session, community_id=canteen.id, first=days[0], last=days[-1])}
    booked = {(b.day, b.meal): b.portions for b in bookings_of(
        ctx.session, resident_id=ctx.person.id, first=days[0], last=days[-1])}
    lines = []
    for day in days:
        closed = rules.closed_reason(day)
        if closed:
            lines.append(closed.text(ctx.texts) + "。")
            continue
        for meal in rules.meals:
            menu = menus.get((day, meal))
            mine = ctx.t("canteen_menu_mine", portions=booked[(day, meal)]) \
                if (day, meal) in booked else ""
            lines.append(ctx.t("canteen_menu_line", day=day_label(day), meal=meal,
                               dishes=dishes_text(menu) if menu else ctx.t("canteen_no_menu"),
                               mine=mine))
    if not any(menus.get((d, m)) for d in days for m in rules.meals):
        lines.append(ctx.t("canteen_menu_not_yet"))
    lines.append(price_text(ctx, rules.price_for(ctx.person, days[0])))
    ctx.say("\n".join(lines), buttons=_menu_buttons(ctx, canteen, days, week=week))


def _menu_buttons(ctx: Context, canteen: Canteen, days: list[date], *, week: bool) -> Keyboard:
    meal = next(iter(canteen.rules.meals))
    row = []
    if not week and len(days) == 1 and canteen.rules.refusal(days[0], meal, ctx.local_now) \
            is None:
        row.append(Button("订这天的饭", f"/meal_book:{days[0].isoformat()}"))
    else:
        row.append(Button("订饭", "/pick:book_meal"))
    row.append(Button("我订了什么", "/mymeals"))
    return [row]
