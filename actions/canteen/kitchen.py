"""The kitchen's list for a meal: portions, eat-in vs delivery, and the delivery round by building.

At the cut-off (bookings are final then) the list goes to the community's canteen group chat
once per meal and day (a JobRun key); staff can also ask for it with /kitchen, and
`linli canteen export --date` writes the same bookings as CSV.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.canteen.rules import Meal, yuan
from actions.canteen.service import Canteen, canteen_of_community, dishes_text
from actions.core.context import Tick
from actions.core.dates import day_label
from actions.core.people import staff_chat_for
from actions.core.registry import job
from actions.db.canteen import CanteenBooking, bookings_on, menu_of
from actions.db.community import Community, GroupChat
from actions.db.conversation import JobRun

CSV_HEADER = ["日期", "餐次", "姓名", "电话", "楼栋", "地址", "份数", "方式", "价格类别",
              "金额(元)"]


@dataclass
class KitchenList:
    """Who eats what for one meal."""

    day: date
    meal: str
    eat_in: list[CanteenBooking] = field(default_factory=list)
    delivery: list[CanteenBooking] = field(default_factory=list)

    @property
    def portions(self) -> int:
        """All portions to cook."""
        return self.eat_in_portions + self.delivery_portions

    @property
    def eat_in_portions(self) -> int:
        """Portions eaten in the canteen."""
        return sum(b.portions for b in self.eat_in)

    @property
    def delivery_portions(self) -> int:
        """Portions to deliver."""
        return sum(b.portions for b in self.delivery)

    @property
    def total_fen(self) -> int:
        """What the canteen collects."""
        return sum(b.total_fen for b in self.eat_in + self.delivery)

    def by_building(self) -> dict[str, list[CanteenBooking]]:
        """The delivery round, building by building (in number order), then by address."""
        groups: dict[str, list[CanteenBooking]] = defaultdict(list)
        for booking in sorted(self.delivery, key=lambda b: _address_key(b.address)):
            groups[_building(booking.address)].append(booking)
        return dict(sorted(groups.items(), key=lambda kv: _address_key(kv[0])))


def _building(address: str) -> str:
    return address.split("栋", 1)[0] if "栋" in address else "其他"


def _address_key(address: str) -> tuple[int, str]:
    head = _building(address)
    return (int(head), address) if head.isdecimal() else (10_000, address)


def kitchen_list(session: Session, *, canteen: Canteen, day: date, meal: str) -> KitchenList:
    """The bookings of one meal, split into eat-in and delivery."""
    result = KitchenList(day, meal)
    for booking in bookings_on(session, community_id=canteen.id, day=day, meal=meal,
                               with_residents=True):
        (result.delivery if booking.delivery else result.eat_in).append(booking)
    return result


def kitchen_text(tick: Tick, canteen: Canteen, listing: KitchenList) -> str:
    """The list as the kitchen reads it."""
    menu = menu_of(tick.session, community_id=canteen.id, day=listing.day, meal=listing.meal)
    lines = [tick.t("canteen_kitchen_head", day=day_label(listing.day), meal=listing.meal,
                    portions=listing.portions, eat_in=listing.eat_in_portions,
                    delivery=listing.delivery_portions, households=len(listing.delivery),
                    total=(yuan(listing.total_fen) if listing.total_fen
                           else tick.t("canteen_kitchen_zero_total")),
                    menu=dishes_text(menu) if menu else tick.t("canteen_kitchen_no_menu"))]
    if listing.eat_in:
        names = "、".join(f"{b.resident.name}{'×' + str(b.portions) if b.portions > 1 else ''}"
                         for b in listing.eat_in)
        lines.append(tick.t("canteen_kitchen_eat_in", names=names))
    if listing.delivery:
        lines.append(tick.t("canteen_kitchen_delivery_head"))
        for building, bookings in listing.by_building().items():
            lines.append(tick.t("canteen_kitchen_building", building=building))
            no_phone = tick.t("fallback_no_phone")
            lines += [tick.t("canteen_kitchen_delivery_line", name=b.resident.name,
                             address=b.address, phone=b.resident.phone or no_phone,
                             portions=b.portions) for b in bookings]
    return "\n".join(lines)


def kitchen_csv(listing: KitchenList) -> str:
    """The list as CSV (one row per booking; delivery rows by building)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    rows = listing.eat_in + [b for group in listing.by_building().values() for b in group]
    for b in rows:
        writer.writerow([listing.day.isoformat(), listing.meal, b.resident.name,
                         b.resident.phone or "", _building(b.address) if b.delivery else "",
                         b.address, b.portions, "送餐" if b.delivery else "堂食",
                         b.price_label or "普通", f"{b.total_fen / 100:.2f}"])
    return out.getvalue()


@job("canteen_kitchen_list")
def send_kitchen_lists(tick: Tick) -> None:
    """At each meal's cut-off today, send the kitchen list to the canteen chat, once."""
    local = tick.local_now
    for community in tick.session.scalars(select(Community)):
        canteen = canteen_of_community(tick.session, community_id=community.id,
                                       data_dir=tick.settings.data_dir)
        if canteen is None or not canteen.rules.is_open(local.date()):
            continue
        for meal in canteen.rules.meals:
            cutoff = canteen.rules.cutoff_at(local.date(), meal, local.tzinfo)
            if not cutoff <= local < _served_by(canteen.rules.meals[meal], cutoff):
                continue
            key = f"canteen-kitchen:{community.id}:{local.date().isoformat()}:{meal}"
            if tick.session.scalar(select(JobRun.id).where(JobRun.key == key)):
                continue
            listing = kitchen_list(tick.session, canteen=canteen, day=local.date(), meal=meal)
            for chat in kitchen_chats(tick, community.id):
                tick.notify(chat, kitchen_text(tick, canteen, listing), dedupe_key=f"{key}:{chat}")
            tick.session.add(JobRun(key=key, ran_at=tick.now))


def _served_by(meal: Meal, cutoff: datetime) -> datetime:
    """When the meal is over (the end of its serving time): a list sent later, by a bot
    started in the evening, would only be noise in the kitchen's chat."""
    over = meal.serving_ends()
    if over is None:
        return cutoff + timedelta(hours=12)
    return datetime.combine(cutoff.date(), over, tzinfo=cutoff.tzinfo)


def kitchen_chats(tick: Tick, community_id: int) -> list[int]:
    """The canteen group chats of a community, or its staff chat when it has none."""
    chats = list(tick.session.scalars(select(GroupChat.chat_id).where(
        GroupChat.community_id == community_id, GroupChat.kind == "canteen")))
    if chats:
        return chats
    fallback = staff_chat_for(tick.session, community_id=community_id,
                              configured=tick.settings.staff_chat_id)
    return [fallback] if fallback is not None else []
