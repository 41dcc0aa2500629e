"""The resident's own bookings: "我订了什么" (/mymeals) and cancel_meal, by day or by button."""

from __future__ import annotations

import re

from actions.canteen.for_family import elder_asked_of
from actions.canteen.move import move_asked
from actions.canteen.rules import days_label, yuan
from actions.canteen.service import (
    MY_BOOKINGS,
    Canteen,
    cancel_booking,
    canteen_of,
    stated_days,
    week_asked,
)
from actions.core.args import fetch
from actions.core.context import Context
from actions.core.dates import day_label
from actions.core.errors import Refused
from actions.core.registry import on
from actions.core.texts import Button
from actions.db.canteen import CanteenBooking, bookings_of
from actions.db.community import Resident

CANCEL_WORDS = re.compile(r"不要|取消|退|不去|不吃|不订")


def booking_line(ctx: Context, booking: CanteenBooking) -> str:
    """11月23日（周一）午餐 1份，到食堂吃，10元"""
    how = ctx.t("canteen_how_deliver") if booking.delivery else ctx.t("canteen_how_eat_in")
    return ctx.t("canteen_booking_line", day=day_label(booking.day), meal=booking.meal,
                 portions=booking.portions, how=how, price=yuan(booking.total_fen))


@on("mymeals", "query_bookings")
def my_meals(ctx: Context) -> None:
    """The resident's upcoming bookings (or her elder's, asked by family: 我妈订上了吗)."""
    elder = elder_asked_of(ctx)
    if elder is not None:
        _elder_meals(ctx, elder)
        return
    upcoming = bookings_of(ctx.session, resident_id=ctx.person.id, first=ctx.today)
    if not upcoming:
        ctx.reply("canteen_nothing_booked",
                  buttons=[[Button(ctx.t("button_book_meal"), "/pick:book_meal"),
                            Button(ctx.t("button_see_menu"), "/pick:query_menu")]])
        return
    lines = [booking_line(ctx, b) for b in upcoming]
    total = sum(b.total_fen for b in upcoming)
    ctx.reply("canteen_my_meals", lines="\n".join(lines), total=yuan(total),
              buttons=[[Button(ctx.t("button_cancel_meals"), "/meal_cancel_menu"),
                        Button(ctx.t("button_book_more"), "/pick:book_meal")]])


def _elder_meals(ctx: Context, elder: Resident) -> None:
    """Her elder's upcoming bookings, for a family member."""
    upcoming = bookings_of(ctx.session, resident_id=elder.id, first=ctx.today)
    if not upcoming:
        ctx.reply("canteen_elder_nothing_booked", name=elder.name or "",
                  buttons=[[Button(ctx.t("button_book_meal"), "/pick:book_meal")]])
        return
    ctx.reply("canteen_elder_meals", name=elder.name or "",
              lines="\n".join(booking_line(ctx, b) for b in upcoming))


def _cancellable(ctx: Context, canteen: Canteen) -> list[CanteenBooking]:
    return [b for b in bookings_of(ctx.session, resident_id=ctx.person.id, first=ctx.today)
            if ctx.local_now < canteen.rules.cutoff_at(b.day, b.meal, ctx.local_now.tzinfo)]


@on("meal_cancel_menu")
def cancel_menu(ctx: Context) -> None:
    """Buttons: which booking to cancel."""
    canteen = canteen_of(ctx, member=True)
    open_ones = _cancellable(ctx, canteen)
    if not open_ones:
        ctx.reply("canteen_nothing_to_cancel")
        return
    rows = [[Button(ctx.t("button_cancel_one_meal", day=day_label(b.day), meal=b.meal),
                    f"/meal_cancel:{b.id}")]
            for b in open_ones[:6]]
    if len(open_ones) > 1:
        rows.append([Button(ctx.t("button_cancel_all"), "/meal_cancel:all")])
    ctx.reply("canteen_cancel_which", buttons=rows)


@on("meal_cancel")
def cancel_pressed(ctx: Context) -> None:
    """A cancel button: one booking by id, or all that can still be cancelled."""
    canteen = canteen_of(ctx, member=True)
    if ctx.args == "all":
        targets = _cancellable(ctx, canteen)
    else:
        one = fetch(ctx.session, CanteenBooking, ctx.args)
        targets = [one] if one and one.resident_id == ctx.person.id and one.active else []
    if not targets:
        ctx.reply("canteen_cancel_already")
        return
    _cancel(ctx, canteen, targets)


@on("cancel_meal")
def cancel_meal(ctx: Context) -> None:
    """Cancel the days named (下周的 = the whole week), or ask which one."""
    if MY_BOOKINGS.search(ctx.text) and not CANCEL_WORDS.search(ctx.text):
        my_meals(ctx)  # 我订了哪几天的饭 is a question, not a cancellation
        return
    canteen = canteen_of(ctx, member=True)
    days = stated_days(ctx, ctx.today) or week_asked(ctx.text, ctx.today) or []
    meal = ctx.entity("meal")
    upcoming = bookings_of(ctx.session, resident_id=ctx.person.id, first=ctx.today)
    if not upcoming:
        ctx.reply("canteen_nothing_booked",
                  buttons=[[Button(ctx.t("button_book_meal"), "/pick:book_meal")]])
        return
    if move_asked(ctx):  # 周四那顿饭挪到周五: a booking of Friday instead
        return
    if not days:
        cancel_menu(ctx)
        return
    targets = [b for b in upcoming if b.day in days and meal in (None, b.meal)]
    if not targets:
        ctx.reply("canteen_cancel_none_that_day", day=days_label(days),
                  lines="\n".join(booking_line(ctx, b) for b in upcoming))
        return
    _cancel(ctx, canteen, targets)


def _cancel(ctx: Context, canteen: Canteen, targets: list[CanteenBooking]) -> None:
    done: list[CanteenBooking] = []
    refused: list[str] = []
    for booking in targets:
        try:
            cancel_booking(ctx.session, canteen=canteen, booking=booking, now=ctx.now,
                           local=ctx.local_now, texts=ctx.texts)
            done.append(booking)
        except Refused as exc:
            refused.append(exc.message_zh)
    if done:
        ctx.reply("canteen_cancelled", days=days_label([b.day for b in done]),
                  meal=done[0].meal, buttons=[[Button(ctx.t("button_my_meals"), "/mymeals")]])
    if refused:
        ctx.say("\n".join(dict.fromkeys(refused)))

