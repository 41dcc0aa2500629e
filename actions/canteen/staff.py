"""Canteen staff in the chat: publish or change menus (/menu), mark who gets meals delivered
(/meal_delivery, /meal_delivery_off), see a day's kitchen list (/kitchen). Roles checked, audited.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import or_, select

from actions.canteen.kitchen import kitchen_list, kitchen_text
from actions.canteen.menu import (
    MenuDay,
    announce_due,
    check_menu,
    monday_of,
    parse_menu_lines,
    publish_menu,
)
from actions.canteen.rules import days_label, hhmm
from actions.canteen.service import Canteen, canteen_of_community
from actions.core.args import stated_day
from actions.core.context import Context
from actions.core.dates import day_label
from actions.core.dialogue import open_form
from actions.core.errors import Invalid, Refused
from actions.core.forms import Form, Slot, Slots
from actions.core.people import audit, require_role
from actions.core.registry import form, on
from actions.db.canteen import CanteenDelivery, bookings_on, menu_of
from actions.db.community import Resident
from actions.db.conversation import JobRun

MENU_ROLES = ["canteen"]
DELIVERY_ROLES = ["canteen", "grid_worker", "grid_leader"]


def staff_canteen(ctx: Context, roles: list[str]) -> Canteen:
    """The canteen of the staff member's community, after checking the role."""
    community_id = ctx.person.community_id or next(
        (r.community_id for r in ctx.person.roles), None)
    if community_id is None:
        raise Refused(ctx.t("refused_no_permission"))
    require_role(ctx.session, person_id=ctx.person.id, community_id=community_id, roles=roles)
    canteen = canteen_of_community(ctx.session, community_id=community_id,
                                   data_dir=ctx.settings.data_dir)
    if canteen is None:
        raise Refused(ctx.t("canteen_none"))
    return canteen


# -- /menu ----------------------------------------------------------------------------------

def _parse(ctx: Context, value: str, slots: Slots) -> list[dict[str, Any]]:
    canteen = staff_canteen(ctx, MENU_ROLES)
    items = parse_menu_lines(value, today=ctx.today,
                             default_meal=next(iter(canteen.rules.meals)), texts=ctx.texts)
    keep, notes = check_menu(canteen, items, ctx.texts)
    if not keep:
        raise Invalid("\n".join(notes) or ctx.t("canteen_menu_empty"))
    slots["notes"] = notes
    return [{"day": i.day.isoformat(), "meal": i.meal, "dishes": list(i.dishes)} for i in keep]


def _items(slots: Slots) -> list[MenuDay]:
    return [MenuDay(date.fromisoformat(i["day"]), i["meal"], tuple(i["dishes"]))
            for i in slots["menu"]]


def _menu_summary(ctx: Context, slots: Slots) -> str:
    canteen = staff_canteen(ctx, MENU_ROLES)
    lines, changed = [], 0
    for item in _items(slots):
        old = menu_of(ctx.session, community_id=canteen.id, day=item.day, meal=item.meal)
        mark = ""
        if old is not None and tuple(old.dishes) != item.dishes:
            mark = ctx.t("canteen_menu_changed_mark")
            changed += len(bookings_on(ctx.session, community_id=canteen.id, day=item.day,
                                       meal=item.meal))
        dishes = "、".join(item.dishes) or ctx.t("canteen_menu_closed_day")
        lines.append(f"{day_label(item.day)}{item.meal}{mark}：{dishes}")
    lines += slots.get("notes") or []
    if changed:
        lines.append(ctx.t("canteen_menu_will_notify", n=changed))
    return ctx.t("canteen_menu_summary", table="\n".join(lines))


def _menu_submit(ctx: Context, slots: Slots) -> None:
    canteen = staff_canteen(ctx, MENU_ROLES)
    items = _items(slots)
    result = publish_menu(ctx, canteen=canteen, items=items, by_id=ctx.person.id)
    audit(ctx.session, actor_id=ctx.person.id, community_id=canteen.id, now=ctx.now,
          action="canteen_menu_publish", target=f"canteen_menu:{items[0].day.isoformat()}",
          detail={"days": sorted({i.day.isoformat() for i in items}),
                  "changed": [d.isoformat() for d in result.changed]})
    ctx.reply("canteen_menu_published", days=days_label(sorted(set(result.days))),
              announce=_announce_note(ctx, canteen, items),
              notified=ctx.t("canteen_menu_notified", n=result.notified)
              if result.notified else "")


def _announce_note(ctx: Context, canteen: Canteen, items: list[MenuDay]) -> str:
    next_monday = monday_of(ctx.today) + timedelta(days=7)
    if not any(next_monday <= i.day < next_monday + timedelta(days=7) for i in items):
        return ""
    key = f"canteen-announce:{canteen.id}:{next_monday.isoformat()}"
    if ctx.session.scalar(select(JobRun.id).where(JobRun.key == key)):
        return ctx.t("canteen_menu_already_announced")
    if announce_due(canteen, ctx.local_now):
        return ctx.t("canteen_menu_announce_soon")
    weekday = "一二三四五六日"[canteen.rules.announce_weekday - 1]
    return ctx.t("canteen_menu_will_announce", weekday=weekday,
                 time=hhmm(canteen.rules.announce_time))


def _menu_prefill(ctx: Context) -> Slots:
    if not ctx.args:
        return {}
    slots: Slots = {}
    slots["menu"] = _parse(ctx, ctx.args, slots)
    return slots


MENU = form(Form(
    name="canteen_menu",
    staff=True,
    slots=[Slot("menu", "canteen_menu_ask", validate=_parse)],
    summary=_menu_summary,
    submit=_menu_submit,
    prefill=_menu_prefill,
))


def publish_menu_text(ctx: Context, text: str) -> None:
    """Publish menu lines in one step, as /menu does after 确认 (the staff console's 发布)."""
    slots: Slots = {}
    slots["menu"] = _parse(ctx, text, slots)
    _menu_submit(ctx, slots)


@on("menu")
def menu_command(ctx: Context) -> None:
    """/menu [lines]: publish or change menus (canteen staff), with a read-back first."""
    staff_canteen(ctx, MENU_ROLES)
    if ctx.args:
        try:
            _parse(ctx, ctx.args, {})
        except Invalid as exc:
            ctx.say(exc.message_zh)
            ctx.args = ""
    open_form(ctx, "canteen_menu")


# -- delivery eligibility -----------------------------------------------------------------------

def _resident(ctx: Context, canteen: Canteen, who: str) -> Resident:
    who = who.strip()
    if not who:
        raise Invalid(ctx.t("canteen_staff_who"))
    found = list(ctx.session.scalars(select(Resident).where(
        Resident.community_id == canteen.id, or_(Resident.name == who, Resident.phone == who))))
    if not found:
        raise Invalid(ctx.t("canteen_staff_no_one", who=who))
    if len(found) > 1:
        raise Invalid(ctx.t("canteen_staff_many", who=who, n=len(found)))
    return found[0]


@on("meal_delivery")
def grant_delivery(ctx: Context) -> None:
    """/meal_delivery 姓名或电话: meals may be delivered to this resident's verified address."""
    canteen = staff_canteen(ctx, DELIVERY_ROLES)
    person = _resident(ctx, canteen, ctx.args)
    if not person.verified or person.household_id is None:
        raise Invalid(ctx.t("canteen_delivery_unverified", name=person.name))
    if ctx.session.scalar(select(CanteenDelivery).where(
            CanteenDelivery.resident_id == person.id)) is None:
        ctx.session.add(CanteenDelivery(resident_id=person.id, granted_by_id=ctx.person.id,
                                        granted_at=ctx.now))
        audit(ctx.session, actor_id=ctx.person.id, community_id=canteen.id, now=ctx.now,
              action="canteen_delivery_grant", target=f"resident:{person.id}")
        ctx.notify_person(person, ctx.t("canteen_delivery_granted_resident"))
    ctx.reply("canteen_delivery_granted_staff", name=person.name, address=person.address())


@on("meal_delivery_off")
def revoke_delivery(ctx: Context) -> None:
    """/meal_delivery_off 姓名或电话: no more delivery (bookings already made stay as they are)."""
    canteen = staff_canteen(ctx, DELIVERY_ROLES)
    person = _resident(ctx, canteen, ctx.args)
    row = ctx.session.scalar(select(CanteenDelivery).where(
        CanteenDelivery.resident_id == person.id))
    if row is not None:
        ctx.session.delete(row)
        audit(ctx.session, actor_id=ctx.person.id, community_id=canteen.id, now=ctx.now,
              action="canteen_delivery_revoke", target=f"resident:{person.id}")
    ctx.reply("canteen_delivery_revoked_staff", name=person.name)


# -- /kitchen ---------------------------------------------------------------------------------

@on("kitchen")
def kitchen_command(ctx: Context) -> None:
    """/kitchen [day]: the kitchen list of a day (today by default; 明天, 周五, 2026-11-23)."""
    canteen = staff_canteen(ctx, MENU_ROLES)
    day = stated_day(ctx.args, today=ctx.today) if ctx.args.strip() else ctx.today
    if day is None:
        raise Invalid(ctx.t("canteen_staff_bad_date"))
    texts = [kitchen_text(ctx, canteen, kitchen_list(ctx.session, canteen=canteen, day=day,
                                                       meal=meal))
             for meal in canteen.rules.meals]
    ctx.say("\n\n".join(texts))
