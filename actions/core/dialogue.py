"""One turn of dialogue: forms first (answer, cancel, switch topic and come back), then intents.

The state it reads and changes (form, stack, buttons, pending) is described, and written
outside a turn, by actions.core.state. One key is this module's own: `later`, the other
requests of a message that asked for several (报修… 还有明天中午订一份饭), each taken up in
turn once nothing is being asked.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from actions.core import forms, reply_words
from actions.core.context import Context
from actions.core.registry import ANSWER_RULES, FORMS, HANDLERS
from actions.core.requests import SURE_PART, TOPICS, one_letter, request_groups, says_why
from actions.core.state import form_went_quiet
from actions.core.texts import Button

SWITCH_CONFIDENCE = 0.6
SURE_ANSWER = 0.5  # a yes / no with nothing asked counts from this confidence
FREE_TEXT_SWITCH_CONFIDENCE = 0.9  # answers that can be any words: switch only when sure
NOT_A_TOPIC = {"affirm", "deny", "nlu_fallback", "form_answer", "out_of_scope", "thank"}
URGENT = {"emergency"}
NEW_TASKS = {"report_repair", "book_meal", "cancel_meal", "request_help", "join_event",
             "cancel_event", "join_team"}
QUICK = {"checkin_ok", "feel_unwell"}  # answers to a question waiting now: before any form
CHECKIN_PRESS = "ci"  # a check-in button's command (actions.checkins)
MAX_LATER = 3
BARE_NO = {"不对", "不是", "错了", "说错了", "不对不对", "不", "不是的", "不对啊", "搞错了",
           "写错了"}


def run_turn(ctx: Context) -> None:
    """Handle one message or button press; danger first, whatever the state."""
    _expire_if_quiet(ctx)
    if ctx.danger is not None and ctx.danger.level == "urgent":
        ctx.reply(_urgent_words(ctx, ctx.danger.kind))  # what to do this minute, then the request
    current = ctx.state.get("form")
    if current is None:
        aside = _one_request_now(ctx)
        dispatch(ctx)
        _answer_aside(ctx, aside)
    else:
        _form_turn(ctx, current)
    _continue_later(ctx)


def _urgent_words(ctx: Context, kind: str) -> str:
    """safety_<kind>_urgent where a kind's first words fit only danger now (120 and a pat on
    the shoulder, for someone one cannot reach), else safety_<kind>."""
    urgent = f"safety_{kind}_urgent"
    return urgent if ctx.texts.has(urgent) else f"safety_{kind}"


def _one_request_now(ctx: Context) -> list[dict[str, Any]]:
    """A message with several requests: take the first up now (an answer to a waiting
    check-in first, then what the whole message was read as, unless it came after 还有: one
    more thing), the others later. Returns the
    parts beside a check-in answer that may answer another open question (see _aside)."""
    if ctx.danger is not None and ctx.danger.level == "now":
        return []  # 明天送饭 对了马桶一直漏水: an urgent repair beside a meal is not dropped
    parts = ctx.parse.get("parts") or []
    groups = request_groups(parts)
    if len(groups) == 1 and _only_why_helps(ctx, groups[0], parts):
        ctx.parse, ctx.args = groups[0], ""  # 书法班帮我老伴也报一个 他不会用智能手机
        return []
    if len(groups) >= 2 and ctx.state.get("context") != "checkin":
        # 我身体还行 想陪老人聊聊 算我一个: fine, said with a request while no check-in waits
        kept = [g for g in groups if g["intent"]["name"] != "checkin_ok"]
        if len(kept) == 1 and ctx.intent == "checkin_ok":
            ctx.parse, ctx.args = kept[0], ""
            return []
        groups = kept or groups
    groups = one_letter(groups, ctx.intent)
    if len(groups) < 2:
        return _aside(ctx, parts)
    for group in groups:  # the whole message, for a request that needs the words of the others
        group["message"] = ctx.text
        if ctx.danger is not None and any(cue in group["text"] for cue in ctx.danger.cues):
            group["danger"] = ctx.danger.kind  # its first words were said: handled as urgent
    if ctx.parse.get("explicit"):  # the words pressed an offered button (平安, 没修好)
        _later_beside_press(ctx, groups)
        return []
    whole = ctx.intent  # what the message was read as first, unless 还有 / 另外 says it is more
    order = sorted(range(len(groups)), key=lambda i: (
        groups[i]["intent"]["name"] not in QUICK, bool(groups[i].get("also")),
        groups[i]["intent"]["name"] != whole, i))
    ctx.parse = groups[order[0]]
    ctx.args = ""
    ctx.state["later"] = [groups[i] for i in order[1:]]
    return []


def _only_why_helps(ctx: Context, group: dict[str, Any], parts: list[dict[str, Any]]) -> bool:
    """The message, read as a whole as a help request (or as nothing sure: the why pulls it
    about), makes one other request; the parts read as help only say why (see
    requests.says_why)."""
    helps = [p for p in parts if p.get("intent", {}).get("name") == "request_help"]
    whole = ctx.parse.get("intent", {})
    return ((whole.get("name") == "request_help" or float(whole.get("confidence", 0)) < SURE_PART)
            and group["intent"]["name"] != "request_help" and bool(helps)
            and all(says_why(p) for p in helps))


def _aside(ctx: Context, parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """我挺好 灯也修好了: the message answers the check-in as a whole, and a part of it on
    another topic, read too unsurely to be a request of its own, may still answer a question
    held open elsewhere (the lamp's 修好了吗)."""
    typed_press = bool(ctx.parse.get("explicit") and ctx.text)  # 平安 typed: its button
    answers = ctx.intent == CHECKIN_PRESS if typed_press else ctx.intent in QUICK
    if not answers or len(parts) < 2:
        return []
    # a part that names a day (明天我回老家) tells the days away: the check-in reads it
    return [p for p in parts[1:] if TOPICS.get(str(p.get("intent", {}).get("name")))
            not in (None, "checkin") and not any(e.get("entity") == "date"
                                                 for e in p.get("entities", []))]


def _answer_aside(ctx: Context, aside: list[dict[str, Any]]) -> None:
    """Each part set aside by _aside, offered to the readers of open questions only (never
    a handler: an unsure part starts nothing)."""
    for part in aside:
        if ctx.state.get("form"):
            return
        ctx.parse = {"text": part["text"], "intent": dict(part.get("intent", {})),
                     "entities": list(part.get("entities", []))}
        ctx.args = ""
        _answered_elsewhere(ctx)


def _later_beside_press(ctx: Context, groups: list[dict[str, Any]]) -> None:
    """Words that answered an offered button go on about it (没修好啊 还是关不上) unless a
    later part is a new task that names its thing (明天中午订一份饭: a day, a meal)."""
    later = [g for g in groups[1:] if g["intent"]["name"] in NEW_TASKS and g["entities"]]
    if later:
        ctx.state["later"] = later


def _continue_later(ctx: Context) -> None:
    """Nothing is being asked: take up the next request the message made."""
    for _ in range(MAX_LATER):
        later = ctx.state.get("later")
        if not later or ctx.state.get("form") or ctx.state.get("stack"):
            break
        ctx.parse = later.pop(0)
        ctx.args = ""
        ctx.reply("later_next", words=ctx.text)
        dispatch(ctx)
    if not ctx.state.get("later"):
        ctx.state.pop("later", None)


def open_form(ctx: Context, name: str) -> None:
    """Start a form (suspending an open one) and ask its first question."""
    if ctx.state.get("form"):
        ctx.state.setdefault("stack", []).append(ctx.state["form"])
    # starting a form again replaces the unfinished one rather than queueing behind it
    ctx.state["stack"] = [f for f in ctx.state.get("stack", []) if f["name"] != name]
    ctx.state["form"] = forms.start(ctx, FORMS[name])
    _finish_if_done(ctx)


def dispatch(ctx: Context) -> None:
    """Run the handler of the intent, or its static response, or offer choices."""
    name = ctx.intent
    if _answered_elsewhere(ctx):
        return
    if _unsure_answer_to_nothing(ctx):
        name = "nlu_fallback"
    handler = HANDLERS.get(name)
    if handler is not None:
        handler(ctx)
    elif ctx.texts.has(f"utter_{name}"):
        ctx.reply(f"utter_{name}")
    elif name == "nlu_fallback":
        offer_choices(ctx)
    elif name == "form_answer":
        ctx.reply("stale_button")
    else:
        ctx.reply("utter_default")


def _answered_elsewhere(ctx: Context) -> bool:
    """Typed words that answer a question the database holds open for this person (a vote
    put to the building's group): the first rule that takes them."""
    if ctx.parse.get("explicit") or not ctx.text.strip():
        return False
    if ctx.danger is not None and ctx.danger.level == "now":
        return False
    return any(rule(ctx) for rule in ANSWER_RULES)


def _unsure_answer_to_nothing(ctx: Context) -> bool:
    """A yes or a no means something only as an answer: with no question open, an unsure one
    (那个谁 read as a yes) is no answer at all."""
    confidence = float(ctx.parse.get("intent", {}).get("confidence", 1.0))
    return (ctx.intent in ("affirm", "deny") and not ctx.parse.get("explicit")
            and confidence < SURE_ANSWER and not ctx.state.get("buttons"))


def offer_choices(ctx: Context) -> None:
    """Not sure what was meant: the likeliest topics as buttons, plus a person to talk to."""
    ranking = [r["name"] for r in ctx.parse.get("intent_ranking", [])]
    picks = [n for n in ranking if ctx.texts.has(f"label_{n}")][:3]
    ctx.state["pending"] = {"text": ctx.text, "parse": ctx.parse}
    rows = [[Button(ctx.t(f"label_{n}"), f"/pick:{n}")] for n in picks]
    rows.append([Button(ctx.t("button_handover"), "/handover")])
    ctx.reply("fallback_choices", buttons=rows)


def _form_turn(ctx: Context, current: dict[str, Any]) -> None:
    definition = FORMS[current["name"]]
    name = ctx.intent
    if name == "form_continue":
        current["failures"] = 0
        forms.ask(ctx, definition, current)
    elif name in URGENT and (not definition.staff or ctx.danger is not None):
        dispatch(ctx)
        if ctx.state.get("form") is current:
            resume = ctx.t("form_resume", title=definition.title(ctx))
            forms.ask(ctx, definition, current, prefix=resume)
    elif _other_command(ctx, definition):  # /tickets typed inside /announce: run it, the
        ctx.reply("form_command_aside", title=definition.title(ctx))  # form stays open
        dispatch(ctx)
    elif _skip_pressed_needed(ctx, definition, current):  # 跳过 read as pressing 在家里
        forms.ask_again(ctx, definition, current, ctx.t("form_needed"))
    elif forms.skips(ctx, definition, current):
        forms.answer(ctx, definition, current)  # the optional question left empty
        _finish_if_done(ctx)
    elif forms.answers_no(ctx, definition, current):
        forms.answer(ctx, definition, current)  # 要留名字吗？不用了: no is the answer
        _finish_if_done(ctx)
    elif forms.declines_offer(ctx, definition, current):  # 不用 (照片): the read-back again
        forms.ask(ctx, definition, current, prefix=ctx.t("form_offer_declined") + "\n")
    elif forms.corrects(ctx, definition, current):
        _finish_if_done(ctx)  # 不用送了 我自己去吃 at the read-back: a change, not a give-up
    elif forms.cancels(ctx):
        ctx.state.pop("form")
        ctx.reply("form_cancelled", title=definition.title(ctx))
        _resume(ctx)
    elif forms.answer(ctx, definition, current, typed=False):  # corrections too: 不对 是7栋
        _finish_if_done(ctx)
    elif current["confirming"] and _same_request_again(ctx, current):  # 订吧 at the read-back
        forms.confirm(ctx, definition, current)
        _finish_if_done(ctx)
    elif name == "deny" and (_bare_no(ctx) or not forms.fits(ctx, definition, current)):
        # a bare 不对: what should change? (不限 read as a no answers a question that takes it)
        forms.ask_again(ctx, definition, current, ctx.t("form_what_to_change"))
    elif (not forms.fits(ctx, definition, current) and _is_switch(ctx, definition, current)
          and not _same_request_again(ctx, current)):  # 订饭啊 under 哪天: the question stands
        _switch_topic(ctx, current)
    elif forms.answer(ctx, definition, current):
        _finish_if_done(ctx)
    else:
        forms.ask_again(ctx, definition, current, ctx.t("form_not_understood"))


def _same_request_again(ctx: Context, current: dict[str, Any]) -> bool:
    """The request that opened the form said again with nothing new in it (订吧, 那就订吧,
    帮我报上吧): not a new request that would start the form over and lose what was said.
    Words that start over (重新订) or carry a value (订周五的, 我姓陈) are not this."""
    return (not ctx.parse.get("explicit") and ctx.intent == current.get("opened_by")
            and reply_words.says_go_ahead(ctx.text))


def _bare_no(ctx: Context) -> bool:
    return re.sub(r"[，,。！!~\s]", "", ctx.text) in BARE_NO


def _skip_pressed_needed(ctx: Context, definition: forms.Form,
                         current: dict[str, Any]) -> bool:
    """A typed 跳过 that pressed an offered answer (read as a yes to its one button), under a
    question that must be answered."""
    asking = current.get("asking")
    if not ctx.parse.get("explicit") or not ctx.text or asking is None:
        return False
    skip = ctx.text.strip() in reply_words.SKIP_BUTTON
    return not definition.slot(str(asking)).optional and skip


def _other_command(ctx: Context, definition: forms.Form) -> bool:
    """A command typed while a form asks: never the answer, always what is wanted now."""
    return (bool(ctx.parse.get("explicit")) and ctx.text.startswith("/")
            and ctx.intent in HANDLERS and ctx.intent not in ("deny", "affirm")
            and ctx.intent not in definition.intents)


def _is_switch(ctx: Context, definition: forms.Form, current: dict[str, Any]) -> bool:
    if ctx.parse.get("explicit"):  # a command or a button: always what the person wants now
        return ctx.intent not in NOT_A_TOPIC and ctx.intent in HANDLERS
    own = {definition.name, *definition.intents}
    if definition.staff or ctx.intent in NOT_A_TOPIC or ctx.intent in own:
        return False
    asking = current.get("asking")
    slot = definition.slot(str(asking)) if asking is not None else None
    # a description, or a choice offered as buttons, is most likely an answer, even a wrong one
    wide = slot is not None and (slot.free_text or slot.buttons is not None)
    needed = FREE_TEXT_SWITCH_CONFIDENCE if wide else SWITCH_CONFIDENCE
    confidence = float(ctx.parse.get("intent", {}).get("confidence", 0.0))
    return confidence >= needed and (ctx.intent in HANDLERS
                                     or ctx.texts.has(f"utter_{ctx.intent}"))


def _switch_topic(ctx: Context, current: dict[str, Any]) -> None:
    ctx.state.setdefault("stack", []).append(current)
    ctx.state.pop("form")
    dispatch(ctx)
    if ctx.state.get("form") is None:
        _resume(ctx)


def _finish_if_done(ctx: Context) -> None:
    current = ctx.state.get("form")
    if current is not None and current.get("done"):
        ctx.state.pop("form")
        _resume(ctx)


def _resume(ctx: Context) -> None:
    stack = ctx.state.get("stack") or []
    if not stack:
        return
    current = stack.pop()
    ctx.state["form"] = current
    definition = FORMS[current["name"]]
    forms.ask(ctx, definition, current, prefix=ctx.t("form_resume", title=definition.title(ctx)))


def _expire_if_quiet(ctx: Context) -> None:
    if form_went_quiet(ctx.state, ctx.now, timedelta(minutes=ctx.settings.form_expiry_minutes)):
        titles = [FORMS[f["name"]].title(ctx) for f in
                  [*(ctx.state.get("stack") or []), ctx.state.get("form")] if f]
        ctx.state.pop("form", None)
        ctx.state.pop("stack", None)
        ctx.state.pop("later", None)
        ctx.reply("form_expired", title="、".join(titles))
