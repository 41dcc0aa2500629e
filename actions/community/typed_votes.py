"""Votes in words: a household vote put to the building's or the community's group is answered
by typing (同意 / 不同意 楼道本来就窄 / 我改主意了 还是不同意吧 / 弃权 / 贊成), and people ask what
is open and what their household chose (现在有什么投票 / 我家投的什么).

The question was asked in a group or by a job, not in this chat's last turn, so the database,
not the dialogue state, says it is open: the rule reads typed words only while the person has
an open question to vote on, and only words that read as a vote.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from actions.community.common import building_of, whole_message
from actions.community.deliberation import (
    ALL_ALIKE,
    household_vote,
    open_for,
    open_questions,
    record,
    record_alike,
)
from actions.community.deliberation_closing import latest_result, result_text, tally_text
from actions.community.event_family import for_whom
from actions.community.vote_words import (
    CLAUSES,
    PLACE,
    YES_NO,
    chosen_option,
    leads_with_option,
    named_questions,
    names_an_option,
    opens_with_option,
    says,
    speaks_of,
    without_matter,
)
from actions.core.context import Context
from actions.core.people import QUESTIONS_LATELY, may_have_questions
from actions.core.registry import answer_rule
from actions.core.safety import speaking
from actions.db.community import Building, Resident
from actions.db.community_life import Question
from nlu import normalize

SHORT_CLAUSE = 10
ABOUT_VOTING = re.compile(r"投票|投的|投了|议事|表决|改主意|改成|改投|一票")
ASKING = re.compile(r"什么|啥|哪些|哪个|哪几|哪天|几号|几点|吗|没有|多少|几个|几户|咋|没$|了没|"
                    r"几比几|票数|几票|"
                    r"出来没|怎么样|情况|截止|到啥时|到什么时|到几|怎么|如何|在哪")
# words that speak only of a vote: typed under other buttons (a check-in's), still a vote
VOTE_WORD = re.compile(r"同意|赞成|赞同|反对|弃权")
# 我还没投呢 现在投同意: casting a vote in so many words
CASTING = re.compile(r"投(?:个|一票|一个)?(?:同意|赞成|反对|不同意|弃权)|还没投|现在投|我要投")
SHORT_ANSWER = 6  # a bare 同意 / 不同意吧 with nothing open: said to a closed or other question
LATELY = QUESTIONS_LATELY  # a question asked this recently may still get typed votes
CHECKIN_ANSWERS = {"checkin_ok", "feel_unwell"}
STRONG = 0.9  # a clear other request (订饭, 报修) is not read as a vote


def _may_be_a_vote(ctx: Context) -> bool:
    """False only when typed_vote would take nothing: no question open or asked lately in the
    speaker's community (known from the turn's first query), words that ask nothing about
    votes, and no one else spoken for (a family contact's elder may live elsewhere)."""
    return may_have_questions(ctx.session, community_id=ctx.person.community_id, now=ctx.now) \
        or _asks_about_votes(normalize(ctx.text).strip()) \
        or speaking(ctx).role in ("family", "contact")


@answer_rule(when=_may_be_a_vote)
def typed_vote(ctx: Context) -> bool:
    """同意 / 不同意 + a reason / 改主意了 typed while a vote is open for the household."""
    text = normalize(ctx.text).strip()
    if _asks_about_votes(text) and ctx.person.community_id is not None:
        if _staff_tally(ctx, text):  # 电梯那个现在几户同意了, from the staff: how it stands
            return True
        if STILL_VOTING.search(text) and not _open_for(ctx) and latest_result(ctx,
                                                                                 late=True):
            return True  # 电梯那个我还能投吗, after it closed: too late, and how it came out
        # 投票结果出来没, or 最后定了没 with nothing open any more: the last result
        if ("结果" in text or not _open_for(ctx)) and latest_result(ctx):
            return True
        open_questions(ctx)
        return True
    home = _household_voted_for(ctx)
    questions = _open_for(ctx, home)
    if not questions:
        return _not_open_to_me(ctx, text)
    if ctx.intent in CHECKIN_ANSWERS and _vote_after_answer(text, questions):
        return False  # 挺好的 电梯那个我家同意: the check-in answer first, its vote set aside
    if _each_named(ctx, text, questions, home) or _all_alike(ctx, text, questions, home) \
            or _vote_in(ctx, text, questions, home):
        return True
    bare = without_matter(text, questions)  # 扶手装吧 我上楼老得扶墙: 装吧, about 扶手
    if bare != text and _vote_in(ctx, bare, questions, home):
        return True
    # 挺好的 电梯那个我家同意: the check-in answer is a request of its own, its vote comes later
    whole = text if ctx.intent in CHECKIN_ANSWERS else whole_message(ctx)
    if whole != text and _vote_in(ctx, whole, questions, home):
        ctx.state.pop("later", None)  # 充电桩我支持 楼下老有人飞线充电: the rest is the reason
        return True
    if CHANGING.search(text):  # 我想改票: the question again, with its buttons
        open_questions(ctx)
        return True
    if NOT_VOTING.search(text) and not ctx.state.get("buttons"):
        ctx.reply("vote_skip")  # 我家不投了, with no 弃权 to choose: nothing recorded
        return True
    return False


def _open_for(ctx: Context, home: Resident | None = None) -> list[Question]:
    """open_for, without a query when the turn's first query found no question open or asked
    lately in the household's community (the speaker's)."""
    community = (home or ctx.person).community_id
    if community == ctx.person.community_id and not may_have_questions(
            ctx.session, community_id=community, now=ctx.now):
        return []
    return open_for(ctx, home)


def _vote_in(ctx: Context, text: str, questions: list[Question], home: Resident) -> bool:
    """The vote the words cast (recorded), or which question they mean (asked); False when
    they cast none."""
    plain = _plain(ctx)
    picked = [(q, o) for q in questions if (o := chosen_option(q, text, plain=plain)) is not None]
    if not picked or not _reads_as_vote(ctx, text, [q for q, _ in picked]):
        return False
    unvoted = [(q, o) for q, o in picked if household_vote(ctx, q, home) is None]
    chosen = picked if len(picked) == 1 else named_questions(picked, text) or unvoted
    if len(chosen) != 1:
        _which(ctx)
        return True
    question, option = chosen[0]
    record(ctx, question, option, home)
    return True


def _vote_after_answer(text: str, questions: list[Question]) -> bool:
    """A check-in answer, then a vote in the clauses after it: the check-in takes the answer and
    offers the rest to the open questions' readers again (dialogue._aside)."""
    first, *rest = [c for c in CLAUSES.split(text) if c] or [""]
    return bool(rest) and all(chosen_option(q, first) is None for q in questions) \
        and any(chosen_option(q, " ".join(rest)) is not None for q in questions)


CHANGING = re.compile(r"^(?:我|我们|我家|俺)?(?:想|要|能不能|可以)?"
                      r"(?:改票|改一下票|重新投|改投|换个选项)[吧啊呀吗？?。]*$")
NOT_VOTING = re.compile(r"^(?:我们家|我家|咱家|俺家|我)?(?:就|这次)?"
                        r"(?:不投了|不想投|不投票|不参与|不参加投票|不参加表决|不参加这次投票)")


def _all_alike(ctx: Context, text: str, questions: list[Question], home: Resident) -> bool:
    """都同意, with several questions open: the same choice on each."""
    alike = ALL_ALIKE.match(text) if len(questions) >= 2 else None
    if alike is None:
        return False
    rest = text[alike.end():]
    chosen = [(q, chosen_option(q, rest)) for q in questions]
    if any(o is None or not leads_with_option(rest, [q]) for q, o in chosen):
        return False
    record_alike(ctx, [(q, o) for q, o in chosen if o is not None], home)
    return True


def _household_voted_for(ctx: Context) -> Resident:
    """我妈家同意: a family member votes for the elder's household; so does a bare 同意 from a
    family contact who has no household of her own here."""
    home = for_whom(ctx)
    if home is ctx.person and ctx.person.household_id is None:
        situation = speaking(ctx)
        if situation.role in ("family", "contact") and situation.about is not None:
            return situation.about
    return home


def _each_named(ctx: Context, text: str, questions: list[Question], home: Resident) -> bool:
    """扶手同意 充电桩不同意: several open questions, each clause naming one and its choice."""
    if len(questions) < 2:
        return False
    votes: dict[int, tuple[Question, int]] = {}
    plain = _plain(ctx)
    for clause in (c for c in CLAUSES.split(text) if c):
        picked = [(q, o) for q in questions
                  if (o := chosen_option(q, clause, plain=plain)) is not None]
        named = named_questions(picked, clause) if picked else []
        if len(named) == 1:
            votes[named[0][0].id] = named[0]
    if len(votes) < 2:
        return False
    for question, option in votes.values():
        record(ctx, question, option, home)
    return True


def _not_open_to_me(ctx: Context, text: str) -> bool:
    """A bare 同意 with nothing open to this household: the question closed lately (截止了),
    or it is another building's; else not a vote at all."""
    if ctx.person.community_id is None or len(text) > 12 or \
            (ctx.state.get("buttons") and not VOTE_WORD.search(text)) or \
            not may_have_questions(ctx.session, community_id=ctx.person.community_id,
                                   now=ctx.now):
        return False
    recent = list(ctx.session.scalars(select(Question).where(
        Question.community_id == ctx.person.community_id,
        Question.created_at >= ctx.now - LATELY).order_by(Question.created_at.desc())))
    # a bare 同意, or one naming the question (电梯我也同意)
    said = [q for q in recent if chosen_option(q, text) is not None
            and ((len(text) <= SHORT_ANSWER and leads_with_option(text, [q]))
                 or _household_says(text, [q]) or CASTING.search(text))]
    if not said:
        return False
    building = building_of(ctx.person)
    mine = [q for q in said if q.building_id is None or (building and q.building_id ==
                                                          building.id)]
    if mine and mine[0].status == "closed":  # the result is out: say it again
        ctx.reply("vote_closed_result", title=mine[0].title, result=result_text(ctx, mine[0]))
    elif mine:
        ctx.reply("vote_closed", title=mine[0].title)
    else:
        other = ctx.session.get(Building, said[0].building_id)
        ctx.reply("vote_other_building_named", title=said[0].title,
                  building=other.number if other else "")
    return True


def _plain(ctx: Context) -> bool:
    """A bare yes or no may be a vote only when the chat asks nothing else (no buttons)."""
    return not ctx.state.get("buttons")


def _asks_about_votes(text: str) -> bool:
    voting = STILL_VOTING.search(text) or re.search(
                       r"投票|议事|表决|投了|投的|投过|投没投|在投|要投|投什么|几票|"
                       r"(?:同意|反对|赞成)的(?:人|户|家)|(?:多少|几)个?[户家]|"
                       r"(?:多少|几)个?人(?:都|已经)?(?:同意|反对|赞成|弃权|投)", text)
    if not voting or not ASKING.search(text):
        return False
    # 多少人同意 asks; 我家同意 / 还是不同意吧 votes
    return not re.search(r"同意|反对|赞成|弃权", re.sub(r"(?:多少|几)[人户家]", "", text)) or \
        bool(re.search(r"(?:多少|几)[人户家]|(?:同意|反对|赞成)的(?:人|户|家)", text))


FOLLOWS = ("admin", "grid_worker", "grid_leader")


def _staff_tally(ctx: Context, text: str) -> bool:
    """Staff asking how a vote stands: each open question of the community (the ones the words
    name, when they name some) with its votes so far."""
    if not any(r.role in FOLLOWS for r in ctx.person.roles) or _open_for(ctx):
        return False
    found = list(ctx.session.scalars(select(Question).where(
        Question.community_id == ctx.person.community_id, Question.status == "open",
        Question.closes_at > ctx.now).order_by(Question.closes_at)))
    named = [q for q, _ in named_questions([(q, 0) for q in found], text)] if found else []
    for question in named or found:
        ctx.say(tally_text(ctx, question))
    return bool(found)


# 还能投吗: whether one may still vote
STILL_VOTING = re.compile(r"能投|还投|可以投|投得了|投不了|还让投")


def _reads_as_vote(ctx: Context, text: str, questions: list[Question]) -> bool:
    """The vote word leads the message, or the message speaks of voting, or is that short."""
    if ABOUT_VOTING.search(text) or len(text) <= 4 or _household_says(text, questions):
        return True
    clauses = [c for c in CLAUSES.split(text) if c]
    if speaks_of(text, questions) and any(
            leads_with_option(c, questions) or any(re.search(w, c) for w in YES_NO.values())
            for c in clauses):
        return True  # 装吧装吧 我早就想要扶手了: a yes, and the question's own words
    confidence = float(ctx.parse.get("intent", {}).get("confidence", 0.0))
    if ctx.intent == "help":  # 弃权吧 我不懂这个 / 这个我说不好 弃权: a clause opens with it
        return any(opens_with_option(c, questions) for c in clauses)
    if ctx.intent not in ("affirm", "deny", "nlu_fallback", "out_of_scope", "feedback",
                          "thank") and confidence >= STRONG:
        return False
    if PLACE.match(text) or any(re.search(w, c) for w in YES_NO.values()
                                for c in CLAUSES.split(text)):
        return True
    return any(leads_with_option(clause, questions)
               or (len(clause) <= SHORT_CLAUSE and names_an_option(clause, questions))
               for clause in CLAUSES.split(text) if clause)


HOUSEHOLD = re.compile(r"(?:我们家|我家|咱家|俺家|咱们家|我们|俺们|我|俺)"
                       r"(?:都|就|还是|也|这户|一户)?(?:投|选)?")


def _household_says(text: str, questions: list[Question]) -> bool:
    """充电桩我家反对 / 扶手那个事我们家举双手赞成: the question named, then the household's
    choice (a repair or a letter by the NLU's reading, but a vote)."""
    for clause in (c for c in CLAUSES.split(text) if c):
        for found in HOUSEHOLD.finditer(clause):
            rest = clause[found.end():]
            named = [q for q in questions if named_questions([(q, 0)], clause[:found.start()])]
            if named and any(re.match(says(o, q.options), rest)
                             for q in named for o in q.options):
                return True
    return False


def _which(ctx: Context) -> None:
    """Several questions are open and the words fit more than one: each, with its buttons."""
    ctx.reply("vote_which")
    open_questions(ctx)
