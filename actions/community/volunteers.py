"""Volunteer teams: join a team (the leader approves with a button), see one's teams, leaders
see and remove members and log shifts, which credit the time bank.

A member of a team holds `StaffRole(role="volunteer", team=...)`; the teams of each community and
their leaders are data (data/teams.yml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

# imported for its registrations: answer rules are tried in the order they register, and a
# question naming a coming event (义剪在哪) is read before an offer to help
import actions.community.events  # noqa: F401
from actions.community.common import (
    community_of,
    ordinal_words,
    whole_message,
)
from actions.core.args import fetch
from actions.core.context import Context
from actions.core.datafiles import load_yaml
from actions.core.errors import Invalid, Refused
from actions.core.people import audit, has_role, staff_with_role
from actions.core.registry import answer_rule, on, seeder
from actions.core.state import offer_buttons
from actions.core.texts import Button
from actions.db.community import Community, Resident, StaffRole
from actions.db.community_life import TeamRequest
from nlu import normalize


@dataclass(frozen=True)
class Team:
    """A volunteer team as data/teams.yml describes it."""

    name: str
    leader: str | None
    services: tuple[str, ...]
    about: str
    words: str = ""  # a regex of what people say they would do for the team


def _teams(raw: dict[str, dict[str, dict[str, Any]]]) -> dict[str, dict[str, Team]]:
    return {community: {name: Team(name, spec.get("leader"), tuple(spec.get("services", [])),
                                   spec.get("about", ""), spec.get("words", ""))
                        for name, spec in teams.items()}
            for community, teams in raw.items()}


def teams_of(session: Session, *, data_dir: str, community_id: int) -> dict[str, Team]:
    """The teams of a community, by name."""
    name = session.get_one(Community, community_id).name
    return load_yaml(data_dir, "teams.yml", _teams).get(name, {})


def members(session: Session, *, community_id: int, team: str) -> list[Resident]:
    """The volunteers of a team."""
    return list(session.scalars(
        select(Resident).join(StaffRole, StaffRole.person_id == Resident.id)
        .where(StaffRole.community_id == community_id, StaffRole.team == team,
               StaffRole.role == "volunteer").order_by(Resident.id)).unique())


def my_teams(session: Session, *, person: Resident, role: str = "volunteer") -> list[str]:
    """The teams a person belongs to (or leads, with role="team_leader")."""
    return sorted({r.team for r in person.roles if r.role == role and r.team
                   and r.community_id == person.community_id})


def is_leader(session: Session, *, person: Resident, community_id: int, team: str) -> bool:
    """Whether the person leads the team (the community admin counts as every team's leader)."""
    return team in my_teams(session, person=person, role="team_leader") or has_role(
        session, person_id=person.id, community_id=community_id, roles=["admin"])


def require_leader(ctx: Context, *, community_id: int, team: str) -> None:
    """Refused unless the person writing leads the team."""
    if not is_leader(ctx.session, person=ctx.person, community_id=community_id, team=team):
        raise Refused(ctx.t("team_not_leader", team=team))


def leaders(session: Session, *, community_id: int, team: str) -> list[Resident]:
    """Who decides on a team's members: its leaders, or the admins when it has none."""
    found = [p for p in staff_with_role(session, community_id=community_id, role="team_leader")
             if any(r.team == team and r.role == "team_leader" for r in p.roles)]
    return found or staff_with_role(session, community_id=community_id, role="admin")


@seeder("teams")
def seed_team_leaders(session: Session, community: Community, data_dir: Path,
                      now: datetime) -> None:
    """Give each team's leader (by name) the team_leader and volunteer roles for it."""
    for team in load_yaml(data_dir, "teams.yml", _teams).get(community.name, {}).values():
        leader = session.scalar(select(Resident).where(Resident.community_id == community.id,
                                                       Resident.name == team.leader))
        if leader is None:
            continue  # no leader named: the admin approves this team's members
        for role in ("team_leader", "volunteer"):
            _grant(session, person=leader, community_id=community.id, team=team.name, role=role)


def _grant(session: Session, *, person: Resident, community_id: int, team: str,
           role: str) -> None:
    if session.scalar(select(StaffRole.id).where(
            StaffRole.person_id == person.id, StaffRole.community_id == community_id,
            StaffRole.role == role, StaffRole.team == team)) is None:
        session.add(StaffRole(person_id=person.id, community_id=community_id, role=role,
                              team=team))
        session.flush()


# -- residents ------------------------------------------------------------------------------

# 我现在是哪个志愿队的 / 我在哪个队 / 我加入的是什么队 / 我是志愿者吗 / 我进队了没有
ASKS_MINE = re.compile(r"我(?:现在|目前|已经)?(?:是|在|属于|加入的是|加入了|进的是|进了)"
                       r"(?:哪个|哪一个|什么|啥|哪)|我是志愿者吗|我是不是志愿者|"
                       r"我(?:进|入)(?:队|了队)了?(?:没|吗)|批了没|通过了(?:没|吗)")


@on("join_team")
def join_team(ctx: Context) -> None:
    """Ask to join a team (named in the message or picked from buttons); 我是哪个队的 /
    我是志愿者吗 are answered with my teams."""
    if not ctx.args and ASKS_MINE.search(normalize(ctx.text)):
        show_my_teams(ctx)
        return
    cid = community_of(ctx)
    teams = teams_of(ctx.session, data_dir=ctx.settings.data_dir, community_id=cid)
    name = ctx.args or ctx.entity("team") or team_in_words(normalize(ctx.text), teams) \
        or team_in_words(normalize(str(ctx.parse.get("message", ""))), teams)  # 算我一个 after
    # 想陪老人唠唠嗑: what she would do was said in another part of the message
    if name not in teams:
        rows = [[Button(f"{t.name}（{'、'.join(t.services[:2])}）", f"/join_team:{t.name}",
                        "|".join([ordinal_words(i), re.escape(t.name.removesuffix("队"))]))]
                for i, t in enumerate(teams.values())]  # 维修, typed, picks 维修队
        ctx.reply("team_pick", buttons=rows)
        return
    assert name is not None
    if ASKS_MEMBERS.search(normalize(ctx.text)):  # 义剪队现在有几个人: asked, not joining
        _members_asked(ctx, cid, name)
    elif name in my_teams(ctx.session, person=ctx.person):
        ctx.reply("team_already_member", team=name)
    elif _pending(ctx.session, person_id=ctx.person.id, team=name) is not None:
        ctx.reply("team_already_pending", team=name)
    else:
        _request(ctx, cid, name)


LEARNING = re.compile(r"想学|学学|学一学|去学|上课|听课")


# 我会剪头发 能帮忙吗 / 我以前开过理发店 / 俺晚上没啥事 能在小区里溜达溜达帮着看看 / 我周末可以去
# 帮忙 / 我想参加合唱团: offering a skill or one's time, not asking for a service (我 俺 咱 阿拉)
ME = r"(?:我|俺|咱|阿拉)"
OFFERS = re.compile(
    ME + r"(?:也)?(?:会|识|懂)|" + ME + r"以前(?:是|干|开|当|做|学)|出(?:点|份)力|"
    + ME + r"[^，。,.!?！？]{0,6}(?:想|愿意|可以|能|乐意)(?:去|来)?"
    r"[^，。,.!?！？]{0,10}?(?:帮(?:忙|着|大家|大伙|社区|把手|一把|衬)|搭(?:把|个)?手)|"
    + ME + r"[^，。,.!?！？]{0,6}(?:想|愿意|可以|能)(?:每[周天月])?(?:去|来)?"
    r"(?:帮|陪|教|指导|带)(?!我|俺)|"
    r"(?:能|可以|愿意)[^，。,.!?！？谁]{0,10}帮着|"
    + ME + r"(?:也)?(?:能|可以|愿意)(?:去|来)?(?:站.?岗|值.?班|巡.?逻|教教|给大伙|给大家|"
    r"帮大伙|帮大家)|(?:^|" + ME + r")(?:想|要|愿意)?(?:参加|加入|报名|报个名)[^，。,.!?！？]{0,6}"
    r"(?:队|团|对|志愿)|" + ME + r"(?:想|可以|能|愿意)?去(?:做|当|干)|" + ME + r"(?:去|来)给他们")
FOR_ME = re.compile(r"帮我|给我|我家|请人|找人|来人|谁能|谁可以|有没有人|有人能|找个人|派个人|"
                    r"来个人|请个|(?:陪|帮|教|带)(?:我|俺)(?:妈|爸|娘|爹|老伴|老头|老太|家)")
OFFER_READ_AS = ("request_help", "report_repair", "nlu_fallback", "out_of_scope", "faq",
                 "feedback", "join_event", "checkin_ok")


@answer_rule
def offering_to_help(ctx: Context) -> bool:
    """我会剪头发 能帮忙吗, read as a request for a haircut: an offer to join that team."""
    text = whole_message(ctx)
    if ctx.intent not in OFFER_READ_AS or not OFFERS.search(text) or FOR_ME.search(text) \
            or ctx.person.community_id is None:
        return False
    teams = teams_of(ctx.session, data_dir=ctx.settings.data_dir,
                     community_id=ctx.person.community_id)
    if team_in_words(text, teams) is None:
        return False
    ctx.state.pop("later", None)  # 能帮忙吗 after 我会剪头发 is the same offer
    ctx.parse["text"] = text
    join_team(ctx)
    return True


ASKS_MEMBERS = re.compile(r"几个人|多少人|几位|几个队员|多少队员|都有谁|有谁|有哪些人|名单|成员")


def _members_asked(ctx: Context, community_id: int, team: str) -> None:
    """The leader sees the members (with their buttons); anyone else, how many there are."""
    if is_leader(ctx.session, person=ctx.person, community_id=community_id, team=team):
        ctx.args = team
        show_team(ctx)
        return
    count = len(members(ctx.session, community_id=community_id, team=team))
    ctx.reply("team_count", team=team, count=count)


def team_in_words(text: str, teams: dict[str, Team]) -> str | None:
    """The one team the words point at when they name none: its name without 队 (义剪那块),
    a service it offers (理发), or what its members do (陪陪老人聊天 -> 助老队)."""
    scores = {name: _points(text, team) for name, team in teams.items()}
    best = max(scores.values(), default=0)
    found = [name for name, score in scores.items() if score == best]
    return found[0] if best > 0 and len(found) == 1 else None


def _points(text: str, team: Team) -> int:
    stem = team.name.removesuffix("队")
    pieces = {s[i:i + 2] for s in team.services for i in range(len(s) - 1)}
    return (3 * (len(stem) >= 2 and stem in text) + 2 * _misspelt(text, stem)
            + sum(p in text for p in pieces) + _said(text, team.words))


def _said(text: str, words: str) -> int:
    """How many different things the team does the words name (会点水电 修修东西: 水电, 修)."""
    return len({m.group(0) for m in re.finditer(words, text) if m.group(0)}) if words else 0


def _misspelt(text: str, stem: str) -> bool:
    """The team's name with one character typed wrong (巡罗队, 环宝队): the others and 队."""
    if len(stem) != 2 or stem in text:
        return False
    first, second = re.escape(stem[0]), re.escape(stem[1])
    return bool(re.search(f"(?:{first}[^队\\s]|[^队\\s]{second})队", text))


def _pending(session: Session, *, person_id: int, team: str) -> TeamRequest | None:
    return session.scalar(select(TeamRequest).where(
        TeamRequest.person_id == person_id, TeamRequest.team == team,
        TeamRequest.status == "pending"))


def _request(ctx: Context, community_id: int, team: str) -> None:
    request = TeamRequest(community_id=community_id, team=team, person_id=ctx.person.id,
                          created_at=ctx.now)
    ctx.session.add(request)
    ctx.session.flush()
    deciders = leaders(ctx.session, community_id=community_id, team=team)
    text = ctx.t("team_request_leader", team=team, name=ctx.person.label(),
                 address=ctx.person.address() or ctx.t("fallback_unregistered_address"))
    buttons = [[Button(ctx.t("button_team_accept"), f"/team_ok:{request.id}",
                       ctx.t("says_team_accept")),
                Button(ctx.t("button_team_decline"), f"/team_no:{request.id}",
                       ctx.t("says_team_decline"))]]
    for leader in deciders:
        if ctx.notify_person(leader, text, buttons=buttons):
            offer_buttons(ctx.session, leader, buttons, ctx.now)  # 赵磊可以 typed approves
    ctx.reply("team_request_sent", team=team,
              leader=deciders[0].name if deciders else ctx.t("fallback_community_staff"))


@on("team_ok", "team_no")
def decide(ctx: Context) -> None:
    """A leader approves or declines a membership request."""
    request = fetch(ctx.session, TeamRequest, ctx.args)
    if request is None:
        raise Invalid(ctx.t("stale_button"))
    require_leader(ctx, community_id=request.community_id, team=request.team)
    if request.status != "pending":
        ctx.reply("team_request_decided", name=request.person.name)
        return
    approve = ctx.intent == "team_ok"
    request.status = "approved" if approve else "declined"
    request.decided_at, request.decided_by = ctx.now, ctx.person.id
    if approve:
        _grant(ctx.session, person=request.person, community_id=request.community_id,
               team=request.team, role="volunteer")
    audit(ctx.session, actor_id=ctx.person.id, community_id=request.community_id, now=ctx.now,
          action="team_approve" if approve else "team_decline",
          target=f"resident:{request.person_id}", detail={"team": request.team})
    values: dict[str, Any] = {"team": request.team, "name": request.person.name,
                              "leader": ctx.person.name}
    ctx.reply("team_approved_leader" if approve else "team_declined_leader", **values)
    ctx.notify_person(request.person, ctx.t(
        "team_approved_member" if approve else "team_declined_member", **values))


@on("my_teams")
def show_my_teams(ctx: Context) -> None:
    """/my_teams: the teams I am in, and what I asked to join."""
    community_of(ctx)
    mine = my_teams(ctx.session, person=ctx.person)
    waiting = list(ctx.session.scalars(select(TeamRequest.team).where(
        TeamRequest.person_id == ctx.person.id, TeamRequest.status == "pending")))
    if not mine and not waiting:
        ctx.reply("team_none", buttons=[[Button(ctx.t("button_team_join"), "/join_team")]])
        return
    ctx.reply("team_mine", teams="、".join(mine) or ctx.t("team_mine_none"),
              waiting=ctx.t("team_mine_waiting", teams="、".join(waiting)) if waiting else "")


# -- leaders ---------------------------------------------------------------------------------

@on("team")
def show_team(ctx: Context) -> None:
    """/team [队名]: a leader sees the members, each with a button to remove them."""
    cid = community_of(ctx)
    team = _led_team(ctx, cid, ctx.args.strip())
    people = members(ctx.session, community_id=cid, team=team)
    lines = [f"{i}. {p.name}" for i, p in enumerate(people, 1)]
    rows = [[Button(ctx.t("button_team_remove", name=p.name), f"/team_remove:{p.id}:{team}")]
            for p in people if p.id != ctx.person.id]
    rows.append([Button(ctx.t("button_team_log_shift"), "/shift")])
    ctx.reply("team_members", team=team, count=len(people), lines="\n".join(lines), buttons=rows)


def _led_team(ctx: Context, community_id: int, asked: str) -> str:
    led = my_teams(ctx.session, person=ctx.person, role="team_leader")
    if asked:
        require_leader(ctx, community_id=community_id, team=asked)
        return asked
    if not led:
        raise Refused(ctx.t("team_not_leader", team=ctx.t("team_generic")))
    return led[0]


@on("team_remove")
def remove_member(ctx: Context) -> None:
    """A leader takes someone off the team (their history in the time bank stays)."""
    raw_id, _, team = ctx.args.partition(":")
    person = fetch(ctx.session, Resident, raw_id)
    cid = community_of(ctx)
    require_leader(ctx, community_id=cid, team=team)
    if person is None or person.id not in {p.id for p in members(ctx.session, community_id=cid,
                                                                   team=team)}:
        ctx.reply("team_not_member")
        return
    ctx.session.execute(delete(StaffRole).where(
        StaffRole.person_id == person.id, StaffRole.community_id == cid,
        StaffRole.role == "volunteer", StaffRole.team == team))
    ctx.session.expire(person, ["roles"])
    audit(ctx.session, actor_id=ctx.person.id, community_id=cid, now=ctx.now,
          action="team_remove", target=f"resident:{person.id}", detail={"team": team})
    ctx.reply("team_removed_leader", name=person.name, team=team)
    ctx.notify_person(person, ctx.t("team_removed_member", team=team))
