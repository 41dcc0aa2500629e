"""Closing a household vote (议事) when it is due (the result and the turnout to the group
chats), and the community's answer to it (采纳 / 不采纳 / 研究中 + a note), recorded and
announced."""

from __future__ import annotations

from sqlalchemy import func, select

from actions.community.common import (
    building_of,
    community_of,
    target_chats,
    target_residents,
    when_text,
    words,
)
from actions.community.deliberation import require_may_ask, target
from actions.core.args import fetch
from actions.core.context import Context, Tick
from actions.core.dialogue import open_form
from actions.core.errors import Invalid
from actions.core.forms import Form, Slot, Slots
from actions.core.people import audit, require_role
from actions.core.registry import form, job, on
from actions.core.texts import Button
from actions.db.community import Resident
from actions.db.community_life import Question, Vote

ANSWERS = ("采纳", "不采纳", "研究中")


def tally(tick: Tick, question: Question) -> tuple[list[int], int, int]:
    """Votes per option, households that voted, and households that could vote."""
    counts = [0] * len(question.options)
    for option, n in tick.session.execute(
            select(Vote.option, func.count()).where(Vote.question_id == question.id)
            .group_by(Vote.option)):
        counts[option] = n
    eligible = {p.household_id for p in target_residents(
        tick.session, community_id=question.community_id, target=target(tick, question))}
    voted = sum(counts)
    return counts, voted, max(len(eligible), voted)


@job("deliberation_close")
def close_due(tick: Tick) -> None:
    """Close questions whose time is up and push the result with the turnout (once)."""
    due = tick.session.scalars(select(Question).where(
        Question.status == "open", Question.closes_at <= tick.now).with_for_update())
    for question in due:
        question.counts, question.households_voted, question.households_total = tally(tick,
                                                                                      question)
        question.status, question.closed_at = "closed", tick.now
        text = result_text(tick, question)
        for chat in target_chats(tick.session, community_id=question.community_id,
                                 target=target(tick, question)):
            tick.notify(chat.chat_id, text,
                        dedupe_key=f"question-result:{question.id}:{chat.chat_id}")
        author = tick.session.get_one(Resident, question.created_by)
        tick.notify_person(author, text + "\n" + tick.t("vote_answer_hint"),
                           buttons=[[Button(tick.t("button_vote_answer"),
                                            f"/vote_answer:{question.id}")]],
                           dedupe_key=f"question-result:{question.id}:author")


def result_text(tick: Tick, question: Question) -> str:
    """The result as the groups see it."""
    total = question.households_total or 1
    lines = _option_lines(tick, question, question.counts, question.households_voted)
    return tick.t("vote_result", title=question.title, lines=lines,
                  voted=question.households_voted, total=question.households_total,
                  turnout=round(100 * question.households_voted / total))


def tally_text(tick: Tick, question: Question) -> str:
    """How an open question stands now (for the staff who follow it)."""
    counts, voted, total = tally(tick, question)
    return tick.t("vote_tally_now", title=question.title,
                  lines=_option_lines(tick, question, counts, voted), voted=voted,
                  total=total, closes=when_text(question.closes_at, tick.settings.tz))


def _option_lines(tick: Tick, question: Question, counts: list[int], voted: int) -> str:
    """One line per option: its votes and its share of those who voted."""
    return "\n".join(tick.t("vote_result_line", option=option, count=count,
                            share=round(100 * count / (voted or 1)))
                     for option, count in zip(question.options, counts, strict=True))


def _question(ctx: Context, value: str, _slots: Slots) -> int:
    found = fetch(ctx.session, Question, value)
    if found is None or found.community_id != community_of(ctx):
        raise Invalid(ctx.t("vote_unknown"))
    if found.status != "closed":
        raise Invalid(ctx.t("vote_not_closed_yet"))
    require_may_ask(ctx, target(ctx, found))
    return found.id


def _decision(ctx: Context, value: str, _slots: Slots) -> str:
    if value.strip() not in ANSWERS:
        raise Invalid(ctx.t("vote_bad_answer"))
    return value.strip()


def _answer_summary(ctx: Context, slots: Slots) -> str:
    question = ctx.session.get_one(Question, slots["question"])
    return ctx.t("vote_answer_summary", title=question.title, answer=slots["answer"],
                 note=slots["note"])


def _answer_submit(ctx: Context, slots: Slots) -> None:
    question = ctx.session.get_one(Question, slots["question"])
    question.answer, question.answer_note = slots["answer"], slots["note"][:500]
    question.answered_at, question.answered_by = ctx.now, ctx.person.id
    audit(ctx.session, actor_id=ctx.person.id, community_id=question.community_id, now=ctx.now,
          action="question_answer", target=f"question:{question.id}",
          detail={"answer": question.answer})
    text = ctx.t("vote_answer_announce", title=question.title, answer=question.answer,
                 note=question.answer_note)
    for chat in target_chats(ctx.session, community_id=question.community_id,
                             target=target(ctx, question)):
        ctx.notify(chat.chat_id, text)
    ctx.reply("vote_answer_done", answer=question.answer)


form(Form(
    name="vote_answer",
    staff=True,
    slots=[Slot("question", "vote_ask_question", validate=_question),
           Slot("answer", "vote_ask_answer", validate=_decision,
                buttons=lambda _c, _s: [[Button(a, f"={a}") for a in ANSWERS]]),
           Slot("note", "vote_ask_note", validate=words(300))],
    summary=_answer_summary,
    submit=_answer_submit,
    prefill=lambda ctx: {"question": _question(ctx, ctx.args, {})} if ctx.args else {},
))


@on("vote_answer")
def answer_question(ctx: Context) -> None:
    """/vote_answer <number>: record and announce the community's answer to a closed question."""
    require_role(ctx.session, person_id=ctx.person.id, community_id=community_of(ctx),
                 roles=["grid_worker", "grid_leader"])
    open_form(ctx, "vote_answer")


def latest_result(ctx: Context, *, late: bool = False) -> bool:
    """投票结果出来了吗: the result of the last question closed for this person, if any (with
    `late`, said as too late to vote on)."""
    building = building_of(ctx.person)
    closed = ctx.session.scalars(select(Question).where(
        Question.community_id == ctx.person.community_id, Question.status == "closed")
        .order_by(Question.closed_at.desc()))
    mine = next((q for q in closed
                 if q.building_id is None or (building and q.building_id == building.id)), None)
    if mine is None:
        return False
    if late:
        ctx.reply("vote_closed_result", title=mine.title, result=result_text(ctx, mine))
    else:
        ctx.say(result_text(ctx, mine))
    return True
