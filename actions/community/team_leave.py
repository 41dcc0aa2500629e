"""Leaving a volunteer team in words (退出义剪队 / 我不想在助老队了 / 助老队我不干了): asked
back with 确认 / 先不退了, then the volunteer role goes, the leaders are told, the time bank stays.
The NLU reads these words as join_team (they name a team), so a rule takes them first."""

from __future__ import annotations

import re

from sqlalchemy import delete

from actions.community.common import community_of
from actions.community.volunteers import leaders, my_teams, team_in_words, teams_of
from actions.core.context import Context
from actions.core.people import audit
from actions.core.registry import answer_rule, on
from actions.core.texts import Button
from actions.db.community import StaffRole
from nlu import normalize

# 退出义剪队 / 我不想在助老队了 / 助老队我不干了: leaving a team, not joining it
LEAVING = re.compile(r"退出|退队|退了队|(?:不想|不愿意|不打算)(?:再)?(?:在|待|呆|干|参加|当)|"
                     r"不(?:干|当|参加|做)了|不再(?:参加|当|干)|离开|想退(?!休)|要退(?!休)|"
                     r"我(?:先|就|还是)?退(?!休)|先退(?:了|出)|不(?:再)?(?:当|做|干)(?:志愿者|义工)")


@answer_rule
def leaving_in_words(ctx: Context) -> bool:
    """退出义剪队: a member leaving, whatever the NLU made of the team's name."""
    text = normalize(ctx.text)
    if ctx.intent not in ("join_team", "deny", "cancel_event", "nlu_fallback", "out_of_scope") \
            or not LEAVING.search(text) or not re.search(r"队|志愿者|义工", text) \
            or ctx.person.community_id is None:
        return False
    teams = teams_of(ctx.session, data_dir=ctx.settings.data_dir,
                     community_id=ctx.person.community_id)
    named = ctx.entity("team") or team_in_words(text, teams)
    _offer_leave(ctx, named if named in teams else None)
    return True


def _offer_leave(ctx: Context, named: str | None) -> None:
    """Leaving is asked back first (a typed word is easy to get wrong): 确认 / 不退了."""
    mine = my_teams(ctx.session, person=ctx.person)
    team = named if named in mine else (mine[0] if len(mine) == 1 and named is None else None)
    if team is None:
        if named is not None:
            ctx.reply("team_leave_not_member", team=named)
        elif not mine:
            ctx.reply("team_none", buttons=[[Button(ctx.t("button_team_join"), "/join_team")]])
        else:
            ctx.reply("team_leave_which", buttons=[
                [Button(t, f"/team_leave:{t}", re.escape(t.removesuffix("队")))] for t in mine])
        return
    ctx.reply("team_leave_ask", team=team, buttons=[
        [Button(ctx.t("button_confirm"), f"/team_leave:{team}", ctx.t("says_team_leave"))],
        [Button(ctx.t("button_team_stay"), "/team_stay", ctx.t("says_team_stay"))]])


@on("team_leave")
def leave_team(ctx: Context) -> None:
    """A member leaves a team (confirmed); the leaders are told, the time bank stays."""
    cid = community_of(ctx)
    team = ctx.args.strip()
    if team not in my_teams(ctx.session, person=ctx.person):
        ctx.reply("team_leave_not_member", team=team)
        return
    ctx.session.execute(delete(StaffRole).where(
        StaffRole.person_id == ctx.person.id, StaffRole.community_id == cid,
        StaffRole.role == "volunteer", StaffRole.team == team))
    ctx.session.expire(ctx.person, ["roles"])
    audit(ctx.session, actor_id=ctx.person.id, community_id=cid, now=ctx.now,
          action="team_leave", target=f"resident:{ctx.person.id}", detail={"team": team})
    ctx.reply("team_left", team=team)
    for leader in leaders(ctx.session, community_id=cid, team=team):
        if leader.id != ctx.person.id:
            ctx.notify_person(leader, ctx.t("team_left_leader", name=ctx.person.label(),
                                            team=team))


@on("team_stay")
def stay_in_team(ctx: Context) -> None:
    """不退了: nothing changes."""
    ctx.reply("team_stay")
