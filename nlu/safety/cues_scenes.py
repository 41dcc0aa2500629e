"""Cues of scenes told as the writer finds them: a bath with no answer, an appliance fallen into
the bath, a shock from a plug, a smell at the door of someone who does not answer, smoke rising,
someone pinned under something heavy.

Split from nlu.safety.cues (same rules: patterns on prepared text, `needs` on the whole
message), whose CUES includes these.
"""

from __future__ import annotations

from nlu.safety.cue import Cue
from nlu.safety.cue import cue as _cue

SCENES: tuple[Cue, ...] = (
    _cue("fire", "now",
         r"(?<![不没])起烟了?(?= |$)|(?:屋里|家里|楼道|走廊)[^ ]{0,3}(?:全是|都是)烟"),
    # pinned under something heavy, or thrown from a vehicle that overturned
    _cue("fall", "now",
         r"压在(?:车|三轮车?|电动车|柜子|衣柜|架子|墙|石头|树|床|冰箱)[^ ]{0,2}(?:底下|下面|下边)",
         r"(?:骑|开)[^ ]{0,4}(?:车|三轮)[^ ]{0,2}翻了"),
    # the flame gone out and the gas still on
    _cue("gas", "now",
         r"(?:火|火苗)[^ ]{0,2}(?:灭了|熄了|灭掉了|吹灭了)[^。]{0,8}气[^ ]{0,2}(?:还|一直|都)?"
         r"(?:开着|在出|在冒|没关)|气[^ ]{0,2}还(?:开着|在出|在冒)|"
         r"(?:火|火苗)[^ ]{0,2}(?:灭了|熄了)[^ ]{0,2}(?:没关|忘了关|忘关)[^ ]{0,2}"
         r"(?:煤|燃|天然)?气",
         needs=r"灶|煤气|燃气|天然气|液化气|火"),
    # a smell at the door of someone who does not answer: gas first (it may be a leak)
    _cue("gas", "now",
         r"门口[^ ]{0,4}(?:闻到|有|能闻到)[^ ]{0,4}(?:气味|味道|臭味|怪味|味儿)",
         needs=r"没人开|没人应|不应|打不通|没见|没接|联系不上|没反应"),
    # no answer from someone known to be in a bath or locked in: not a check-in, danger now
    _cue("unconscious", "now",
         r"(?:敲门|叫|喊)[^ ]{0,4}(?:也|都)?(?:不应|没人应|不答应|没反应|没回音)|"
         r"(?:半天|好久|很久)[^ ]{0,2}没(?:有)?(?:声音|动静|出来)",
         needs=r"洗澡|浴室|卫生间|厕所|浴缸|澡堂|反锁"),
    # an appliance in the bath with someone in the water
    _cue("flood_electric", "now",
         r"(?:吹风机|电吹风|插线板|插排|充电器|电暖器|取暖器|电器|卷发棒|收音机)[^ ]{0,3}"
         r"(?:掉|落|泡|扔)[^ ]{0,2}(?:进|到|在)?[^ ]{0,2}(?:浴缸|水里|水盆|澡盆|鱼缸|水桶|盆里)",
         needs=r"在里面|洗澡|在洗|泡澡|人在|还在|孩子|女儿|儿子|老人|妈|爸|奶奶|爷爷|老伴|"
               r"(?:刚|正)进去|进去了"),
    # a shock from a plug or a switch: 拔插头被打了一下 is electricity, not a blow
    _cue("flood_electric", "now",
         r"(?:插头|插座|开关|电线|电器|电门|电闸)[^ ]{0,6}(?:被|给)(?:打|电)了?一下(?!火)"),
)
