"""Which kind's first words for someone down who answers poorly, lies still or is awake and hurt
(nlu.safety.precedence.worst_kind asks these): what caused it names the kind (a fit, a fever, a
fall, a stroke sign), and someone down who is awake is a fall. Split from nlu.safety.precedence.
"""

from __future__ import annotations

import re

from nlu.safety.hit import Hit, as_kind, now_of

# someone who answers poorly or lies still (叫不太应, 只会哼, 躺着不动), not one out cold: what
# caused it (a fall, a seizure, a fever, a stroke sign) names the kind, as people report it
_POOR_RESPONSE = re.compile(r"^[^ ]*(?:不太?应|不太?理|不答应|不太醒|只(?:会|是|能)?哼|不吭|"
                            r"没反应|没有反应|"
                            r"没知觉|发直|呆滞)[^ ]*$")
# lying still after a fall that left a wound (摔了 头磕破了 躺着不动弹): the fall's first words
# (do not move them); still with no wound told (踩空了 躺着不动) may be someone out cold
_LYING_STILL = re.compile(r"^[^ ]*(?:[躺趴倒][着起]?不动|[躺趴倒]在[^ ]{1,4}不动|不动弹|一动不动|"
                          r"没动静)[^ ]*$")
_WOUND = re.compile(r"磕|撞|碰|破|血|肿|骨折|着地|伤")
# ... or moans with pain or says where it hurts (躺着不动弹 在哼, 躺着不动 说背疼): hurt and awake
_MOANS = re.compile(r"(?<![只光])(?:在|直|一直)哼|呻吟|哎哟|(?:说|喊|叫)[^ ]{0,3}(?:疼|痛)")
# out cold, not half answering: 叫不醒, 没知觉, 不动了
_COLD_NOW = re.compile(r"(?:叫|喊)不醒|没知觉|不动|没有?反应|不省人事|昏迷")
# a gurgle in the mouth of one who does not answer is the airway's, no stroke sign
_GURGLE = re.compile(r"咕噜|呼噜")
# pitched headlong after a misstep (踩空了 一头栽地上): the fall, not a collapse
_PITCHED = re.compile(r"^一头栽")
_MISSTEP = re.compile(r"踩空|滑|绊|摔|跌")
_CAUSES = ("medical", "stroke", "fall")
# a cause, not a state: a seizure, a fever, heatstroke, sugar, asthma, an allergy, choking; a
# trip, a slip or a drop from a height
_CAUSE_WORDS = {"medical": re.compile(r"抽|癫痫|烧|血糖|哮喘|过敏|噎|卡|中毒|气管炎|犯了|胸|心口|"
                                      r"中暑"),
                "fall": re.compile(r"摔|跌|绊|踩空|滚|栽|滑倒|一滑|滑了|掉下"),
                "stroke": re.compile(r"")}


_SEIZURE = re.compile(r"抽|癫痫|白沫|羊癫疯|羊角风")
# a fit that is over, and still no waking (抽完就不醒了): out cold now, not in a fit
_FIT_OVER = re.compile(r"抽搐?(?:完|过|停|好了|了一阵|了一会)[^ ]{0,8}"
                       r"(?:不醒|叫不醒|没醒|醒不过来|不动了|没(?:有)?反应)|"
                       r"不抽了[^ ]{0,4}(?:不醒|叫不醒|没醒|醒不过来)")


def _is_cause(hit: Hit, plain: str) -> bool:
    """A cue that names what made someone answer poorly; foam at the mouth only in a fit of
    one who still half answers (手脚抽筋 叫她也不太答应 口吐白沫; not 躺床上 吐白沫 喊不醒, nor
    抽完就不动了 口吐白沫), a gurgle never (the airway's)."""
    if hit.cue.kind == "medical" and "白沫" in hit.words:
        return "抽" in plain and not _COLD_NOW.search(plain)
    return bool(_CAUSE_WORDS[hit.cue.kind].search(hit.words)) \
        and not (hit.cue.kind == "stroke" and _GURGLE.search(hit.words))


def cause_over_response(kept: list[Hit], chosen: Hit | None, plain: str = "") -> Hit | None:
    """Someone who answers poorly after a fall, a seizure or a stroke sign: the cause's kind."""
    if chosen is None or chosen.cue.kind != "unconscious":
        return chosen
    state = [h for h in kept if h.cue.kind == "unconscious"]
    # a fever is urgent on its own, and still the cause of someone who no longer answers
    causes = [h for h in kept if h.cue.kind in _CAUSES
              and (h.cue.level == "now" or h.cue.kind == "medical")
              and not h.cue.weak and _is_cause(h, plain)]
    seizure = [h for h in causes if _SEIZURE.search(h.words)]
    if seizure and not _FIT_OVER.search(plain):
        return seizure[0]  # out cold in a fit: 手脚抽搐 叫不醒, 栽地上了 口吐白沫
    wounded = bool(_WOUND.search(plain) or _MOANS.search(plain)) \
        or any(_WOUND.search(h.words) for h in kept)
    misstep = any(_MISSTEP.search(h.words) for h in causes)
    if not causes or not all(_POOR_RESPONSE.match(h.words)
                             or (misstep and _PITCHED.match(h.words))
                             or (wounded and _LYING_STILL.match(h.words.split(" ")[-1]))
                             for h in state):
        return chosen
    return min(causes, key=lambda h: (_CAUSES.index(h.cue.kind), h.start))


# someone down who is awake (says it hurts, cannot stand, bleeds from a knock, writes for
# help) or came down from a stool or a bed, and nothing said of one out cold: a fall, as 倒地
# is told by those who saw it
_AWAKE = re.compile(r"清醒|意识(?:清楚|还在|有)|喊疼|叫疼|喊痛|说[^ ]{0,3}(?:疼|痛)|"
                    r"(?:髋|腿|腰|胯)[^ ]{0,2}(?:疼|痛)|站不起|爬不起|无法站立|"
                    r"出血|流血|帮帮我|扶我|(?:朝|冲|向)我[^ ]{0,2}(?:摆|招|挥)手|"
                    # down from a stool or a bed: the fall is the cause (只会哼 or not)
                    r"从[^ ]{0,5}(?:倒|摔|跌|滚|掉)下来")
_OUT_COLD = re.compile(r"叫不[^ ]{0,2}醒|叫不应|喊不应|没反应|没有反应|无反应|不省人事|没有?意识|"
                       r"意识不清|昏迷|一动[也都]?不动|不理|没有?呼吸|没气|翻白眼|不睁眼|抽|白沫|"
                       r"打架|打人|砖头|推倒")
_DOWN = re.compile(r"倒地|倒下|倒在|躺在|趴在|只会哼|不动弹|躺着不动")


def fall_when_awake(kept: list[Hit], chosen: Hit | None, plain: str) -> Hit | None:
    """Someone seen down who is awake and hurt (倒地了 头上出血, 倒地 意识清醒但无法站立, 倒地了
    帮帮我), with no sign of one out cold: a fall's first words (do not move them)."""
    if chosen is None or chosen.cue.kind != "unconscious" or chosen.cue.level != "now":
        return chosen
    state = [h for h in kept if h.cue.kind == "unconscious"]
    if not all(_DOWN.search(h.words) for h in state) or not _AWAKE.search(plain) \
            or _OUT_COLD.search(plain):
        return chosen
    falls = now_of(kept, "fall")
    return falls[0] if falls else as_kind(chosen, "fall")
