"""Deliberation (议事): staff put a question with options to a building or the community; each
household (户) has one vote, which any member may change until closing; at closing the result
and the turnout go to the group chats; the community's answer (采纳 / 不采纳 / 研究中 + a note)
is recorded and announced. A resident's suggestion from the red mailbox becomes a question when
staff press 发起议事 on it (/vote_new XX-...): the letter's words are the question, its writer is
recorded as `proposed_by` and told when the vote opens, unless the letter was anonymous.

Here: voting, by button or /votes, and the questions open to a household. Elsewhere: opening a
question in deliberation_opening, closing and answering it in deliberation_closing, votes in
words in typed_votes.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from actions.community.common import (
    Target,
    building_of,
    community_of,
    target_of,
    when_text,
)
from actions.core.args import fetch
from actions.core.context import Context, Tick
from actions.core.errors import Refused
from actions.core.people import require_role
from actions.core.registry import on
from actions.core.texts import Button, Keyboard
from actions.db.community import Resident
from actions.db.community_life import Question, Vote
from nlu import normalize


def target(tick: Tick, question: Question) -> Target:
    """The building (or community) a question is put to."""
    return target_of(scope="building" if question.building_id else "community", grid_id=None,
                     building_id=question.building_id, session=tick.session)


def require_may_ask(ctx: Context, where: Target) -> None:
    """The community needs an admin; a building its grid worker or grid leader."""
    roles = ["admin"] if where.scope == "community" else ["grid_worker", "grid_leader"]
    require_role(ctx.session, person_id=ctx.person.id, community_id=community_of(ctx),
                 roles=roles, grid_id=where.grid_id)


# typed words that mean the usual options (the option's own words always count)
OPTION_WORDS = {"同意": "同意|赞成|支持|举双手|没意见|可以",
                "不同意": "不同意|反对|不赞成|不支持|不行"}


def vote_buttons(question: Question) -> Keyboard:
    """One button per option; typing the option (or 赞成 / 反对 for 同意 / 不同意) counts."""
    return [[Button(option, f"/vote:{question.id}:{i}",
                    OPTION_WORDS.get(option, re.escape(option)))]
            for i, option in enumerate(question.options)]


def cast(ctx: Context, question: Question, option: int,
         household_of: Resident | None = None) -> Vote | None:
    """Record the household's vote (a member's later vote replaces it); the earlier vote, if any,
    is returned as it was. `household_of`: a member of the household voted for (a daughter
    votes for her mother's home), else the writer's own."""
    household_id = (household_of or ctx.person).household_id
    assert household_id is not None
    vote = ctx.session.scalar(select(Vote).where(Vote.question_id == question.id,
                                                 Vote.household_id == household_id)
                              .with_for_update())
    before = Vote(option=vote.option, person_id=vote.person_id) if vote else None
    if vote is None:
        vote = Vote(question_id=question.id, household_id=household_id, person_id=ctx.person.id,
                    option=option, updated_at=ctx.now)
        ctx.session.add(vote)
    vote.option, vote.person_id, vote.updated_at = option, ctx.person.id, ctx.now
    ctx.session.flush()
    return before


def _may_vote(ctx: Context, question: Question, home: Resident) -> None:
    building = building_of(home)
    if not home.verified or building is None \
            or home.community_id != question.community_id:
        raise Refused(ctx.t("vote_not_resident"))
    if question.building_id is not None and building.id != question.building_id:
        raise Refused(ctx.t("vote_other_building"))


@on("vote")
def vote(ctx: Context) -> None:
    """A vote button (in a group or a private chat); the answer goes privately."""
    raw_id, _, raw_option = ctx.args.partition(":")
    question = fetch(ctx.session, Question, raw_id)
    if question is None or not raw_option.isdecimal() or int(raw_option) >= len(question.options):
        ctx.reply("stale_button")
        return
    if question.status != "open" or question.closes_at <= ctx.now:
        _answer(ctx, ctx.t("vote_closed", title=question.title))
        return
    chosen = question.options[int(raw_option)]
    others = [q for q in open_for(ctx) if q.id != question.id and chosen in q.options] \
        if ALL_ALIKE.match(normalize(ctx.text)) else []
    if not others:
        record(ctx, question, int(raw_option))
        return
    # 都同意, typed under two questions: the same on each
    record_alike(ctx, [(q, q.options.index(chosen)) for q in [question, *others]])


def record_alike(ctx: Context, choices: list[tuple[Question, int]],
                 household_of: Resident | None = None) -> None:
    """One choice on several questions (都同意), confirmed once with their titles."""
    for question, option in choices:
        record(ctx, question, option, household_of, quiet=True)
    _answer(ctx, ctx.t("vote_done_alike", option=choices[0][0].options[choices[0][1]],
                       titles="\n".join(ctx.t("vote_done_alike_line", title=q.title)
                                        for q, _ in choices)))


# 都同意 / 两个都不同意: the same choice on every open question
ALL_ALIKE = re.compile(r"^(?:我们家|我家|咱家|俺家)?(?:都|全都|全部|两个都|俩都|统统|一律)")


def record(ctx: Context, question: Question, option: int,
           household_of: Resident | None = None, *, quiet: bool = False) -> None:
    """The household's vote on an open question, and its confirmation (privately); a family
    member of an enrolled elder may vote for the elder's household (one vote per household,
    anyone of the family may cast it)."""
    home = household_of or ctx.person
    _may_vote(ctx, question, home)
    before = cast(ctx, question, option, home)
    values = {"title": question.title, "option": question.options[option],
              "closes": when_text(question.closes_at, ctx.settings.tz), "name": home.label()}
    if before is None:
        key = "vote_done" if home is ctx.person else "vote_done_for"
    elif before.option == option:
        key = "vote_same" if home is ctx.person else "vote_same_for"
    else:
        key = "vote_changed" if before.person_id == ctx.person.id else "vote_changed_family"
        key = key if home is ctx.person else "vote_changed_for"
        values["before"] = question.options[before.option]
    if not quiet:
        _answer(ctx, ctx.t(key, **values))


def _answer(ctx: Context, text: str) -> None:
    """Privately, so a vote pressed in a group is not shown to the group."""
    if ctx.chat_id == ctx.person.telegram_id or not ctx.notify_person(ctx.person, text):
        ctx.say(text)


def open_for(ctx: Context, household_of: Resident | None = None) -> list[Question]:
    """The open questions this person's household (or the one voted for) may vote on, closing
    first."""
    home = household_of or ctx.person
    if home.community_id is None:
        return []
    building = building_of(home)
    found = ctx.session.scalars(select(Question).where(
        Question.community_id == home.community_id, Question.status == "open",
        Question.closes_at > ctx.now).order_by(Question.closes_at))
    return [q for q in found
            if q.building_id is None or (building and q.building_id == building.id)]


def household_vote(ctx: Context, question: Question,
                   household_of: Resident | None = None) -> int | None:
    """The option the person's household (or the one voted for) chose, if it voted."""
    home = household_of or ctx.person
    if home.household_id is None:
        return None
    return ctx.session.scalar(select(Vote.option).where(
        Vote.question_id == question.id, Vote.household_id == home.household_id))


@on("votes")
def open_questions(ctx: Context) -> None:
    """/votes: questions I may vote on now, with my household's current vote."""
    community_of(ctx)
    mine = open_for(ctx)
    if not mine:
        ctx.reply("vote_none_open")
        return
    for question in mine:
        current = household_vote(ctx, question)
        ctx.reply("vote_question", title=question.title, buttons=vote_buttons(question),
                  closes=when_text(question.closes_at, ctx.settings.tz),
                  current=ctx.t("vote_current", option=question.options[current])
                  if current is not None else "")
