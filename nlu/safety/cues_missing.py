"""Cues of a person gone missing: an elder with dementia who went out and did not come back, a
child not home and not answering. Every hour counts (the police take a missing elder at once,
with no 24-hour wait), so these are danger now, kind missing: the first words are 110, where
and when the person was last seen, what they wore, a recent photo.

An absence is only a worry when the message says why (糊涂, 认不得路, 找遍了, 天黑了, 电话没带):
我爸出去买菜了还没回来 is an errand. Found again (找到了, 送回来了) is dismissed like any person
kind's safe note (nlu.safety.context). Same rules as nlu.safety.cues, whose CUES includes these.
"""

from __future__ import annotations

from nlu.safety.cue import Cue
from nlu.safety.cue import cue as _cue

# someone who may be lost (not a dog, a key or a parcel)
_WHO = (r"(?:老人|老人家|老头|老太|老爷子|老伴|爸|妈|爹|娘|奶奶|爷爷|外婆|外公|姥姥|姥爷|阿公|"
        r"阿婆|婆婆|公公|大爷|大妈|大娘|孩子|小孩|儿子|女儿|孙子|孙女|他|她)")
# why an absence is a worry: a failing memory, a search already made, night, no phone
WORRY = (r"痴呆|糊涂|失智|认不(?:得|到|识|清)路|不认(?:识)?路|(?:不|记不)(?:记|认)得(?:路|家)|"
         r"记性不好|记性差|记不住|认不得人|忘事|健忘|"
         r"阿尔茨海默|脑萎缩|到处找|找遍|找了[^ ]{0,4}(?:遍|圈|上午|下午|天|小时|钟头|个)|"
         r"找不(?:到|着)|天都黑|天黑了|没带手机|手机(?:也|都)?(?:没带|没拿|落)|没拿手机|"
         r"电话(?:也|都)?没带|关机|打不通|联系不上|没人接|没人看见|没看见(?:他|她)|报警|监控")
_GONE_OUT = (r"(?:出门|出去|出了门|走出去|走了出去|遛弯|散步|买菜|上学|放学|下楼|离家|跑出去|"
             r"溜出去|开门走)")

MISSING: tuple[Cue, ...] = (
    _cue("missing", "now", _WHO + r"[^ ]{0,3}(?:走丢|走失|丢了|不见了|没影了|找不(?:到|着)了)",
         r"(?:走丢|走失)了"),
    _cue("missing", "now", _GONE_OUT + r"[^。]{0,14}?(?:还?没(?:有)?回(?:来|家|(?= |$))|没到家|"
         r"未返|不见了|没影了|找不(?:到|着))",
         r"(?:一晚上|一晚|一夜|一宿|一整天|整夜|一天一夜)[^ ]{0,2}没回(?:来|家)",
         r"人[^ ]{0,2}(?:不见了|没影了|找不(?:到|着)了)", needs=WORRY),
    # not at home, seen going out, and a reason to worry: 老人不在家 早上看见她出门 她有点痴呆
    _cue("missing", "now", r"(?:老人|人|他|她)[^ ]{0,2}不在家",
         needs=r"^(?=.*(?:" + _GONE_OUT + r"))(?=.*(?:" + WORRY + r"))"),
    _cue("missing", "now", r"(?:自己|一个人|偷偷)[^ ]{0,3}(?:(?:开门|出门|跑|溜)[^ ]{0,3}"
         r"(?:走了|出去了)|出去了|跑了)|又跑出去了", needs=WORRY),
)
