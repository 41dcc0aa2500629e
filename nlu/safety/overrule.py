"""Where the learned models overrule the rules: the three places the rules silence them.

A context that dismisses a cue (news, a fault, a rule asked about, a note that all is well)
stops the classifiers from being asked at all; an urgent cue (a milder symptom, a burst pipe)
fixes the level whatever the words around it say; and a cue found fixes the kind, whatever
the kind classifier reads. On messages no rule or model had seen (the stop-34 layer on the
sets written at stop 35, bench/danger_overrule.py, RESULTS.md "overrule36", "kind36"), the
first two were 116 of its 207 misses, and the overrules below, with thresholds chosen there
before the closed sets were run, won 79 of them for 3 false alarms; the third named 46 kinds
right and 3 wrong. bench/danger_overrule.py keeps a copy of the rules' sets below (it must run
in a tree from before this module); tests/nlu/test_safety_overrule.py checks they agree.
"""

from __future__ import annotations

import re
from typing import cast

from nlu.safety.context_safe import NOTE_TAKERS
from nlu.safety.cues import Kind, Level
from nlu.safety.learned import NONE, frame_says_now, guess
from nlu.safety.learned_guards import dismissed

# the frame model's probability of danger now from which a dismissal is undone (on the
# selection data: 0.95 won 45 for 2 false alarms, 0.9 won 47 for 7, 0.5 won 62 for 45)
FRAME_OVERRULES = 0.95
# the contexts it may overrule: where it won anything there. An idiom (吐血, 大出血), a
# negation or the past never hid danger from the stop-34 layer, and the frame model reads an
# idiom's words as danger (6 false alarms on our development sets, none won)
OVERRULED = frozenset({"news", "fault", "procedure", "safe", "hypothetical"})
# ... and where the kind classifier is near sure of its kind, also the past (我把药都吃了) and
# a note of family, a contact or staff that all is well (找到了 关在3号梯出不来): on every
# development message (34,344; sets 45 and 47 fresh to the layer) that won 8 (5 of the 22
# misses of 45 and 47) and lost none, and raised no near miss (RESULTS.md "overrule37").
# Never an idiom (吐血), nor a negation
KIND_NEAR_SURE = 0.9
NEAR_SURE_OVERRULED = frozenset({"past"})
# the kind classifier's probability from which an urgent cue's message is danger now, as for
# a message with no cue at all (nlu.safety.assess.LEARNED_SURE, LEARNED_NOTE_SURE)
GUESS_OVERRULES = 0.6
GUESS_OVERRULES_NOTE = 0.7
# the urgent readings it may overrule: a milder symptom, a silence, a quarrel, a burst pipe.
# Not the urgent readings the rules make on purpose (self-harm said as a habit or a grumble,
# a lift with nobody said to be inside, a fall one got up from, water near a socket asked
# about calmly), nor a silence read again as a silence: a phone and a door nobody answers are
# urgent (the classifier must read more in it: a smell, someone on the floor)
MILDER = frozenset({"medical", "unconscious", "violence", "burst_pipe"})
ELECTRIC = re.compile(r"电|插座|插头|插板|闸|灯|开关")
# the kind classifier's probability from which its kind is taken over the rules' (on the
# selection data, 49 kinds switched, 46 right after, 3 right before)
KIND_OVERRULES = 0.9


def frame_overrules(level: Level, ignored: tuple[str, ...], plain: str,
                    speaker: str) -> frozenset[str]:
    """The contexts to undo for a verdict short of danger now whose dismissed cues the frame
    model surely reads as danger now and the kind classifier as some danger: those of OVERRULED
    (never a note of family, a contact or staff that all is well), and where the kind
    classifier is near sure of its kind (KIND_NEAR_SURE), NEAR_SURE_OVERRULED too and a note's
    all-is-well. Else none."""
    contexts = {i.split(":", 1)[0] for i in ignored} - {"frame"}
    if level == "now" or not contexts or contexts - OVERRULED - NEAR_SURE_OVERRULED:
        return frozenset()
    # and the kind classifier reads some danger in it (of 45 won on the selection data, 42
    # were read so; of the urgent messages it made "now", 4 of 5 were not: burst pipes)
    found = guess(plain)
    if found.kind == NONE or frame_says_now(plain) < FRAME_OVERRULES:
        return frozenset()
    if found.probability >= KIND_NEAR_SURE:
        return OVERRULED | NEAR_SURE_OVERRULED
    if contexts - OVERRULED or speaker != "resident" and "safe" in contexts:
        return frozenset()
    return OVERRULED


def guess_overrules(level: Level, kind: Kind | None, ignored: tuple[str, ...], plain: str,
                    speaker: str) -> Kind | None:
    """For an urgent verdict of a MILDER kind with nothing dismissed, the kind of danger now the
    classifier is sure enough of, no guard setting it aside; else None."""
    if level != "urgent" or ignored or kind not in MILDER:
        return None
    found = guess(plain)
    if kind == "unconscious" and found.kind == kind or \
            found.kind == "flood_electric" and not ELECTRIC.search(plain):
        return None
    sure = GUESS_OVERRULES_NOTE if speaker in NOTE_TAKERS else GUESS_OVERRULES
    if found.kind == NONE or found.probability < sure or dismissed(found.kind, plain):
        return None
    return cast(Kind, found.kind)


def kind_overrules(kind: Kind | None, plain: str) -> Kind | None:
    """For danger now of the rules' kind, another kind the classifier is near sure of (and no
    guard sets aside); else None."""
    if kind is None:
        return None
    found = guess(plain)
    if found.kind in (NONE, kind) or found.probability < KIND_OVERRULES \
            or dismissed(found.kind, plain):
        return None
    return cast(Kind, found.kind)
