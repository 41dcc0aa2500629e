"""Events, the staff side: create an event from the chat (maybe repeating), mark attendance,
and credit the volunteers who helped with time-bank minutes."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import cn2an
from sqlalchemy import select

from actions.community.command_words import slots_in_turn
from actions.community.common import community_of, fmt_minutes, parse_when, when_text, words
from actions.community.event_places import ensure_occurrences, sign_up
from actions.community.timebank import credit_service
from actions.community.volunteers import is_leader, my_teams
from actions.core.args import fetch
from actions.core.context import Context
from actions.core.dialogue import open_form
from actions.core.errors import Invalid, Refused
from actions.core.forms import Form, Slot, Slots
from actions.core.people import audit, has_role
from actions.core.registry import form, on
from actions.core.texts import Button, Keyboard
from actions.db.community_life import Event, EventOccurrence, EventSignup

EVENT_ROLES = ["grid_worker", "grid_leader"]
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def may_run(ctx: Context, event: Event) -> bool:
    """Community staff, or the leader of the team running the event."""
    return has_role(ctx.session, person_id=ctx.person.id, community_id=event.community_id,
                    roles=EVENT_ROLES) or bool(event.team and is_leader(
                        ctx.session, person=ctx.person, community_id=event.community_id,
                        team=event.team))


def require_organizer(ctx: Context) -> int:
    cid = community_of(ctx)
    if not has_role(ctx.session, person_id=ctx.person.id, community_id=cid,
                    roles=EVENT_ROLES) and not my_teams(ctx.session, person=ctx.person,
                                                        role="team_leader"):
        raise Refused(ctx.t("events_staff_only"))
    return cid


# -- creating an event -----------------------------------------------------------------------

def _title(ctx: Context, value: str, _slots: Slots) -> str:
    if not 2 <= len(value.strip()) <= 30:
        raise Invalid(ctx.t("new_event_bad_title"))
    return value.strip()


def _when(ctx: Context, value: str, _slots: Slots) -> str:
    moment = parse_when(value, today=ctx.today, tz=ctx.settings.tz, day=ctx.entity("date"))
    if moment is None or moment <= ctx.now:
        raise Invalid(ctx.t("new_event_bad_when"))
    return moment.isoformat()


NUMBER = re.compile(r"(?:限|只限|最多|大概|约|限制)?\s*([0-9]+|[一二两三四五六七八九十百]+)\s*"
                    r"(?:人|个人|个|位|名|岁|周岁)?(?:以上|以内|左右)?(?:吧|的)?")
NO_LIMIT = re.compile(r"不限|随便|都可以|都行|没有限制|不用限|无所谓|^0$")


def _number(value: str) -> int | None:
    """30 / 三十 / 限30人 / 80岁以上 -> the number said, or None."""
    found = NUMBER.fullmatch(value.strip())
    if found is None:
        return None
    raw = found.group(1)
    return int(raw) if raw.isdecimal() else int(cn2an.cn2an(raw, "smart"))


def _capacity(ctx: Context, value: str, _slots: Slots) -> int:
    if NO_LIMIT.search(value.strip()):
        return 0
    number = _number(value)
    if number is None or not 1 <= number <= 1000:
        raise Invalid(ctx.t("new_event_bad_capacity"))
    return number


def _min_age(ctx: Context, value: str, _slots: Slots) -> int:
    if NO_LIMIT.search(value.strip()):
        return 0
    number = _number(value)
    if number is None or not 1 <= number <= 120:
        raise Invalid(ctx.t("new_event_bad_age"))
    return number


REPEATS = {"不重复": "", "每周": "weekly", "每月": "monthly"}
REPEAT_WORDS = {"每周": r"每周|每星期|每个星期|每礼拜|每个礼拜|一周一次",
                "每月": r"每月|每个月|一月一次",
                "不重复": r"不重复|不用重复|就一次|一次性|只办一次|不用|不|否"}


def _repeat(ctx: Context, value: str, _slots: Slots) -> str:
    words = value.strip()
    for repeat, says in REPEAT_WORDS.items():
        if re.search(says, words):
            return repeat
    raise Invalid(ctx.t("new_event_bad_repeat"))


def _rrule(repeat: str, start: datetime) -> str | None:
    if REPEATS[repeat] == "weekly":
        return f"FREQ=WEEKLY;BYDAY={WEEKDAY_CODES[start.weekday()]}"
    if REPEATS[repeat] == "monthly":
        return f"FREQ=MONTHLY;BYMONTHDAY={start.day}"
    return None


def _event_summary(ctx: Context, slots: Slots) -> str:
    start = datetime.fromisoformat(slots["when"])
    return ctx.t("new_event_summary", title=slots["title"], place=slots["place"],
                 when=when_text(start, ctx.settings.tz), repeat=slots["repeat"],
                 capacity=slots["capacity"] or ctx.t("new_event_no_limit"),
                 who=(ctx.t("new_event_min_age", min_age=slots["min_age"])
                      if slots.get("min_age") else ctx.t("new_event_everyone")))


def _event_submit(ctx: Context, slots: Slots) -> None:
    start = datetime.fromisoformat(slots["when"])
    led = my_teams(ctx.session, person=ctx.person, role="team_leader")
    event = Event(community_id=community_of(ctx), title=slots["title"], place=slots["place"],
                  starts_at=start, rrule=_rrule(slots["repeat"], start),
                  capacity=slots["capacity"] or None, min_age=slots.get("min_age") or None,
                  team=led[0] if led else None, helper_minutes=120, created_by=ctx.person.id,
                  created_at=ctx.now)
    ctx.session.add(event)
    ctx.session.flush()
    audit(ctx.session, actor_id=ctx.person.id, community_id=event.community_id, now=ctx.now,
          action="event_create", target=f"event:{event.id}")
    ctx.reply("new_event_done", title=event.title, when=when_text(start, ctx.settings.tz))


form(Form(
    name="new_event",
    staff=True,
    slots=[Slot("title", "new_event_ask_title", validate=_title),
           Slot("when", "new_event_ask_when", validate=_when),
           Slot("place", "new_event_ask_place", validate=words(50)),
           Slot("capacity", "new_event_ask_capacity", validate=_capacity,
                buttons=lambda ctx, _s: [[Button(ctx.t("button_event_no_limit"), "=不限")]]),
           Slot("min_age", "new_event_ask_age", validate=_min_age, optional=True),
           Slot("repeat", "new_event_ask_repeat", validate=_repeat,
                buttons=lambda _c, _s: [[Button(k, f"={k}") for k in REPEATS]])],
    summary=_event_summary,
    submit=_event_submit,
    # /new_event 健康讲座 11月25日下午2点 社区活动室 30: the title first, a place last of all;
    # a staff member's one sentence (event_new_words) comes already read
    prefill=lambda ctx: slots_in_turn(ctx, ctx.args, [
        ("title", _title), ("when", _when), ("capacity", _capacity), ("repeat", _repeat),
        ("place", words(50))]) if ctx.args.strip() else dict(ctx.parse.get("new_event_slots")
                                                            or {}),
))


SAID_VALIDATORS = {"title": _title, "when": _when, "place": words(50), "capacity": _capacity,
                   "min_age": _min_age, "repeat": _repeat}


def event_words_slots(ctx: Context, said: dict[str, str]) -> Slots:
    """The pieces of a sentence that the form's own validators take (the others are asked)."""
    slots: Slots = {}
    for name, value in said.items():
        try:
            slots[name] = SAID_VALIDATORS[name](ctx, value, slots)
        except (Invalid, Refused):
            continue
    return slots


@on("new_event")
def new_event(ctx: Context) -> None:
    """/new_event: staff (or a team leader) publish an activity."""
    require_organizer(ctx)
    open_form(ctx, "new_event")


# -- attendance ------------------------------------------------------------------------------

@on("attendance")
def attendance(ctx: Context) -> None:
    """/attendance: pick a recent occurrence; with an id, its list with buttons to mark."""
    cid = require_organizer(ctx)
    if not ctx.args.isdecimal():
        recent = ensure_occurrences(ctx.session, community_id=cid, tz=ctx.settings.tz,
                                    start=ctx.now - timedelta(days=3),
                                    end=ctx.now + timedelta(days=1))
        rows = [[Button(f"{o.event.title} {when_text(o.starts_at, ctx.settings.tz)}",
                        f"/attendance:{o.id}")] for o in recent if may_run(ctx, o.event)]
        ctx.reply("attendance_pick" if rows else "attendance_none", buttons=rows or None)
        return
    occurrence = _occurrence(ctx, int(ctx.args))
    _show(ctx, occurrence)


def _occurrence(ctx: Context, occurrence_id: int) -> EventOccurrence:
    occurrence = ctx.session.get(EventOccurrence, occurrence_id)
    if occurrence is None or occurrence.event.community_id != ctx.person.community_id:
        raise Invalid(ctx.t("stale_button"))
    if not may_run(ctx, occurrence.event):
        raise Refused(ctx.t("events_staff_only"))
    return occurrence


def _signups(ctx: Context, occurrence: EventOccurrence) -> list[EventSignup]:
    return list(ctx.session.scalars(select(EventSignup).where(
        EventSignup.occurrence_id == occurrence.id, EventSignup.status == "going")
        .order_by(EventSignup.role, EventSignup.id)))


def _show(ctx: Context, occurrence: EventOccurrence) -> None:
    people = _signups(ctx, occurrence)
    rows: Keyboard = []
    for signup in people:
        mark = "✓" if signup.attended else "○"
        if signup.role == "helper":
            done = ctx.t("attendance_helper_done_mark") if signup.attended else ""
            label = ctx.t("button_attendance_helper", mark=mark, name=signup.person.name,
                          done=done)
            rows.append([Button(label, f"/ev_helped:{signup.id}")])
        else:
            label = ctx.t("button_attendance_guest", mark=mark, name=signup.person.name)
            says = re.escape(signup.person.name) if signup.person.name else ""
            rows.append([Button(label, f"/ev_came:{signup.id}", says)])  # 李建国来了
    came = sum(s.seats for s in people if s.attended and s.role == "guest")
    ctx.reply("attendance_list", title=occurrence.event.title, came=came,
              when=when_text(occurrence.starts_at, ctx.settings.tz), buttons=rows,
              going=sum(s.seats for s in people if s.role == "guest"))


@on("ev_came")
def mark_came(ctx: Context) -> None:
    """Toggle a resident's attendance."""
    signup = _signup(ctx)
    signup.attended = not signup.attended
    audit(ctx.session, actor_id=ctx.person.id, community_id=ctx.person.community_id,
          now=ctx.now, action="event_attendance", target=f"event_signup:{signup.id}",
          detail={"attended": signup.attended})
    _show(ctx, signup.occurrence)


@on("ev_helped")
def mark_helped(ctx: Context) -> None:
    """A helper came: credit the event's helper minutes to their time bank (once)."""
    signup = _signup(ctx)
    event = signup.occurrence.event
    minutes = event.helper_minutes or event.duration_minutes
    reason = ctx.t("attendance_helper_reason", title=event.title)
    entry = credit_service(ctx.session, volunteer_id=signup.person_id, minutes=minutes,
                           reason=reason, now=ctx.now, by=ctx.person.id,
                           ref=f"event:{signup.occurrence_id}:helper:{signup.person_id}")
    signup.attended = True
    if entry is not None:
        audit(ctx.session, actor_id=ctx.person.id, community_id=event.community_id, now=ctx.now,
              action="timebank_event", target=f"time_entry:{entry.id}")
        ctx.notify_person(signup.person, ctx.t("attendance_helper_credited", title=event.title,
                                               minutes=fmt_minutes(minutes)))
    _show(ctx, signup.occurrence)


def _signup(ctx: Context) -> EventSignup:
    signup = fetch(ctx.session, EventSignup, ctx.args)
    if signup is None:
        raise Invalid(ctx.t("stale_button"))
    _occurrence(ctx, signup.occurrence_id)
    return signup


@on("ev_help")
def offer_help(ctx: Context) -> None:
    """A volunteer of the team running an event signs up to help (takes no resident place)."""
    occurrence = fetch(ctx.session, EventOccurrence, ctx.args)
    if occurrence is None or occurrence.starts_at <= ctx.now:
        ctx.reply("stale_button")
        return
    event = occurrence.event
    if not event.team or event.team not in my_teams(ctx.session, person=ctx.person):
        raise Refused(ctx.t("events_help_team_only", team=event.team or ctx.t("team_generic")))
    sign_up(ctx.session, occurrence=occurrence, person=ctx.person, now=ctx.now, role="helper")
    ctx.reply("events_help_joined", title=event.title,
              when=when_text(occurrence.starts_at, ctx.settings.tz))
