"""Help requests (request_help): personal services (代缴费用, 手机教学, 送餐, 送医陪诊, 理发, 家政)
become BZ-... tickets routed to the volunteer team or the staff who offer the service, with the
same lifecycle, pushes and "办好了吗？" follow-up as repairs (actions.tickets.lifecycle). Once the
resident (办好了) or staff confirm it, the volunteer who resolved it earns the service's minutes in
the time bank (actions.tickets.credit).
"""

from __future__ import annotations

import re
from datetime import date

from actions.core.context import Context
from actions.core.dialogue import open_form
from actions.core.errors import Invalid
from actions.core.forms import Form, Slot, Slots
from actions.core.registry import form, on
from actions.core.texts import Button, Keyboard, in_rows
from actions.tickets.config import config
from actions.tickets.resident import asks_after_own
from actions.tickets.routing import NewTicket, create_ticket, handlers, reporter_community
from actions.tickets.text import dated_text, person_label, what

PART_OF_DAY = re.compile(r"上午|下午|中午|晚上|早上|傍晚")
WHEN_WORDS = re.compile(r"(?:上午|下午|晚上|早上)(?:\d|[一二三四五六七八九十]|都行|有空)"
                        r"|随时|都行|什么时候都")
HELP_LIKE = {"request_help", "nlu_fallback", "out_of_scope", "form_answer", "feel_unwell",
             "help"}
ELSEWHERE = 0.9


def _service(ctx: Context, value: str, slots: Slots) -> str:
    """A service by name or words; other words that ask for help are 其他 (买菜, 修个凳子),
    kept as the description, unless they clearly ask for something else (订饭)."""
    named = config(ctx).named("help", value)
    if named is not None:
        return named
    other = "其他" in config(ctx).names("help") and len(value.strip()) >= 2
    sure = float(ctx.parse.get("intent", {}).get("confidence", 0.0)) >= ELSEWHERE
    if not other or (ctx.intent not in HELP_LIKE and sure):
        raise Invalid(ctx.t("helpreq_service_unknown"))
    slots.setdefault("description", value.strip()[:500])
    return "其他"


def _service_buttons(ctx: Context, _slots: Slots) -> Keyboard:
    flat = [Button(name, f"={name}") for name in config(ctx).names("help")]
    return in_rows(flat, 3)


def _prefill(ctx: Context) -> Slots:
    slots: Slots = {}
    text = ctx.text.strip()
    if ctx.intent == "request_help" and len(text) >= 4:
        slots["description"] = dated_text(ctx, text)[:500]
        guessed = config(ctx).guess("help", text)
        if not ctx.entity("service"):  # 能帮我买点菜吗: no service of its own, 其他
            other = "其他" in config(ctx).names("help") and len(text) >= 5
            slots["service"] = guessed or ("其他" if other else None)
            if slots["service"] is None:
                slots.pop("service")
        when = _when_said(ctx, text)
        if when:  # 下周一上午 said with the request: not asked again
            slots["when"] = when
    return slots


# 不对 是后天下午: the correction's lead is not part of the time
CORRECTION_LEAD = re.compile(r"^\s*(?:不对|不對|不是|错了|錯了|说错了|說錯了|改成|改到|改)?"
                             r"[，,。！!\s]*(?:应该是|應該是|是|改成|改到)?\s*")


def _dated(ctx: Context, value: str, _slots: Slots) -> str:
    return dated_text(ctx, value.strip())[:500]


def _when(ctx: Context, value: str, _slots: Slots) -> str:
    """The time asked for: the words that name it, dated (后天上午 -> 11月20日（周五）上午),
    not the rest of the message they came in (下周一上午想找个人陪我去医院)."""
    said = CORRECTION_LEAD.sub("", ctx.text) if ctx.entity("date") else value
    return _when_said(ctx, said) or _dated(ctx, said, _slots)


# after a day: the part of the day and the hour (下午三点半左右)
CLOCK = re.compile(r"\s*(?:上午|下午|中午|晚上|早上|傍晚|早晨)?"
                   r"(?:[0-9一二三四五六七八九十两]{1,3}\s*(?:点|點|:|：)"
                   r"(?:半|钟|[0-9]{1,2}分?|[一二三]刻)?)?(?:左右|以前|之前|以后|之后|前)?")


def _when_said(ctx: Context, text: str) -> str:
    """The time words the message names, dated: 11月23日（周一）上午, or 下午三点 alone."""
    for entity in ctx.parse.get("entities", []):
        if entity.get("entity") != "date" or "start" not in entity:
            continue
        start, end = int(entity["start"]), int(entity["end"])
        if ctx.text[start:end] and ctx.text[start:end] in text:
            tail = CLOCK.match(ctx.text, end)
            return dated_text(ctx, ctx.text[start:tail.end() if tail else end]).strip()
    part = PART_OF_DAY.search(text)
    day = ctx.entity("date")
    if day:  # a day read from words not in this text (a correction's): the day, the part
        found = date.fromisoformat(day)
        return ctx.t("date_month_day", month=found.month, day=found.day) + (
            part.group(0) if part else "")
    said = WHEN_WORDS.search(text)
    if said is None:
        return ""
    clock = CLOCK.match(text, part.start()) if part else None
    return clock.group(0).strip() if clock else said.group(0)


def _summary(ctx: Context, slots: Slots) -> str:
    return ctx.t("helpreq_summary", service=slots["service"],
                 description=slots.get("description") or ctx.t("helpreq_not_said"),
                 when=slots.get("when") or ctx.t("helpreq_any_time"),
                 address=ctx.person.address() or ctx.t("helpreq_no_address"))


def _submit(ctx: Context, slots: Slots) -> None:
    newcomer = ctx.person.community_id is None
    community = reporter_community(ctx)
    if community is None:
        ctx.reply("repair_no_community")
        return
    description = slots.get("description") or ""
    if slots.get("when"):
        description += ctx.t("helpreq_when_note", when=slots["when"])
    household = ctx.person.household
    new = NewTicket(kind="help", category=slots["service"], place=ctx.person.address() or "",
                    description=description,
                    building=household.unit.building if household else None,
                    unit=household.unit.number if household else None,
                    household_id=ctx.person.household_id)
    ticket = create_ticket(ctx, reporter=ctx.person, community_id=community.id, new=new)
    names = "、".join(person_label(p) for p in handlers(ctx.session, ticket)[:2])
    ctx.reply("helpreq_done", number=ticket.number, what=what(ticket),
              who=names or ctx.t("fallback_community_staff"))
    if newcomer:  # the request is kept; whoever helps needs to know where she lives
        ctx.reply("helpreq_register_after",
                  buttons=[[Button(ctx.t("button_register"), "/pick:register")]])


HELP_REQUEST = form(Form(
    name="request_help",
    slots=[
        Slot("service", "helpreq_ask_service", entity="service", validate=_service,
             buttons=_service_buttons),
        Slot("description", "helpreq_ask_description", free_text=True, validate=_dated),
        # not asked (the read-back says 都行): a day said at the read-back fills it
        Slot("when", "helpreq_ask_when", entity="date", free_text=True, optional=True,
             validate=_when, offered=True, needed=lambda _s: False),
    ],
    summary=_summary,
    submit=_submit,
    prefill=_prefill,
))


@on("request_help")
def request_help(ctx: Context) -> None:
    """A resident asks for a personal service (or asks after one already asked for)."""
    if asks_after_own(ctx):
        return
    open_form(ctx, "request_help")
