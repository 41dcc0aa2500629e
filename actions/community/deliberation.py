"""Deliberation (议事): staff put a question with options to a building or the community; each
household (户) has one vote, which any member may change until closing; at closing the result
and the turnout go to the group chats; the community's answer (采纳 / 不采纳 / 研究中 + a note)
is recorded and announced. A resident's suggestion from the red mailbox becomes a question when
staff press 发起议事 on it (/vote_new XX-...): the letter's words are the question, its writer is
recorded as `proposed_by` and told when the vote opens, unless the letter was anonymous.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import cn2an
from sqlalchemy import func, select

from actions.community.command_words import slots_from_words
from actions.community.common import (
    Target,
    building_of,
    community_of,
    parse_target,
    parse_when,
    target_chats,
    target_of,
    target_residents,
    when_text,
    words,
)
from actions.core.args import fetch
from actions.core.context import Context, Tick
from actions.core.dialogue import open_form
from actions.core.errors import Invalid, Refused
from actions.core.forms import Form, Slot, Slots
from actions.core.people import audit, require_role
from actions.core.registry import form, job, on
from actions.core.texts import Button, Keyboard
from actions.db.community import Resident
from actions.db.community_life import Question, Vote
from actions.db.mailbox import MailboxItem
from actions.mailbox import proposal
from nlu import normalize

ANSWERS = ("采纳", "不采纳", "研究中")
LETTER = re.compile(r"^[A-Za-z]{2}-\d{8}-\d{3}$")  # a red-mailbox number, XX-20261118-001
SPLIT = re.compile(r"[、,，/;；\s]+|或者|或")
DAYS = re.compile(r"^([0-9]+|[一二两三四五六七八九十]+)\s*(天|日|个?星期|个?礼拜|周)")


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


# -- opening a question ----------------------------------------------------------------------

def _target(ctx: Context, value: str, _slots: Slots) -> dict[str, object]:
    where = parse_target(ctx.session, community_id=community_of(ctx), text=value)
    if where.scope == "grid":
        raise Invalid(ctx.t("vote_no_grid"))
    require_may_ask(ctx, where)
    return {"label": where.label, "building_id": where.building_id}


def _options(ctx: Context, value: str, _slots: Slots) -> list[str]:
    options = [o for o in SPLIT.split(value.strip()) if o]
    if not 2 <= len(options) <= 6 or len(set(options)) != len(options):
        raise Invalid(ctx.t("vote_bad_options"))
    return options


def _closes(ctx: Context, value: str, _slots: Slots) -> str:
    days = DAYS.match(value.strip())
    moment = ctx.now + timedelta(days=_days(days)) if days else parse_when(
        value, today=ctx.today, tz=ctx.settings.tz, day=ctx.entity("date"))
    if moment is None or moment <= ctx.now:
        raise Invalid(ctx.t("vote_bad_closes"))
    return moment.isoformat()


def _days(found: re.Match[str]) -> int:
    """3天 / 三天 / 一周 / 两个星期, in days."""
    raw = found.group(1)
    number = int(raw) if raw.isdecimal() else int(cn2an.cn2an(raw, "smart"))
    return number * (1 if found.group(2) in ("天", "日") else 7)


def _summary(ctx: Context, slots: Slots) -> str:
    return ctx.t("vote_new_summary", target=slots["target"]["label"], title=slots["title"],
                 options="、".join(slots["options"]),
                 closes=when_text(datetime.fromisoformat(slots["closes"]), ctx.settings.tz))


def _submit(ctx: Context, slots: Slots) -> None:
    letter = ctx.session.get(MailboxItem, slots["letter"]) if slots.get("letter") else None
    named = letter is not None and not letter.anonymous
    question = Question(community_id=community_of(ctx), building_id=slots["target"]["building_id"],
                        title=slots["title"], options=slots["options"],
                        closes_at=datetime.fromisoformat(slots["closes"]),
                        created_by=ctx.person.id, created_at=ctx.now,
                        proposed_by=letter.person_id if letter and named else None)
    ctx.session.add(question)
    ctx.session.flush()
    audit(ctx.session, actor_id=ctx.person.id, community_id=question.community_id, now=ctx.now,
          action="question_open", target=f"question:{question.id}",
          detail={"letter": letter.number} if letter else {})
    _publish(ctx, question)
    ctx.reply("vote_new_done", target=slots["target"]["label"])
    if letter is not None and named:
        ctx.notify_person(ctx.session.get_one(Resident, letter.person_id), ctx.t(
            "vote_push_proposer", number=letter.number, title=question.title,
            closes=when_text(question.closes_at, ctx.settings.tz)))


def _from_letter(ctx: Context) -> Slots:
    """/vote_new XX-...: the question in the letter's words (shortened to a title);
    /vote_new 3号楼 门口要不要装快递柜 [同意、不同意] [3天]: what the words give."""
    if not ctx.args:
        return {}
    if not LETTER.match(ctx.args.strip()):
        return slots_from_words(ctx, ctx.args, {"target": _target, "options": _options,
                                                "closes": _closes})
    letter = proposal(ctx, ctx.args)
    return {"title": letter.text.strip()[:100], "letter": letter.id}


def _publish(tick: Tick, question: Question) -> None:
    """The question to the target's groups, and privately to each resident of a building."""
    where = target(tick, question)
    text = tick.t("vote_invite", title=question.title, target=where.label,
                  closes=when_text(question.closes_at, tick.settings.tz))
    for chat in target_chats(tick.session, community_id=question.community_id, target=where):
        tick.notify(chat.chat_id, text, buttons=vote_buttons(question),
                    dedupe_key=f"question:{question.id}:{chat.chat_id}")
    if where.scope != "building":
        return
    for person in target_residents(tick.session, community_id=question.community_id,
                                   target=where):
        tick.notify_person(person, text, buttons=vote_buttons(question),
                           dedupe_key=f"question:{question.id}:p{person.id}")


form(Form(
    name="vote_new",
    staff=True,
    slots=[Slot("target", "vote_ask_target", validate=_target,
                buttons=lambda ctx, _s: [[Button(ctx.t("button_target_community"), "=全社区")]]),
           Slot("title", "vote_ask_title", validate=words(100)),
           Slot("options", "vote_ask_options", validate=_options,
                buttons=lambda ctx, _s: [[Button(ctx.t("button_vote_yes_no"), "=同意、不同意")]]),
           Slot("closes", "vote_ask_closes", validate=_closes,
                buttons=lambda ctx, _s: [[Button(ctx.t("button_vote_days", days=3), "=3天"),
                                          Button(ctx.t("button_vote_days", days=7), "=7天")]])],
    summary=_summary,
    submit=_submit,
    prefill=_from_letter,
))


@on("vote_new")
def new_question(ctx: Context) -> None:
    """/vote_new [XX-...]: staff open a question for a building or the community (from a
    resident's suggestion when its number is given, e.g. by the mailbox's 发起议事)."""
    require_role(ctx.session, person_id=ctx.person.id, community_id=community_of(ctx),
                 roles=["grid_worker", "grid_leader"])
    if ctx.args and LETTER.match(ctx.args.strip()):
        proposal(ctx, ctx.args)  # a wrong number is refused before any form opens
    open_form(ctx, "vote_new")


# -- closing and answering -------------------------------------------------------------------

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
    lines = [tick.t("vote_result_line", option=option, count=count,
                    share=round(100 * count / (question.households_voted or 1)))
             for option, count in zip(question.options, question.counts, strict=True)]
    return tick.t("vote_result", title=question.title, lines="\n".join(lines),
                  voted=question.households_voted, total=question.households_total,
                  turnout=round(100 * question.households_voted / total))


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
