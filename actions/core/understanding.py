"""Understanding one event: text through the NLU (and the danger reader), a pressed button,
a command, or typed words that answer the buttons offered last."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Protocol

from actions.core.batch import NLU_LOCK
from actions.core.context import Context
from actions.core.reply_words import meant_value
from actions.core.requests import lead_read_together, split_requests, unsure_lead
from actions.core.safety import read_danger
from actions.core.settings import Settings
from actions.core.texts import Button, keyboard_from_json, numbered_choice
from nlu import is_traditional, normalize, simplified_only


class Parser(Protocol):
    """An NLU backend: text in, Rasa /model/parse JSON out."""

    def parse(self, text: str, *, ref_date: date | None = None, tz: str = "Asia/Shanghai",
              context: str | None = None) -> dict[str, Any]: ...


def understand(ctx: Context, parser: Parser, settings: Settings, *, text: str | None,
               button: str | None = None, photo: str | None = None) -> None:
    """Fill ctx.parse (and args) from text, a button, or a command."""
    ctx.photo = photo
    if button is not None:
        _press(ctx, button)
        return
    text = (text or "").strip()
    if _script_changed(ctx.person.traditional, text):
        ctx.person.traditional = not ctx.person.traditional
    ctx.traditional = ctx.person.traditional
    if text.startswith("/"):
        _command(ctx, text)
        return
    with NLU_LOCK:
        ctx.parse = parser.parse(text, ref_date=ctx.today, tz=settings.timezone,
                                 context=ctx.state.get("context"))
    confidence = float(ctx.parse["intent"].get("confidence", 0.0))
    if confidence < settings.nlu_threshold:
        ctx.parse["intent"] = {"name": "nlu_fallback", "confidence": confidence}
    read_danger(ctx, text)  # before any button or form can read the words as an answer
    if ctx.danger is None or ctx.danger.level != "now":
        _typed_button(ctx, text)
    if ctx.danger is None or ctx.danger.level != "now":  # several requests in one message
        # (danger now takes the turn alone; after an urgent one's first words, as said)
        with NLU_LOCK:
            parts = [parser.parse(part, ref_date=ctx.today, tz=settings.timezone)
                     | {"also": also} for part, also in split_requests(text)]
            lead = unsure_lead(parts)
            if lead:  # 书法那个课 下礼拜二 帮我留个位: unsure one by one, a request together
                words = " ".join(str(p.get("text", "")) for p in parts[:lead])
                parts = lead_read_together(parts, parser.parse(words, ref_date=ctx.today,
                                                               tz=settings.timezone))
        if parts:
            ctx.parse["parts"] = parts


def _command(ctx: Context, text: str) -> None:
    head, args = (text.split(maxsplit=1) + [""])[:2]  # "/menu\n周一：…" keeps its lines
    name = head[1:].split("@", 1)[0].lower()
    ctx.args = args.strip()
    ctx.parse = {"text": text, "intent": {"name": name, "confidence": 1.0}, "entities": [],
                 "explicit": True}


def _press(ctx: Context, data: str) -> None:
    ctx.traditional = ctx.person.traditional
    if data.startswith("="):
        name, args = "form_answer", data[1:]
    else:
        name, _, args = data.lstrip("/").partition(":")
    ctx.args = args
    ctx.parse = {"text": "", "intent": {"name": name, "confidence": 1.0}, "entities": [],
                 "explicit": True}


def _typed_button(ctx: Context, text: str) -> None:
    """Typed words that answer the buttons offered last count as pressing one: the label,
    the words a button says it takes (the longest match wins: 没修好 over 修好), or a
    yes when one button is offered (unless it undoes)."""
    offered = [b for row in keyboard_from_json(ctx.state.get("buttons", [])) for b in row]
    picked = numbered_choice([b.label for b in offered], text) \
        if ctx.state.get("numbered") else None  # a messenger without buttons numbers them
    chosen = next((b for i, b in enumerate(offered) if text == b.label or i == picked),
                  None) or said_button(offered, text) or _day_named(ctx, offered)
    if chosen is not None:
        words = ctx.parse
        _press(ctx, chosen.data)
        ctx.parse["text"] = text
        ctx.parse["typed"] = words  # the NLU's reading of the words, for a press they overrule
        return
    datas = {b.data for b in offered}
    if ctx.intent in ("affirm", "deny") and f"/{ctx.intent}" in datas:
        return
    if ctx.intent == "affirm" and len(offered) == 1 and not UNDOES.match(
            normalize(offered[0].label)):
        _press(ctx, offered[0].data)


# a yes, a no or nothing sure that names a day (不是周三 改周四吧 / 那就周五吧) under buttons of
# days (the bookable days offered after a refusal): the button of the day meant
DAY_ANSWERS = {"affirm", "deny", "nlu_fallback"}
NOT_WANTED = re.compile(r"不要|不用|不订|不訂|别订|別訂|不吃|算了|取消")  # 明天也不要了: no day


def _day_named(ctx: Context, offered: list[Button]) -> Button | None:
    if ctx.intent not in DAY_ANSWERS or NOT_WANTED.search(ctx.text):
        return None
    days = [(str(e["value"]), e.get("start"), e.get("end"))
            for e in ctx.parse.get("entities", []) if e.get("entity") == "date"]
    if not days:
        return None
    placed = all(isinstance(start, int) for _v, start, _e in days)
    day = meant_value(ctx.text, days) if placed else days[-1][0]
    pressed = [b for b in offered if b.data.endswith(f":{day}")]
    return pressed[0] if len(pressed) == 1 else None


# a lone button that takes back what was just done (取消报名 under 报上了！): a yes to it is
# a thank-you, never a press
UNDOES = re.compile(r"^(?:全部)?(?:取消|撤回|撤销|退出|退掉)")


def said_button(offered: list[Button], text: str) -> Button | None:
    """The offered button whose words match the longest part of the text (None: none match)."""
    best, length = None, 0
    simplified = normalize(text)  # a button's words are written in simplified characters
    for button in offered:
        if not button.says:
            continue
        for match in re.finditer(button.says, simplified):
            if len(match.group(0)) > length:
                best, length = button, len(match.group(0))
    return best


def _script_changed(traditional: bool, text: str) -> bool:
    """Whether the words show the other script: a traditional writer's 王美玲 or 好的 (the
    same in both) keeps her replies traditional; only simplified-only characters switch."""
    if traditional:
        return not is_traditional(text) and any(
            c not in BOTH_SCRIPTS and simplified_only(c) for c in text)
    return is_traditional(text)


# characters traditional writers use too (幸福里, 皇后, 一只): OpenCC turns them by phrase
BOTH_SCRIPTS = frozenset("里后只干面台系发松范制准征于余云")
