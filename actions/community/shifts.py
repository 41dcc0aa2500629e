"""A team leader records a member's service in the time bank: /shift and its questions, or
all at once (/shift 赵磊 2小时 理发) or in words (给赵磊记两个小时 今天上门理发 / 赵磊今天义剪干了
3个小时 帮他记上): what the words give is filled, the rest asked."""

from __future__ import annotations

import re
from typing import Any

from actions.community.common import community_of, fmt_minutes, parse_minutes, words
from actions.community.timebank import MAX_ENTRY, credit_service
from actions.community.volunteers import (
    is_leader,
    members,
    my_teams,
    require_leader,
    teams_of,
)
from actions.core.context import Context
from actions.core.dialogue import open_form
from actions.core.errors import Invalid, Refused
from actions.core.forms import Form, Slot, Slots
from actions.core.people import audit, has_role
from actions.core.registry import answer_rule, form, on
from actions.core.texts import Button, Keyboard
from actions.db.community import Resident
from nlu import normalize


def _shift_team(ctx: Context, value: str, slots: Slots) -> str:
    """A team by name; or a member's name (何静), whose team it is (the member too)."""
    cid, name = community_of(ctx), value.strip()
    teams = teams_of(ctx.session, data_dir=ctx.settings.data_dir, community_id=cid)
    if name not in teams:
        found = [(team, p.id) for team in teams
                 for p in members(ctx.session, community_id=cid, team=team) if p.name == name
                 and is_leader(ctx.session, person=ctx.person, community_id=cid, team=team)]
        if len(found) != 1:
            raise Invalid(ctx.t("shift_not_team"))
        name, slots["member"] = found[0]
    require_leader(ctx, community_id=cid, team=name)
    return name


def _shift_member(ctx: Context, value: str, slots: Slots) -> int:
    people = members(ctx.session, community_id=community_of(ctx), team=slots["team"])
    found = [p for p in people if str(p.id) == value.strip() or p.name == value.strip()]
    if len(found) != 1:
        raise Invalid(ctx.t("shift_not_member", team=slots["team"]))
    return found[0].id


def _member_buttons(ctx: Context, slots: Slots) -> Keyboard:
    people = members(ctx.session, community_id=community_of(ctx), team=slots["team"])
    return [[Button(p.name, f"={p.id}") for p in people[i:i + 3]]
            for i in range(0, len(people), 3)]


def _shift_minutes(ctx: Context, value: str, _slots: Slots) -> int:
    minutes = parse_minutes(value)
    if minutes is None or not 0 < minutes <= MAX_ENTRY:
        raise Invalid(ctx.t("hours_bad_minutes"))
    return minutes


def _shift_summary(ctx: Context, slots: Slots) -> str:
    member = ctx.session.get_one(Resident, slots["member"])
    return ctx.t("shift_summary", team=slots["team"], name=member.name,
                 minutes=fmt_minutes(slots["minutes"]), what=slots["what"])


def _shift_submit(ctx: Context, slots: Slots) -> None:
    member = ctx.session.get_one(Resident, slots["member"])
    reason = f"{slots['team']}：{slots['what']}"
    entry = credit_service(ctx.session, volunteer_id=member.id, minutes=slots["minutes"],
                           reason=reason, now=ctx.now, by=ctx.person.id,
                           ref=f"shift:{ctx.person.id}:{member.id}:{ctx.now.isoformat()}")
    assert entry is not None
    audit(ctx.session, actor_id=ctx.person.id, community_id=member.community_id, now=ctx.now,
          action="timebank_shift", target=f"time_entry:{entry.id}")
    values: dict[str, Any] = {"name": member.name, "minutes": fmt_minutes(slots["minutes"]),
                              "what": reason}
    ctx.reply("shift_done", **values)
    ctx.notify_person(member, ctx.t("shift_member", **values))


form(Form(
    name="log_shift",
    staff=True,
    slots=[Slot("team", "shift_ask_team", entity="team", validate=_shift_team,
                buttons=lambda ctx, _s: [[Button(t, f"={t}")] for t in teams_of(
                    ctx.session, data_dir=ctx.settings.data_dir, community_id=community_of(ctx))]),
           Slot("member", "shift_ask_member", validate=_shift_member, buttons=_member_buttons),
           Slot("minutes", "shift_ask_minutes", validate=_shift_minutes),
           Slot("what", "shift_ask_what", validate=words(60))],
    summary=_shift_summary,
    submit=_shift_submit,
    prefill=lambda ctx: _shift_prefill(ctx),
))


@on("shift")
def log_shift(ctx: Context) -> None:
    """/shift: a leader logs a member's service, credited to the member's time bank."""
    cid = community_of(ctx)
    if not my_teams(ctx.session, person=ctx.person, role="team_leader") and not has_role(
            ctx.session, person_id=ctx.person.id, community_id=cid, roles=["admin"]):
        raise Refused(ctx.t("team_not_leader", team=ctx.t("team_generic")))
    open_form(ctx, "log_shift")


# what is left of 给赵磊记2个小时 今天上门理发 once the name and the time are out: 上门理发
FILLER = re.compile(r"帮(?:他|她)?记(?:上|下|一下)?|给|记(?:上|下|一下)?|一下|今天|昨天|上午|下午|"
                    r"干了|服务了|做了|弄了|时长|工时|[了吧的啊呀]|[，,。！!\s]")
DURATION = re.compile(r"[0-9.]+\s*个?(?:半)?\s*(?:小时|钟头|分钟)(?:半)?|半(?:个)?小时")
RECORDS = re.compile(r"记|算上|加上|录上|登上")


def _shift_prefill(ctx: Context) -> Slots:
    """The leader's one team; and from /shift's arguments or the words, the member named,
    the time and what was done."""
    slots: Slots = {}
    led = my_teams(ctx.session, person=ctx.person, role="team_leader")
    if len(led) == 1:
        slots["team"] = led[0]
    text = normalize(ctx.args or ctx.text or "")
    member = _member_named(ctx, slots.get("team"), text)
    minutes = parse_minutes(text) if DURATION.search(text) else None
    if member is None or minutes is None or not 0 < minutes <= MAX_ENTRY:
        return slots
    slots |= {"member": member.id, "minutes": minutes}
    what = FILLER.sub("", DURATION.sub("", text.replace(member.name or "", "")))
    if len(what) >= 2 and not what.startswith("/"):
        slots["what"] = what[:60]
    return slots


def _member_named(ctx: Context, team: str | None, text: str) -> Resident | None:
    if team is None:
        return None
    named = [p for p in members(ctx.session, community_id=community_of(ctx), team=team)
             if p.name and p.name in text]
    return named[0] if len(named) == 1 else None


@answer_rule
def shift_in_words(ctx: Context) -> bool:
    """给赵磊记两个小时 今天上门理发, from a team leader: the shift, filled from the words."""
    text = normalize(ctx.text)
    if ctx.danger is not None or not RECORDS.search(text) or not DURATION.search(text) \
            or ctx.person.community_id is None:
        return False
    led = my_teams(ctx.session, person=ctx.person, role="team_leader")
    if len(led) != 1 or _member_named(ctx, led[0], text) is None:
        return False
    open_form(ctx, "log_shift")
    return True
