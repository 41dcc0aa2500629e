"""The safety layer: reads every message first and decides whether it describes danger now.

Pure like the rest of nlu/: text in, a Verdict out; no state. Its data files: the weights of two
small learned models (nlu/safety/ngrams.json and frames.json, with their .npy rows) and the
homophones' pinyin table (readings.json), all written by `python -m nlu.safety.training`.

    assess(text, *, speaker="resident") -> Verdict
        speaker: resident | family | contact | staff (a contact or staff member handling a
        check-in or an escalation writes notes about an elder: their words are read as such)
    Verdict(level, kind, subject, cues, ignored)
        level    now | urgent | none
        kind     gas fire medical stroke fall unconscious lift self_harm violence missing
                 flood_electric burst_pipe, or None (level none, or a bare 救命)
        subject  self | other | unknown: who is in danger
        cues     the words taken as danger; ignored: cues dismissed, as "reason:words"

How: high-recall cue patterns per kind (nlu.safety.cues, cues_places, cues_body, cues_harm,
cues_violence, cues_said, cues_hinted, cues_scenes, cues_missing) on text normalized for
traditional characters, dialect, homophone typos (nlu.safety.homophones) and missing punctuation
(nlu.safety.text), then the harmless contexts of the cue's clause (nlu.safety.context):
negation, the past, bills and procedures, hypotheticals, idioms, ordinary faults, news and
frames (a lecture, a drill, a dream), and notes that all is well. Not everything dismissed is
dropped: self-harm said now and then or called settled by a contact, and violence that happens
every day or comes as a complaint, stay urgent. Where several kinds are found, the worst one's
first words are chosen (nlu.safety.precedence). Where no pattern has a word, a character n-gram
classifier (nlu.safety.learned) may still find danger now, in the whole message or in its last
clauses; its guess passes the same contexts. For a contact's or staff member's note it
must be surer (0.7, not 0.6) and the note must not say anywhere that the person is safe.
A second learned model, the frame model, reads the messages where a pattern did find a danger
word: where it and the kind classifier both read no danger now, the level is urgent (the
kind's first words, no alarm).
Where the rules silence the models, the models may overrule them (nlu.safety.overrule): a cue a
context dismissed (news, a fault, a procedure, a hypothesis, a resident's all-is-well) is kept
when the frame model is near sure of danger now and the kind classifier reads some danger, and
one dismissed as the past or by a note's all-is-well too when the kind classifier is near sure
of its kind; an urgent reading (a milder symptom, a silence, a quarrel, a burst
pipe) is danger now when the kind classifier is sure of it; and where the kind classifier is
near sure of another kind than the rules', its kind (and first words) is taken.
Cue lists are Python, not data: they are regular expressions whose gaps and exclusions are
tested together with the context rules (tests/nlu/test_safety.py).
"""

from nlu.safety.assess import Verdict, assess
from nlu.safety.cues import Kind, Level
from nlu.safety.subject import Speaker, Subject

__all__ = ["Kind", "Level", "Speaker", "Subject", "Verdict", "assess"]
