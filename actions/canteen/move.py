"""A booking moved to another day (周四那顿饭挪到周五吧): read back as a booking of the new day,
then done as one change, the new day booked and the old one cancelled together or neither.

cancel_meal hands over here when its words move a booking (a move word, a day after it);
the booking form (actions.canteen.booking) reads `move_from` and books through book_moved.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from actions.canteen.service import Canteen, alternative, book_day, cancel_booking, canteen_of
from actions.core.context import Context
from actions.core.dates import day_label
from actions.core.dialogue import open_form
from actions.db.canteen import CanteenBooking, bookings_of
from actions.db.community import Resident

MOVE = re.compile(r"(?:挪|改|换|调|移|推|往后挪|往后推)(?:到|成|去)")


def move_asked(ctx: Context) -> bool:
    """Open the booking form for the new day when the words move one of the writer's
    bookings (read as a booking or as a cancel); False when they do not."""
    found = MOVE.search(ctx.text)
    if found is None:
        return False
    upcoming = bookings_of(ctx.session, resident_id=ctx.person.id, first=ctx.today)
    dated = sorted((int(e.get("start", 0)), day) for e in ctx.parse.get("entities", [])
                   if e.get("entity") == "date" and (day := _iso(e.get("value"))))
    after = [day for start, day in dated if start >= found.end()]
    before = {day for start, day in dated if start < found.start()}
    if not after:
        return False
    new, meal = after[0], ctx.entity("meal")
    olds = [b for b in upcoming if meal in (None, b.meal) and b.day != new
            and (b.day in before or not before)]
    if len(olds) != 1:
        return False
    if _refused(ctx, canteen_of(ctx, member=True), olds[0], new):
        return True
    ctx.parse = {**ctx.parse, "move_from": olds[0].id, "entities": [
        e for e in ctx.parse.get("entities", []) if e.get("entity") not in ("date", "count")]
        + [{"entity": "date", "value": new.isoformat()}]}
    ctx.args = new.isoformat()
    open_form(ctx, "canteen_book")
    return True


def _refused(ctx: Context, canteen: Canteen, old: CanteenBooking, new: date) -> bool:
    """Said why at once when the new day cannot be booked or the old one no longer cancelled
    (the old booking stays)."""
    why = canteen.rules.refusal(new, old.meal, ctx.local_now)
    if why is not None:
        ctx.say(why.text(ctx.texts) + "。" + alternative(
            ctx.session, canteen, old.meal, ctx.local_now, ctx.texts, after=new)
            + ctx.t("canteen_move_kept", day=day_label(old.day)))
        return True
    if ctx.local_now >= canteen.rules.cutoff_at(old.day, old.meal, ctx.local_now.tzinfo):
        ctx.reply("canteen_move_too_late", day=day_label(old.day), meal=old.meal,
                  phone=canteen.rules.phone)
        return True
    return False


def moved_prefill(ctx: Context) -> dict[str, Any]:
    """The booking form's slots taken from the booking being moved: meal, portions, mode."""
    old = ctx.session.get(CanteenBooking, ctx.parse.get("move_from"))
    if old is None:
        return {}
    return {"move_from": old.id, "meal": old.meal, "portions": old.portions,
            "mode": "deliver" if old.delivery else "eat_in"}


def move_note(ctx: Context, booking_id: int) -> str:
    """The read-back's first line: which booking goes."""
    old = ctx.session.get_one(CanteenBooking, booking_id)
    return ctx.t("canteen_move_from", day=day_label(old.day), meal=old.meal)


def book_moved(ctx: Context, canteen: Canteen, person: Resident, day: date,
               slots: dict[str, Any]) -> CanteenBooking:
    """The new day booked and the old booking cancelled, both or neither (Refused)."""
    old = ctx.session.get_one(CanteenBooking, slots["move_from"])
    with ctx.session.begin_nested():
        booking = book_day(ctx.session, canteen=canteen, person=person, day=day,
                           meal=slots["meal"], portions=int(slots["portions"]),
                           delivery=slots["mode"] == "deliver", now=ctx.now,
                           local=ctx.local_now, texts=ctx.texts)
        cancel_booking(ctx.session, canteen=canteen, booking=old, now=ctx.now,
                       local=ctx.local_now, texts=ctx.texts)
    return booking


def tell_moved(ctx: Context, slots: dict[str, Any]) -> None:
    """After the new day's booked: the old day's is gone."""
    if slots.get("move_from"):
        old = ctx.session.get_one(CanteenBooking, slots["move_from"])
        if old.status == "cancelled":
            ctx.reply("canteen_move_done", day=day_label(old.day), meal=old.meal)


def _iso(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
