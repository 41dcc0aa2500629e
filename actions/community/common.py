"""Shared by the community-life capabilities: durations, times, targets (community / grid /
building), their group chats and residents."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.core.context import Context
from actions.core.datafiles import load_yaml
from actions.core.dates import WEEKDAYS
from actions.core.errors import Invalid, Refused
from actions.db.community import Building, Grid, GroupChat, Household, Resident, Unit
from nlu import normalize

CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
CN_NUMBER = re.compile("[零一二两俩三四五六七八九十]+")
HOURS = re.compile(r"(\d+(?:\.\d+)?)\s*个?(半)?\s*(?:小时|钟头|h)")
MINUTES = re.compile(r"(\d+)\s*(?:分钟|分|min)")
CLOCK = re.compile(r"(上午|早上|中午|下午|晚上)?\s*(\d{1,2})\s*(?:[:：点时])\s*(\d{1,2}|半)?")
MONTH_DAY = re.compile(r"(?:(\d{4})\s*[年-])?\s*(\d{1,2})\s*[月-]\s*(\d{1,2})\s*[日号]?")


def community_of(ctx: Context) -> int:
    """The community of the person writing; refused for someone not registered yet."""
    if ctx.person.community_id is None:
        raise Refused(ctx.t("life_register_first"))
    return ctx.person.community_id


def words(limit: int) -> Callable[[Context, str, dict[str, Any]], str]:
    """A validator for staff's own words (what was done, a title, a note): any text up to a
    length. Validated rather than free text, so words that sound like a request never switch
    the conversation to another topic."""
    def validate(ctx: Context, value: str, _slots: dict[str, Any]) -> str:
        text = value.strip()
        if not text or len(text) > limit:
            raise Invalid(ctx.t("words_too_long", limit=limit))
        return text
    return validate


def cn_numbers(text: str) -> str:
    """Chinese numerals up to 99 as digits (两个半小时 -> 2个半小时)."""
    def value(match: re.Match[str]) -> str:
        run = match.group(0)
        if "十" not in run:
            return "".join(str(CN_DIGITS.get(c, c)) for c in run)
        tens, _, ones = run.partition("十")
        return str(CN_DIGITS.get(tens, 1) * 10 + CN_DIGITS.get(ones, 0))
    return CN_NUMBER.sub(value, text)


def parse_minutes(text: str) -> int | None:
    """A duration as people write it (90 / 90分钟 / 1.5小时 / 两个半小时 / 半小时) in minutes."""
    raw = cn_numbers(text.strip().replace(" ", ""))
    if raw.isdecimal():
        return int(raw)
    total = 0.0
    hours = HOURS.search(raw)
    if hours:
        total += float(hours.group(1)) * 60 + (30 if hours.group(2) else 0)
    elif "半小时" in raw or "半个小时" in raw:
        total += 30
    minutes = MINUTES.search(raw)
    if minutes:
        total += int(minutes.group(1))
    return int(total) if total > 0 else None


def fmt_minutes(minutes: int) -> str:
    """Minutes as people say them: 2小时30分钟, 45分钟, 3小时."""
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    if hours and rest:
        return f"{sign}{hours}小时{rest}分钟"
    return f"{sign}{hours}小时" if hours else f"{sign}{rest}分钟"


def parse_when(text: str, *, today: date, tz: ZoneInfo, day: str | None = None) -> datetime | None:
    """A moment from 11月26日 9点 / 2026-11-26 09:00 / 明天下午3点 (the day may come from the
    NLU's date entity, or 下周三 / 每周四); None without both a day and a time of day."""
    text = cn_numbers(text)  # 下午两点半 -> 下午2点半, 十一月二十五日 -> 11月25日
    found = _day(text, today, day)
    clock = CLOCK.search(MONTH_DAY.sub(" ", text))
    if found is None or clock is None:
        return None
    hour = int(clock.group(2))
    minute = 30 if clock.group(3) == "半" else int(clock.group(3) or 0)
    if clock.group(1) in ("下午", "晚上") and hour < 12:
        hour += 12
    if hour > 23 or minute > 59:
        return None
    return datetime.combine(found, time(hour, minute), tzinfo=tz)


def _day(text: str, today: date, day: str | None) -> date | None:
    match = MONTH_DAY.search(text)
    if match:
        year = int(match.group(1) or today.year)
        try:
            found = date(year, int(match.group(2)), int(match.group(3)))
        except ValueError:
            return None
        if match.group(1) is None and found < today:
            found = found.replace(year=year + 1)
        return found
    if day:
        return date.fromisoformat(day)
    for word, offset in (("今天", 0), ("明天", 1), ("后天", 2)):
        if word in text:
            return today + timedelta(days=offset)
    return _weekday(text, today)


WEEKDAY_SAID = re.compile(r"(下下|下个?|这个?|本)?\s*(?:周|星期|礼拜)\s*([1-7日天])")


def _weekday(text: str, today: date) -> date | None:
    """下周三 (next week's), 这周五 (this week's), 周四 / 每周四 (the coming one)."""
    match = WEEKDAY_SAID.search(text)
    if match is None:
        return None
    wanted = 6 if match.group(2) in "日天7" else int(match.group(2)) - 1
    ahead = {"下下": 2}.get(match.group(1) or "", 1 if (match.group(1) or "").startswith("下")
                                                   else 0)
    found = today - timedelta(days=today.weekday()) + timedelta(weeks=ahead, days=wanted)
    return found + timedelta(weeks=1) if match.group(1) is None and found < today else found


def when_text(moment: datetime, tz: ZoneInfo) -> str:
    """11月26日（周四）9:00, in community time."""
    local = moment.astimezone(tz)
    return f"{local.month}月{local.day}日（周{WEEKDAYS[local.weekday()]}）{local:%H:%M}".replace(
        "）0", "）")


@dataclass(frozen=True)
class Target:
    """Who something is for: the whole community, one grid, or one building."""

    scope: str  # community | grid | building
    label: str
    grid_id: int | None = None
    building_id: int | None = None


def parse_target(session: Session, *, community_id: int, text: str) -> Target:
    """全社区 / 第一网格 / 3号楼 (or just 3) as a target; Invalid when nothing matches."""
    raw = cn_numbers(text.strip().upper())
    names = {raw.removesuffix("的"), text.strip().removesuffix("的")}  # 第一网格 as written
    grid = session.scalar(select(Grid).where(Grid.community_id == community_id,
                                             Grid.name.in_(names)))
    if grid is not None:
        return Target("grid", grid.name, grid_id=grid.id)
    number = re.sub(r"(号楼|号|栋|幢|楼)$", "", raw)
    building = session.scalar(select(Building).where(Building.community_id == community_id,
                                                     Building.number == number))
    if building is not None:
        return Target("building", f"{building.number}号楼", grid_id=building.grid_id,
                      building_id=building.id)
    if "社区" in raw or raw in ("全部", "所有人", "全体"):
        return Target("community", "全社区")
    raise Invalid.keyed("target_not_found", text=text.strip())


def target_of(*, scope: str, grid_id: int | None, building_id: int | None,
              session: Session) -> Target:
    """The target a stored row names."""
    if scope == "building" and building_id is not None:
        building = session.get_one(Building, building_id)
        return Target("building", f"{building.number}号楼", building.grid_id, building.id)
    if scope == "grid" and grid_id is not None:
        return Target("grid", session.get_one(Grid, grid_id).name, grid_id)
    return Target("community", "全社区")


def target_chats(session: Session, *, community_id: int, target: Target) -> list[GroupChat]:
    """The resident group chats bound to a target (a grid's include its buildings' groups)."""
    query = select(GroupChat).where(GroupChat.community_id == community_id,
                                    GroupChat.kind.in_(("community", "grid", "building")))
    chats = list(session.scalars(query.order_by(GroupChat.id)))
    if target.scope == "building":
        return [c for c in chats if c.kind == "building" and c.building_id == target.building_id]
    if target.scope == "grid":
        in_grid = set(session.scalars(select(Building.id).where(
            Building.grid_id == target.grid_id)))
        return [c for c in chats if (c.kind == "grid" and c.grid_id == target.grid_id)
                or (c.kind == "building" and c.building_id in in_grid)]
    return chats


def target_residents(session: Session, *, community_id: int, target: Target) -> list[Resident]:
    """Verified residents living in a target, in a stable order."""
    query = (select(Resident).join(Household, Resident.household_id == Household.id)
             .join(Unit, Household.unit_id == Unit.id)
             .join(Building, Unit.building_id == Building.id)
             .where(Resident.community_id == community_id, Resident.verified.is_(True)))
    if target.scope == "building":
        query = query.where(Building.id == target.building_id)
    elif target.scope == "grid":
        query = query.where(Building.grid_id == target.grid_id)
    return list(session.scalars(query.order_by(Resident.id)))


def building_of(person: Resident) -> Building | None:
    """The building a person lives in."""
    return person.household.unit.building if person.household else None


def residents_named(session: Session, *, community_id: int, name: str) -> list[Resident]:
    """Residents of a community with this name (names are not unique)."""
    return list(session.scalars(select(Resident).where(
        Resident.community_id == community_id, Resident.name == name.strip())
        .order_by(Resident.id)))


def ordinal_words(index: int) -> str:
    """Typed words that pick the index-th button of a list (第一个, 第1个, 头一个)."""
    chinese = "一二三四五六七八"[index] if index < 8 else str(index + 1)
    first = "|头一个|最上面那个" if index == 0 else ""
    return f"第\\s*(?:{chinese}|{index + 1})\\s*(?:个|项|条|场){first}"


# 下礼拜 / 这周末 / 下个月: a span of days no date entity gives
SPAN = re.compile(r"(这|本|下|下个|下一个?)?\s*(周末|礼拜天?|星期天?|周|个?月)")


def span_said(ctx: Context) -> tuple[datetime, datetime] | None:
    """The days a week, a weekend or a month named means (this one's when no 下), or None."""
    found = SPAN.search(normalize(ctx.text))
    if found is None or (found.group(1) is None and found.group(2) != "周末"):
        return None
    step, unit = (1 if found.group(1) and found.group(1).startswith("下") else 0), found.group(2)
    today = ctx.today
    if unit.endswith("月"):
        first = date(today.year + (today.month + step > 12), (today.month + step - 1) % 12 + 1, 1)
        last = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    else:
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=step)
        first, last = monday, monday + timedelta(days=7)
        if unit == "周末":
            first = monday + timedelta(days=5)
    zone = ctx.settings.tz
    return (datetime.combine(first, time(0), tzinfo=zone),
            datetime.combine(last, time(0), tzinfo=zone))


def whole_message(ctx: Context) -> str:
    """The message as written (normalized), when the dialogue took one of its requests up
    first and kept the others for later (我会剪头发 能帮忙吗 is one offer, not two requests)."""
    later = [str(part.get("text", "")) for part in ctx.state.get("later") or []]
    return normalize(" ".join([ctx.text, *later])).strip()


EventWords = list[tuple[re.Pattern[str], str]]
NO_EVENT_WORDS: EventWords = []


def with_event_words(ctx: Context, text: str) -> str:
    """The text, with the pieces of event titles its words stand for added (理发 -> 义剪), as
    data/event_words.yml says."""
    words = load_yaml(ctx.settings.data_dir, "event_words.yml", _event_words,
                      missing=NO_EVENT_WORDS)
    return " ".join([text, *(piece for said, piece in words if said.search(text))])


def _event_words(raw: Any) -> EventWords:
    return [(re.compile(str(said)), str(piece)) for said, piece in (raw or {}).items()]
