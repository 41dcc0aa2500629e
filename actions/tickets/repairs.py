"""Repair reports (report_repair): a form that asks only what the message did not say.

facility -> place (a building, "在家里", or a spot like 东门口) -> unit -> what is wrong ->
an optional photo -> read-back -> a BX-... ticket routed to its handlers. Danger words go to the
emergency path first; the same problem already reported nearby makes the resident a follower.
"""

from __future__ import annotations

import re
from contextlib import suppress
from datetime import timedelta

from sqlalchemy import select

from actions.core.context import Context
from actions.core.dialogue import open_form
from actions.core.errors import Invalid
from actions.core.forms import Form, Slot, Slots
from actions.core.people import find_building
from actions.core.registry import form, on
from actions.core.requests import share_place
from actions.core.texts import Button, Keyboard, in_rows, span_text
from actions.db.checkins import CheckinContact, CheckinEnrolment
from actions.db.community import Community, Household, Resident
from actions.db.tickets import Ticket
from actions.tickets.config import config
from actions.tickets.lookups import add_follower, find_duplicate
from actions.tickets.resident import asks_after_own
from actions.tickets.routing import NewTicket, create_ticket, handlers, reporter_community
from actions.tickets.text import dated_text, person_label, status_label, what

# 俺家 / 咱家 (dialect), 我们家 / 我們家: "我家" is not in them
HOME_WORDS = ("在家里", "家里", "我家", "在家", "屋里", "家中", "我屋", "俺家", "咱家", "我们家",
              "我們家", "自己家", "俺屋")
PLACE_HINT = re.compile(r"门|口|路|院|场|园|旁|边|前|后|区|车棚|花坛|广场|停车|楼下|楼顶|亭")
# 7好楼 / 3浩楼: 号 mistyped by pinyin input (the NLU reads only 号楼, 栋, 幢 as buildings)
TYPED_BUILDING = re.compile(r"(\d{1,3})\s*(?:[好浩豪耗]楼|[#＃]楼?)")  # 3#楼 too
# the resident's own building and unit (我们楼 / 俺们楼 / 咱楼 / 我们单元)
OWN_BUILDING = re.compile(r"(?:我们|我們|俺们|俺們|咱们|咱們|咱|俺|我住的|我家那)(?:这)?"
                          r"(?:楼|樓|栋|棟)|本楼|(?:我们|我們|俺们|咱们|咱)(?:这个)?单元")
# a spot in the compound named in the first message (东门口 / 南门 / 小区广场 / 车棚旁边)
SPOT = re.compile(r"(?:小区)?(?:[东南西北]门口?|大门口?|[东南西北]边的?(?:路|空地)|"
                  r"(?:小区)?(?:广场|花园|停车场|车棚|花坛|凉亭|健身区|篮球场|垃圾站|门口|主路)"
                  r"(?:旁边|边上|附近)?)")
# the home of the elder a family member speaks of (我妈家卫生间 / 俺娘那屋 / 在我爸家)
FAMILY_HOME = re.compile(r"(?:妈|母亲|老妈|娘|老娘|爸|父亲|老爸|爹|老爷子|老太太|奶奶|姥姥|爷爷|"
                         r"姥爷|外婆|婆婆|公公|岳母|丈母娘)(?:家|那儿|那边|那屋|那里|住的)")
# a room of a home: with water pouring there (burst_pipe), the place is the resident's home
HOME_ROOM = re.compile(r"卫生间|厕所|洗手间|浴室|厨房|卧室|客厅|阳台|"
                       # the water reaching the flat below: it pours from the writer's home
                       r"楼下[^ ，,。]{0,4}(?:滴|淹|漏|湿|渗|泡|淌)|"
                       r"(?:漏|渗|淌|流|滴)[^ ，,。]{0,2}到楼下")
OUTDOORS = ("路灯", "道路", "健身器材")  # by a building, never in one of its units
FACILITY_BUTTONS = ("楼道灯", "水管", "下水道", "电梯", "门禁", "暖气", "门窗", "其他")


def at_home(text: str) -> bool:
    """The words place the broken thing in the writer's home (我家 / 屋里 / 俺家)."""
    return any(word in text for word in HOME_WORDS)


def _family_home(ctx: Context, text: str) -> tuple[Household, Resident] | None:
    """The home of the one enrolled elder whose family contact this person is, when the words
    speak of a parent's home (我妈家): where a daughter's report is."""
    if not FAMILY_HOME.search(text):
        return None
    elders = list(ctx.session.scalars(
        select(Resident).join(CheckinEnrolment, CheckinEnrolment.elder_id == Resident.id)
        .join(CheckinContact, CheckinContact.enrolment_id == CheckinEnrolment.id)
        .where(CheckinContact.person_id == ctx.person.id, CheckinContact.relation == "family",
               CheckinEnrolment.active)).unique())
    homes = [e for e in elders if e.household is not None]
    if len(homes) != 1:
        return None
    assert homes[0].household is not None
    return homes[0].household, homes[0]


def _home_slots(home: Household, elder: Resident | None = None) -> Slots:
    slots: Slots = {"at_home": True, "building": home.unit.building.number,
                    "unit": home.unit.number, "room": home.room, "household": home.id}
    if elder is not None:
        slots["home_of"] = elder.name or ""
    return slots


def own_home(ctx: Context) -> Household | None:
    """Where the person registered she lives, verified or not yet: 我们楼 / 在家里 from a
    newcomer who just registered is that address (verifying asks whether she lives there;
    the lamp is where she says either way)."""
    return ctx.person.household


def _home(ctx: Context) -> Household:
    home = own_home(ctx)
    if home is None:
        raise Invalid(ctx.t("repair_home_unknown"))
    return home


# -- slots --------------------------------------------------------------------------------------
def _facility(ctx: Context, value: str, slots: Slots) -> str:
    named = config(ctx).named("repair", value)
    if named is None:
        raise Invalid(ctx.t("repair_facility_unknown"))
    words = ctx.text.strip()
    if len(words) >= 4 and words != named:  # 下水道堵了: the what is wrong as well
        slots.setdefault("description", words[:500])
    return named


def _facility_buttons(_ctx: Context, _slots: Slots) -> Keyboard:
    flat = [Button(name, f"={name}") for name in FACILITY_BUTTONS]
    return in_rows(flat, 4)


def _place(ctx: Context, value: str, slots: Slots) -> str:
    """A building number, the resident's home, or a spot in the compound ("" then)."""
    raw = value.strip()
    family = _family_home(ctx, raw)
    if family is not None:  # 在我妈家
        slots.update(_home_slots(*family))
        return str(slots["building"])
    if at_home(raw):
        home = _home(ctx)
        slots.update(_home_slots(home))
        return home.unit.building.number
    if OWN_BUILDING.search(raw):  # 就我们楼 / 我们单元门口: their building, their unit's
        home = _home(ctx)
        slots["unit"] = home.unit.number
        return home.unit.building.number
    typo = TYPED_BUILDING.search(raw)
    number = typo.group(1) if typo else raw.upper()
    number = number.removesuffix("号楼").removesuffix("栋").removesuffix("幢")
    number = number.removesuffix("座").removesuffix("号")
    community = reporter_community(ctx)
    if community and find_building(ctx.session, community_id=community.id, number=number):
        return number
    if number.isdecimal() or community is None:
        raise Invalid(ctx.t("repair_no_building", building=number))
    if PLACE_HINT.search(raw) and len(raw) <= 30:
        slots["spot"] = raw
        return ""
    raise Invalid(ctx.t("repair_place_unclear"))


def _place_buttons(ctx: Context, _slots: Slots) -> Keyboard:
    if own_home(ctx) is not None:
        return [[Button(ctx.t("button_repair_at_home"), "=在家里")]]
    return []


def _unit(ctx: Context, value: str, slots: Slots) -> str:
    number = value.strip().removesuffix("单元")
    community = reporter_community(ctx)
    stated = slots.get("building")  # a unit may come before the building ("2单元的灯")
    building = find_building(ctx.session, community_id=community.id,
                             number=stated) if community and stated else None
    known = {u.number for u in building.units} if building else set()
    if not number.isdecimal() or (known and number not in known):
        raise Invalid(ctx.t("repair_no_unit", building=stated or "", unit=number))
    return number


def _unit_needed(slots: Slots) -> bool:
    """Asked in a building, not at home, nor of a thing out of doors (a street lamp by 10号楼)."""
    return bool(slots.get("building")) and not slots.get("at_home") \
        and slots.get("facility") not in OUTDOORS


def _description(ctx: Context, value: str, _slots: Slots) -> str:
    return dated_text(ctx, value.strip())[:500]


def _photo(ctx: Context, value: str, _slots: Slots) -> str:
    if ctx.photo:
        return ctx.photo
    raise Invalid(ctx.t("repair_photo_hint"))


def _prefill(ctx: Context) -> Slots:
    slots: Slots = {}
    text = ctx.text.strip()
    bursting = (ctx.danger.kind if ctx.danger is not None else ctx.parse.get("danger")) \
        == "burst_pipe"  # also a later request of the message whose words were urgent
    if bursting:
        slots["urgent"] = True  # its first words promised it: 这个报修我们按紧急处理
    if ctx.intent == "report_repair" and len(text) >= 4:
        slots["description"] = dated_text(ctx, text)[:500]
        guessed = config(ctx).guess("repair", text)
        if guessed and not ctx.entity("facility"):
            slots["facility"] = guessed
    family = _family_home(ctx, text) if ctx.intent == "report_repair" else None
    if family is not None:  # 我妈家卫生间下水道堵了, from her daughter
        slots.update(_home_slots(*family))
    elif _home_said(ctx, text, bursting) and (home := own_home(ctx)) is not None:
        slots.update(_home_slots(home))
    own = OWN_BUILDING.search(text) if ctx.intent == "report_repair" else None
    if own and "building" not in slots and not ctx.entity("building") \
            and (home := own_home(ctx)) is not None:
        # 我们楼的电梯又坏了: their building, their unit's
        slots.update(building=home.unit.building.number, unit=home.unit.number)
    spot = SPOT.search(text)
    if spot and not ctx.entity("building") and "building" not in slots:
        slots.update(building="", spot=spot.group(0))  # 小区东门口的路灯
    typo = TYPED_BUILDING.search(text)
    if typo and not ctx.entity("building") and "building" not in slots:
        with suppress(Invalid):  # a building that does not exist is asked like any place
            slots["building"] = _place(ctx, typo.group(1), slots)
    if ctx.photo:
        slots["photo"] = ctx.photo
    return slots


# -- read-back and submit -------------------------------------------------------------------------
def place_text(slots: Slots) -> str:
    """Where, as residents write it: 3栋2单元 / 3栋2单元501（家里）/ 东门口."""
    if slots.get("at_home"):
        whose = f"{slots['home_of']}家" if slots.get("home_of") else "家里"
        return f"{slots['building']}栋{slots['unit']}单元{slots['room']}（{whose}）"
    if not slots.get("building"):
        return str(slots.get("spot") or "")
    unit = f"{slots['unit']}单元" if slots.get("unit") else ""
    floor = f"{slots['floor']}楼" if slots.get("floor") else ""
    return f"{slots['building']}栋{unit}{floor}"


def _summary(ctx: Context, slots: Slots) -> str:
    return ctx.t("repair_summary", facility=slots["facility"], place=place_text(slots),
                 description=slots.get("description") or ctx.t("repair_not_said"),
                 photo=ctx.t("repair_photo_yes" if slots.get("photo") else "repair_photo_no"))


def _new_ticket(ctx: Context, slots: Slots) -> NewTicket:
    community = reporter_community(ctx)
    building = find_building(ctx.session, community_id=community.id,
                             number=slots["building"]) if community and slots.get(
        "building") else None
    household = (slots.get("household") or ctx.person.household_id) if slots.get(
        "at_home") else None
    return NewTicket(kind="repair", category=slots["facility"], place=place_text(slots),
                     description=slots.get("description") or "", building=building,
                     unit=slots.get("unit") or None, floor=slots.get("floor") or None,
                     household_id=household, photo=slots.get("photo") or None,
                     urgent=bool(slots.get("urgent")))


def _submit(ctx: Context, slots: Slots) -> None:
    community = reporter_community(ctx)
    if community is None:
        ctx.reply("repair_no_community")
        return
    new = _new_ticket(ctx, slots)
    _share_place(ctx, slots)
    if _join_duplicate(ctx, community, new):
        return
    ticket = create_ticket(ctx, reporter=ctx.person, community_id=community.id, new=new)
    names = "、".join(person_label(p) for p in handlers(ctx.session, ticket)[:3])
    ctx.reply("repair_done", number=ticket.number, what=what(ticket),
              who=names or ctx.t("repair_handler_community"),
              accept=span_text(ctx.texts, ticket.accept_due_at - ticket.created_at))


def _share_place(ctx: Context, slots: Slots) -> None:
    """5号楼1单元楼道灯不亮 单元门也关不上: the message's next repair (waiting in the dialogue's
    `later`, actions.core.dialogue) that names no place of its own is at the same building and
    unit (actions.core.requests.share_place). A home is not shared (厨房漏水 还有单元门坏了:
    the door is not in the kitchen)."""
    if not slots.get("building") or slots.get("at_home"):
        return
    following = next((part for part in ctx.state.get("later") or []
                      if part.get("intent", {}).get("name") == "report_repair"), None)
    if following is None or _names_place(str(following.get("text", ""))):
        return
    place = [{"entity": "building", "value": slots["building"]}]
    if slots.get("unit"):
        place.append({"entity": "unit", "value": slots["unit"]})
    share_place([following], place)


def _home_said(ctx: Context, text: str, bursting: bool) -> bool:
    """The first message places the repair at the writer's home: in words (我家), a room with
    water pouring there, or a thing only a home has (煤气灶, 马桶) and no other place named."""
    if at_home(text) or bursting and HOME_ROOM.search(text):
        return True
    return config(ctx).in_a_home(text) and not _names_place(text) \
        and not ctx.entity("building")


def _names_place(text: str) -> bool:
    return at_home(text) or bool(FAMILY_HOME.search(text) or OWN_BUILDING.search(text)
                                  or SPOT.search(text) or TYPED_BUILDING.search(text))


def _join_duplicate(ctx: Context, community: Community, new: NewTicket) -> bool:
    """The same problem is already reported: the resident follows that ticket instead."""
    found = _duplicate_of(ctx, community, new)
    if found is None:
        return False
    _tell_duplicate(ctx, found)
    return True


def _duplicate_of(ctx: Context, community: Community, new: NewTicket) -> Ticket | None:
    since = ctx.now - timedelta(days=config(ctx).duplicate_days)
    return find_duplicate(ctx.session, community_id=community.id, category=new.category,
                          building_id=new.building.id if new.building else None,
                          unit=new.unit, household_id=new.household_id, place=new.place,
                          since=since)


def _tell_duplicate(ctx: Context, ticket: Ticket) -> None:
    if ticket.reporter_id == ctx.person.id:
        ctx.reply("repair_already_yours", number=ticket.number, what=what(ticket),
                  status=status_label(ctx, ticket))
        return
    add_follower(ctx.session, ticket=ticket, person=ctx.person, now=ctx.now)
    ctx.reply("repair_duplicate", number=ticket.number, what=what(ticket),
              status=status_label(ctx, ticket))


REPAIR = form(Form(
    name="report_repair",
    slots=[
        Slot("facility", "repair_ask_facility", entity="facility", validate=_facility,
             buttons=_facility_buttons),
        Slot("building", "repair_ask_place", entity="building", validate=_place,
             buttons=_place_buttons),
        Slot("unit", "repair_ask_unit", entity="unit", validate=_unit, optional=True,
             needed=_unit_needed),
        Slot("floor", "repair_ask_unit", entity="floor", needed=lambda _s: False),
        Slot("description", "repair_ask_description", validate=_description),
        # not asked (the read-back says how to add one): a photo sent any time fills it
        Slot("photo", "repair_ask_photo", validate=_photo, optional=True, photo=True,
             offered=True, needed=lambda _s: False),
    ],
    summary=_summary,
    submit=_submit,
    prefill=_prefill,
))


@on("report_repair")
def report_repair(ctx: Context) -> None:
    """A resident reports something broken (danger never gets here: the safety layer read the
    words first and took the emergency path)."""
    if asks_after_own(ctx):  # 楼道灯那事催一下: a look-up, not a second report
        return
    community = reporter_community(ctx)
    known = _known_from_message(ctx)
    if community is not None and known is not None:
        found = _duplicate_of(ctx, community, _new_ticket(ctx, known))
        if found is not None:
            _tell_duplicate(ctx, found)
            return
        if known.get("urgent") and known.get("at_home"):
            _submit(ctx, known)  # water pouring at home: filed now, no read-back to wait for
            return
    open_form(ctx, "report_repair")


def _known_from_message(ctx: Context) -> Slots | None:
    """Facility and place when the first message states both (nothing is sent)."""
    slots = _prefill(ctx)
    try:
        for name, check in (("facility", _facility), ("building", _place), ("unit", _unit)):
            value = ctx.entity(name)
            if value is not None and not (name != "facility" and slots.get("at_home")):
                slots[name] = check(ctx, value, slots)
    except Invalid:
        return None
    return slots if slots.get("facility") and slots.get("building") else None
