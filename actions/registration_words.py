"""What registered people and their family say about their details: a new phone number
(我换手机号了 新号码139…, 我登记的电话要改一下) and a relative asking to be told about an elder
(我是张桂兰的闺女 以后她有啥事能通知我吗: her grid worker hears of it and adds the contact)."""

from __future__ import annotations

import re

from sqlalchemy import select

from actions.core.context import Context
from actions.core.dialogue import open_form
from actions.core.forms import Form, Slot, Slots
from actions.core.people import home_community_id, staff_with_role
from actions.core.registry import answer_rule, form
from actions.db.checkins import enrolments_as_contact
from actions.db.community import Resident
from actions.registration import _phone
from nlu import normalize

# 我换手机号了 / 手机号换了 / 电话要改一下 / 新号码是139… / 更新一下我的电话
NEW_PHONE = re.compile(r"换(?:了)?(?:个)?(?:新)?(?:手机|电话)|(?:手机|电话)(?:号码?|号)?"
                       r"(?:换了|改了|变了|要改|得改|改一下|改下|更改|更新|不用了|停了)"
                       r"|新(?:的)?(?:手机)?号码?(?:是)?"
                       r"\s*1\d{10}|(?:改|换|更新)(?:一下|下)?(?:我的?|登记的)?(?:手机|电话)")
NUMBER = re.compile(r"(?<![0-9])(1[0-9]{10}|0[0-9]{2,3}-?[0-9]{7,8})(?![0-9])")
ASKS_HOW = re.compile(r"怎么|如何|咋")


@answer_rule
def new_phone(ctx: Context) -> bool:
    """A registered person's new phone number: stored at once when said, else asked for."""
    text = normalize(ctx.text.replace(" ", ""))
    if ctx.person.household_id is None or not NEW_PHONE.search(text):
        return False
    number = NUMBER.search(text)
    if number is None:
        open_form(ctx, "change_phone")
        return True
    _store(ctx, {"phone": _phone(ctx, number.group(1), {})})
    return True


def _store(ctx: Context, slots: Slots) -> None:
    ctx.person.phone = slots["phone"]
    ctx.reply("register_phone_changed", phone=slots["phone"])


form(Form(
    name="change_phone",
    slots=[Slot("phone", "register_ask_new_phone", entity="phone", validate=_phone)],
    summary=lambda ctx, slots: "",
    submit=_store,
    confirm=False,
))

# 我是张桂兰的闺女 / 我是钱淑珍家的儿子: a relative of a named resident ...
RELATIVE_OF = re.compile(r"我是([\u4e00-\u9fff]{2,4}?)(?:老人)?(?:家)?的(?:亲)?"
                         r"(女儿|闺女|姑娘|儿子|儿媳妇?|女婿|孙女|孙子|外孙女?|侄子|侄女|外甥女?|家属|亲属|亲戚|老伴)")
# ... asking to be told, to be her contact, to be linked
WANTS_TOLD = re.compile(r"通知我|告诉我|联系我|找我|打给我|关联|绑定|联系人|紧急联系|加上我|加我|"
                        r"发给我|让我知道")


@answer_rule
def relative_asks_link(ctx: Context) -> bool:
    """A relative asks to hear about an elder: the grid worker of her building is told (she
    adds family contacts), and the relative hears who will call; never her name stored."""
    text = normalize(ctx.text)
    said = RELATIVE_OF.search(text)
    if said is None or not WANTS_TOLD.search(text):
        return False
    query = select(Resident).where(Resident.name == said.group(1), Resident.id != ctx.person.id)
    community_id = home_community_id(ctx.session, ctx.person)
    if community_id is not None:
        query = query.where(Resident.community_id == community_id)
    elders = list(ctx.session.scalars(query.limit(2)))
    elder = elders[0] if len(elders) == 1 else None
    if elder is None or elder.household is None or elder.community_id is None:
        ctx.reply("register_relative_unknown", name=said.group(1))
        return True
    if any(e.elder_id == elder.id for e in enrolments_as_contact(ctx.session,
                                                                 person_id=ctx.person.id)):
        ctx.reply("register_relative_already", name=elder.label())
        return True
    grid = elder.household.unit.building.grid_id
    workers = staff_with_role(ctx.session, community_id=elder.community_id, role="grid_worker",
                              grid_id=grid)
    for worker in workers:
        ctx.notify_person(worker, ctx.t("register_relative_staff", name=elder.label(),
                                        relation=said.group(2), who=ctx.person.label(),
                                        words=ctx.text.strip()))
    ctx.reply("register_relative_sent", name=elder.label(),
              worker=workers[0].label() if workers else ctx.t("register_relative_office"))
    return True


# 我登记好了吗 / 核实了没有 / 我登记的住址是哪儿: one's own registration, asked about
ASKS_OWN = re.compile(r"登记(?:好|上|成功|完|过)了?(?:吗|没|么|没有)|登记了(?:吗|没|么|没有)"
                      r"|核实(?:了|好了|通过了|过了)?(?:吗|没|么|没有)|(?:审核|审批)(?:通过)?了?(?:吗|没)"
                      r"|(?:我的?|我登记的)(?:登记信息|住址|地址)(?:是|登记的是)?(?:哪|什么|啥|多少)")


@answer_rule
def asks_own_registration(ctx: Context) -> bool:
    """Whether I am registered and verified, and where: the answer, never the form again."""
    text = normalize(ctx.text)
    if ctx.intent not in ("register", "query_report", "query_bookings", "query_feedback",
                          "nlu_fallback", "faq", "out_of_scope") \
            or not ASKS_OWN.search(text):
        return False
    person = ctx.person
    if person.household_id is None:
        ctx.reply("register_own_none")
    elif person.verified:
        ctx.reply("register_own_verified", address=person.address(), name=person.label())
    else:
        ctx.reply("register_own_waiting", address=person.address(), name=person.label())
    return True
