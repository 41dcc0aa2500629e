"""Emergencies: no questions first. Tell the resident what to do now, alert the grid worker, the
building leader and the staff group with name, address and phone, and repeat the alert every
5 minutes until a staff member presses 已响应 (who and when are recorded).

What the one in danger or her family writes afterwards (人来了 / 120到了吗 / 人送医院了), and the
same danger said again within half an hour, is news passed on to those alerted, never a second
alarm or a request of its own; only chats marked as waiting for such news are read for it.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta

from sqlalchemy import select

from actions.core.args import fetch
from actions.core.context import Context, Tick
from actions.core.errors import Invalid
from actions.core.people import audit, require_role, staff_chat_for, staff_with_role
from actions.core.registry import answer_rule, job, on
from actions.core.safety import speaking
from actions.core.state import expect_context
from actions.core.texts import Button, Keyboard, span_text
from actions.db.checkins import CheckinContact, CheckinEnrolment
from actions.db.community import Resident, StaffRole, first_community
from actions.db.tickets import Emergency

log = logging.getLogger(__name__)

REPEAT_EVERY = timedelta(minutes=5)
GIVE_UP_AFTER = timedelta(hours=6)  # alerts stop; by then the staff group has had 70 of them
RESPONDERS = ("grid_worker", "grid_leader", "building_leader", "property", "admin")
CONTEXT = "emergency"  # the chats of those who may write news of it (see _expect_news)
# what the resident (or her family) writes after the alert (没事了 邻居把我扶起来了 / 怎么还没人
# 来啊 / 120到了吗 / 人送医院了): passed on to those alerted, never a new request. Read only in
# a chat whose context is an emergency raised, so an ordinary message costs no query.
FOLLOW_UP = re.compile(r"没事|沒事|点错|點錯|按错|按錯|不小心|不用来了|不用來了|扶起|"
                       r"好多了|缓过来|緩過來|走了|人到了|人来了|人來了|来人了|來人了|已经到了|"
                       r"已經到了|谢谢|謝謝|虚惊|虛驚|误会|誤會|搞错|搞錯|还没人|還沒人|怎么还没|"
                       r"怎麼還沒|人呢|快点|快點|等半天|没人来|沒人來|什么时候来|什麼時候來|"
                       r"啥时候来|多久|120|救护车|救護車|急救|医院|醫院|医生|醫生|大夫|"
                       r"到了吗|到了嗎|来了吗|來了嗎|到没到|來沒來|来没来|有人(?:过|過|来|來|去)|"
                       r"谁来|誰來|怎么样了|怎麼樣了|咋样了|咋樣了|门没锁|門沒鎖|门开着|門開著|"
                       r"找到了|送医|送醫|在路上|起来了|起來了|爬起|别来|別來|不用过来|不用過來|"
                       r"什么情况|什麼情況|啥情况|啥情況|怎么样|怎麼樣|咋样|咋樣")
# what a follow-up may be read as; anything else read this surely is a request of its own
FOLLOW_UP_INTENTS = {"checkin_ok", "feel_unwell", "thank", "affirm", "deny", "greet", "goodbye",
                     "out_of_scope", "nlu_fallback", "emergency", "resume_checkin",
                     "query_checkin", "query_report", "query_feedback", "request_help"}
SURE_REQUEST = 0.9
WAITING = re.compile(r"还没人|還沒人|怎么还没|怎麼還沒|人呢|快点|快點|等半天|没人来|沒人來|"
                     r"什么时候来|什麼時候來|啥时候来|多久")
# help has come for the danger just raised (救护车到了 谢谢你们): the safety layer hears 救护车,
# but it is news of the alert, passed on to those alerted, not a second one
HELP_CAME = re.compile(r"^(?:好了|好的|嗯)?[，,\s]*(?:救护车|救護車|120|急救车|急救車|医生|醫生|"
                       r"消防车|消防車|警察|民警)(?:已经|已經)?(?:到了|来了|來了|到楼下了|到樓下了)"
                       r"[，,。！!\s]*(?:谢谢|謝謝|多谢|多謝)?(?:你们|你們|大家)?[。！!\s]*$")


@on("emergency")
def emergency(ctx: Context) -> None:
    """The emergency intent (news that help has come for one just raised: a follow-up)."""
    if HELP_CAME.match(ctx.text.strip()):
        item = _latest(ctx, _spoken_of(ctx), within=GIVE_UP_AFTER)
        if item is not None:
            _followed_up(ctx, item)
            return
    raise_emergency(ctx)


def raise_emergency(ctx: Context) -> Emergency:
    """The first words for the kind of danger, then a recorded emergency and its first alert.

    The kind and the person in danger come from the safety layer (actions.core.safety), which
    read the words first: a contact writing that the elder she checks on cannot be woken
    raises it for the elder. A button (需要帮助) or a bare call for help has no kind."""
    danger = ctx.danger
    kind = danger.kind if danger is not None else "unknown"
    about = ctx.session.get(Resident, danger.about_id) if danger is not None else None
    person = about or ctx.person
    ctx.reply(_first_words(ctx, kind, other=person.id != ctx.person.id))
    earlier = _latest(ctx, list({person.id, *_spoken_of(ctx)}), within=KIND_SAID_WITHIN)
    if earlier is not None and earlier.kind in ("unknown", kind):
        # 需要帮助 pressed, then 我起不来了: that emergency, now known; 胸口疼 then 我打了120了:
        # the same danger said again, news for those alerted, not a second alarm
        earlier.kind = kind
        earlier.text = earlier.text or ctx.text[:500]
        _followed_up(ctx, earlier)
        return earlier
    item = Emergency(community_id=person.community_id or _community_id(ctx),
                     person_id=person.id, kind=kind, text=ctx.text[:500], created_at=ctx.now,
                     alerts=0)
    ctx.session.add(item)
    ctx.session.flush()
    log.warning("emergency %s raised (kind=%s)", item.id, kind)
    _expect_news(ctx, person)
    names = alert(ctx, item)
    ctx.reply("emergency_alerted",
              who="、".join(names) if names else ctx.t("fallback_community_staff"))
    return item


KIND_SAID_WITHIN = timedelta(minutes=30)  # a danger said again this soon is the same one


def _latest(ctx: Context, people: list[int], *, within: timedelta,
            kind: str | None = None) -> Emergency | None:
    """The last emergency of these people raised within `within` (of `kind`, when given)."""
    query = select(Emergency).where(Emergency.person_id.in_(people),
                                    Emergency.created_at >= ctx.now - within)
    if kind is not None:
        query = query.where(Emergency.kind == kind)
    return ctx.session.scalar(query.order_by(Emergency.id.desc()).limit(1))


def _spoken_of(ctx: Context) -> list[int]:
    """The writer, and the elder a family member or contact writes of (我妈说没事了)."""
    who = speaking(ctx)
    return [ctx.person.id] + ([who.about.id] if who.about is not None
                              and who.role in ("family", "contact") else [])


def _expect_news(ctx: Context, person: Resident) -> None:
    """The writer's chat, the chat of the one in danger and her family's wait for news of it
    (人来了 / 120到了吗): the follow-up reader looks at this context before any query."""
    ctx.state["context"] = CONTEXT
    family = ctx.session.scalars(
        select(Resident).join(CheckinContact, CheckinContact.person_id == Resident.id)
        .join(CheckinEnrolment, CheckinEnrolment.id == CheckinContact.enrolment_id)
        .where(CheckinEnrolment.elder_id == person.id, CheckinContact.relation == "family"))
    others = {p.id: p for p in [person, *family] if p.id != ctx.person.id}
    expect_context(ctx.session, others.values(), context=CONTEXT, now=ctx.now)


def _first_words(ctx: Context, kind: str, *, other: bool) -> str:
    """safety_<kind> (safety_self_harm_other when the worry is for someone else)."""
    if kind == "self_harm" and other:
        return "safety_self_harm_other"
    return f"safety_{kind}" if ctx.texts.has(f"safety_{kind}") else "safety_unknown"


def _community_id(ctx: Context) -> int | None:
    if ctx.person.community_id is not None:
        return ctx.person.community_id
    first = first_community(ctx.session)
    return first.id if first is not None else None


def recipients(tick: Tick, item: Emergency, person: Resident) -> list[Resident]:
    """The grid worker and building leader of the person's building (else the admin)."""
    if item.community_id is None:
        return []
    people: list[Resident] = []
    building = person.household.unit.building if person.household else None
    if building is not None:
        people += staff_with_role(tick.session, community_id=item.community_id,
                                  role="grid_worker", grid_id=building.grid_id)
        if building.group_id is not None:
            people += _building_leaders(tick, item.community_id, building.group_id)
    if not people or item.alerts > 0:
        people += staff_with_role(tick.session, community_id=item.community_id, role="admin")
    return [p for p in {p.id: p for p in people}.values() if p.id != person.id]


def _building_leaders(tick: Tick, community_id: int, group_id: int) -> list[Resident]:
    query = (select(Resident).join(StaffRole, StaffRole.person_id == Resident.id)
             .where(StaffRole.community_id == community_id,
                    StaffRole.role == "building_leader",
                    StaffRole.building_group_id == group_id))
    return list(tick.session.scalars(query).unique())


def alert(tick: Tick, item: Emergency) -> list[str]:
    """Send (or repeat) the alert; returns the names of the people alerted in private."""
    person = tick.session.get_one(Resident, item.person_id)
    repeat = item.alerts
    key = "emergency_alert_repeat" if repeat else "emergency_alert"
    text = tick.t(key, kind=tick.t(f"emergency_kind_{item.kind}"),
                  name=person.label(),
                  age=_age(tick, person),
                  address=person.address() or tick.t("fallback_unregistered_address"),
                  phone=person.phone or tick.t("fallback_no_phone"),
                  said=item.text or tick.t("emergency_pressed_button"),
                  n=repeat + 1, waited=span_text(tick.texts, tick.now - item.created_at))
    buttons: Keyboard = [[Button(tick.t("button_emergency_ack"), f"/em_ack:{item.id}")]]
    people = recipients(tick, item, person)
    for staff in people:
        tick.notify_person(staff, text, buttons=buttons,
                           dedupe_key=f"em:{item.id}:{repeat}:{staff.id}")
    group = staff_chat_for(tick.session, community_id=item.community_id,
                           configured=tick.settings.staff_chat_id)
    if group is not None:
        tick.notify(group, text, buttons=buttons, dedupe_key=f"em:{item.id}:{repeat}:g")
    item.alerts = repeat + 1
    item.last_alert_at = tick.now
    return [p.name for p in people if p.name]


def _age(tick: Tick, person: Resident) -> str:
    age = person.age(tick.today.year)
    if age:
        key = "emergency_age_alone" if person.lives_alone else "emergency_age"
        return tick.t(key, age=age)
    return tick.t("emergency_alone") if person.lives_alone else ""


@answer_rule
def follow_up(ctx: Context) -> bool:
    """Words from the one in danger (or her family) within hours of the alert, with no new
    danger and no other request in them: those alerted read them, and the writer hears so."""
    if ctx.state.get("context") != CONTEXT or ctx.danger is not None \
            or not FOLLOW_UP.search(ctx.text) or _other_request(ctx):
        return False
    item = _latest(ctx, _spoken_of(ctx), within=GIVE_UP_AFTER)
    if item is None:  # the alerts are over: the chat waits for no more news
        ctx.state.pop("context", None)
        return False
    _followed_up(ctx, item)
    return True


def _followed_up(ctx: Context, item: Emergency) -> None:
    """The words passed on to those alerted; the writer hears who read them."""
    person = ctx.session.get_one(Resident, item.person_id)
    waiting = item.responded_at is None and WAITING.search(ctx.text) is not None
    names = _pass_on(ctx, item, person, waiting=waiting)
    key = ("emergency_follow_up_after_ack" if item.responded_at is not None
           else "emergency_follow_up_waiting" if waiting else "emergency_follow_up_noted")
    ctx.reply(key if person.id == ctx.person.id else f"{key}_other", who=names,
              name=person.label())


def _other_request(ctx: Context) -> bool:
    """明天中午订一份饭 谢谢: a request read surely is that request, not a follow-up."""
    confidence = float(ctx.parse.get("intent", {}).get("confidence", 0.0))
    return ctx.intent not in FOLLOW_UP_INTENTS and confidence >= SURE_REQUEST


def _pass_on(ctx: Context, item: Emergency, person: Resident, *, waiting: bool) -> str:
    """The words to those alerted and the staff group (with 已响应 while nobody has);
    the names of the people told in private (the responder, once someone responded)."""
    text = ctx.t("emergency_follow_up_waiting_staff" if waiting else "emergency_follow_up_staff",
                 name=person.label(), writer=ctx.person.label(), said=ctx.text[:300],
                 waited=span_text(ctx.texts, ctx.now - item.created_at))
    buttons: Keyboard | None = ([[Button(ctx.t("button_emergency_ack"), f"/em_ack:{item.id}")]]
                                if item.responded_at is None else None)
    people = recipients(ctx, item, person)
    for staff in people:
        ctx.notify_person(staff, text, buttons=buttons)
    group = staff_chat_for(ctx.session, community_id=item.community_id,
                           configured=ctx.settings.staff_chat_id)
    if group is not None:
        ctx.notify(group, text, buttons=buttons)
    responder = ctx.session.get(Resident, item.responded_by) if item.responded_by else None
    if responder is not None and responder.name:
        return responder.name
    return "、".join(p.name for p in people if p.name) or ctx.t("fallback_community_staff")


@job("emergency_repeat")
def repeat_alerts(tick: Tick) -> None:
    """Every 5 minutes, alert again about each emergency nobody has responded to."""
    query = select(Emergency).where(Emergency.responded_at.is_(None),
                                    Emergency.created_at >= tick.now - GIVE_UP_AFTER,
                                    Emergency.last_alert_at <= tick.now - REPEAT_EVERY)
    for item in tick.session.scalars(query):
        alert(tick, item)


@on("em_ack")
def acknowledge(ctx: Context) -> None:
    """已响应: a staff member takes the emergency; the resident and the staff group are told."""
    item = fetch(ctx.session, Emergency, ctx.args)
    if item is None or item.community_id is None:
        raise Invalid(ctx.t("stale_button"))
    require_role(ctx.session, person_id=ctx.person.id, community_id=item.community_id,
                 roles=RESPONDERS)
    if item.responded_at is not None:
        who = ctx.session.get(Resident, item.responded_by) if item.responded_by else None
        ctx.reply("emergency_already", who=who.name if who else ctx.t("fallback_staff"),
                  at=item.responded_at.astimezone(ctx.settings.tz).strftime("%H:%M"))
        return
    item.responded_by = ctx.person.id
    item.responded_at = ctx.now
    audit(ctx.session, actor_id=ctx.person.id, community_id=item.community_id, now=ctx.now,
          action="emergency_ack", target=f"emergency:{item.id}")
    _tell_acknowledged(ctx, item)


def _tell_acknowledged(ctx: Context, item: Emergency) -> None:
    person = ctx.session.get_one(Resident, item.person_id)
    name = ctx.person.name or ctx.t("fallback_staff")
    resident = person.name or ctx.t("fallback_resident")
    waited = span_text(ctx.texts, ctx.now - item.created_at)
    ctx.notify_person(person, ctx.t("emergency_ack_resident", who=name, phone=ctx.person.phone
                                    or ctx.t("emergency_community_phone")))
    ctx.reply("emergency_ack_staff", name=resident, waited=waited)
    group = staff_chat_for(ctx.session, community_id=item.community_id,
                           configured=ctx.settings.staff_chat_id)
    if group is not None and group != ctx.chat_id:
        ctx.notify(group, ctx.t("emergency_ack_group", who=name, name=resident,
                                waited=waited))
