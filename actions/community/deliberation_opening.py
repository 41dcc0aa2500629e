"""Opening a household vote (议事): the vote_new form (where, question, options, closing day),
or a red-mailbox suggestion turned into the question (/vote_new XX-...), and putting it to the
group chats and the households."""

from __future__ import annotations

import contextlib
import re
from datetime import datetime, timedelta

import cn2an

from actions.community.command_words import slots_from_words
from actions.community.common import (
    community_of,
    parse_target,
    parse_when,
    target_chats,
    target_residents,
    when_text,
    words,
)
from actions.community.deliberation import require_may_ask, target, vote_buttons
from actions.core.context import Context, Tick
from actions.core.dialogue import open_form
from actions.core.errors import Invalid
from actions.core.forms import Form, Slot, Slots
from actions.core.people import audit, require_role
from actions.core.registry import form, on
from actions.core.texts import Button
from actions.db.community import Resident
from actions.db.community_life import Question
from actions.db.mailbox import MailboxItem
from actions.mailbox import proposal

LETTER = re.compile(r"^[A-Za-z]{2}-\d{8}-\d{3}$")  # a red-mailbox number, XX-20261118-001
SPLIT = re.compile(r"[、,，/;；\s]+|或者|或")
DAYS = re.compile(r"^([0-9]+|[一二两三四五六七八九十]+)\s*(天|日|个?星期|个?礼拜|周)")


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
    publish(ctx, question)
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
        slots = slots_from_words(ctx, ctx.args, {"target": _target, "options": _options,
                                                 "closes": _closes})
        return _target_in_title(ctx, slots)
    letter = proposal(ctx, ctx.args)
    return {"title": letter.text.strip()[:100], "letter": letter.id}


PLACE_FIRST = re.compile(r"^(全社区|[0-9一二三四五六七八九十]+(?:号楼|栋|幢))")


def _target_in_title(ctx: Context, slots: Slots) -> Slots:
    """3号楼要不要加装电梯, said as one piece: the building is the target, the title whole."""
    place = PLACE_FIRST.match(str(slots.get("title", "")))
    if place is None or "target" in slots:
        return slots
    with contextlib.suppress(Invalid):
        slots["target"] = _target(ctx, place.group(1), slots)
    return slots


def publish(tick: Tick, question: Question) -> None:
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
