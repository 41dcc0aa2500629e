"""Where the learned models overrule the rules: the two places the rules silence them.

A context that dismisses a cue (news, a fault, a rule asked about, a note that all is well)
stops the classifiers from being asked at all, and an urgent cue (a milder symptom, a burst
pipe) fixes the level whatever the words around it say. On messages no rule or model had
seen (the stop-34 layer on the sets written at stop 35, bench/danger_overrule.py, RESULTS.md
"overrule36"), those were 116 of its 207 misses; the overrules below, with thresholds chosen
there before the closed sets were run, won 79 of them for 3 false alarms.
"""

from __future__ import annotations

from nlu.safety.context_safe import NOTE_TAKERS
from nlu.safety.learned import NONE, Guess, frame_says_now, guess
from nlu.safety.learned_guards import dismissed

# the frame model's probability of danger now from which a dismissal is undone (on the
# selection data: 0.95 won 45 for 2 false alarms, 0.9 won 47 for 7, 0.5 won 62 for 45)
FRAME_OVERRULES = 0.95
# the contexts it may overrule: where it won anything there. An idiom (吐血, 大出血), a
# negation or the past never hid danger from the stop-34 layer, and the frame model reads an
# idiom's words as danger (6 false alarms on our development sets, none won)
_OVERRULED = frozenset({"news", "fault", "procedure", "safe", "hypothetical"})
# the kind classifier's probability from which an urgent cue's message is danger now, as for
# a message with no cue at all (nlu.safety.assess.LEARNED_SURE, LEARNED_NOTE_SURE)
GUESS_OVERRULES = 0.6
GUESS_OVERRULES_NOTE = 0.7


def frame_overrules(level: str, ignored: tuple[str, ...], plain: str, speaker: str) -> bool:
    """A verdict short of danger now, with a cue a context dismissed, that the frame model
    surely reads as danger now. Never a contact's or staff member's note read as all is well:
    notes about someone safe raise no alarm."""
    contexts = {i.split(":", 1)[0] for i in ignored} - {"frame"}
    if level == "now" or not contexts or contexts - _OVERRULED:
        return False
    if speaker in NOTE_TAKERS and "safe" in contexts:
        return False
    return frame_says_now(plain) >= FRAME_OVERRULES


def guess_overrules(level: str, ignored: tuple[str, ...], plain: str,
                    speaker: str) -> Guess | None:
    """For an urgent verdict with nothing dismissed, the kind classifier's guess of danger now
    when it is sure enough and no guard says it is something else; else None."""
    if level != "urgent" or ignored:
        return None
    found = guess(plain)
    sure = GUESS_OVERRULES_NOTE if speaker in NOTE_TAKERS else GUESS_OVERRULES
    if found.kind == NONE or found.probability < sure or dismissed(found.kind, plain):
        return None
    return found
