"""A note that all is well (the "safe" reason of nlu.safety.context): the person is fine (人好好的,
已经送医院, 自己爬起来了) or the hazard is over (火灭了, 没味了, 修好了). From contacts and
staff, who report on someone, such a note anywhere in the message counts."""

from __future__ import annotations

import re

from nlu.safety import context_notes as notes
from nlu.safety import context_words as pat
from nlu.safety.cues import PERSON_KINDS, PLACE_KINDS, Kind

NOTE_TAKERS = frozenset({"contact", "staff"})


def safe_note(kind: Kind | None, rest: str, message_before: str, *, speaker: str,
              cannot_rise: bool = False) -> bool:
    """Whether a note after the cue (or, from a contact or staff, anywhere) says all is well.
    The sufferer's own 没事 is no such note where the signs say otherwise (stroke signs, chest
    pain, a fall they cannot get up from: 站不起来 喊他他说没事)."""
    pattern = _safe_pattern(kind)
    rest, message_before = (notes.FEARED_MISTAKE.sub(" ", rest),
                            notes.FEARED_MISTAKE.sub(" ", message_before))
    rest = pat.ASKING.sub(" ", notes.ONSET.sub("", rest))
    if kind == "missing":
        rest = notes.USUAL_RETURN.sub(" ", rest)
    if kind in ("stroke", "medical") or (kind == "fall" and cannot_rise):
        rest = notes.SELF_DENIAL.sub(" ", rest)
    if kind is None or kind in PERSON_KINDS:
        rest = notes.PLAYED_DOWN.sub(" ", rest)
    if kind == "gas":
        rest = notes.FLAME_OUT.sub(" ", rest)
    if kind == "medical":
        rest = re.sub(r"^ ?起来了?", "", rest)  # 舌头肿起来了: swelling, not getting up
    if kind == "lift":
        rest = notes.LIFT_AT_HOSPITAL.sub(" ", rest)
        rest = notes.LIFT_WHO.sub(" ", rest)
        message_before = notes.LIFT_AT_HOSPITAL_BEFORE.sub(" ", message_before)
    found = pattern.search(rest)
    hurt = found and kind in PERSON_KINDS and (
        notes.HURT_AFTER.search(rest[found.end():])
        or (kind == "fall" and notes.HURT_AFTER.search(rest[:found.start()])))
    hurt = hurt or (found and kind in ("lift", "fire")
                    and notes.STILL_IN.search(rest[found.end():]))
    if found and kind in PLACE_KINDS:
        last = list(pattern.finditer(rest))[-1]
        hurt = hurt or notes.HAZARD_ON.search(rest[last.end():])  # 火灭了 阀门还开着
        # people out of a hazard that grows (越来越浓 1楼的人都出来了): the hazard is not over
        hurt = hurt or (notes.EVACUATED.search(last.group())
                        and notes.HAZARD_ON.search(rest[:last.start()]))
    if found and not hurt:
        return True
    if kind != "self_harm" and notes.FALSE_ALARM.search(message_before):
        return True  # 虚惊一场 ... then what it was
    if kind != "self_harm" and notes.RETRACTED.search(f"{message_before} {rest}"):
        return True  # 刚才那条 有人困电梯 是我发错群了: a message taken back
    if kind == "missing":
        found_well = notes.FOUND_WELL.search(message_before)
        if found_well and not notes.TURN.search(message_before[found_well.end():]) \
                and not notes.FOUND_BEFORE.search(message_before[:found_well.start()]):
            return True
    # a contact's or staff member's note that opens with all being well explains what follows
    # (a pipe that sprays still wants its repair, whoever is well: 老人没事 水管裂了)
    if speaker not in NOTE_TAKERS or kind in ("self_harm", "burst_pipe"):
        return False
    note = notes.SAFE_PERSON.search(notes.FOUND.sub(" ", message_before))
    if note is not None and kind in PLACE_KINDS and notes.ASLEEP.fullmatch(note.group()):
        return False  # 开着煤气灶人睡着了: asleep in the gas, no note that all is well
    return note is not None and not notes.TURN.search(message_before[note.end():])


def _safe_pattern(kind: Kind | None) -> re.Pattern[str]:
    if kind == "missing":
        return notes.SAFE_MISSING
    if kind is None or kind in PERSON_KINDS:
        return notes.SAFE_PERSON
    if kind == "burst_pipe":
        return notes.SAFE_PIPE  # a closed valve stops the water, not the need for the repair
    if kind in PLACE_KINDS:
        return notes.SAFE_PLACE
    return notes.SAFE_VIOLENCE if kind == "violence" else notes.SAFE_SELF_HARM
