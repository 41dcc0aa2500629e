"""Register: who I am and where I live; the grid worker verifies it with a button."""

from __future__ import annotations

import re
from typing import Any

import cn2an
from sqlalchemy import select

from actions.community.event_family import OTHER as FAMILY_MEMBER
from actions.core.context import Context
from actions.core.dialogue import open_form
from actions.core.errors import Invalid
from actions.core.forms import Form, Slot, Slots
from actions.core.people import (
    audit,
    find_building,
    find_or_create_household,
    home_community_id,
    require_role,
    staff_chat_for,
    staff_with_role,
)
from actions.core.registry import answer_rule, form, on
from actions.core.reply_words import SKIP_WORDS
from actions.core.texts import Button, Keyboard
from actions.db.community import Building, Community, Resident
from actions.registration_names import BARE_NAME, name_in, name_said
from actions.tickets.newcomer import place_open_requests
from nlu import normalize, to_simplified
from nlu.names import NOT_A_NAME

ROOM = re.compile(r"^\d{3,4}$")
MOBILE = re.compile(r"^1\d{10}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
HAN = re.compile(r"[\u4e00-\u9fff]")
# 叫我孙阿姨就行 / 以后就叫我小王吧 / 你可以叫我李大爷 / 我姓孙 叫我孙阿姨就行
CALL_ME = re.compile(r"^(?:我姓.[，,\s]*)?(?:以后)?(?:你|您|大家都|大伙都)?(?:可以|就)?"
                     r"(?:叫我|喊我|称呼我)(.{1,6})$")


def _community(ctx: Context, slots: Slots) -> Community:
    community_id = slots.get("community") or home_community_id(ctx.session, ctx.person)
    if community_id is None:
        raise Invalid(ctx.t("register_ask_community"))
    return ctx.session.get_one(Community, community_id)


def _community_named(ctx: Context, value: str, _slots: Slots) -> int:
    """A street office's community by (part of) its name: 幸福里 finds 幸福里社区."""
    words = value.strip().removesuffix("社区")
    found = [c for c in ctx.session.scalars(select(Community)) if words and words in c.name]
    if len(found) != 1:
        raise Invalid(ctx.t("register_unknown_community", name=value.strip()))
    return found[0].id


def _community_buttons(ctx: Context, _slots: Slots) -> Keyboard:
    names = ctx.session.scalars(select(Community.name).order_by(Community.name))
    return [[Button(name, f"={name}")] for name in names]


# 4号搂 / 十号楼 / 住7栋的: the building's number, typos and spoken numbers too
BUILDING_SAID = re.compile(r"^(?:我住|住在|住|在|是)?\s*"
                           r"([0-9]{1,3}|[一二两三四五六七八九十]{1,3})\s*(?:号楼|号搂|号喽|号栋|号|栋|幢|座|楼|搂)?(?:的)?[啊吧呀。！!]*$")


def _building(ctx: Context, value: str, slots: Slots) -> str:
    said = BUILDING_SAID.match(value.strip())
    number = value.strip().upper().removesuffix("号楼").removesuffix("栋").removesuffix("号")
    if said:
        number = said.group(1)
        if not number.isdecimal():
            number = str(cn2an.cn2an(number.replace("两", "二"), "smart"))
    if find_building(ctx.session, community_id=_community(ctx, slots).id,
                     number=number) is None:
        raise Invalid(ctx.t("register_no_building", building=number))
    return number


def _unit(ctx: Context, value: str, slots: Slots) -> str:
    number = value.strip().removesuffix("单元")
    building = find_building(ctx.session, community_id=_community(ctx, slots).id,
                             number=slots.get("building", ""))
    known = {u.number for u in building.units} if building else set()
    if not number.isdecimal() or (known and number not in known):
        building_no = slots.get("building", ctx.t("register_this_building"))
        raise Invalid(ctx.t("register_no_unit", building=building_no, unit=number))
    _room_after_unit(ctx, slots)
    return number


# 7栋一单元302号: the room said right after the unit, when the NLU did not take it
ROOM_AFTER_UNIT = re.compile(r"(?:单元|單元)\s*([0-9]{3,4}|[零〇洞一幺二两三四五六七八九]{3,4})"
                             r"\s*(?:号|號|室)?(?![0-9])")


def _room_after_unit(ctx: Context, slots: Slots) -> None:
    said = ROOM_AFTER_UNIT.search(ctx.text) if "room" not in slots else None
    if said is None:
        return
    try:
        slots["room"] = _room(ctx, said.group(1), slots)
    except Invalid:
        return  # asked for in its turn, with the reason


SPOKEN_DIGITS = str.maketrans("零〇洞一幺二两三四五六七八九", "00011223456789")


def _room(ctx: Context, value: str, slots: Slots) -> str:
    """501 / 501室 / 五零一 (said digit by digit)."""
    room = value.strip().removesuffix("室").removesuffix("号").translate(SPOKEN_DIGITS)
    if not ROOM.match(room):
        raise Invalid(ctx.t("register_bad_room"))
    building = find_building(ctx.session, community_id=_community(ctx, slots).id,
                             number=slots.get("building", "")) if slots.get("building") else None
    if building is not None and not 1 <= int(room[:-2]) <= building.floors:  # 701 in a 6-floor
        raise Invalid(ctx.t("register_no_floor", building=building.number,
                            floors=building.floors, room=room))
    return room


# 我没有手机 / 没电话 这是我闺女的手机 / 不会用手机: no phone to leave (the question put aside)
NO_PHONE = re.compile(r"(?:没有?|沒有?|不用|不会用|不會用)(?:手机|手機|电话|電話)")


def _phone(ctx: Context, value: str, _slots: Slots) -> str:
    """A mobile or landline number; words saying she has none leave it empty."""
    if NO_PHONE.search(value):
        return ""
    phone = value.replace(" ", "").replace("-", "")
    if not (MOBILE.match(phone) or LANDLINE.match(value.replace(" ", ""))):
        raise Invalid(ctx.t("register_bad_phone"))
    return phone


# 姓名：刘洋 / 我的名字是刘洋 / 那写个王阿姨: a form's label said before the name
NAME_LABEL = re.compile(r"^(?:(?:我的)?(?:姓名|名字)\s*(?:是|叫)?\s*[:：]?|(?:那|那就|就)?"
                        r"(?:写个|写成|写|记个|记成|填个|填))\s*")
# 名字就不说了吧 / 不想留名字 / 名字保密: no name given (one is needed: asked again, kindly)
NAME_REFUSED = re.compile(r"不说|不想说|不告诉|不留|不想留|不写|保密|不方便|不用写|不用留")


def _name(ctx: Context, value: str, _slots: Slots) -> str:
    """The name in the community's registry script: 黃志明 is stored 黄志明 (staff search and
    match names in simplified; a traditional writer still reads it back in traditional)."""
    if NAME_REFUSED.search(normalize(value)):
        raise Invalid(ctx.t("register_name_missing"))
    name = _whole_name(ctx, to_simplified(name_in(NAME_LABEL.sub("", value.strip()))))
    if name in SKIP_WORDS or name in ("跳过", "不知道", "不想说", "好的", "确认", "好", "嗯"):
        raise Invalid(ctx.t("register_name_missing"))
    if not HAN.search(name) or NOT_A_NAME.search(name):  # 😀, 你好, 王秀英的电话是多少
        raise Invalid(ctx.t("register_name_missing"))
    if not 1 <= len(name) <= 10:
        raise Invalid(ctx.t("register_name_too_long"))
    return name


def _whole_name(ctx: Context, name: str) -> str:
    """The name as the message says it when the NLU took part of it (叫我老张头就行: 老张;
    我叫龚振邦住在…: 龚振)."""
    text = ctx.text.strip() if ctx.text else ""
    for said in (name_in(NAME_LABEL.sub("", text)), name_said(text)):
        said = to_simplified(said)
        if name and name in said and said != name and len(said) <= 6 and HAN.search(said) \
                and not NOT_A_NAME.search(said) and not re.search(r"[\s，,。]", said):
            return said
    return name


@answer_rule
def call_me(ctx: Context) -> bool:
    """叫我孙阿姨就行 said outside any question: the name to call the person by."""
    found = CALL_ME.match(ctx.text.strip())
    if found is None:
        return False
    try:
        name = _name(ctx, "叫我" + found.group(1), {})
    except Invalid:
        return False
    ctx.person.name = name
    ctx.reply("register_call_me", name=name)
    return True


# after registering: 我名字登记错了 应该是刘淑兰 / 把我名字改成刘淑兰
NAME_FIXED_LATER = re.compile(r"(?:名字|姓名)(?:登记|登|写|打|记|弄|搞)?(?:错了|不对)[^是叫]*"
                              r"(?:应该)?(?:是|叫)|(?:名字|姓名)(?:应该|要)?(?:改成|改为)|"
                              r"把我(?:的)?(?:名字|姓名)改(?:成|为|一下[，,\s]*(?:是|叫))")


@answer_rule
def name_fixed_later(ctx: Context) -> bool:
    """我名字登记错了 应该是刘淑兰, from someone registered: the name changes, not the address
    (the grid worker verifies where one lives, not how one is called)."""
    found = NAME_FIXED_LATER.search(ctx.text.strip())
    if found is None or ctx.person.household_id is None or not ctx.person.name:
        return False
    try:
        name = _name(ctx, ctx.text.strip()[found.end():], {})
    except Invalid:
        return False
    before, ctx.person.name = ctx.person.name, name
    ctx.reply("register_name_fixed", before=before, name=name)
    return True


# at the read-back: 名字错了 是王晓明 / 不是王小明 是王晓明 / 名字应该是王晓明 / 我叫王晓明
NAME_FIX = re.compile(r"(?:名字|姓名|名)(?:写|打|记|弄|搞)?(?:错了|不对)[^是叫]*(?:应该)?(?:是|叫)"
                      r"|(?:名字|姓名)(?:应该|要)?(?:是|叫|改成|改为)|不(?:是|叫)[^，,\s]{1,6}"
                      r"[，,\s]*(?:是|叫)|^(?:我叫|叫我|我是)")


# 门牌号错了 是302 / 房号不对 应该是302 / 是2单元
ROOM_FIX = re.compile(r"(?:门牌|房号|房间|室|号码).*?([0-9]{3,4})(?!\d)")
UNIT_FIX = re.compile(r"(?:是|改成|应该是)\s*([0-9一二三四五六七八九])\s*单元")


def _correct(ctx: Context, slots: Slots) -> bool:
    """A name, room or unit corrected at the read-back (the NLU reads 名字错了 / 门牌号错了
    as a no, and finds no name or room in them)."""
    text = ctx.text.strip()
    found = NAME_FIX.search(text)
    if found is not None:
        slots["name"] = _name(ctx, text[found.end():], slots)
        return True
    if _name_said_again(ctx, text, slots):
        return True
    room, unit = ROOM_FIX.search(text), UNIT_FIX.search(text)
    if room:
        slots["room"] = _room(ctx, room.group(1), slots)
    if unit:
        slots["unit"] = _unit(ctx, unit.group(1).translate(SPOKEN_DIGITS), slots)
    return bool(room or unit)


# 不对 是陈小红 大小的小, at the question after the name: the name again, when words are one
# (哎呀 写错了 应该是… / 不对 打错了 是… / 不对不对 打错字了 是…: the leads may come in a row)
SAID_WRONG = (r"(?:哎呀|哎哟|哎|唉|等一下|等等|不好意思|抱歉|(?:刚才|刚刚)?(?:名字|姓名)?"
              r"(?:不[对對]|不是|[写寫打记記说說输輸]?[错錯](?:字)?了))")
NAME_AGAIN = re.compile(rf"^(?:{SAID_WRONG}[，,。！!\s]*)+((?:应该|應該)?(?:是|叫))?\s*")
ADDRESS_WORDS = re.compile(r"[楼樓栋棟幢单單元号號室层層门門]|小区|社区")


def _name_said_again(ctx: Context, text: str, slots: Slots) -> bool:
    found = NAME_AGAIN.match(text)
    rest = text[found.end():] if found is not None else ""
    if found is None or "name" not in slots or ADDRESS_WORDS.search(rest) \
            or (found.group(1) is None and not BARE_NAME.match(rest)):
        return False
    try:
        slots["name"] = _name(ctx, rest, slots)
    except Invalid:
        return False
    return True


def _prefill(ctx: Context) -> Slots:
    """What is known already: the name, and the address of one registered but not yet verified
    (我地址登记错了 应该是2单元202 changes only what it names: the NLU's entities fill it after,
    6号搂2单元301 and 3-2-501 too)."""
    slots: Slots = {"name": ctx.person.name} if ctx.person.name else {}
    slots |= _name_in_message(ctx)
    home = ctx.person.household
    if home is not None:
        slots |= {"building": home.unit.building.number, "unit": home.unit.number,
                  "room": home.room, "phone": ctx.person.phone or ""}
    community = home_community_id(ctx.session, ctx.person)
    if community is not None:  # one community, or already bound: no need to ask
        slots["community"] = community
    return slots


def _name_in_message(ctx: Context) -> Slots:
    """A name the NLU did not take from a longer message (我叫孟繁华住在一号楼…, dictated)."""
    if ctx.entity("person") or not ctx.text:
        return {}
    try:
        return {"name": _name(ctx, name_said(ctx.text.strip()), {})}
    except Invalid:
        return {}


def _summary(ctx: Context, slots: Slots) -> str:
    return ctx.t("register_summary", name=slots["name"], community=_community(ctx, slots).name,
                 building=slots["building"], unit=slots["unit"], room=slots["room"],
                 phone=slots.get("phone") or ctx.t("register_no_phone"))


def _submit(ctx: Context, slots: Slots) -> None:
    community = _community(ctx, slots)
    building = find_building(ctx.session, community_id=community.id, number=slots["building"])
    assert building is not None  # validated when the slot was filled
    household = find_or_create_household(ctx.session, building=building, unit=slots["unit"],
                                         room=slots["room"])
    person = ctx.person
    person.community_id = community.id
    person.household_id = household.id
    person.name = slots["name"]
    person.phone = slots.get("phone") or person.phone
    person.verified = False
    ctx.session.flush()
    ctx.session.refresh(person)
    workers = staff_with_role(ctx.session, community_id=community.id, role="grid_worker",
                              grid_id=building.grid_id)
    _ask_verification(ctx, person, building, workers)
    worker = workers[0].name if workers else ""
    ctx.reply("register_done", worker=worker)
    place_open_requests(ctx, person)


def _ask_verification(ctx: Context, person: Resident, building: Building,
                      workers: list[Resident]) -> None:
    text = ctx.t("register_verify_request", name=person.name, address=person.address(),
                 phone=person.phone or ctx.t("register_verify_no_phone"))
    buttons = [[Button(ctx.t("button_register_verify"), f"/verify:{person.id}"),
                Button(ctx.t("button_register_reject"), f"/reject:{person.id}")]]
    for worker in workers:
        ctx.notify_person(worker, text, buttons=buttons)
    chat = staff_chat_for(ctx.session, community_id=building.community_id,
                          configured=ctx.settings.staff_chat_id)
    if chat is not None:
        ctx.notify(chat, text, buttons=buttons)


REGISTER = form(Form(
    name="register",
    slots=[
        Slot("name", "register_ask_name", entity="person", validate=_name),
        Slot("community", "register_ask_community", validate=_community_named,
             buttons=_community_buttons),
        Slot("building", "register_ask_building", entity="building", validate=_building),
        Slot("unit", "register_ask_unit", entity="unit", validate=_unit),
        Slot("room", "register_ask_room", entity="room", validate=_room),
        Slot("phone", "register_ask_phone", entity="phone", validate=_phone, optional=True),
    ],
    summary=_summary,
    submit=_submit,
    prefill=_prefill,
    correct=_correct,
))


# 我一定要登记吗 / 不登记行不行 / 登记有啥用: a question about registering, not the wish to
ASKS_ABOUT_REGISTERING = re.compile(
    r"(?:需不需要|要不要|用不用|得不得|为什么要?|为啥要?|干嘛要?|非得|非要)登记"
    r"|(?:必须|一定要?|还得|还要|都得|都要)登记[^吗么？?]{0,8}[吗么？?]"
    r"|登记(?:了)?(?:住址|地址)?(?:有什么|有啥|是干|干|做|图)(?:用|好处|什么|啥|嘛)"
    r"|不登记(?:行不行|可以吗|行吗|可以不|会怎样|会怎么样|有影响|有什么影响|能行吗|也行吗)")


@answer_rule
def asks_about_registering(ctx: Context) -> bool:
    """Whether one must register and what it is for: an answer, and no form opened."""
    if not ASKS_ABOUT_REGISTERING.search(normalize(ctx.text)):
        return False
    ctx.reply("register_why")
    return True


@on("register")
def register(ctx: Context) -> None:
    """Start registration (a verified resident changes address through their grid worker)."""
    if ctx.person.verified and ctx.person.household_id is not None:
        ctx.reply("register_already_verified", address=ctx.person.address())
        return
    if FAMILY_MEMBER.search(normalize(ctx.text)):  # the form would give this chat her name
        ctx.reply("register_for_family")
        return
    open_form(ctx, "register")


@on("verify", "reject")
def verify(ctx: Context) -> None:
    """A grid worker (or admin) confirms or rejects a registration."""
    decide(ctx, ctx.session.get(Resident, int(ctx.args)), approve=ctx.intent == "verify")


def decide(ctx: Context, person: Resident | None, *, approve: bool) -> None:
    """核实通过 / 不通过 on one registration, after the grid's role check."""
    if person is None or person.household is None or person.community_id is None:
        ctx.reply("verify_already")
        return
    grid_id = person.household.unit.building.grid_id
    require_role(ctx.session, person_id=ctx.person.id, community_id=person.community_id,
                 roles=["grid_worker", "grid_leader"], grid_id=grid_id)
    if approve and person.verified:
        ctx.reply("verify_already")
        return
    person.verified = approve
    audit(ctx.session, actor_id=ctx.person.id, community_id=person.community_id, now=ctx.now,
          action="verify_resident" if approve else "reject_resident",
          target=f"resident:{person.id}")
    values: dict[str, Any] = {"name": person.name, "address": person.address()}
    ctx.reply("register_verified_staff" if approve else "register_rejected_staff", **values)
    key = "register_verified_resident" if approve else "register_rejected_resident"
    ctx.notify_person(person, ctx.t(key, **values))
