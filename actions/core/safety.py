"""Danger wins: every message a person writes is read by the safety layer (nlu.safety) before
anything else, whatever the conversation is doing (a form, a check-in, an escalation, a staff
note), with who is speaking taken into account.

    who is speaking   capabilities say it (`@speaker`: a contact handling an elder's unanswered
                      check-in, a family member of an enrolled elder); else staff when the
                      person holds a role; else a resident
    danger now        the turn becomes the emergency (about the speaker, or about the elder a
                      contact writes of), with the first words for its kind
    urgent            the first words now (a burst pipe: close the main valve), then the turn
                      goes on as the person meant it (the repair form)
    not danger        an `emergency` guess of the NLU falls to the next guess: the layer, with
                      its patterns and its own learned classifier, is the one judge of danger
                      (the NLU's guess alone raised 打火机打不着火了 and 我摔了个碗)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, get_args

from sqlalchemy import func, literal, select

from actions.core.batch import NLU_LOCK
from actions.core.context import Context
from actions.core.people import names_person, roles_of
from actions.core.registry import SPEAKERS, Speaking
from actions.db.community import Resident
from actions.db.memo import remembered
from nlu import normalize
from nlu.safety import Kind, Verdict, assess

# The kinds an emergency is recorded as: the safety layer's kinds that raise one (a burst pipe
# never does: its first words come, then the repair form) and those the actions name otherwise.
# Someone one cannot reach (unseen for days, the door not answered) is the layer's feared
# unconscious, recorded as unreachable: the first words send someone to the door.
RECORDED_AS: dict[str, str] = {"unreachable": "unconscious"}
EMERGENCY_KINDS: tuple[str, ...] = tuple(
    kind for kind in get_args(Kind) if kind != "burst_pipe") + tuple(RECORDED_AS)


def layer_kind(recorded: str) -> str:
    """The safety layer's kind of an emergency recorded under a kind of the actions."""
    return RECORDED_AS.get(recorded, recorded)


@dataclass(frozen=True)
class Danger:
    """What the safety layer found in this turn's words."""

    level: str  # now | urgent
    kind: str  # gas fire medical ... or "unknown"
    about_id: int  # the person in danger
    cues: tuple[str, ...]


def speaking(ctx: Context) -> Speaking:
    """Who is speaking, in the situation the capabilities know of. Asked by the safety layer
    and again by capabilities (whom a typed vote is for): read once a transaction, again after
    the session writes anything (a speaker rule reads the database, never the words)."""
    return remembered(ctx.session, ("speaking", ctx.person.id, ctx.chat_id), None,
                      lambda: _speaking(ctx))


def _speaking(ctx: Context) -> Speaking:
    for provider in SPEAKERS:
        found = provider(ctx)
        if found is not None:
            return found
    if ctx.person.id is not None and roles_of(ctx.session, person_id=ctx.person.id):
        return Speaking("staff")
    return Speaking("resident")


def read_danger(ctx: Context, text: str) -> None:
    """Run the safety layer on typed words; mark the turn and its parse accordingly."""
    who = speaking(ctx)
    with NLU_LOCK:
        verdict = assess(text, speaker=who.role)  # type: ignore[arg-type]
    if verdict.level != "now":  # the layer read the words: not danger to life now
        _dismiss_false_alarm(ctx.parse)
    door = _door_unanswered(who, text) if verdict.level != "now" else None
    if door is not None:
        ctx.danger = Danger("now", "unreachable", door, verdict.cues)
        ctx.parse["intent"] = {"name": "emergency", "confidence": 1.0}
        return
    if verdict.level == "none":
        return
    about = _about(ctx, who, verdict, text)
    ctx.danger = Danger(verdict.level, verdict.kind or "unknown", about, verdict.cues)
    if _unreachable(verdict, who, text, about):
        ctx.danger = Danger("now", "unreachable", about, verdict.cues)
    if ctx.danger.level == "now":
        ctx.parse["intent"] = {"name": "emergency", "confidence": 1.0}


def _about(ctx: Context, who: Speaking, verdict: Verdict, text: str) -> int:
    """The person in danger: the writer, or the elder a contact writes of, or the one of the
    elders a building leader looks after whom the words name (钱奶奶摔倒了)."""
    if verdict.subject == "self" or STRANGER.search(normalize(text)):
        return ctx.person.id
    named = [e.id for e in who.looks_after if names_person(text, e)] or _resident_named(ctx)
    if len(set(named)) == 1:
        return named[0]
    return who.about.id if who.about is not None else ctx.person.id


def _resident_named(ctx: Context) -> list[int]:
    """The residents of the writer's community whose full name the words hold (王秀英晕倒了):
    read only when danger is found, so the scan is rare."""
    if ctx.person.community_id is None:
        return []
    return list(ctx.session.scalars(select(Resident.id).where(
        Resident.community_id == ctx.person.community_id, Resident.id != ctx.person.id,
        func.length(Resident.name) >= 2, literal(ctx.text).contains(Resident.name)).limit(2)))


# someone the writer does not know (楼道里有个老大爷晕倒了): never the elder she is a contact of
STRANGER = re.compile(r"(?:有|看见|看到|发现)一?个(?:老)?(?:大爷|大妈|大娘|大叔|阿姨|老人|老头|"
                      r"老太太?|奶奶|爷爷|人|男的|女的|小孩|孩子|小伙子?|姑娘)|陌生人|路人|"
                      r"不认识的")


# what explains an absence (回老家了, 住院了): no worry for her welfare
EXPLAINED = re.compile(r"回老家|搬走|搬家|旅游|出远门|出差|住院|回来了|没事|找到了|联系上了|"
                       r"去[^ ]{0,3}(?:儿子|女儿|闺女|孩子)家")


def _unreachable(verdict: Verdict, who: Speaking, text: str, about: int) -> bool:
    """Someone unseen for days, not answering the door or the phone, written of by a
    neighbour or family (or a building leader, of an elder she looks after): someone must go
    and look now, so it is the emergency path (the layer calls it urgent: no danger is seen,
    only feared). A contact handling a check-in writes it of an escalation already running
    (the door not answered there: `_door_unanswered`); staff write it in their notes."""
    reporter = who.role in ("resident", "family") or any(e.id == about
                                                         for e in who.looks_after)
    # urgent only because the frame model doubted words of a collapse (经核实并非晕倒): no one
    # said to be out of reach
    doubted = f"frame:{verdict.kind}" in verdict.ignored
    return (verdict.level == "urgent" and verdict.kind == "unconscious"
            and verdict.subject != "self" and reporter and not doubted
            and not EXPLAINED.search(normalize(text)))


# at the door of an elder whose check-in went unanswered: nobody answers, or the contact cannot get
# in (敲不开门 / 门反锁了进不去 / 拍门冇人应). She may be lying inside: the emergency for her, its
# first words to call 110 to open the door (decided at stop 31; before, the next contact was asked)
_NO_ANSWER = r"(?:没人|没有人|无人|冇人|不应|没反应|没动静|没声音|没回音|没(?:有)?回应|回应都没)"
DOOR = re.compile(r"敲[^，,。]{0,12}(?:" + _NO_ANSWER + r"|不开|唔开)|"
                  r"(?:叫|喊|拍|按)[^ ，,。]{0,3}门[^ ，,。]{0,6}" + _NO_ANSWER + r"|"
                  r"门铃[^ ，,。]{0,8}" + _NO_ANSWER + r"|没人(?:来)?开门|冇人开门|"
                  r"(?:屋里|家里|里面|里头|屋头)[^ ，,。]{0,2}(?:没动静|没声音|没反应|黑着)|"
                  r"进不去|进不了[^ ，,。]{0,2}(?:门|屋|家)|开不了门|"
                  r"(?:门|锁)[^ ，,。]{0,3}(?:打不开|开不开)|入唔到|入唔去|开唔到门|门反锁")
# ... unless the same words say she was found (敲门没人应 后来她开门了 / 原来在女儿家)
FOUND = re.compile(r"开门了|开了门|人在家|在家呢|在睡觉|睡着了|好好的|没事|找到了|联系上了|"
                   r"接电话了|在[^ ，,。]{0,3}(?:儿子|女儿|闺女|邻居|亲戚|朋友)家|"
                   r"出门了|不在家|回来了")


def _door_unanswered(who: Speaking, text: str) -> int | None:
    """The elder, when a contact asked to look in on her writes that her door is not answered
    or that she cannot get in (and nothing of finding her)."""
    if who.role != "contact" or who.about is None:
        return None
    plain = normalize(text)
    found = DOOR.search(plain) is not None and FOUND.search(plain) is None
    return who.about.id if found else None


def _dismiss_false_alarm(parse: dict[str, Any]) -> None:
    """The NLU guessed emergency but the layer found no danger to life now: its next guess."""
    intent = parse.get("intent", {})
    if intent.get("name") != "emergency":
        return
    ranking = [r for r in parse.get("intent_ranking", []) if r.get("name") != "emergency"]
    parse["intent"] = ranking[0] if ranking else {"name": "nlu_fallback", "confidence": 0.0}
