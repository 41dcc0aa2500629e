"""Rule-based entity extraction over normalized text, and value normalization for any backend
(another backend's raw entities are read in nlu.foreign_entities).

Entities (see the contract): building unit floor room facility date meal count team service
person phone. Values are canonical: digits for numbers, ISO dates resolved against the day the
message was sent, the contract's names for facilities, teams, services and meals. Spans are
offsets into the original text.

A date range (下周一到周五) gives its two ends, each with its own span and a Rasa `role`
("from" / "to"); `expand_dates` turns the entities of a parse into every day they mean.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from nlu.dates import about_the_past, find_dates
from nlu.entity_rules import NO_SERVICE, REPORTS, keep_dates, keep_facilities
from nlu.names import find_persons
from nlu.normalize import Normalized, normalize

EXTRACTOR = "LinliRuleExtractor"
CANONICAL = {
    "facility": ("楼道灯", "路灯", "电梯", "水管", "下水道", "门禁", "空调", "充电桩", "道路",
                 "燃气", "暖气", "屋顶", "门窗", "健身器材"),
    "team": ("义剪队", "维修队", "巡逻队", "调解队", "助老队", "环保队", "文体队"),
    "service": ("代缴费用", "手机教学", "送餐", "送医陪诊", "理发", "家政"),
    "meal": ("午餐", "晚餐"),
}
# Built in, so a model works even without entities.yml; the data adds to these.
BUILTIN_SURFACES = {
    "中午": ("meal", "午餐"), "午饭": ("meal", "午餐"), "午餐": ("meal", "午餐"),
    "中饭": ("meal", "午餐"), "晌午": ("meal", "午餐"), "晌午饭": ("meal", "午餐"),
    "晚上": ("meal", "晚餐"), "晚饭": ("meal", "晚餐"), "晚餐": ("meal", "晚餐"),
    "晏昼": ("meal", "午餐"), "晏昼饭": ("meal", "午餐"), "晚黑": ("meal", "晚餐"),
    "声控灯": ("facility", "楼道灯"), "下水管": ("facility", "下水道"),
    "自来水管": ("facility", "水管"),
    **{name: (entity, name) for entity, names in CANONICAL.items() for name in names},
}
# 街道路灯 is 街道 + 路灯, 大道路段 大道 + 路段: the 道 of these words does not begin 道路;
# after a place's 县 or 省 it does only before 段 口 面 (省道路段, but A县道路规划).
ROAD_WORDS = frozenset("大街车绿隧轨步栈匝航渠频知报跑")
ROAD_WORDS_BEFORE_PART = frozenset("国省县乡")
# 厨房顶上 / 卧室 ...: the 房 of a room word does not begin 房顶.
ROOM_WORDS = frozenset("厨卧书客机库病药票楼营住")
CANTEEN = {"book_meal", "cancel_meal", "query_menu", "query_bookings"}
# Surfaces that are only this entity in these intents (晚上 is a meal only when ordering food).
ONLY_IN = {("meal", "中午"): CANTEEN, ("meal", "晚上"): CANTEEN, ("meal", "晏昼"): CANTEEN,
           ("meal", "晚黑"): CANTEEN}
# A time of day is a meal only in a message about food (晚上订一份, not 晚上食堂几点关门).
_FOOD = re.compile(r"订|定|饭|餐|份|吃|送|留|菜|来一|要一|取消|不要|食堂|面|饺子|粥|汤|什么|啥")
PRIORITY = {"phone": 0, "address": 1, "date": 2, "building": 3, "unit": 3, "room": 4,
            "floor": 4, "count": 5, "gazetteer": 6, "person": 7}

CN_SMALL = {"一": 1, "二": 2, "两": 2, "俩": 2, "仨": 3, "三": 3, "四": 4, "五": 5, "六": 6,
            "七": 7, "八": 8, "九": 9, "十": 10}
_PHONE = re.compile(r"(?<![\d])(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})(?!\d)"
                    r"|(?<![\d])(0\d{2,3})-?(\d{7,8})(?!\d)")
# 3-2-501 (building-unit-room), also 3号楼-2-501, 3栋-2单元-501, 3 — 2 — 501; 3-501
_DASH = r"\s*[-—–]\s*"
_ADDRESS = re.compile(r"(?<![\d-])(\d{1,2})(?:号楼|号|栋|幢)?" + _DASH + r"(\d{1,2})(?:单元)?"
                      + _DASH + r"(\d{3,4})(?![\d-])"
                      r"|(?<![\d-])(\d{1,2})-(\d{3,4})(?![\d-])")
# 共有12栋楼 counts buildings and 建一座焚烧厂 builds one; they name none. 4东101 / 11洞3单元:
# 栋 typed as a homophone, read so only before the next number.
_BUILDING = re.compile(
    r"(?<![\dA-Za-z共有建盖造每])([A-Za-z]\d{1,3}|\d{1,3}|[A-Za-z])"
    r"(?:号楼|号?栋|号?幢|座|号院楼|[动东洞](?=\d))"
    r"|(?<![\d])(\d{1,3})号(?=\s*(?:\d{1,2}(?:单元|门)|\d{3,4}|-))")
_UNIT = re.compile(r"(?<![\d])(\d{1,2})(?:单元|门(?![口禁卫窗铃锁店面前外诊]))")
# 楼高33层 / 共33层 / 33层高 are a building's height, not the floor someone is on.
_FLOOR = re.compile(r"(?<![\d高共有])(\d{1,2})(?:楼(?!梯|高)|层(?![楼高]))")
_ROOM_MARKED = re.compile(r"(?<![\d])(\d{3,4})(?:室|号房|房间?)")
_ROOM_AFTER = re.compile(r"(?:住|住在|我家|家住|房号|门牌号?|房间号?|楼上|楼下|对门|隔壁)"
                         r"\s*(\d{3,4})(?![\d年元块份号])")
# 205两户 / 301和302两户: rooms counted as households.
_ROOM_HOUSEHOLDS = re.compile(r"(?<![\d])\d{3,4}(?:[、和跟与及,，]\d{3,4})*"
                              r"(?=(?:这|那)?[两俩二三四五几]户)")
# 2单元302号 is a room; 302号楼 / 302号院 are not
_ROOM_BARE = re.compile(r"[\s,、的]{0,2}(\d{3,4})(?![\d年元块份个楼层月日点]|号[楼院线床])")
_COUNT_ANY = re.compile(r"(\d{1,2}|[一二两三四五六七八九十])(?:份|盒|碗|人份)")
_COUNT_CANTEEN = re.compile(
    r"(?<!就我)(?<!剩我)(?<!有我)(\d{1,2}|[一二两三四五六七八九十])(?:个人的|个人|个|位|人)"
    r"(?!月|多月|礼拜|星期|周|人住|住|菜|荤|素|小时)|(俩|仨)(?!人)")


@dataclass(frozen=True)
class Gazetteer:
    """Surface words (normalized) -> (entity, canonical value), matched longest first."""

    surfaces: Mapping[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def build(cls, pairs: Iterable[tuple[str, str, str]]) -> Gazetteer:
        """From (surface, entity, value) triples; values outside the contract are dropped."""
        surfaces = dict(BUILTIN_SURFACES)
        for surface, entity, value in pairs:
            norm = normalize(surface).strip()
            if len(norm) >= 2 and value in CANONICAL.get(entity, ()):
                surfaces.setdefault(norm, (entity, value))
        return cls(surfaces)

    def find(self, text: str) -> list[tuple[int, int, str, str, str]]:
        """(start, end, entity, value, surface) of non-overlapping matches, longest first."""
        hits: list[tuple[int, int, str, str, str]] = []
        for i, char in enumerate(text):  # only where a surface begins, of the sizes it has
            for size in self._sizes.get(char, ()):
                if i + size > len(text):
                    continue
                known = self.surfaces.get(text[i:i + size])
                if known is not None and not text.startswith("费", i + size) and not (
                        known[1] == "门禁" and text.startswith("口", i + size)) and not (
                        text[i:i + 1] == "房" and text[i - 1:i] in ROOM_WORDS) and not (
                        text[i:i + 2] == "道路" and _ends_a_road_word(text, i)):
                    hits.append((i, i + size, known[0], known[1], text[i:i + size]))
        hits.sort(key=lambda hit: (hit[0] - hit[1], hit[0]))  # the longest first, then leftmost
        chosen: list[tuple[int, int, str, str, str]] = []
        for hit in hits:  # already longest first
            if all(hit[1] <= c[0] or hit[0] >= c[1] for c in chosen):
                chosen.append(hit)
        return sorted(chosen)

    @cached_property
    def _sizes(self) -> dict[str, tuple[int, ...]]:
        # the sizes (2 or more) of the surfaces that begin with each character, once
        sizes: dict[str, set[int]] = {}
        for surface in self.surfaces:
            if len(surface) >= 2:
                sizes.setdefault(surface[0], set()).add(len(surface))
        return {char: tuple(sorted(found)) for char, found in sizes.items()}

    def canonical(self, entity: str, text: str) -> str | None:
        """The canonical value of a surface of this entity type, if known."""
        hit = self.surfaces.get(normalize(text).strip())
        if hit is not None and hit[0] == entity:
            return hit[1]
        return text if text in CANONICAL.get(entity, ()) else None


@dataclass
class _Candidate:
    start: int
    end: int
    entity: str
    value: str
    priority: int
    role: str | None = None


def today_in(tz: str) -> date:
    """Today's date in a time zone."""
    return datetime.now(ZoneInfo(tz)).date()


def small_int(text: str) -> int | None:
    """2 / 两 / 俩 / 十 -> an int (the numerals normalization leaves as words)."""
    if text.isdigit():
        return int(text)
    return CN_SMALL.get(text)


def building_value(code: str) -> str:
    """3 / 03 -> "3", a -> "A", a14 -> "A14": digits without zeros ahead, letters upper-case."""
    if code[0].isalpha():
        return code[0].upper() + (str(int(code[1:])) if code[1:] else "")
    return str(int(code))


def _address(text: str) -> Iterable[_Candidate]:
    p = PRIORITY["address"]
    for m in _ADDRESS.finditer(text):
        if m.group(1):
            yield _Candidate(m.start(1), m.end(1), "building", str(int(m.group(1))), p)
            yield _Candidate(m.start(2), m.end(2), "unit", str(int(m.group(2))), p)
            yield _Candidate(m.start(3), m.end(3), "room", m.group(3), p)
        else:
            yield _Candidate(m.start(4), m.end(4), "building", str(int(m.group(4))), p)
            yield _Candidate(m.start(5), m.end(5), "room", m.group(5), p)


# Every pattern of a place holds a digit or a Latin letter: a text without one has no place.
_PLACE_CHAR = re.compile(r"[\dA-Za-z]")


def _places(text: str) -> list[_Candidate]:
    out: list[_Candidate] = []
    if _PLACE_CHAR.search(text) is None:
        return out
    for m in _BUILDING.finditer(text):
        out.append(_Candidate(m.start(), m.end(), "building",
                              building_value(m.group(1) or m.group(2)), PRIORITY["building"]))
    for m in _UNIT.finditer(text):
        out.append(_Candidate(m.start(), m.end(), "unit", str(int(m.group(1))), PRIORITY["unit"]))
    for m in _FLOOR.finditer(text):
        out.append(_Candidate(m.start(), m.end(), "floor", str(int(m.group(1))),
                              PRIORITY["floor"]))
    for m in _ROOM_MARKED.finditer(text):
        out.append(_Candidate(m.start(), m.end(), "room", m.group(1), PRIORITY["room"]))
    for m in _ROOM_HOUSEHOLDS.finditer(text):
        out.extend(_Candidate(n.start() + m.start(), n.end() + m.start(), "room", n.group(0),
                              PRIORITY["room"]) for n in re.finditer(r"\d+", m.group(0)))
    for m in _ROOM_AFTER.finditer(text):
        out.append(_Candidate(m.start(1), m.end(1), "room", m.group(1), PRIORITY["room"]))
    for place in [c for c in out if c.entity in ("building", "unit", "floor")]:
        bare = _ROOM_BARE.match(text, place.end)
        if bare:
            out.append(_Candidate(bare.start(1), bare.end(1), "room", bare.group(1),
                                  PRIORITY["room"]))
    return out


def _phones(text: str) -> Iterable[_Candidate]:
    for m in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if len(set(digits[1:])) > 1:  # 0000-00000000: a number masked out, none given
            yield _Candidate(m.start(), m.end(), "phone", digits, PRIORITY["phone"])


def _counts(text: str, intent: str | None) -> list[_Candidate]:
    found = []
    for m in _COUNT_ANY.finditer(text):
        value = small_int(m.group(1))
        if value is not None and 0 < value < 100:
            found.append(_Candidate(m.start(), m.end(), "count", str(value), PRIORITY["count"]))
    if found or intent not in CANTEEN:  # 两个人吃 订两份: the portions are the count
        return found
    for m in _COUNT_CANTEEN.finditer(text):
        value = small_int(m.group(1) or m.group(2))
        if value is not None and 0 < value < 100:
            found.append(_Candidate(m.start(), m.end(), "count", str(value), PRIORITY["count"]))
    return found


def _dates(text: str, ref: date, intent: str | None) -> Iterable[_Candidate]:
    p = PRIORITY["date"]
    for found in find_dates(text, ref, past=True if intent in REPORTS else None):
        if len(found.parts) == 1:
            start, end = found.parts[0]
            yield _Candidate(start, end, "date", found.days[0].isoformat(), p)
            continue
        for (start, end), day, role in zip(found.parts, found.days, ("from", "to"),
                                           strict=True):
            yield _Candidate(start, end, "date", day.isoformat(), p, role)


def _gazetteer(text: str, gazetteer: Gazetteer, intent: str | None,
               food: bool) -> Iterable[_Candidate]:
    for start, end, entity, value, surface in gazetteer.find(text):
        if entity == "service" and intent in NO_SERVICE:  # 教教我怎么使唤你 asks how to use us
            continue
        allowed = ONLY_IN.get((entity, surface))
        if allowed is None or (intent in allowed and food):
            yield _Candidate(start, end, entity, value, PRIORITY["gazetteer"])


def _ends_a_road_word(text: str, i: int) -> bool:
    """Whether the 道 at i ends the word before it (大道路段, 省道路口)."""
    before = text[i - 1:i]
    return before in ROAD_WORDS or (before in ROAD_WORDS_BEFORE_PART
                                    and text[i + 2:i + 3] in ("段", "口", "面", "边", "旁"))


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates, the most reliable kind first, then the longest."""
    chosen: list[_Candidate] = []
    for c in sorted(candidates, key=lambda c: (c.priority, c.start - c.end, c.start)):
        if all(c.end <= o.start or c.start >= o.end for o in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: (c.start, c.end))


def extract(norm: Normalized, *, ref_date: date, gazetteer: Gazetteer,
            intent: str | None = None,
            suppress: frozenset[tuple[str, str]] = frozenset()) -> list[dict[str, Any]]:
    """Every entity stated in a normalized message, spans mapped to the original text.

    `suppress` holds (entity, intent) pairs the training data never annotates although the
    rules find them (a 一份 in a price question is not an order's count).
    """
    text = norm.text
    chosen = _select([*_phones(text), *_address(text), *_dates(text, ref_date, intent),
                      *_places(text), *_counts(text, intent)])
    masked = list(text)
    for c in chosen:  # names are looked up around what the patterns took (3单元门禁)
        masked[c.start:c.end] = "\0" * (c.end - c.start)
    # whether the message is about food is read on its whole words (加一份: 份 is a count's)
    chosen += _gazetteer("".join(masked), gazetteer, intent, _FOOD.search(text) is not None)
    chosen = [c for c in sorted(chosen, key=lambda c: (c.start, c.end))
              if (c.entity, intent) not in suppress]
    chosen = _as_the_contract_counts(text, chosen, intent)
    taken = [(c.start, c.end) for c in chosen]
    if ("person", intent) not in suppress:
        names = find_persons(text, taken, register=intent == "register")
        chosen += [_Candidate(start, end, "person", name, PRIORITY["person"])
                   for start, end, name in names]
        chosen.sort(key=lambda c: (c.start, c.end))
    return [_as_dict(norm, c) for c in chosen]


def _as_the_contract_counts(text: str, chosen: list[_Candidate],
                            intent: str | None) -> list[_Candidate]:
    """Without the dates and facilities the contract does not count (今天 for "now", 每周三,
    窗户的玻璃 after 窗户): see nlu.entity_rules."""
    dated = [c for c, ok in zip(chosen, keep_dates(text, chosen, intent), strict=True) if ok]
    return [c for c, ok in zip(dated, keep_facilities(text, dated, lambda c: c.value),
                               strict=True) if ok]


def _as_dict(norm: Normalized, c: _Candidate) -> dict[str, Any]:
    start, end = norm.span(c.start, c.end)
    entity: dict[str, Any] = {"entity": c.entity, "start": start, "end": end, "value": c.value,
                              "extractor": EXTRACTOR}
    if c.role:
        entity["role"] = c.role
    return entity


def _number(text: str) -> str | None:
    norm = normalize(text)
    m = re.search(r"\d+", norm)
    if m:
        return str(int(m.group(0)))
    m = re.search(r"[一二两三四五六七八九十俩仨]", norm)
    value = small_int(m.group(0)) if m else None
    return None if value is None else str(value)


def normalize_value(entity: str, surface: str, *, ref_date: date,
                    gazetteer: Gazetteer | None = None, context: str | None = None) -> str | None:
    """The canonical value of one entity from its words (None when it cannot be read); the
    whole message, when given, says whether a bare day is a past one."""
    norm = normalize(surface).strip()
    if entity in ("unit", "floor", "count"):
        return _number(norm)
    if entity == "building":
        letter = re.fullmatch(r"([A-Za-z]\d{0,3})\s*[座栋幢号]?楼?", norm)
        return building_value(letter.group(1)) if letter else _number(norm)
    if entity in ("room", "phone"):
        digits = re.sub(r"\D", "", norm)
        return digits or None
    if entity == "date":
        past = about_the_past(normalize(context)) if context else None
        found = find_dates(norm, ref_date, past=past)
        return found[0].days[0].isoformat() if found else None
    if entity in CANONICAL:
        return (gazetteer or Gazetteer.build(())).canonical(entity, surface)
    return norm


def expand_dates(entities: Iterable[Mapping[str, Any]]) -> list[date]:
    """Every day the date entities of a parse mean: a from / to pair gives each day between."""
    days: list[date] = []
    start: date | None = None
    for e in entities:
        if e.get("entity") != "date":
            continue
        day = date.fromisoformat(str(e["value"]))
        if e.get("role") == "from":
            start = day
        elif e.get("role") == "to" and start is not None:
            span = min((day - start).days, 62)
            days.extend(start + timedelta(days=n) for n in range(1, span + 1))
            start = None
        else:
            days.append(day)
        if e.get("role") == "from":
            days.append(day)
    return days
