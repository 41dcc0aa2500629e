"""When a meal comes (明天的饭几点送到 / 送饭一般几点来 / 食堂几点开饭): the asker's booking of the
day asked (else the next one), with the serving time and the delivery round from the canteen's
rules (data/canteen.yml), not the price list a FAQ would give."""

from __future__ import annotations

import re
from typing import Any

from actions.canteen.rules import Rules, nice_day
from actions.canteen.service import Canteen, canteen_of, stated_days
from actions.core.context import Context
from actions.core.errors import LinliError
from actions.core.registry import answer_rule
from actions.db.canteen import CanteenBooking, bookings_of
from nlu import normalize

# asked after a time (words simplified first: 幾點 is 几点)
ASKS_WHEN = re.compile(r"几点|什么时候|啥时候|什么时间|啥时间|几时|多会儿|多早晚|"
                       r"早不早|能不能准时")
# about a meal of the canteen's, coming or being served
ABOUT_MEAL = re.compile(r"饭|餐|盒饭|午饭|中饭|晌午饭|食堂")
COMES = re.compile(r"送|到|来|开饭|开门|开始|能吃|吃饭|开伙|拿")
DELIVERED = re.compile(r"送")
# 几点前要订 / 几点之前能退: the booking deadline (the canteen's rules and FAQ), not this
DEADLINE = re.compile(r"订|退|取消|截止|之前|以前|前要|前能")


def asks_when_served(text: str) -> bool:
    """Whether simplified words ask when a canteen meal comes or is served."""
    return bool(ASKS_WHEN.search(text) and ABOUT_MEAL.search(text) and COMES.search(text)
                and not DEADLINE.search(text))


@answer_rule(when=lambda ctx: asks_when_served(normalize(ctx.text)))
def when_served(ctx: Context) -> bool:
    """The time the asker's meal comes (delivered or served), else when meals are delivered."""
    if ctx.state.get("form"):
        return False
    try:
        canteen = canteen_of(ctx)
    except LinliError:
        return False
    days = stated_days(ctx, ctx.today)
    mine = bookings_of(ctx.session, resident_id=ctx.person.id, first=ctx.today,
                       last=days[-1] if days else None)
    booking = next((b for b in mine if not days or b.day in days), None)
    if booking is None and not DELIVERED.search(normalize(ctx.text)):
        return False  # 食堂在哪 几点开门, with nothing booked: the canteen's FAQ answers it
    if booking is None:
        ctx.reply("canteen_when_none", **_hours(canteen.rules))
    else:
        _tell(ctx, canteen, booking)
    return True


def _tell(ctx: Context, canteen: Canteen, booking: CanteenBooking) -> None:
    rules = canteen.rules
    meal = rules.meals.get(booking.meal)
    ends = meal.serving_ends() if meal else None
    values: dict[str, Any] = _hours(rules) | {
        "day": nice_day(booking.day, ctx.today), "meal": booking.meal,
        "serve": meal.serve if meal else "", "ends": f"{ends:%H:%M}" if ends else ""}
    ctx.reply("canteen_when_delivery" if booking.delivery else "canteen_when_eat_in", **values)


def _hours(rules: Rules) -> dict[str, Any]:
    serve = "，".join(f"{m.name}{m.serve}" for m in rules.meals.values())
    return {"place": rules.place, "hours": serve, "note": rules.delivery_note,
            "phone": rules.phone}
