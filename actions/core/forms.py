"""Forms: slots to fill with a question each, validation, read-back, cancel, suspend and resume.

The state of an open form is plain JSON in the person's dialogue state, so a restart in the
middle of a form loses nothing:
    {"name": ..., "slots": {...}, "asking": slot name | None, "failures": n, "confirming": bool}
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from actions.core.context import Context, Tick, yes_no
from actions.core.errors import Invalid, rendering
from actions.core.reply_words import (
    SKIP_BUTTON,
    cancel_words,
    correcting,
    declines,
    meant_value,
    says_bare_no,
    says_cancel,
    says_skip,
    skips_needed,
)
from actions.core.texts import Button, Keyboard

Slots = dict[str, Any]


@dataclass(frozen=True)
class Slot:
    """One thing a form needs, and how to ask for it."""

    name: str
    ask: str  # response key of the question
    entity: str | None = None  # filled from this entity when the message states it
    free_text: bool = False  # any answer fills it (a description)
    optional: bool = False  # "没有/不用" skips it
    validate: Callable[[Context, str, Slots], Any] | None = None  # normalized, or raise Invalid
    buttons: Callable[[Context, Slots], Keyboard] | None = None
    needed: Callable[[Slots], bool] | None = None  # asked only when this says so
    photo: bool = False  # a photo sent as the answer fills it (with the messenger's file id)
    no_answers: bool = False  # a yes-or-no question: a bare 不用了 answers it, never cancels
    offered: bool = False  # not asked, the read-back offers it: a bare 不用 there declines it


@dataclass(frozen=True)
class Form:
    """A form: what to ask, how to read it back, what to do when confirmed."""

    name: str  # its short Chinese title is the response form_title_<name>, e.g. 登记住址
    slots: list[Slot]
    summary: Callable[[Context, Slots], str]
    submit: Callable[[Context, Slots], None]
    prefill: Callable[[Context], Slots] | None = None
    confirm: bool = True
    intents: tuple[str, ...] = ()  # intents that continue this form rather than change topic
    staff: bool = False  # staff compose text here: its words are content, never a new topic
    # reads a correction typed at the read-back that the NLU's entities do not carry
    # (名字错了 是王晓明): changes the slots and returns True, else False
    correct: Callable[[Context, Slots], bool] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def title(self, ctx: Tick) -> str:
        """The form's short title in the office's words (data/responses: form_title_<name>)."""
        title: str = ctx.t(f"form_title_{self.name}")
        return title

    def slot(self, name: str) -> Slot:
        """A slot by name."""
        return next(s for s in self.slots if s.name == name)


def start(ctx: Context, definition: Form) -> dict[str, Any]:
    """Open a form, filling what the message already said, and ask the first question."""
    with rendering(ctx.texts):
        return _start(ctx, definition)


def _start(ctx: Context, definition: Form) -> dict[str, Any]:
    state: dict[str, Any] = {"name": definition.name, "slots": {}, "asking": None,
                             "failures": 0, "confirming": False, "opened_by": ctx.intent}
    if definition.prefill:
        state["slots"].update(definition.prefill(ctx))
    fill_from_entities(ctx, definition, state)
    advance(ctx, definition, state)
    return state


def fill_from_entities(ctx: Context, definition: Form, state: dict[str, Any],
                       refused: list[str] | None = None) -> bool:
    """Fill every slot whose entity the message states; True when something was filled.
    Values that cannot be (4单元 where there is none) go to `refused`, when given."""
    filled = False
    for slot in definition.slots:
        values = ctx.entities(slot.entity) if slot.entity else []
        if not values:
            continue
        # 不是水管 是暖气 / 5号楼 不对 7号楼: of two values, a correction means the one said to be
        value = _meant(ctx, slot.entity, values) if correcting(ctx.text) else values[0]
        try:
            if slot.validate is not None:
                value = slot.validate(ctx, value, state["slots"])
            state["slots"][slot.name] = value
            filled = True
        except Invalid as exc:
            if state.get("asking") == slot.name:
                raise exc
            if refused is not None:
                refused.append(exc.render(ctx.texts))
    return filled


def _meant(ctx: Context, entity: str | None, values: list[str]) -> str:
    """The value a correction means, by where each stands in the words (the last, when the
    NLU gave no places)."""
    found = [(str(e["value"]), e.get("start"), e.get("end"))
             for e in ctx.parse.get("entities", []) if e["entity"] == entity]
    if len(found) < 2 or any(not isinstance(start, int) for _v, start, _e in found):
        return values[-1]
    return meant_value(ctx.text, [(v, int(s), int(e)) for v, s, e in found])


def answer(ctx: Context, definition: Form, state: dict[str, Any], *, typed: bool = True) -> bool:
    """Take this message as the answer to the open question; False when it is not one.

    With typed=False only what the NLU found counts (entities, a yes at the read-back), so the
    caller can first check whether the person changed the subject before reading raw words.
    """
    with rendering(ctx.texts):
        return _answer(ctx, definition, state, typed=typed)


def _answer(ctx: Context, definition: Form, state: dict[str, Any], *, typed: bool) -> bool:
    if _photo_aside(ctx, definition, state):
        return True
    if state["confirming"]:
        return _answer_confirmation(ctx, definition, state)
    slot = definition.slot(state["asking"])
    before = dict(state["slots"])
    try:
        filled = fill_from_entities(ctx, definition, state)
        if not filled and _corrected(ctx, definition, state):
            return _advance_after_fill(ctx, definition, state, before)  # 不对 门牌是310
        if filled and _changed(definition, before, state["slots"]):
            return _advance_after_fill(ctx, definition, state, before)  # 不对 是陈小红
        if slot.name not in state["slots"]:
            if not typed:
                if filled:  # 3好楼2单元: the unit was read; the words may hold the answer too
                    _typed_if_valid(ctx, slot, state["slots"])
                return filled and _advance_after_fill(ctx, definition, state)
            value = _typed_value(ctx, slot, state["slots"])
            if value is None:
                return filled and _advance_after_fill(ctx, definition, state)
            state["slots"][slot.name] = value
    except Invalid as exc:
        ask_again(ctx, definition, state, exc.render(ctx.texts))
        return True
    return _advance_after_fill(ctx, definition, state)


def _changed(definition: Form, before: Slots, slots: Slots) -> str | None:
    """The first earlier answer this message changed, if any."""
    return next((slot.name for slot in definition.slots
                 if before.get(slot.name) not in (None, slots.get(slot.name))), None)


def _corrected(ctx: Context, definition: Form, state: dict[str, Any]) -> bool:
    """An earlier answer corrected in words the NLU's entities do not carry (不对 门牌是310)."""
    return (definition.correct is not None and correcting(ctx.text)
            and definition.correct(ctx, state["slots"]))


def _photo_aside(ctx: Context, definition: Form, state: dict[str, Any]) -> bool:
    """A photo sent while another question (or the read-back) waits fills the form's photo
    slot, and that question is asked again."""
    slot = next((s for s in definition.slots if s.photo), None)
    if not ctx.photo or slot is None or state.get("asking") == slot.name:
        return False
    state["slots"][slot.name] = ctx.photo
    state["confirming"] = False
    advance(ctx, definition, state)
    return True


def _typed_if_valid(ctx: Context, slot: Slot, slots: Slots) -> None:
    """Fill the asked slot from the raw words when its validator takes them (no complaint)."""
    if slot.validate is None or slot.free_text or slot.optional:
        return
    try:
        value = _typed_value(ctx, slot, dict(slots))
    except Invalid:
        return
    if value is not None:
        slots[slot.name] = value


def fits(ctx: Context, definition: Form, state: dict[str, Any]) -> bool:
    """Whether the raw words are a valid answer to a validated question (nothing changes)."""
    with rendering(ctx.texts):
        return _fits(ctx, definition, state)


def _fits(ctx: Context, definition: Form, state: dict[str, Any]) -> bool:
    asking = state.get("asking")
    if state["confirming"] or not asking:
        return False
    slot = definition.slot(asking)
    if slot.validate is None or slot.free_text:
        return False
    try:
        return _typed_value(ctx, slot, dict(state["slots"])) is not None
    except Invalid:
        return False


def _advance_after_fill(ctx: Context, definition: Form, state: dict[str, Any],
                        before: Slots | None = None) -> bool:
    """The question on; an earlier answer corrected on the way is said back first (the form's
    `<form>_changed_<slot>` text, where it has one: 好的，名字改成陈小红了)."""
    state["failures"] = 0
    changed = _changed(definition, before, state["slots"]) if before is not None else None
    key = f"{definition.name}_changed_{changed}"
    said = ctx.t(key, value=state["slots"][changed]) + "\n" if changed and ctx.texts.has(key) \
        else ""
    advance(ctx, definition, state, prefix=said)
    return True


def skips(ctx: Context, definition: Form, state: dict[str, Any]) -> bool:
    """The person puts the open optional question aside (没有照片, 不会拍, 电话就不留了)."""
    asking = state.get("asking")
    if state["confirming"] or not asking or not definition.slot(asking).optional:
        return False
    text = ctx.args if ctx.args else ctx.text.strip()
    return _puts_aside(definition.slot(asking), text)


def _puts_aside(slot: Slot, text: str) -> bool:
    """Words that leave an optional question empty: 没有 / 跳过, and a bare 不 / 唔使 where no
    is not itself the answer."""
    return says_skip(text) or (not slot.no_answers and says_bare_no(text))


def answers_no(ctx: Context, definition: Form, state: dict[str, Any]) -> bool:
    """A bare no (不用了, 不要) to the open yes-or-no question: its answer, not a cancel."""
    asking = state.get("asking")
    if state["confirming"] or not asking or not definition.slot(asking).no_answers:
        return False
    return says_bare_no(ctx.args if ctx.args else ctx.text.strip())


def declines_offer(ctx: Context, definition: Form, state: dict[str, Any]) -> bool:
    """不用 at a read-back that offers more (a photo, a time) and nothing is given: no to the
    offer, the request stands (算了 / 不报了 / the 取消 button still give it up)."""
    if not state["confirming"] or ctx.parse.get("explicit"):
        return False
    if not any(s.offered and not state["slots"].get(s.name) for s in definition.slots):
        return False
    return declines(ctx.text)


def cancels(ctx: Context) -> bool:
    """The person gives the whole form up: the 取消 / 不办了 button, or words that say so
    (a bare 不对 is a correction, and a no to an optional question a skip, never a cancel)."""
    if ctx.parse.get("explicit"):
        return ctx.intent == "deny"
    return says_cancel(ctx.text)


def _typed_value(ctx: Context, slot: Slot, slots: Slots) -> Any:
    """The answer from the raw text (or a "=value" button), validated; None if not an answer."""
    if slot.photo and ctx.photo:
        return ctx.photo
    raw = ctx.args if ctx.args else ctx.text.strip()
    if slot.optional and _puts_aside(slot, raw):
        return ""
    if not slot.optional and raw in SKIP_BUTTON:
        raise Invalid(ctx.t("form_needed"))
    if slot.validate is not None and raw:
        try:
            return slot.validate(ctx, raw, slots)
        except Invalid:
            if skips_needed(raw):  # 没有 / 不用, where the question is not one to leave out
                raise Invalid(ctx.t("form_needed")) from None
            raise
    if slot.free_text and raw:
        return raw
    return None


def corrects(ctx: Context, definition: Form, state: dict[str, Any]) -> bool:
    """At the read-back, words the form's own correction reads change it (不用送了 我自己去吃),
    even where they begin like giving up; words that cancel (不订了) never do."""
    if not state["confirming"] or definition.correct is None or cancel_words(ctx.text):
        return False
    try:
        changed = definition.correct(ctx, state["slots"])
    except Invalid as exc:  # understood, and refused: why, then the read-back again
        ask(ctx, definition, state, prefix=exc.render(ctx.texts) + "\n")
        return True
    if changed:
        advance(ctx, definition, state)
    return changed


def confirm(ctx: Context, definition: Form, state: dict[str, Any]) -> None:
    """The read-back was accepted: submit the form."""
    with rendering(ctx.texts):
        state["asking"] = None
        state["confirming"] = False
        state["done"] = True
        definition.submit(ctx, state["slots"])


def _answer_confirmation(ctx: Context, definition: Form, state: dict[str, Any]) -> bool:
    typed = ctx.text.strip()
    if ctx.intent == "affirm" and not says_skip(typed):
        confirm(ctx, definition, state)
        return True
    if typed and says_skip(typed):  # 没有照片 / 跳过 at the read-back: nothing to add, no yes
        ask(ctx, definition, state)
        return True
    refused: list[str] = []
    changed = fill_from_entities(ctx, definition, state, refused)
    if not changed and definition.correct is not None:
        try:
            changed = definition.correct(ctx, state["slots"])
        except Invalid as exc:
            ctx.say(exc.render(ctx.texts))
    if changed:
        advance(ctx, definition, state)
        return True
    if refused and ctx.intent == "deny":  # 不对 是4单元 where there is none: why, read back again
        ask(ctx, definition, state, prefix=refused[0] + "\n")
        return True
    return False


def advance(ctx: Context, definition: Form, state: dict[str, Any], *, prefix: str = "") -> None:
    """Ask the next missing slot, or read back, or submit."""
    for slot in definition.slots:
        if slot.name in state["slots"]:
            continue
        if slot.needed is not None and not slot.needed(state["slots"]):
            continue
        state["asking"] = slot.name
        ask(ctx, definition, state, prefix=prefix)
        return
    state["asking"] = None
    if definition.confirm:
        state["confirming"] = True
        ctx.say(prefix + definition.summary(ctx, state["slots"]), buttons=yes_no(ctx.texts))
    else:
        state["done"] = True
        definition.submit(ctx, state["slots"])


def ask(ctx: Context, definition: Form, state: dict[str, Any], *, prefix: str = "") -> None:
    """(Re)ask the open question, or the read-back."""
    if state["confirming"]:
        ctx.say(prefix + definition.summary(ctx, state["slots"]), buttons=yes_no(ctx.texts))
        return
    slot = definition.slot(state["asking"])
    buttons = slot.buttons(ctx, state["slots"]) if slot.buttons else None
    if slot.optional:
        buttons = (buttons or []) + [[Button(ctx.t("button_skip"), "=跳过")]]
    ctx.say(prefix + ctx.t(slot.ask), buttons=buttons)


def ask_again(ctx: Context, definition: Form, state: dict[str, Any], why: str) -> None:
    """The message did not answer the question: say why, ask again; the second time, offer a
    way out."""
    state["failures"] += 1
    said, why = why, _why_again(ctx, definition, state, why)
    if state["failures"] >= 2:
        ctx.say(ctx.t("form_stuck", why=why or said, title=definition.title(ctx)),
                buttons=[[Button(ctx.t("button_form_continue"), "/form_continue"),
                          Button(ctx.t("button_form_quit"), "/deny")]])
        return
    ask(ctx, definition, state, prefix=why + "\n" if why else "")


def _why_again(ctx: Context, definition: Form, state: dict[str, Any], why: str) -> str:
    """Why the question comes again, never the question itself twice (a validator that
    answers with its question); a yes typed to a choice of buttons: pick one of them."""
    if state["confirming"] or not state.get("asking"):
        return why
    slot = definition.slot(state["asking"])
    if ctx.intent == "affirm" and slot.buttons is not None and not ctx.parse.get("explicit"):
        return ctx.t("form_pick_one")
    return "" if why.strip() == ctx.t(slot.ask).strip() else why
