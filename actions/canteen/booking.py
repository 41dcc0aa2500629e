"""Booking the canteen: book_meal as a form with read-back (the booking itself is the service's).

Capacity is taken with one conditional UPDATE on the meal's counter row (see actions.db.canteen),
inside a savepoint together with the booking row, so a full kitchen, a doubled message or two
phones booking at once can never leave a portion counted twice or a booking without its portion.
"""

from __future__ import annotations

import re
from datetime import date

from actions.canteen.for_family import diner, family_elder
from actions.canteen.mine import my_meals
from actions.canteen.move import book_moved, move_asked, move_note, moved_prefill, tell_moved
from actions.canteen.rules import days_label, nice_day, yuan
from actions.canteen.service import (
    MY_BOOKINGS,
    Canteen,
    alternative,
    book_day,
    canteen_of,
    registered_or_offer,
    stated_days,
)
from actions.core.context import Context
from actions.core.dialogue import open_form
from actions.core.errors import Invalid, Refused
from actions.core.forms import Form, Slot, Slots
from actions.core.registry import form, on
from actions.core.texts import Button, Keyboard
from actions.db.canteen import CanteenBooking, may_deliver
from actions.db.community import Resident
from nlu import normalize

DELIVER = re.compile(r"送到|送上门|送过来|送来|送餐|送饭|送家|送[一两二三四五1-5]份|[给帮]我送")
EAT_IN_WORDS = ("堂食", "食堂吃", "过去吃", "去吃", "自己去", "到店")
# 明天的饭改成两份 / 改成送到家: the day's booking changed, not a second one
CHANGE = re.compile(r"改成|改为|换成|改一下")


def after_booking(ctx: Context) -> Keyboard:
    """What a resident may want next, under a confirmed booking."""
    return [[Button(ctx.t("button_my_meals"), "/mymeals"),
             Button(ctx.t("button_cancel_meals"), "/meal_cancel_menu")]]


# -- the booking form ------------------------------------------------------------------------

def _can_deliver(ctx: Context, slots: Slots) -> bool:
    person = diner(ctx, slots)
    return bool(person.verified and person.household_id is not None
                and may_deliver(ctx.session, resident_id=person.id))


def _mode_in(text: str) -> str | None:
    if any(w in text for w in ("不送", "不用送")):
        return "eat_in"
    if DELIVER.search(text):
        return "deliver"
    if any(w in text for w in EAT_IN_WORDS):
        return "eat_in"
    return None


def _days(ctx: Context, value: str, slots: Slots) -> list[str]:
    canteen = canteen_of(ctx, member=True, person=diner(ctx, slots))
    meal = canteen.meal_or_default(slots.get("meal"))
    asked = stated_days(ctx, ctx.today) or [d for d in [_iso(ctx.args or value)] if d]
    if not asked:
        raise Invalid(ctx.t("canteen_which_day"))
    ok, notes = [], []
    for day in asked:
        why = canteen.rules.refusal(day, meal, ctx.local_now)
        if why is None:
            ok.append(day)
        elif len(asked) == 1 or why.key != "canteen_closed_weekend":  # a week skips weekends
            notes.append(why.text(ctx.texts))
    if not ok:
        raise Invalid("，".join(notes) + "。" + alternative(
            ctx.session, canteen, meal, ctx.local_now, ctx.texts, after=asked[-1]))
    slots["notes"] = slots.get("notes", []) + [ctx.t("canteen_day_left_out", why=n)
                                               for n in notes]
    return [d.isoformat() for d in ok]


def _iso(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _meal(ctx: Context, value: str, slots: Slots) -> str:
    canteen = canteen_of(ctx, member=True, person=diner(ctx, slots))
    meal = "晚餐" if any(w in value for w in ("晚", "夜")) else \
        "午餐" if any(w in value for w in ("午", "中")) else value
    if meal not in canteen.rules.meals:
        raise Invalid(ctx.t("canteen_only_meals", meals="、".join(canteen.rules.meals)))
    return meal


def _portions(ctx: Context, value: str, slots: Slots) -> int:
    most = canteen_of(ctx, member=True, person=diner(ctx, slots)).rules.max_portions
    digits = "".join(ch for ch in str(value) if ch.isdecimal())
    count = int(digits) if digits else {"一": 1, "两": 2, "二": 2, "三": 3}.get(value[:1], 0)
    if not 1 <= count <= most:
        raise Invalid(ctx.t("canteen_too_many", most=most))
    return count


def _mode(ctx: Context, value: str, _slots: Slots) -> str:
    mode = value if value in ("deliver", "eat_in") else _mode_in(value)
    if mode is None:
        raise Invalid(ctx.t("canteen_ask_mode"))
    return mode


def _mode_buttons(ctx: Context, _slots: Slots) -> Keyboard:
    return [[Button(ctx.t("button_eat_in"), "=eat_in"),
             Button(ctx.t("button_deliver"), "=deliver")]]


def _day_buttons(ctx: Context, slots: Slots) -> Keyboard:
    """The next bookable days, as answers to the form's question."""
    return day_buttons(ctx, slots.get("meal"), data="={day}", person=diner(ctx, slots))


def day_buttons(ctx: Context, meal_asked: str | None, *, data: str = "/meal_book:{day}",
                person: Resident | None = None) -> Keyboard:
    """The next three bookable days as buttons (outside a form: each starts a booking)."""
    canteen = canteen_of(ctx, member=True, person=person)
    meal = canteen.meal_or_default(meal_asked)
    row, after = [], None
    for _ in range(3):
        day = canteen.rules.next_bookable(meal, ctx.local_now, after=after)
        if day is None:
            break
        row.append(Button(nice_day(day, ctx.today), data.format(day=day.isoformat())))
        after = day
    return [row] if row else []


def _prefill(ctx: Context) -> Slots:
    elder = family_elder(ctx)
    slots: Slots = {"portions": 1, "notes": [], **({"for": elder.id} if elder else {})}
    canteen = canteen_of(ctx, member=True, person=elder)
    rules = canteen.rules
    stated_meal = ctx.entity("meal")
    if stated_meal and stated_meal not in rules.meals:
        slots["notes"].append(ctx.t("canteen_only_meals", meals="、".join(rules.meals)))
    if len(rules.meals) == 1:
        slots["meal"] = next(iter(rules.meals))
    count = ctx.entity("count")
    if count and count.isdecimal() and int(count) > rules.max_portions:
        slots["notes"].append(ctx.t("canteen_too_many", most=rules.max_portions))
        slots["portions"] = rules.max_portions
    mode = None if ctx.parse.get("move_from") else _allowed_mode(ctx, _mode_in(ctx.text), slots)
    if mode:
        slots["mode"] = mode
    if ctx.args and _iso(ctx.args):
        slots["days"] = [ctx.args]
    if CHANGE.search(ctx.text):
        slots["change"] = True
    if ctx.parse.get("move_from"):
        slots.update(moved_prefill(ctx))
    return slots


def _allowed_mode(ctx: Context, mode: str | None, slots: Slots) -> str | None:
    """The mode asked for, or eating in (with a word why) where the resident is not on the
    delivery list. Staff put on that list those who cannot come down: unless she says
    otherwise, her meal is brought home, as always (the read-back says so, and 到食堂吃 there
    changes it)."""
    if _can_deliver(ctx, slots):
        if mode is None:
            slots.setdefault("notes", []).append(ctx.t("canteen_deliver_as_usual"))
            return "deliver"
        return mode
    if mode == "deliver":
        slots.setdefault("notes", []).append(ctx.t("canteen_no_delivery"))
    return "eat_in"


def _correct(ctx: Context, slots: Slots) -> bool:
    """送到家里吧 / 我自己去吃 typed at the read-back: the mode changes. Said again as it
    stands (送家里来吧 under 送到家), with no day or count of its own, it is this booking
    (read back again), not a new one."""
    asked = _mode_in(normalize(ctx.text))
    if asked is None:
        return False
    if asked == slots.get("mode"):
        return not ctx.entities("date") and not ctx.entities("count")
    slots["mode"] = _allowed_mode(ctx, asked, slots)
    return True


def _price_line(ctx: Context, canteen: Canteen, days: list[date], portions: int,
                delivery: bool, person: Resident) -> str:
    prices = [canteen.rules.price_for(person, d) for d in days]
    fee = canteen.rules.delivery_fee_fen if delivery else 0
    per_day = [p.total_fen(portions) + fee for p in prices]
    total = sum(per_day)
    label = prices[0].label
    if total == 0:
        return ctx.t("canteen_sum_free", label=label)
    extra = ctx.t("canteen_sum_extra", extra=yuan(prices[0].extra_fen)) \
        if portions > 1 and prices[0].extra_fen != prices[0].own_fen else ""
    tier = ctx.t("canteen_sum_tier", label=label) if label else ""
    if len(days) == 1:
        return ctx.t("canteen_sum_one", total=yuan(total), tier=tier, extra=extra)
    return ctx.t("canteen_sum_many", per_day=yuan(per_day[0]), n=len(days), total=yuan(total),
                 tier=tier, extra=extra)


def _mode_line(ctx: Context, canteen: Canteen, meal: str, mode: str, person: Resident) -> str:
    if mode == "deliver":
        return ctx.t("canteen_line_deliver", address=person.address() or "")
    return ctx.t("canteen_line_eat_in", serve=canteen.rules.meals[meal].serve,
                 place=canteen.rules.place)


def _summary(ctx: Context, slots: Slots) -> str:
    person = diner(ctx, slots)
    canteen = canteen_of(ctx, member=True, person=person)
    days = [date.fromisoformat(d) for d in slots["days"]]
    notes = "".join(n + "\n" for n in slots.pop("notes", []))
    if person.id != ctx.person.id:
        notes += ctx.t("canteen_for_family", name=person.name or "") + "\n"
    if slots.get("move_from"):
        notes += move_note(ctx, slots["move_from"]) + "\n"
    return notes + ctx.t(
        "canteen_summary", days=days_label(days), meal=slots["meal"],
        portions=slots["portions"], each=ctx.t("canteen_each_day") if len(days) > 1 else "",
        mode=_mode_line(ctx, canteen, slots["meal"], slots["mode"], person),
        price=_price_line(ctx, canteen, days, slots["portions"], slots["mode"] == "deliver",
                          person))


def _submit(ctx: Context, slots: Slots) -> None:
    person = diner(ctx, slots)
    canteen = canteen_of(ctx, member=True, person=person)
    booked: list[CanteenBooking] = []
    failed: list[str] = []
    for iso in slots["days"]:
        try:
            booked.append(book_moved(ctx, canteen, person, date.fromisoformat(iso), slots)
                          if slots.get("move_from") else
                          book_day(ctx.session, canteen=canteen, person=person,
                                   day=date.fromisoformat(iso), meal=slots["meal"],
                                   portions=int(slots["portions"]),
                                   delivery=slots["mode"] == "deliver", now=ctx.now,
                                   local=ctx.local_now, texts=ctx.texts,
                                   change=bool(slots.get("change"))))
        except Refused as exc:
            failed.append(exc.message_zh)
    if booked:
        total = sum(b.total_fen for b in booked)
        how = ctx.t("canteen_done_deliver", note=canteen.rules.delivery_note) \
            if booked[0].delivery else \
            ctx.t("canteen_done_eat_in", place=canteen.rules.place,
                  serve=canteen.rules.meals[booked[0].meal].serve)
        pay = ctx.t("canteen_done_free") if total == 0 else \
            ctx.t("canteen_done_pay", total=yuan(total))
        ctx.reply("canteen_booked", days=days_label([b.day for b in booked]),
                  meal=booked[0].meal, how=how, pay=pay,
                  buttons=after_booking(ctx) if person.id == ctx.person.id else None)
        if person.id != ctx.person.id:  # her mother hears it from us too
            told = "canteen_booked_by_family_deliver" if booked[0].delivery else \
                "canteen_booked_by_family"
            ctx.notify_person(person, ctx.t(told, who=ctx.person.label(),
                                            days=days_label([b.day for b in booked]),
                                            meal=booked[0].meal))
        tell_moved(ctx, slots)
    if failed:
        ctx.say("\n".join(failed))


BOOK = form(Form(
    name="canteen_book",
    slots=[
        Slot("meal", "canteen_ask_meal", entity="meal", validate=_meal),
        Slot("days", "canteen_ask_day", entity="date", validate=_days, buttons=_day_buttons),
        Slot("portions", "canteen_ask_portions", entity="count", validate=_portions),
        Slot("mode", "canteen_ask_mode", validate=_mode, buttons=_mode_buttons),
    ],
    summary=_summary,
    submit=_submit,
    prefill=_prefill,
    correct=_correct,
))


@on("book_meal", "meal_book")
def book_meal(ctx: Context) -> None:
    """Book one or more days: refuse at once when none of them can be booked, else the form."""
    if MY_BOOKINGS.search(ctx.text) and not ctx.entities("date") and not ctx.entity("count"):
        my_meals(ctx)  # 查一下我订的饭 asks about bookings; the NLU may call it book_meal
        return
    if move_asked(ctx):  # 明天的饭挪到后天: that booking, to another day
        return
    elder = family_elder(ctx)  # 帮我妈订明天的午饭: her booking
    if not registered_or_offer(ctx, elder):
        return
    canteen_of(ctx, member=True, person=elder)  # Refused when the community has no canteen
    if stated_days(ctx, ctx.today) or _iso(ctx.args):
        try:
            _days(ctx, ctx.args, {"meal": ctx.entity("meal"), "for": elder and elder.id})
        except Invalid as exc:
            ctx.say(exc.message_zh,
                    buttons=day_buttons(ctx, ctx.entity("meal"), person=elder))
            return
    open_form(ctx, "canteen_book")
