"""Cues for self-harm hinted at and stroke signs said plainly (issue 13, fifth pass): a life
with no point, a burden to spare the children, a farewell that is the last, affairs settled and
nothing left to hold one, a rooftop, pills put by; a mouth that droops, a tongue that will not
work, seeing double, a walk that pulls to one side.

Same rules as nlu.safety.cues, whose CUES ends with these (through nlu.safety.cues_said).
"""

from __future__ import annotations

from nlu.safety.cue import Cue
from nlu.safety.cue import cue as _cue

# a service asked for, a trip, a chore: 不想拖累孩子 所以想报名养老食堂, 走了以后 下周回来
_NOT_A_PLAN = (r"^(?!.*(?:报名|申请|食堂|养老院|保姆|护工|请人|请个|自己做|自己来|回来|出差|旅游|"
               r"住几天|住[^ ]{0,2}(?:个|一|半)[^ ]{0,2}月|女儿家|儿子家|闺女家|保险|存钱|攒钱))")
_SUDDEN = r"突然|一下子|刚才|刚刚|忽然|今天早上|早上起来|吃着饭|说着说着"

HINTED: tuple[Cue, ...] = (
    _cue("self_harm", "now",
         r"不想(?:再)?(?:拖累|连累|麻烦)(?:孩子|儿女|子女|女儿|儿子|家里|你们)",
         needs=_NOT_A_PLAN),
    _cue("self_harm", "now",
         r"(?:下去|去那边|去地下|到那边)(?:陪|找|见)(?:老伴|老头|老太|他|她|我妈|我爸)"),
    _cue("self_harm", "now",
         r"(?:老伴|老头|老太|他|她|我妈|我爸)[^ ]{0,2}在(?:那边|天上|下面)等我|"
         r"我也该去(?:了|陪|找)",
         needs=r"那边|天上|下面|去世|走了|不在"),
    _cue("self_harm", "now",
         r"以后[^ ]{0,2}(?:就)?不会再(?:跟你们|和你们)?(?:说|聊|联系|打扰)了|"
         r"最后一次(?:跟|和|给)(?:你们|大家)?(?:说话|聊天|聊|说)",
         needs=r"^(?!.*(?:提醒|通知|今年|明天|停水|停电|活动|报名|元旦|春节|快乐))"),
    # affairs settled, nothing left to hold one here
    _cue("self_harm", "now",
         r"没(?:什么|啥|有)?(?:放不下|牵挂|挂念)的?了|了无牵挂|无牵无挂了|"
         r"心里[^ ]{0,2}没[^ ]{0,2}牵挂"),
    _cue("self_harm", "now",
         r"(?:存折|银行卡|密码|房产证|存款)[^。]{0,30}(?:放心了|交代好了|交代清楚|都安排好)"),
    _cue("self_harm", "now",
         r"不想[^ ]{0,4}(?:在)?(?:这个?世上|人世|这个?世界上?|人间)[^ ]{0,2}(?:待|呆|活)|"
         r"我也不想(?:再)?(?:待|呆)(?:了|下去|着)"),
    _cue("self_harm", "now",
         r"(?:我|等我)(?:走了|不在了?|死了)(?:以后|之后)[^。]{0,14}(?:花|鱼|猫|狗|鸟|浇|喂|照顾)",
         needs=_NOT_A_PLAN),
    _cue("self_harm", "now",
         r"药[^ ]{0,6}(?:攒|存)(?:好|够|着|起来|了好)|"
         r"(?:一次|一起|一口气)(?:全|都)?吃(?:下去|了)(?:就)?(?:好|完|算)",
         needs=r"药"),
    _cue("self_harm", "now",
         r"(?:站|坐|蹲|我)[^ ]{0,2}在[^ ]{0,5}(?:楼顶|天台|顶楼|阳台外|窗台上)",
         needs=r"^(?!.*(?:晒|晾|收|修|坏|乘凉|看风景|散步|锻炼|纳凉|烟花|拍照|种菜|花|锁|漏|打扫|开会|活动))"),
    _cue("self_harm", "now",
         r"(?:站|坐|我|就)[^ ]{0,2}在[^ ]{0,4}(?:河边|江边|湖边|桥上|水库边|海边|大桥)",
         needs=r"水[^ ]{0,3}(?:深|急|冷)|往下看|跳|不想|活(?!动)|死|再见|别找"),
    _cue("self_harm", "now",
         r"唔想[^ ]{0,3}(?:生存|活)|不想活(?:咯|嘛|啰|喽|了嘛|了哦)|(?:不|唔)想(?:再)?生存"),
    _cue("self_harm", "now", r"日子[^ ]{0,3}没法过[^。]{0,8}(?:死|不如|活)"),
    # stroke signs said plainly
    _cue("stroke", "now",
         r"(?:嘴|嘴巴|嘴角)[^ ]{0,4}(?:歪|耷拉|往一边|漏水|往外漏|流口水)|"
         r"(?:流|淌)口水|口水[^ ]{0,4}(?:流|淌)",
         needs=r"^(?!.*(?:宝宝|孩子|小孩|孙子|孙女|外孙|娃|婴儿|出牙|长牙|牙|睡觉|睡着|梦|馋|好吃|"
               r"针灸|治好|正了|以前|去年|前年|康复|麻药|麻醉|拔牙|补牙))"),
    _cue("stroke", "now",
         r"舌头[^ ]{0,4}(?:不灵|发硬|僵|打结|不听使唤|转不过|打不了弯)|大舌头|"
         r"说话[^ ]{0,4}(?:含糊|不利索|不清楚|听不清|打不了弯)|口齿[^ ]{0,2}(?:唔清|不清)",
         needs=_SUDDEN),
    _cue("stroke", "now",
         r"重影|两个影子|(?:看|看着)[^ ]{0,4}(?:都是|是)?双的|一只眼睛?[^ ]{0,4}看不见",
         needs=r"^(?=.*(?:" + _SUDDEN + r"))(?!.*(?:屏幕|老花|眼镜|配镜|近视|喝多|喝酒|醉))"),
    _cue("stroke", "now",
         r"走路[^ ]{0,4}(?:往|向)[^ ]{0,2}(?:一边|左|右)[^ ]{0,2}(?:倒|歪|偏|斜)|"
         r"(?:往|向)(?:一边|左边|右边)(?:倒|歪|偏)",
         needs=r"^(?=.*(?:" + _SUDDEN + r"|站不稳|扶不住))(?!.*(?:喝|酒|醉|晕车|晕船))"),
    _cue("stroke", "now",
         r"不认得(?:我|人|家里人)|认不出(?:来|我|人)|不认识(?:我|人|家里人)",
         needs=r"^(?=.*(?:" + _SUDDEN + r"))"
               r"(?!.*(?:老化|正常|一直|有时候|经常|老年痴呆|阿尔茨海默))"),
    _cue("stroke", "now", r"听不(?:懂|明白)[^ ]{0,6}(?:说话|说啥|说的|讲话)|答非所问",
         needs=_SUDDEN),
)
