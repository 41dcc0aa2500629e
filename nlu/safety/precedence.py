"""Which kind's first words, when a message holds cues of several kinds.

nlu.safety.assess first takes the kind that comes first in nlu.safety.cues.PRIORITY (gas, flood
with power, fire, self-harm, violence, missing, unconscious, medical, stroke, lift, fall, burst
pipe); worst_kind then corrects that choice where the first words of another kind fit better:

    own hand         a knife or a wound of someone who talks of dying: self-harm
    specific         a stroke sign or a fall beside signs any illness gives: stroke, fall
    cause            someone who answers poorly after a fit, a fever, a fall, a stroke sign:
                     the cause (out cold in a fit: medical)
    lift             short of breath in a stuck lift, no sign of the heart: the lift; so is a
                     smell of burning in it, no flame nor smoke said
    method           a charcoal burner's smoke lit to die by: self-harm, not fire
    spread           a gas fire that has spread to the room: fire (a flame at the leak: gas)
    own medicine     too many of one's everyday pills (降糖药, 降压药), or of pills nobody can
                     name, and what they do to the body, no word of dying: medical (an
                     elder's muddle, not an attempt)
    out cold         a handful of pills, not all there were, no word of dying, and now no
                     waking (吃了一把药 现在叫不醒): unconscious (120, breathing, on the side)
    despair          a bottle of pills beside words of despair (吃完就不用再痛了): self-harm
    water            sparks where water reached a socket, said apart (水 插座 冒火花): flood
                     with power
    shocked cold     someone shocked, out cold, the power already cut (电源我拉了): unconscious

The rules of someone down (cause, and someone down who is awake and hurt: a fall) are in
nlu.safety.precedence_response; a Hit and the helpers both read it with, in nlu.safety.hit.
"""

from __future__ import annotations

import re

from nlu.safety.hit import Hit, as_kind, now_of
from nlu.safety.precedence_response import cause_over_response, fall_when_awake


def worst_kind(kept: list[Hit], chosen: Hit | None, plain: str = "") -> Hit | None:
    """The hit whose kind's first words the message needs, from the one chosen by priority
    (plain: the prepared message, where a wound may be told outside any cue)."""
    chosen = _specific_over_vague(kept, _own_hand(kept, chosen, plain))
    chosen = cause_over_response(kept, _water_over_sparks(kept, chosen, plain), plain)
    chosen = _pills_in_despair(kept, chosen, plain)
    chosen = fall_when_awake(kept, chosen, plain)
    for correct in (_lift_over_breath, _lift_over_smell, _method_over_smoke, _flames_over_leak):
        chosen = correct(kept, chosen)
    chosen = _lift_when_crying(kept, chosen, plain)
    chosen = _door_forced_to_reach(kept, chosen)
    return _shocked_cold(kept, _out_cold(kept, _own_medicine(kept, chosen, plain), plain), plain)


# the power already cut by the one who writes: 电源我已经拉了, 总闸拉了, 断电了
_POWER_CUT = re.compile(r"(?:电源|电闸|总闸|闸|开关)[^ ]{0,4}(?:拉了|拉掉|关了|关掉|断了|拔了)|"
                        r"(?:拉|关|断|拔)了?(?:电源|电闸|总闸|闸)|断电了|已经断电")


def _shocked_cold(kept: list[Hit], chosen: Hit | None, plain: str) -> Hit | None:
    """Someone shocked and now out cold, the power already cut (他触电了 一动不动 电源我拉了):
    what is left is the person, unconscious's first words (breathing, CPR)."""
    if chosen is None or chosen.cue.kind != "flood_electric" or not _POWER_CUT.search(plain):
        return chosen
    shocked = all(re.search(r"触电|被电|电[倒到击]", h.words)
                  for h in kept if h.cue.kind == "flood_electric")
    cold = now_of(kept, "unconscious")
    return cold[0] if shocked and cold else chosen


def _own_hand(kept: list[Hit], chosen: Hit | None, plain: str = "") -> Hit | None:
    """A knife held or a wound bleeding by someone who talks of dying (老说不想活了 今天真的拿了
    刀, 总是割自己 今天割得很深), or a cut on one's own arm kept secret (刀片划了好几下 血一直流
    不敢跟家里说): the harm is to oneself, whose first words fit."""
    if chosen is None or chosen.cue.kind not in ("violence", "medical") \
            or chosen.cue.level != "now":
        return chosen
    own = any(h.cue.kind == "self_harm" for h in kept) \
        or bool(_SELF_CUT.search(plain) and _SECRET.search(plain))
    others = [h for h in kept if h.cue.kind == "violence" and not _HELD.match(h.words)]
    if not own or others:
        return chosen
    return as_kind(chosen, "self_harm")


_HELD = re.compile(r"(?:拿|提|举|拎|握|揣)")
# a blade drawn across one's own arm, and the wish that nobody know
_SELF_CUT = re.compile(r"(?:刀片|小刀|美工刀|刮胡刀|剃须刀|刀)[^ ]{0,6}(?:划|割)|"
                       r"(?:手|胳膊|手腕|腕)[^ ]{0,2}(?:划|割)[了得]")
_SECRET = re.compile(r"别告诉|不敢[^ ]{0,3}(?:说|告诉)|别跟[^ ]{0,4}说|不想让[^ ]{0,4}知道|emo")
# signs that any illness or injury gives (dizzy, sick, weak, in pain; not the chest, breath or
# blood): a stroke sign or a fall said with them names the kind (头晕得站不住 吐了两回 一边手麻
# is a stroke; 摔了一跤 腿痛得受不了 is a fall)
_VAGUE = re.compile(r"^(?!.*[胸心喘血]).*(?:晕|吐|站不|疼|痛|没劲|难受|出汗|冒汗|恶心|迷糊|糊涂|"
                    r"反应|胡话|发直|骨头|骨折|变形)")
# cold sweat beside a fall's pain (腰疼得直冒冷汗) is the pain's; beside nothing else, the body's
_COLD_SWEAT = re.compile(r"^[^ ]{0,2}冷汗$")


# short of breath from the closeness of a stuck lift, not from the heart or the lungs
_BREATH_ONLY = re.compile(r"^(?!.*(?:胸|心|嘴唇|脸|紫|青|血|晕倒|昏)).*(?:喘|气|闷|憋)")


def _lift_over_breath(kept: list[Hit], chosen: Hit | None) -> Hit | None:
    """Stuck in a lift and short of breath (好闷 有点喘不上气): the lift's first words, which
    say the air is enough, unless a sign of the heart or the lungs is said too."""
    if chosen is None or chosen.cue.kind != "medical":
        return chosen
    lift = now_of(kept, "lift")
    medical = [h for h in kept if h.cue.kind == "medical"]
    if lift and all(_BREATH_ONLY.match(h.words) for h in medical):
        return lift[0]
    return chosen


def _lift_over_smell(kept: list[Hit], chosen: Hit | None) -> Hit | None:
    """A smell of burning in a lift stuck with people inside (轿厢里冒出焦味 停在半路), no flame
    nor smoke said: the lift's first words (the rescue that brings them out)."""
    if chosen is None or chosen.cue.kind != "fire":
        return chosen
    lift = now_of(kept, "lift")
    fire = [h for h in kept if h.cue.kind == "fire"]
    if lift and all(re.search(r"[味焦糊]", h.words) and not re.search(r"火|烟|着|烧起", h.words)
                    for h in fire):
        return lift[0]
    return chosen


# awake in the car: crying, shouting, knocking (喊他不应 of a child in a stuck lift who only cries)
_AWAKE_IN_CAR = re.compile(r"哭|喊救命|大喊|在喊|拍门|敲门|砸门|叫唤")


def _lift_when_crying(kept: list[Hit], chosen: Hit | None, plain: str) -> Hit | None:
    """Someone in a stuck lift who does not answer but cries or knocks (停在半道了 他在里头哭 喊他
    不应): awake and frightened, the lift's first words (the rescue), not those of one out cold."""
    if chosen is None or chosen.cue.kind != "unconscious":
        return chosen
    lift = now_of(kept, "lift")
    rest = plain
    for hit in kept:
        if hit.cue.kind == "unconscious":
            rest = rest.replace(hit.words, " ")
    return lift[0] if lift and _AWAKE_IN_CAR.search(rest) else chosen


def _method_over_smoke(kept: list[Hit], chosen: Hit | None) -> Hit | None:
    """Smoke from a charcoal burner lit to die by (在房间里烧炭 门缝有烟): self-harm's first
    words (stay with him, call 120), not a fire's (get out), unless flames are said too, other
    than the charcoal's own (炭烧着了)."""
    if chosen is None or chosen.cue.kind != "fire":
        return chosen
    burner = [h for h in kept if h.cue.kind == "self_harm" and "炭" in h.words]
    fire = [h for h in kept if h.cue.kind == "fire"
            and not any(h.start < b.end and b.start < h.end for b in burner)]
    if burner and not any(re.search(r"火|着了|烧起来", h.words) for h in fire):
        return burner[0]
    return chosen


# a fire that has spread beyond the gas that feeds it: the room burns, smoke fills it
_SPREAD = re.compile(r"蔓延|烧到|烧过来|浓烟|黑烟|火越来越大|火势|"
                     r"(?:房子|屋子|窗帘|柜子|家具|墙|屋里|家里|厨房|房间|衣服|被子)[^ ]{0,3}"
                     r"(?:着了|烧着|烧起来|着起来)")


def _flames_over_leak(kept: list[Hit], chosen: Hit | None) -> Hit | None:
    """A gas fire that has spread to the room (煤气灶着火了 窗帘都烧着了 满屋黑烟): the fire's
    first words (get out low, 119). A flame at the leak itself (管子掉了 火苗窜得老高) stays
    gas: closing the valve is what puts it out."""
    if chosen is None or chosen.cue.kind != "gas" or chosen.cue.level != "now":
        return chosen
    fire = [h for h in kept if h.cue.kind == "fire" and h.cue.level == "now"
            and _SPREAD.search(h.words)]
    return fire[0] if fire else chosen


# a medicine taken every day for an illness, not one to sleep or to kill pests
_EVERYDAY_PILLS = re.compile(r"降糖|降压|血压|心脏|胰岛素|止痛|感冒|消炎|二甲双胍|阿司匹林")
_DYING = re.compile(r"不想活|活够|活着|死|一了百了|解脱|拖累|累赘|遗书|遗言|再见|永别|告别|最后|"
                    r"安眠|农药|老鼠药|故意|自己想")


# someone else's pills the writer cannot name: 不知道是什么药, 也不知道吃的啥
_UNKNOWN_PILLS = re.compile(r"不知道(?:是|吃的|吞的)?(?:什么|啥|哪种)药|什么药[^ ]{0,2}不知道")
# despair said anywhere in the message, beside the pills
_DESPAIR = re.compile(r"不想活|活够|活着没|不想撑|撑不下去|撑不住了|熬不住|熬不下去|活不下去|"
                      r"不想过了|没意思了|没心思再活|不想再活|"
                      r"不用再(?:痛|疼|受罪|遭罪|受苦|难受)|"
                      r"一了百了|解脱|拖累|累赘|遗书|遗言|永别|去找(?:他|她)|去陪(?:他|她)|"
                      r"(?:狗|猫|鸟|宠物)[^ ]{0,3}(?:谁要|谁养|送人|送给|托付|交给)")  # given away


def _own_medicine(kept: list[Hit], chosen: Hit | None, plain: str = "") -> Hit | None:
    """Too many of one's everyday pills and what they do to the body (吃了一把降糖药 现在手抖
    出冷汗), with no word of dying: medical's first words."""
    if chosen is None or chosen.cue.kind != "self_harm":
        return chosen
    own = [h for h in kept if h.cue.kind == "self_harm"]
    medical = now_of(kept, "medical")
    if _DESPAIR.search(plain):
        return chosen  # 不想撑了 刚吃了一大把降压药: the pills are the means
    if medical and _UNKNOWN_PILLS.search(plain) and not _DYING.search(plain):
        return medical[0]  # 他吃了一大把药 不知道是什么药 一直在吐: what they took, poison's aid
    if medical and own and all(_EVERYDAY_PILLS.search(h.words)
                               and not _DYING.search(h.words) for h in own):
        return medical[0]
    return chosen


def _specific_over_vague(kept: list[Hit], chosen: Hit | None) -> Hit | None:
    """A stroke sign or a fall beside medical signs that any illness gives: its first words."""
    if chosen is None or chosen.cue.kind != "medical" or chosen.cue.level != "now":
        return chosen
    falls = now_of(kept, "fall")
    # blood the fall's own words tell (摔得满脸是血) is the fall's
    medical = [h for h in kept if h.cue.kind == "medical"
               and not ("血" in h.words and any(f.start <= h.start and h.end <= f.end
                                                for f in falls))]
    vague = all(_VAGUE.match(h.words) for h in medical)
    for kind in ("stroke", "fall"):
        found = [h for h in kept if h.cue.kind == kind and h.cue.level == "now"]
        painful = kind == "fall" and any(re.search(r"疼|痛", h.words) for h in found)
        if found and (vague or (painful and all(_VAGUE.match(h.words)
                                                 or _COLD_SWEAT.match(h.words)
                                                 for h in medical))):
            return found[0]
    return chosen


# all the pills there were: the means of an attempt (把家里的药全吃了, 一整瓶)
_ALL_OF = re.compile(r"全|所有|整瓶|一瓶|整盒|一盒|一整|药都(?:吃|吞|喝)")


def _out_cold(kept: list[Hit], chosen: Hit | None, plain: str = "") -> Hit | None:
    """A handful of pills and no waking, with no word of dying (吃了一大把药 怎么叫都叫不醒):
    the first words of someone out cold, not of an attempt."""
    if chosen is None or chosen.cue.kind != "self_harm" or _DESPAIR.search(plain) \
            or _ALL_OF.search(plain):
        return chosen
    own = [h for h in kept if h.cue.kind == "self_harm"]
    cold = now_of(kept, "unconscious")
    if cold and all("药" in h.words and not _DYING.search(h.words) for h in own):
        return cold[0]
    return chosen


# a bottle or a handful of pills (the medical cue of too many taken) beside despair
_PILLS = re.compile(r"整瓶|一瓶|一把|一大把|整板|整盒|一盒|十几|几十|二十")


def _pills_in_despair(kept: list[Hit], chosen: Hit | None, plain: str) -> Hit | None:
    """Too many pills taken by someone who says why (没心思再活 我喝了一整瓶药水, 一整瓶 吃完就
    不用再痛了): self-harm's first words, not an overdose's by mistake."""
    if chosen is None or chosen.cue.kind != "medical" or chosen.cue.level != "now" \
            or not _DESPAIR.search(plain):
        return chosen
    pills = [h for h in kept if h.cue.kind == "medical" and _PILLS.search(h.words)]
    if not pills:
        return chosen
    return as_kind(pills[0], "self_harm")


# sparks, and water that reached a socket or a wire, told apart (水⚡插座 冒火花)
_SPARKS_ONLY = re.compile(r"^[^ ]*(?:火花|火星)[^ ]*$")
_WATER = re.compile(r"进水|漏水|淹|泡水|水漫|积水|(?<![喝烧开热])水(?![壶杯费果])")
_POWER = re.compile(r"插座|插线板|插排|排插|插头|电线|电闸|电箱|电表")


def _water_over_sparks(kept: list[Hit], chosen: Hit | None, plain: str) -> Hit | None:
    """Sparks where water reached a socket, said in clauses apart: flood with power's first
    words (switch off at the box if safe), unless flames or smoke are said."""
    if chosen is None or chosen.cue.kind != "fire" or chosen.cue.level != "now":
        return chosen
    fire = [h for h in kept if h.cue.kind == "fire"]
    if all(_SPARKS_ONLY.match(h.words) for h in fire) and _WATER.search(plain) \
            and _POWER.search(plain):
        return as_kind(chosen, "flood_electric")
    return chosen


# a door forced open, and nothing else of violence: 撞开门 of one who breaks in to reach someone
_DOOR_FORCED = re.compile(r"^[撞踹砸][开了]?[^ ]{0,1}门$")


def _door_forced_to_reach(kept: list[Hit], chosen: Hit | None) -> Hit | None:
    """A door broken open to find someone out cold behind it (撞开门 他倒在里面 叫不应): the
    first words of one out cold, not of an intruder."""
    if chosen is None or chosen.cue.kind != "violence":
        return chosen
    cold = now_of(kept, "unconscious")
    violent = [h for h in kept if h.cue.kind == "violence"]
    if cold and all(_DOOR_FORCED.match(h.words) for h in violent):
        return cold[0]
    return chosen
