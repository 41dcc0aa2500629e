"""Canteen menus: reading them (chat lines, YAML, CSV), publishing, change notices, the weekly
announcement to the community's group chats, and the demo menu.

The chat line format, one day per line (or separated by ；):
    下周菜单
    周一：红烧肉、宫保鸡丁、醋溜白菜、西红柿炒鸡蛋、紫菜蛋花汤、米饭
    11月24日 午餐：土豆炖牛肉、鱼香肉丝、蒜蓉油麦菜、家常豆腐、冬瓜虾皮汤、米饭
A weekday means next week's unless a line says 本周 / 这周; a day closed (周四：休息, 周四不开)
with no week said is the coming one.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import opencc
from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.canteen.rules import days_label, hhmm, tier_words, to_fen, yuan
from actions.canteen.service import Canteen, canteen_of_community, dishes_text
from actions.core.context import Tick
from actions.core.dates import day_label
from actions.core.errors import Invalid
from actions.core.registry import job, seeder
from actions.core.texts import Button, Texts
from actions.db.canteen import (
    CanteenDelivery,
    CanteenMenu,
    bookings_on,
    menu_of,
    menus_between,
    release,
)
from actions.db.community import Community, GroupChat, Resident
from actions.db.conversation import JobRun
from nlu.yamlfile import parse_yaml

WEEKDAY_CHARS = "一二三四五六日"
DAY_HEAD = re.compile(
    r"^\s*(?:(?:(?P<y>\d{4})[-/年.])?(?P<m>\d{1,2})[-/月.](?P<d>\d{1,2})[日号]?"
    r"|(?:周|星期|礼拜)(?P<w>[一二三四五六日天]))"
    r"\s*(?:[（(]?\s*(?:周|星期)[一二三四五六日天]\s*[)）]?)?"
    r"\s*(?P<meal>午餐|午饭|中午|晚餐|晚饭|晚上)?\s*[:：]?\s*")
LINE_SPLIT = re.compile(r"[\n；;]+|\s+(?=(?:周|星期)[一二三四五六日天]\s*[:：])"
                        r"|(?<=[:：])\s*(?=(?:周|星期)[一二三四五六日天]\s*[:：])")
# 周四：休息 / 周四不开 食堂检修: the canteen is closed that day (a menu with no dishes)
CLOSED = re.compile(r"休息|不开|关门|停业|歇业|不营业|暂停|放假|停餐|停伙|闭餐|无餐|没饭|不供餐|"
                    r"不做饭|停一天|公休|闭店")
DISH_SPLIT = re.compile(r"[、，,/／|\s]+")
MEAL_WORDS = {"午餐": "午餐", "午饭": "午餐", "中午": "午餐", "晚餐": "晚餐", "晚饭": "晚餐",
              "晚上": "晚餐"}


@dataclass(frozen=True)
class MenuDay:
    """The dishes of one meal on one day (none: the canteen is closed that day)."""

    day: date
    meal: str
    dishes: tuple[str, ...]

    @property
    def closed(self) -> bool:
        """The canteen does not open that day (周四：休息)."""
        return not self.dishes


@dataclass
class Published:
    """What a publish did."""

    days: list[date] = field(default_factory=list)
    changed: list[date] = field(default_factory=list)
    notified: int = 0


# -- reading menus ----------------------------------------------------------------------------

def monday_of(day: date) -> date:
    """The Monday of the week a day is in."""
    return day - timedelta(days=day.weekday())


def parse_menu_lines(text: str, *, today: date, default_meal: str,
                     texts: Texts) -> list[MenuDay]:
    """The chat line format (see the module docstring); Invalid names the line it can't read."""
    text = _simplified(text)  # 下週菜單：週一：紅燒肉 reads like 下周菜单：周一：红烧肉
    monday = monday_of(today) + timedelta(days=7)
    week_said = bool(re.search(r"(?:本|这|下)(?:周|星期)", text))
    items: list[MenuDay] = []
    for raw in LINE_SPLIT.split(text):
        line = raw.strip()
        if not line:
            continue
        head = DAY_HEAD.match(line)
        if head is None:
            if re.search(r"(?:本|这)(?:周|星期)", line):
                monday = monday_of(today)
            elif not re.search(r"菜单|菜谱|下周|下星期|食谱", line):
                raise Invalid(texts.render("canteen_menu_bad_line", line=line))
            continue
        day = _head_day(head, monday, today, texts)
        meal = MEAL_WORDS.get(head["meal"] or "", default_meal)
        if _closed(line[head.end():].strip()):
            if head["w"] and not week_said and day - timedelta(days=7) >= today:
                day -= timedelta(days=7)  # 周四不开 said on a Tuesday: this Thursday
            items.append(MenuDay(day, meal, ()))
            continue
        dishes = tuple(d for d in DISH_SPLIT.split(line[head.end():]) if d)
        if not dishes:
            raise Invalid(texts.render("canteen_menu_no_dishes", line=line))
        items.append(MenuDay(day, meal, dishes))
    if not items:
        raise Invalid(texts.render("canteen_menu_empty"))
    return items


def _closed(rest: str) -> bool:
    """周四：休息 / 周四不开 食堂检修 / 周四 食堂检修不开: a closed day, not a dish (a list of
    dishes has separators; a closure is a few words)."""
    return bool(CLOSED.match(rest)) or (len(rest) <= 12 and bool(CLOSED.search(rest))
                                        and not re.search(r"[、，,/／|]", rest))


@functools.cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _simplified(text: str) -> str:
    return str(_t2s().convert(text))


def _head_day(head: re.Match[str], monday: date, today: date, texts: Texts) -> date:
    if head["w"]:
        return monday + timedelta(days=WEEKDAY_CHARS.index(head["w"].replace("天", "日")))
    year = int(head["y"]) if head["y"] else today.year
    try:
        day = date(year, int(head["m"]), int(head["d"]))
    except ValueError:
        raise Invalid(texts.render("canteen_menu_bad_date", text=head.group(0).strip())) from None
    if not head["y"] and day < today - timedelta(days=60):
        day = day.replace(year=year + 1)  # 1月5日 written in December
    return day


def menu_from_yaml(data: dict[str, Any], *, today: date, default_meal: str) -> list[MenuDay]:
    """A YAML menu: `days: {2026-11-30: [...]}`, or weekdays under `week_of`, `this_week` or
    `next_week`; a day may also map meals to dishes (`{午餐: [...], 晚餐: [...]}`)."""
    meal = str(data.get("meal") or default_meal)
    items: list[MenuDay] = []
    for key, value in (data.get("days") or {}).items():
        items += _yaml_day(date.fromisoformat(str(key)), value, meal)
    weeks = {"this_week": monday_of(today), "next_week": monday_of(today) + timedelta(days=7)}
    if data.get("week_of"):
        weeks["menu"] = monday_of(date.fromisoformat(str(data["week_of"])))
    for key, monday in weeks.items():
        for weekday, value in (data.get(key) or {}).items():
            offset = WEEKDAY_CHARS.index(str(weekday)[-1].replace("天", "日"))
            items += _yaml_day(monday + timedelta(days=offset), value, meal)
    if not items:
        raise Invalid("no day with dishes found in the menu file")
    return items


def _yaml_day(day: date, value: Any, meal: str) -> list[MenuDay]:
    if isinstance(value, dict):
        return [MenuDay(day, MEAL_WORDS.get(str(m), str(m)), _dishes(v)) for m, v in value.items()]
    return [MenuDay(day, meal, _dishes(value))]


def _dishes(value: Any) -> tuple[str, ...]:
    raw = value if isinstance(value, list) else DISH_SPLIT.split(str(value))
    return tuple(str(d).strip() for d in raw if str(d).strip())


def menu_from_csv(text: str, *, default_meal: str) -> list[MenuDay]:
    """CSV rows: date, [meal,] dish, dish, ... (a header row is skipped)."""
    items = []
    for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))):
        cells = [c.strip() for c in row if c.strip()]
        if not cells or cells[0].lower() in ("date", "日期"):
            continue
        try:
            day = date.fromisoformat(cells[0])
        except ValueError:
            raise Invalid(f"bad date in CSV row (write 2026-11-30): {','.join(row)}") from None
        meal = MEAL_WORDS.get(cells[1], "") if len(cells) > 1 else ""
        dishes = cells[2:] if meal else cells[1:]
        items.append(MenuDay(day, meal or default_meal, _dishes("、".join(dishes))))
    return items


def read_menu_file(path: Path, *, today: date, default_meal: str) -> list[MenuDay]:
    """A menu file, YAML or CSV by its suffix."""
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".csv":
        return menu_from_csv(text, default_meal=default_meal)
    return menu_from_yaml(parse_yaml(text) or {}, today=today, default_meal=default_meal)


def check_menu(canteen: Canteen, items: list[MenuDay],
               texts: Texts) -> tuple[list[MenuDay], list[str]]:
    """The items the canteen can serve, and why the others are left out."""
    keep, notes = [], []
    for item in items:
        closed = canteen.rules.closed_reason(item.day)
        if closed is not None and item.closed and closed.key == "canteen_closed_extra":
            keep.append(item)  # closed again (or still): the notice stands
        elif item.meal not in canteen.rules.meals:
            notes.append(texts.render("canteen_menu_skip_meal", day=day_label(item.day),
                                      meal=item.meal))
        elif closed is not None:
            notes.append(texts.render("canteen_menu_skip_closed", why=closed.text(texts)))
        else:
            keep.append(item)
    return keep, notes


# -- publishing -------------------------------------------------------------------------------

def publish_menu(tick: Tick, *, canteen: Canteen, items: list[MenuDay],
                 by_id: int | None) -> Published:
    """Save a menu; people who booked a meal whose dishes changed are told."""
    result = Published()
    for item in items:
        row = menu_of(tick.session, community_id=canteen.id, day=item.day, meal=item.meal)
        result.days.append(item.day)
        if row is None:
            tick.session.add(CanteenMenu(community_id=canteen.id, day=item.day, meal=item.meal,
                                         dishes=list(item.dishes), updated_at=tick.now,
                                         updated_by_id=by_id))
            continue
        if tuple(row.dishes) == item.dishes:
            continue
        row.dishes = list(item.dishes)
        row.version += 1
        row.updated_at = tick.now
        row.updated_by_id = by_id
        result.changed.append(item.day)
        result.notified += _tell_bookers(tick, canteen, row)
    if any(item.closed for item in items):
        tick.session.flush()
        result.notified += _cancel_closed(tick, canteen, [i for i in items if i.closed])
    tick.session.flush()
    return result


def _cancel_closed(tick: Tick, canteen: Canteen, items: list[MenuDay]) -> int:
    """Bookings of a day the canteen now does not open are cancelled, and their people told."""
    told = 0
    for item in items:
        for meal in canteen.rules.meals:
            for booking in bookings_on(tick.session, community_id=canteen.id, day=item.day,
                                       meal=meal):
                booking.status, booking.cancelled_at = "cancelled", tick.now
                release(tick.session, community_id=canteen.id, day=item.day, meal=meal,
                        portions=booking.portions)
                told += tick.notify_person(booking.resident, tick.t(
                    "canteen_day_closed_cancelled", day=day_label(item.day), meal=meal),
                    dedupe_key=f"canteen-closed:{booking.id}")
    return told


def _tell_bookers(tick: Tick, canteen: Canteen, menu: CanteenMenu) -> int:
    if not menu.dishes:
        return 0  # a day closed: its bookings are cancelled and told once (_cancel_closed)
    told = 0
    cutoff = hhmm(canteen.rules.meals[menu.meal].cutoff)
    for booking in bookings_on(tick.session, community_id=canteen.id, day=menu.day,
                               meal=menu.meal):
        text = tick.t("canteen_menu_changed", day=day_label(menu.day), meal=menu.meal,
                      dishes=dishes_text(menu), cutoff=cutoff)
        buttons = [[Button(tick.t("button_cancel_this_meal"), f"/meal_cancel:{booking.id}"),
                    Button(tick.t("button_my_meals"), "/mymeals")]]
        told += tick.notify_person(booking.resident, text, buttons=buttons,
                                   dedupe_key=f"canteen-menu:{booking.id}:v{menu.version}")
    return told


def menu_table(menus: list[CanteenMenu]) -> str:
    """One line per meal: 11月23日（周一）午餐：红烧肉、…"""
    return "\n".join(f"{day_label(m.day)}{m.meal}：{dishes_text(m)}" for m in menus)


# -- the weekly announcement ---------------------------------------------------------------------

@job("canteen_announce")
def announce_next_week(tick: Tick) -> None:
    """From the announce time (e.g. Friday 10:00) until the week ends, post next week's menu
    to the community's group chats once (a JobRun per community and week)."""
    local = tick.local_now
    for community in tick.session.scalars(select(Community)):
        canteen = canteen_of_community(tick.session, community_id=community.id,
                                       data_dir=tick.settings.data_dir)
        if canteen is None or not announce_due(canteen, local):
            continue
        monday = monday_of(local.date()) + timedelta(days=7)
        key = f"canteen-announce:{community.id}:{monday.isoformat()}"
        menus = menus_between(tick.session, community_id=community.id, first=monday,
                              last=monday + timedelta(days=6))
        if not menus or tick.session.scalar(select(JobRun.id).where(JobRun.key == key)):
            continue
        _announce(tick, canteen, menus, key)
        tick.session.add(JobRun(key=key, ran_at=tick.now))


def announce_due(canteen: Canteen, local: datetime) -> bool:
    """Whether this week's announcement time has come (and the week is not over)."""
    rules = canteen.rules
    weekday = local.isoweekday()
    return weekday > rules.announce_weekday or (
        weekday == rules.announce_weekday and local.time() >= rules.announce_time)


def _announce(tick: Tick, canteen: Canteen, menus: list[CanteenMenu], key: str) -> None:
    rules = canteen.rules
    tiers = "，".join(f"{tier_words(tick.texts, t)}{yuan(to_fen(t['price']))}"
                     for t in rules.tiers)
    meal = next(iter(rules.meals.values()))
    text = tick.t("canteen_announce", name=rules.name,
                  days=days_label(sorted({m.day for m in menus})), menu=menu_table(menus),
                  tiers=tiers, full=yuan(rules.full_fen),
                  cutoff=hhmm(meal.cutoff), phone=rules.phone)
    chats = tick.session.scalars(select(GroupChat.chat_id).where(
        GroupChat.community_id == canteen.id, GroupChat.kind.in_(rules.announce_chats)))
    for chat_id in chats:
        tick.notify(chat_id, text, dedupe_key=f"{key}:{chat_id}")


# -- the demo menu -------------------------------------------------------------------------------

@seeder("canteen")
def seed_demo_menu(session: Session, community: Community, data_dir: Path,
                   now: datetime) -> None:
    """This week's and next week's lunch for the demo canteen, and who gets meals delivered."""
    from zoneinfo import ZoneInfo

    path = Path(data_dir) / "demo" / "canteen_menu.yml"
    canteen = canteen_of_community(session, community_id=community.id, data_dir=str(data_dir))
    if canteen is None or not path.exists():
        return
    data = parse_yaml(path.read_text(encoding="utf-8")) or {}
    today = now.astimezone(ZoneInfo(community.timezone)).date()
    items, _ = check_menu(canteen, menu_from_yaml(data, today=today,
                                                  default_meal=next(iter(canteen.rules.meals))),
                          Texts.load(Path(data_dir) / "responses"))
    for item in items:
        session.add(CanteenMenu(community_id=community.id, day=item.day, meal=item.meal,
                                dishes=list(item.dishes), updated_at=now))
    for name in data.get("delivery") or []:
        person = session.scalar(select(Resident).where(Resident.community_id == community.id,
                                                       Resident.name == name))
        if person is not None:
            session.add(CanteenDelivery(resident_id=person.id, granted_at=now))
    session.flush()
