"""query_menu: today's, a day's or the week's menu, with this resident's price."""

from __future__ import annotations

from datetime import date, timedelta

from actions.canteen.mine import my_meals
from actions.canteen.service import (
    MY_BOOKINGS,
    Canteen,
    canteen_of,
    default_day,
    dishes_text,
    price_text,
    stated_days,
    week_asked,
)
from actions.core.context import Context
from actions.core.dates import day_label
from actions.core.registry import on
from actions.core.texts import Button, Keyboard
from actions.db.canteen import bookings_of, menus_between


@on("query_menu")
def query_menu(ctx: Context) -> None:
    """Today's, tomorrow's, a given day's or the week's menu, with this resident's price."""
    if MY_BOOKINGS.search(ctx.text):
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
        row.append(Button(ctx.t("button_book_this_day"), f"/meal_book:{days[0].isoformat()}"))
    else:
        row.append(Button(ctx.t("button_book_meal"), "/pick:book_meal"))
    row.append(Button(ctx.t("button_my_meals"), "/mymeals"))
    return [row]
