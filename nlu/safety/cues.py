"""The cue patterns of the safety layer: what a message must say to be about danger.

Every cue belongs to one kind and one level: `now` (danger to life now) or `urgent` (act fast,
not life-threatening, or not sure yet: a burst pipe, 胸闷 with nothing more said). Patterns run
on the text of `nlu.safety.text.prepare`, so they hold simplified Mandarin only; a space there
is a clause break. They are written for recall: gaps allow the words people put between (煤气 ...
味), and gaps never cross 不 / 没, so 胸口不疼 or 水管没爆 is no cue. Whether a cue is meant
now is decided afterwards (nlu.safety.context), so patterns carry no past, no hypothesis.

A cue with `needs` counts only when the whole message also matches `needs` (a lift cue needs
the lift to be stuck). A `weak` cue counts only when no other kind has a cue (说不出话 is a
stroke sign, but also what choking does).

This module owns what is shared: the order of kinds (PRIORITY), which kinds are about a person
or a place, the call for help with no kind (ALARM), and CUES, every cue in one tuple: those of
places (nlu.safety.cues_places: gas, fire, water and power, pipes, lifts), of the body
(nlu.safety.cues_body: medical, stroke, fall; nlu.safety.cues_unconscious: out cold or out
of reach), of harm to oneself or others (nlu.safety.cues_harm), of words said indirectly
(nlu.safety.cues_said, cues_hinted), of scenes as the writer finds them
(nlu.safety.cues_scenes) and of a person gone missing (nlu.safety.cues_missing).
"""

from __future__ import annotations

import re

from nlu.safety.cue import Cue as Cue
from nlu.safety.cue import Kind as Kind
from nlu.safety.cue import Level as Level
from nlu.safety.cues_body import FALL, MEDICAL, STROKE
from nlu.safety.cues_harm import HARM
from nlu.safety.cues_missing import MISSING
from nlu.safety.cues_places import BURST_PIPE, FIRE, FLOOD_ELECTRIC, GAS, LIFT
from nlu.safety.cues_said import SAID
from nlu.safety.cues_scenes import SCENES
from nlu.safety.cues_unconscious import UNCONSCIOUS
from nlu.safety.cues_violence import VIOLENCE

# When several kinds are found, the first in this order decides the first words.
PRIORITY: tuple[Kind, ...] = (
    "gas", "flood_electric", "fire", "self_harm", "violence", "missing", "unconscious", "medical",
    "stroke", "lift", "fall", "burst_pipe",
)
# Kinds about a person's body (a note that the person is fine dismisses them) and kinds about
# a place (only a note that the hazard is over does).
PERSON_KINDS = frozenset({"medical", "stroke", "fall", "unconscious", "lift", "missing"})
PLACE_KINDS = frozenset({"gas", "fire", "flood_electric", "burst_pipe"})

CUES: tuple[Cue, ...] = (
    GAS + FIRE + FLOOD_ELECTRIC + BURST_PIPE + LIFT
    + MEDICAL + STROKE + FALL + UNCONSCIOUS
    + HARM + VIOLENCE + SAID + SCENES + MISSING
)

# A call for help with no kind: danger now, kind unknown; with an urgent cue it makes it now.
ALARM = re.compile(
    r"救命|救 命|呼救|救救我|救我(?=$| |啊|呀|吧)|快来人|来人啊|来人呐|出事了|出大事了|谁来帮帮我|"
    r"(?<![a-z])(?:sos|help)(?![a-z])(?! ?(?:我不会|我不懂|不会用|怎么|如何|请问|一下|me with))")
