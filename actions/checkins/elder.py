"""The elder's side of the evening check-in: the answer (a button, or words the NLU understood in
the check-in's context), pausing for a few days, and resuming.

- 平安 / checkin_ok: thanks; 有点不舒服 / feel_unwell: advice, and a non-urgent alert to the
  family and the building leader; 需要帮助 (or an emergency said meanwhile): the emergency path
  of actions/emergency.py (immediate alerts, repeated until someone responds); help typed for
  another day or for company (明天能来个人陪我说说话不): her answer, then a help request.
- An answer that comes while the elder's contacts are being asked closes that escalation with
  the outcome 平安, by the elder.
- 暂停几天 on the check-in, or /pause [name] [days], by the elder, a contact or staff; /resume.
  (There is no intent for "我这几天去女儿家": words like that under an answer offer the pause.)
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from actions.checkins.common import date_entities, describe, rules_of, tell_staff, who
from actions.checkins.escalation import STAFF_ROLES, close
from actions.core.args import fetch
from actions.core.context import Context
from actions.core.errors import Invalid
from actions.core.people import audit, has_role, staff_with_role
from actions.core.registry import answer_rule, handle_as, on
from actions.core.texts import Button
from actions.db.checkins import (
    OPEN_ESCALATION,
    CheckinEnrolment,
    CheckinRound,
    enrolment_of,
    enrolments_as_contact,
    is_contact,
    open_round,
)
from actions.db.community import Resident
from actions.emergency import raise_emergency
from nlu import normalize

LABELS = {"ok": "平安", "unwell": "有点不舒服", "help": "需要帮助", "pause": "暂停几天",
          "active": "回复了别的话"}
SEVERITY = {"ok": 0, "active": 0, "pause": 0, "unwell": 1, "help": 2}
AWAY_WORDS = ("这几天", "去女儿", "去儿子", "去闺女", "出远门", "住几天", "不在家", "旅游", "住到",
              "回老家", "住院")
# 儿子来接我 去他家住一个礼拜: away in words that name nobody's home by kin
GOING = re.compile(r"去(?:他|她|人家)家|(?:来|來)接我|住(?:上)?(?:一|两|兩|几|幾|半)?(?:个|個)?"
                   r"(?:礼拜|禮拜|星期|周|週|月)")


# -- answers -------------------------------------------------------------------------------------
@on("ci")
def answer_button(ctx: Context) -> None:
    """A press on the check-in: /ci:<round>:ok|unwell|help|pause."""
    raw, _, answer = ctx.args.partition(":")
    row = fetch(ctx.session, CheckinRound, raw)
    if row is None or row.elder_id != ctx.person.id or answer not in LABELS:
        raise Invalid(ctx.t("stale_button"))
    if answer == "pause":
        offer_pause(ctx, ctx.person)
        return
    if answer == "help" and _help_not_now(ctx, row):
        return
    answer_round(ctx, row, answer)


# 明天能来个人陪我说说话不: help asked for another day, or company, in words that took the
# 需要帮助 button: her answer, and a help request, never the emergency path (快来人 still is)
NOT_NOW = re.compile(r"明天|明儿|後天|后天|改天|过两天|過兩天|有空|哪天|下周|下週|下礼拜|下禮拜|"
                     r"下星期|周末|週末|陪我|陪陪|说说话|說說話|聊聊|聊天|唠|嘮|解闷|解悶|闷得慌|"
                     r"悶得慌")
NOW = re.compile(r"快来|快來|来人啊|來人啊|救命|马上|馬上|赶紧|趕緊|立刻|现在就|現在就")


def _help_not_now(ctx: Context, row: CheckinRound) -> bool:
    """Typed help that is not for now: recorded as her answer, then asked for as help."""
    typed = ctx.parse.get("typed")
    if not isinstance(typed, dict) or not _not_now(ctx):
        return False
    ctx.parse = typed
    _answered_asking(ctx, row)
    return True


def _not_now(ctx: Context) -> bool:
    return ctx.danger is None and bool(ctx.text) and NOT_NOW.search(ctx.text) is not None \
        and NOW.search(ctx.text) is None


def _answered_asking(ctx: Context, row: CheckinRound) -> None:
    """Her answer, 需要帮助 (not for now: she may say she is fine, the request is what
    matters to those who read the evening), then the help request."""
    answer = "help"
    ctx.state.pop("context", None)
    if row.status in OPEN_ESCALATION:
        close(ctx, row, outcome="safe", note=ctx.t("checkin_note_self", answer=LABELS[answer]))
    row.answer, row.answered_at = answer, ctx.now
    if row.status in ("sent", "paused"):
        row.status = "answered"
    handle_as(ctx, "request_help")


@answer_rule
def help_for_later(ctx: Context) -> bool:
    """一个人闷得慌 能不能来个人陪我说说话, typed while tonight's check-in waits: company or help
    another day is her answer and a help request, never the emergency path."""
    if ctx.intent != "request_help" or ctx.state.get("context") != "checkin" \
            or not _not_now(ctx):
        return False
    row = open_round(ctx.session, elder_id=ctx.person.id)
    if row is None or row.answer is not None:
        return False
    _answered_asking(ctx, row)
    return True


def answer_in_words(ctx: Context, answer: str, static: str) -> bool:
    """平安 / 有点不舒服 in words: the answer to tonight's check-in (or just a kind reply);
    True when the words also say she is going away (the caller pauses with her days)."""
    row = open_round(ctx.session, elder_id=ctx.person.id)
    if row is None:
        ctx.state.pop("context", None)
        ctx.reply(static)
        return False
    answer_round(ctx, row, answer)
    return any(word in ctx.text for word in AWAY_WORDS) or bool(GOING.search(ctx.text))


def answer_round(ctx: Context, row: CheckinRound, answer: str) -> None:
    """Record the elder's answer and do what it asks for."""
    ctx.state.pop("context", None)
    if row.status in OPEN_ESCALATION:
        close(ctx, row, outcome="safe", note=ctx.t("checkin_note_self", answer=LABELS[answer]))
    if row.answer is None or SEVERITY[answer] >= SEVERITY.get(row.answer, 0):
        row.answer, row.answered_at = answer, ctx.now
    if row.status in ("sent", "paused"):
        row.status = "answered"
    if answer == "ok":
        ctx.reply("checkin_thanks", variant=row.day.toordinal())
    elif answer == "unwell":
        ctx.reply("checkin_unwell_reply")
        alert_unwell(ctx, row)
    else:
        raise_emergency(ctx)


def alert_unwell(ctx: Context, row: CheckinRound) -> None:
    """A non-urgent alert to the family contacts and the building leader(s)."""
    elder = ctx.person
    text = ctx.t("checkin_unwell_alert", said=ctx.text or "有点不舒服", **describe(ctx, elder))
    for person in _family_and_leaders(ctx, row, elder):
        ctx.notify_person(person, text,
                          dedupe_key=f"checkin:{elder.id}:{row.day.isoformat()}:unwell:"
                                     f"{person.id}")


def _family_and_leaders(ctx: Context, row: CheckinRound, elder: Resident) -> list[Resident]:
    enrolment = ctx.session.get_one(CheckinEnrolment, row.enrolment_id)
    people = [c.person for c in enrolment.contacts if c.relation in ("family",
                                                                     "building_leader")]
    if not any(c.relation == "building_leader" for c in enrolment.contacts):
        people += _building_leaders(ctx, elder)
    return list({p.id: p for p in people if p.id != elder.id}.values())


def _building_leaders(ctx: Context, elder: Resident) -> list[Resident]:
    building = elder.household.unit.building if elder.household else None
    if building is None or building.group_id is None or elder.community_id is None:
        return []
    return [p for p in staff_with_role(ctx.session, community_id=elder.community_id,
                                       role="building_leader")
            if any(r.role == "building_leader" and r.building_group_id == building.group_id
                   for r in p.roles)]


# -- pause and resume ----------------------------------------------------------------------------
def offer_pause(ctx: Context, elder: Resident) -> None:
    """How many days? (buttons)."""
    enrolment = _enrolment(ctx, elder)
    choices = rules_of(ctx, enrolment.community_id).pause_choices
    buttons = [Button(ctx.t("button_pause_days", days=d), f"/pause:{elder.id}:{d}")
               for d in choices]
    ctx.reply("checkin_pause_ask", name=_whose(ctx, elder),
              buttons=[buttons[i:i + 2] for i in range(0, len(buttons), 2)])


# /pause 王秀英 到25号 / /pause 下礼拜: days in words, read as the elder's own words would be
DAYS_IN_WORDS = re.compile(r"[号號日天周週拜期月晚]|^(?:到|至|下|这|這|明|后|後|今)")


@on("pause")
def pause_command(ctx: Context) -> None:
    """/pause [name] [days]; /pause [name] <days in words>; a button /pause:<elder id>:<days>."""
    if ":" not in ctx.args and _days_in_words(ctx):
        return
    elder, days = _target_and_days(ctx)
    if days is None:
        offer_pause(ctx, elder)
        return
    pause(ctx, elder, days)


def _days_in_words(ctx: Context) -> bool:
    """/pause 王秀英 到25号: the words after the name read as pause_checkin reads them."""
    words = ctx.args.split()
    said = [w for w in words[1 if len(words) > 1 else 0:]
            if not w.isdecimal() and DAYS_IN_WORDS.search(w)]
    if not said:
        return False
    text = normalize(ctx.args)
    entities = date_entities(text, ctx.today)
    if len(words) > 1:
        entities.append({"entity": "person", "value": words[0]})
    ctx.parse = {**ctx.parse, "text": text, "entities": entities}
    handle_as(ctx, "pause_checkin")
    return True


@on("resume")
def resume_command(ctx: Context) -> None:
    """/resume [name]: check-ins again from this evening."""
    elder, _ = _target_and_days(ctx)
    enrolment = _enrolment(ctx, elder)
    enrolment.paused_from = enrolment.paused_until = None
    _audit_if_other(ctx, enrolment, "checkin_resume")
    at = rules_of(ctx, enrolment.community_id).due_at(ctx.today, enrolment.checkin_time,
                                                      ctx.settings.tz)
    ctx.reply("checkin_resumed", name=_whose(ctx, elder), time=at.strftime("%H:%M"))
    if elder.id != ctx.person.id:
        ctx.notify_person(elder, ctx.t("checkin_resumed_elder", who=who(ctx.person)))


def pause(ctx: Context, elder: Resident, days: int, *, start: date | None = None,
          until: date | None = None) -> None:
    """No check-in for `days` evenings (or until `until`, inclusive: 到25号), from `start`
    (away from that day on), else from tonight unless tonight's was already sent."""
    enrolment = _enrolment(ctx, elder)
    tonight = ctx.session.scalar(select(CheckinRound).where(
        CheckinRound.enrolment_id == enrolment.id, CheckinRound.day == ctx.today))
    first = ctx.today if tonight is None else ctx.today + timedelta(days=1)
    if start is None and enrolment.paused_from is not None and enrolment.paused_from > first:
        start = enrolment.paused_from  # 7天 under a pause from tomorrow: the days from then
    first = max(first, start) if start is not None else first
    if until is not None:
        days = (until - first).days + 1
    if not 1 <= days <= 90:
        raise Invalid(ctx.t("checkin_pause_bad_days"))
    enrolment.paused_from = first
    enrolment.paused_until = first + timedelta(days=days - 1)
    if tonight is not None and tonight.status == "sent":  # she answered tonight by asking
        tonight.status, tonight.answer, tonight.answered_at = "answered", "pause", ctx.now
        ctx.state.pop("context", None)
    _audit_if_other(ctx, enrolment, "checkin_pause", days=days)
    again = enrolment.paused_until + timedelta(days=1)
    back = ctx.t("date_month_day", month=again.month, day=again.day)
    ctx.reply("checkin_paused", name=_whose(ctx, elder), days=days, back=back)
    if elder.id != ctx.person.id:
        ctx.notify_person(elder, ctx.t("checkin_paused_elder", who=who(ctx.person), days=days,
                                       back=back))
    tell_staff(ctx, enrolment.community_id,
               ctx.t("checkin_paused_staff", name=who(elder), who=who(ctx.person), days=days,
                     back=back))


def _target_and_days(ctx: Context) -> tuple[Resident, int | None]:
    """Whose check-ins, and for how many days (None: ask)."""
    if ":" in ctx.args:  # a button: <elder id>:<days>
        raw, _, count = ctx.args.partition(":")
        elder = fetch(ctx.session, Resident, raw)
        if elder is None or not count.isdecimal():
            raise Invalid(ctx.t("stale_button"))
        return elder, int(count)
    words = ctx.args.split()
    days = int(words.pop()) if words and words[-1].isdecimal() else None
    if words:
        return _by_name(ctx, words[0]), days
    if enrolment_of(ctx.session, elder_id=ctx.person.id) is not None:
        return ctx.person, days
    mine = enrolments_as_contact(ctx.session, person_id=ctx.person.id)
    if len(mine) == 1:
        return mine[0].elder, days
    raise Invalid(ctx.t("checkin_pause_whom"))


def _by_name(ctx: Context, name: str) -> Resident:
    query = (select(Resident).join(CheckinEnrolment, CheckinEnrolment.elder_id == Resident.id)
             .where(Resident.name == name))
    found = list(ctx.session.scalars(query))
    if len(found) != 1:
        raise Invalid(ctx.t("checkin_pause_not_found"))
    return found[0]


def _enrolment(ctx: Context, elder: Resident) -> CheckinEnrolment:
    """The elder's enrolment, if this person may change it. Anyone else hears the same as
    for a name or id that does not exist: whether someone is enrolled (lives alone) is not
    told to whoever asks."""
    enrolment = enrolment_of(ctx.session, elder_id=elder.id)
    if enrolment is not None and enrolment.active and (
            elder.id == ctx.person.id
            or is_contact(ctx.session, enrolment_id=enrolment.id, person_id=ctx.person.id)
            or has_role(ctx.session, person_id=ctx.person.id,
                        community_id=enrolment.community_id, roles=STAFF_ROLES)):
        return enrolment
    if elder.id == ctx.person.id:
        raise Invalid(ctx.t("checkin_not_enrolled", name=ctx.t("fallback_you")))
    raise Invalid(ctx.t("checkin_pause_not_found"))


def _audit_if_other(ctx: Context, enrolment: CheckinEnrolment, action: str, **detail: int) -> None:
    if enrolment.elder_id != ctx.person.id:
        audit(ctx.session, actor_id=ctx.person.id, community_id=enrolment.community_id,
              now=ctx.now, action=action, target=f"checkin_enrolment:{enrolment.id}",
              detail=dict(detail))


def _whose(ctx: Context, elder: Resident) -> str:
    return ctx.t("fallback_you") if elder.id == ctx.person.id else who(elder)

