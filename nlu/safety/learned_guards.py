"""What the kind classifier's guess is not, however sure it is: the words beside a guess of a
kind that make it something else (想死我了 is missing someone, 她眼镜又找不到了 a thing lost,
我在电梯里 等下就到 a lift being ridden). nlu.safety.assess asks before a learned guess counts;
the cue patterns have their own contexts (nlu.safety.context)."""

from __future__ import annotations

import re

from nlu.safety.cues import PLACE_KINDS
from nlu.safety.cues_missing import THING_LOST

_MISSING_YOU = re.compile(r"想死(?:你|您|我|人|他|她|咱|了你)")
# a life asked about rhetorically (还活不活了, 叫人怎么活) over what things cost, anywhere in the
# message (药费贵得吓人 老百姓还活不活了): a grumble
_LIFE_ASKED = re.compile(r"(?:还|让不让人|叫人怎么|让人怎么)活")
_COST = re.compile(r"贵|涨|价|钱|费|房租|工资|收费")
# words one cannot bring oneself to say: 话到嘴边说不出口
_TONGUE_TIED = re.compile(r"说不出口|开不了口|难以启齿|不好意思(?:说|开口)")
# a body or a person of whom a stroke is told (路灯也歪了 is a thing)
_BODY = re.compile(r"嘴|脸|眼|手|胳膊|腿|脚|身|半边|说|讲|话|舌|头|口角|字|麻|晕|人|妈|爸|爷|奶|"
                   r"他|她|我|婆|公|老|姥")
# back from hospital with the treatment done (the classifier reads the heart, not the errand)
_TREATED = re.compile(r"(?:从医院|出院)[^ ]{0,2}回来[^ ]{0,3} [^ ]{0,4}"
                      r"(?:搭了?桥|放了?[^ ]{0,2}支架|做了?[^ ]{0,2}手术)$")
# a gas, a smell, a stove or a valve: without one, a leak the classifier reads is of water
_GAS_WORD = re.compile(r"气|燃|泄|煤|味|臭|灶|阀|罐|嘶|呲|头晕|恶心|报警器")
# a lift that stops, holds, drops or goes dark, or someone inside short of air: without one of
# these, a lift the classifier reads is one being ridden (我在电梯里 等下就到)
_LIFT_TROUBLE = re.compile(r"卡|困|关|停|坏|不动|故障|打不开|开不|出不|掉|坠|救|不走|灭|黑|晃|"
                           r"忽上忽下|闷|喘|怕|吓|不敢|警铃|信号|墙|滑|喊|哭|拍|敲")
# nobody in the lift, said anywhere (电梯停在五楼不动了 里面没人): a repair, nobody to free
NOBODY_INSIDE = re.compile(r"(?:里面|里头|里边)[^ ]{0,2}"
                           r"(?:没有?人(?![接应理管来回听说答搭救])|无人|(?:是)?空的)|"
                           r"没有?人(?:被)?(?:困|关)")
# a fall, a body brought down or hurt: without one, a floor the classifier reads is a floor
# (水就在厨房地上 我拖干了)
_FALL_WORD = re.compile(r"摔|跌|倒|滑|绊|栽|掉|跤|起不|爬不|站不|躺|趴|坐|扶|磕|撞|疼|痛|踩空|"
                        r"踏空|失足|动不|不能动|下来|出不来|血")
# a hazard of a place that happens often, and nothing said of now: a habit to ask about
_HABIT = re.compile(r"有时候|偶尔|时不时|经常|常常|老是|总是|老忘|总忘|又忘")
# a device that does not respond (手机卡住了 没反应), and no person or body named
_DEVICE = re.compile(r"手机|电脑|电视|遥控器|屏幕|平板|机顶盒|软件|网页|小程序|打印机|路由器")
_SOMEONE = re.compile(r"人|他|她|妈|爸|爷|奶|婆|公|老|姥|伴|孩|娃|叔|姨|舅|姐|哥|弟|妹|我|儿|女|"
                      r"身|脸|眼|叫|喊|醒|晕|倒|摔")
# a fire lit on purpose in a stove or a hearth (灶台边拉风箱烧火), and nothing of it spreading
_HEARTH = re.compile(r"(?:灶|炉|柴|风箱)[^。]{0,8}(?:烧火|生火|添火)|(?:烧火|生火)做饭")
_SPREAD = re.compile(r"着了|烧起来|烧着|冒烟|浓烟|黑烟|窜|蹿|燃起|起火|着火|救|快来|烫伤|烧伤")
_NOW = re.compile(r"现在|正在|今天|刚才|刚刚|突然|这会|此刻|今早|今晚|半夜|一下子|还在|快来|救")


def dismissed(kind: str, plain: str) -> bool:
    """Whether the message says the classifier's guess of this kind is something else."""
    if kind == "self_harm":
        return bool(_MISSING_YOU.search(plain)
                    or _LIFE_ASKED.search(plain) and _COST.search(plain))
    if kind == "stroke":
        return bool(_TONGUE_TIED.search(plain)) or not _BODY.search(plain)
    if kind == "missing":
        return bool(THING_LOST.search(plain))
    if kind == "medical":
        return bool(_TREATED.search(plain))
    if kind == "fire":
        return bool(_HEARTH.search(plain)) and not _SPREAD.search(plain)
    if kind == "fall":
        return not _FALL_WORD.search(plain)
    if kind == "unconscious":
        return bool(_DEVICE.search(plain)) and not _SOMEONE.search(plain)
    if kind == "gas" and not _GAS_WORD.search(plain) \
            or kind == "lift" and (not _LIFT_TROUBLE.search(plain) or NOBODY_INSIDE.search(plain)):
        return True
    return kind in PLACE_KINDS and bool(_HABIT.search(plain)) and not _NOW.search(plain)
