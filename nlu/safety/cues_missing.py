"""Cues of a person gone missing: an elder with dementia who went out and did not come back, a
child not home and not answering. Every hour counts (the police take a missing elder at once,
with no 24-hour wait), so these are danger now, kind missing: the first words are 110, where
and when the person was last seen, what they wore, a recent photo.

An absence is only a worry when the message says why (糊涂, 认不得路, 找遍了, 天黑了, 电话没带):
我爸出去买菜了还没回来 is an errand. Found again (找到了, 送回来了) is dismissed like any person
kind's safe note (nlu.safety.context). Same rules as nlu.safety.cues, whose CUES includes these.
"""

from __future__ import annotations

import re

from nlu.safety.cue import Cue
from nlu.safety.cue import cue as _cue

# someone who may be lost (not a dog, a key or a parcel)
_WHO = (r"(?:老人|老人家|老头|老太|老爷子|老伴|爸|妈|爹|娘|奶奶|爷爷|外婆|外公|姥姥|姥爷|阿公|"
        r"阿婆|婆婆|公公|大爷|大妈|大娘|孩子|小孩|儿子|女儿|闺女|丫头|孙子|孙女|孙儿|外孙|娃|宝宝|细路|囡囡|"
        r"(?:我|个)仔|"
        # a child in the south: 小囡 (Wu), 囡仔 (Hokkien), 伢 (Hubei), 细佬 (Cantonese)
        r"囡|伢|细佬|他|她|伯|叔|婶|那口子)")
# why an absence is a worry: a failing memory, a search already made, night, no phone, hours
# a mind that fails, said plainly: 老犯迷糊, 脑子不清楚, 头脑不太清醒
_UNCLEAR = r"迷糊|(?:脑子|头脑|脑筋|脑袋)[^ ]{0,2}不(?:太)?(?:清楚|清醒|灵光|好使)"
WORRY = (_UNCLEAR + r"|痴呆|糊涂|失智|认知障碍|认知症|脑退化|"
         r"认不(?:得|到|识|清)路|不认(?:识)?路|(?:不|记不)(?:记|认)得(?:路|家)|"
         r"记性[^ ]{0,2}(?:不好|差)|记性不行|记不住|认不得人|忘事|健忘|"
         # asked everywhere he could be: 同学那都问过了
         r"(?:都|也)问(?:过|遍)了?|问了一圈|问了个遍|"
         r"阿尔茨海默|脑萎缩|到处找|找遍|没人见过|"
         r"找了[^ ]{0,4}(?:遍|圈|上午|下午|天|小时|钟头|个)|"
         r"找不(?:到|着|返|回)|天都黑|天黑了|(?:电话|手机|手表)[^ ]{0,4}关了|"
         r"没带手机|手机(?:也|都|又)?(?:没带|没拿|落|在家)|没拿手机|"
         # what the person never goes without, left at home: 药也在桌上, 拐杖没拿
         r"(?:药|拐杖|助行器|老花镜|钥匙)[^ ]{0,3}(?:也|都|还)?(?:在桌上|放在家|在家|没带|没拿)|"
         r"电话(?:也|都)?没带|关机|打不通|联系不上|没人接|没人看见|没看见(?:他|她)|报警|监控|"
         # the phone not answered, others asked, hours gone by, never like this
         r"(?:电话|手机|打)[^ ]{0,4}(?:不接|不通|没人接)|没(?:有)?(?:消息|音信|动静)|"
         r"没(?:个)?信儿?|信儿?(?:都|也)没|"
         r"(?:都|也)说没(?:见|看见|看到|来)|没(?:人)?见过(?:他|她)|(?:到处|都)问|找过了|"
         r"没找(?:到|着)|(?:怎么办|咋办|咋整)$|不知道[^ ]{0,3}(?:去|到)?哪|从来不|从不|"
         r"(?:\d+|[一两三四五六七八九十几半])(?:个)?(?:多)?(?:个)?(?:小时|钟头)|"
         r"一(?:整天|天|宿|夜)|急死|(?:楼下|外面|附近|小区里?)(?:也|都)没有|"
         # the police called, or a search asked of others: 110打了, 帮忙在群里发一下
         r"110|报了警|报过警|帮忙(?:找|发|转|留意|看看)|扩散|转发|寻人|"
         # a mind that cannot find the way back nor say where home is: 智力有问题, 自闭症
         r"智力|智障|自闭|唐氏|(?:不会|说不清|说不出)[^ ]{0,2}(?:住哪|住在哪|家在哪|家住|地址)|"
         # a small child, or the hours counted by the clock: 才六岁, 五点就走了 现在七点
         r"才\d+岁|"
         # out of doors in home clothes: 穿着拖鞋睡衣, 只穿了件单衣
         r"(?:穿着?|只穿)[^ ]{0,3}(?:拖鞋|睡衣|单衣|病号服)|"
         r"[\d一二三四五六七八九十两]+点[^。]{0,16}现在[^ ]{0,2}[\d一二三四五六七八九十两]+点")
# a memory that fails, and no sign of where the person is (the phone off or left, the stick gone)
_FAILING = (_UNCLEAR + r"|痴呆|糊涂|失智|认知障碍|认知症|脑退化|"
            r"阿尔茨海默|脑萎缩|认不(?:得|到|识|清)路|不认(?:识)?路|记性不好|"
            r"记性差|记不住|健忘|忘性大|(?:老|常常|经常|总是?|老是)忘事")
_NO_SIGN = (r"关机|(?:电话|手机|手表)[^ ]{0,4}关了|"
            r"打不通|联系不上|不接|没人接|手机[^ ]{0,3}(?:在|落|没带|没拿)|没带手机|"
            r"(?:拐杖|鞋|外套|衣服)[^ ]{0,2}(?:也|都)?(?:不见|不在|没了)|门[^ ]{0,2}开着|"
            # looked for everywhere already: 到处都找不着, 小区里都找遍了
            r"到处[^ ]{0,3}找不|找遍|(?:都|也)找不(?:到|着)|"
            # what the person never goes without, left at home: 钥匙还在桌上
            r"(?:药|拐杖|钥匙|手机|老花镜)[^ ]{0,3}(?:也|都|还)?(?:在桌上|放在家|在家)")
# out of doors, or where a phone's location shows: by a river, on a road, after dark
_OUT_THERE = (r"(?:定位|位置)(?![^ ]{0,5}(?:在家|家里|屋里|在屋|小区里|楼里))|在外面|还在外头|"
              r"河边|江边|湖边|海边|水库|桥|马路|路边|高速|天(?:都|快|要|已经)?黑|"
              # seen leaving the estate: 门卫说看到他中午出的小区大门
              r"出(?:了|的)?小区|小区大门")
# what explains an absence: a trip, a stay with family, a hospital
# (and the writer looking for a helper: 想找个人陪我去复查 找不到人)
_EXPLAINED = (r"(?:天天|每天)(?:都)?这样|旅游|出差|跟团|出远门|回老家|住院|请(?:了)?[^ ]{0,2}假|"
              r"(?:每次|经常|老是?|总是?)(?:都)?这样|"
              r"去[^ ]{0,3}(?:儿子|女儿|闺女)家(?:住|了)|"
              r"找(?:个|一个|个把)?人(?:陪|帮|带|送|照顾|搭把手|搭个手)")
# someone of a service out of reach, not the person: 物业电话一直找不到人
_SERVICE = r"物业|客服|师傅|维修|窗口|办事|居委|快递"
_CHILD = r"(?:孩子|儿子|女儿|闺女|孙子|孙女|外孙女?|小孩|娃)"
# where a child is known to be late: at work, at school, at a friend's, said so on the phone
_CHILD_AWAY = (r"加班|出差|上班|住校|同学家|朋友家|说了|打过电话|回了电话|吃饭|过年|过节|"
               r"补课|晚自习|在路上")
_WORRIED = r"^(?!.*(?:" + _EXPLAINED + r"))(?=.*(?:" + WORRY + r"))"
# what one loses that is no person
THINGS = (r"钥匙|钱包|眼镜|老花镜|证件|身份证|银行卡|公交卡|快递|包裹|手机|东西|雨伞|伞|卡|"
           r"拐杖|假牙|助听器|药")
# a thing lost, with nobody named: 谁看见我家钥匙了 早上出门找不着了
_THING_ALONE = r"(?!.*" + _WHO + r").*(?:" + THINGS + r")"
_NOT_A_THING = r"^(?!" + _THING_ALONE + r")"
# a thing lost: one named with nobody (谁捡到我的公交卡了 找不着了), or said lost itself
# (她眼镜又找不到了)
THING_LOST = re.compile(r"^" + _THING_ALONE + r"|(?:" + THINGS + r")[^ ]{0,3}"
                        r"(?:找不(?:到|着)|不见|丢)")
_GONE_OUT = (r"(?:出门|出去|出了门|走出去|走了出去|遛弯|散步|买菜|赶集|赶场|上街|上学|放学|下课|"
             r"下楼|离家|跑出去|"
             r"溜出去|开门走|溜达|遛狗|晨练|转悠|钓鱼|去(?:一)?趟|去楼下|"
         # where a child was: 托管班说四点就走了
         r"(?:补习班|辅导班|培训班|兴趣班|托管班?|学校|幼儿园|老师)[^ ]{0,3}说[^ ]{0,6}"
         r"(?:走了|离开)|"
             r"去(?:超市|银行|医院|公园|菜市场|菜场|市场|商场|广场|集市|药店|河边|[^ ]{1,3}家)|"
             r"坐(?:公交|地铁)|去接|行了?出去|出了?去|(?:跟|和)[^ ]{0,4}分开)")
# not back, said every way: 一直没回来, 都没上来, 到现在没影, 还没家来, 还不回来, 没音信
_NOT_BACK = (r"(?:(?:还|都|一直|也|就|再)?没(?:有)?(?:见)?(?:回来|回家|回屋|回(?= |$)|返|上来|"
             r"到家|进(?:家)?门|"
             r"转来|"
             r"家来|影|"
             r"找着|找到|消息|音信|动静|见人影?|(?:个)?信儿?|人见过(?= |$))|"
             r"(?:连)?个?信儿?(?:都|也)没(?:有)?|(?:还|都)不回(?:来|家)|不见人|未返|未归|联系不上|失联|"
             r"不见了|找不(?:到|着|返|回来?)(?=人?(?:了|$| )|(?:我|咱)?" + _WHO + r"))")
# what others say who should have seen the person: 超市说早就走了, 我姨说她一直没到
_NOT_SEEN = (r"说(?:他|她)?(?:早就?|早已)?(?:结账)?走了|没见(?:他|她)回(?:家|来)|"
             r"说(?:他|她)(?:一直|根本|压根)?没(?:到|来|去|见)(?:过)?|说没(?:到|来|去)过|"
             r"(?:(?:也|都)说|说(?:一直|根本|压根)) ?(?:今天|今早|早上|上午|下午|昨天|这两天)?"
             r"没(?:到|来|去|见)(?:过)?|"
             r"说 ?(?:今天|今早|早上|上午|下午|昨天|昨晚|前天|这两天|好几天|几天)?"
             r"(?:就|都|也|一直)?"
             r"没(?:见|看见|看到)(?:过)?(?:他|她|人)|"
             # the place says so, no one named: 同学说没去过, 老师说今天没来
             r"说(?:今天|今早|早上|上午|中午|下午|晚上)?(?:一直|根本|压根)?没(?:到|来|去)过?"
             r"(?= |$|啊|呀|哦)|"
             r"都说(?:今天)?没见|没人见过(?:他|她)|"
             # the class or school says the child never came, or is no longer there
             r"说(?:我)?(?:" + _WHO + r"|人)" + r" ?[^ ]{0,4}?没(?:到|来|去)(?:过)?(?= |$|也|都|"
             r"家)|"
             r"说[^ ]{0,6}不在(?:幼儿园|学校|园里|班里|班上|教室|托管)")

MISSING: tuple[Cue, ...] = (
    # (not her things: 她的钥匙找不到了, 她眼镜又丢了)
    _cue("missing", "now", _WHO + r"(?![^ ]{0,2}(?:" + THINGS + r"))[^ 没]{0,3}"
         r"(?:走丢|走失|走散|失踪|丢了|不见了|不见人了|没影了|没了影|没影儿|迷路了|找不(?:到|着)了)",
         r"(?:走丢|走失|走散|失踪)了", r"(?<![^ ])人(?:又|也)?丢了",
         r"人不知道(?:去|到|跑)?哪(?:去|儿)?了",
         _WHO + r"[^ ]{0,2}失联",
         # said formally: 今晨外出后未归, 昨日出门后至今未归
         r"(?:出门|外出)(?:后)?(?:至今|一直|仍|尚)?未归",
         r"(?:一晚上|一夜|一宿|一整夜|整夜|一天一夜)[^ ]{0,2}没回(?:来|家)",
         # gone since a time and still not found: 王大爷从昨晚就找不到了, 我爸从今早起就不见了
         _WHO + r"(?:从|自|打)(?:昨晚|昨天|昨夜|前天|今早|今天|早上|上午|中午|下午|晚上|半夜|"
         r"凌晨)[^ ]{0,3}?(?:起|开始)?(?:就|一直)(?:找不(?:到|着)了|不见了|没影了|没回来|联系不上|"
         r"失联)",
         # 找不到我爸了, 一直没找着 (not 找不到老花镜, 找不到人帮忙)
         r"找不(?:到|着)(?:我|咱)?" + _WHO + r"(?:了|$| )",
         r"人(?:影子?)?(?:也|都)?没(?:看到|见到|看见)"),
    # gone out and not back, and a reason to worry (我爸出去买菜了还没回来 is an errand)
    _cue("missing", "now", _GONE_OUT + r"[^。]{0,16}?" + _NOT_BACK,
         r"人[^ ]{0,2}(?:不见了|没影了?|找不(?:到|着)(?:了|$| )|没回来)",
         # no trace of him, said the other way round: 人影没有, 人影儿也没有
         r"人影(?:子|儿)?(?:都|也)?没(?:有|了)",
         needs=_NOT_A_THING + r"(?:" + _WORRIED + "|.*没影)"),
    # a failing mind gone out into the night: 老伴糊涂了 半夜开门出去了
    _cue("missing", "now", r"(?:半夜|深夜|凌晨|夜里)[^ ]{0,6}(?:出去|出门|走出去|跑出去|开门走)了",
         needs=r"^(?=.*(?:" + _FAILING + r"))(?!.*(?:回来了|到家了|就回|又回))"),
    # a child not home, said alone or with the late hour: 孩子没回家, 儿子放学没回 9点了
    _cue("missing", "now", r"^" + _CHILD + r"(?:还|都|一直)?没(?:回家|回来|到家)了?$",
         _CHILD + r"[^ ]{0,6}?" + _NOT_BACK,
         needs=r"^(?!.*(?:" + _EXPLAINED + r"|" + _CHILD_AWAY + r"))"
               r"(?=.*(?:(?<!\d)(?:[7-9]|1[0-2])点|天黑|这么晚|半夜|^[^ ]{0,7}$))"),
    # gone in the blink of an eye (a child at play), or the dog came back and the person did not
    _cue("missing", "now",
         r"(?:一转眼|一眨眼|一回头|回头|一扭头|一松手|一转身|转个身|转身|一晃眼|一不留神|没看住)"
         r"[^ ]{0,3}(?:(?:人|" + _WHO
         + r")(?:就)?(?:没了|不见了|没影了?|不在[^ ]{0,4}了)|(?:就)?(?:不见了|没影了?))"),
    # gone down on an errand of minutes, not where she went, and a worry: 说去楼下扔垃圾
    # 半个钟头了 楼下没有 手机在家里
    _cue("missing", "now",
         r"(?:楼下|外面|附近|小区里?|楼道|门口)[^ ]{0,3}(?:也|都)?没(?:有|人|见着?|看到)(?= |$)",
         needs=_NOT_A_THING + _WORRIED + r"(?=.*" + _WHO + r")(?=.*" + _GONE_OUT + r")"),
    _cue("missing", "now", r"人(?:却|可|倒)?没回(?:来|家)", needs=_GONE_OUT),
    # looked for everywhere already, and nobody: 晚饭时还在 现在小区里找遍了都没人
    _cue("missing", "now", r"(?:找遍|到处找|找了[^ ]{0,4}(?:遍|圈))了?[^ ]{0,2}(?:也|都|还)?"
         r"(?:没(?:有)?(?:人|见(?:着|到)?人|找(?:到|着)人?)|找不(?:到|着)人?)(?=$| |了)",
         needs=_NOT_A_THING + r"(?=.*" + _WHO + r")"),
    # an appeal for someone lost: 谁看见一个穿灰外套的老头 ... 是我爸 迷路了
    _cue("missing", "now",
         r"(?:谁|有没有人|有人|哪位|大家)[^ ]{0,3}(?:看见|看到|见过|碰到|遇到)[^。]{0,40}?"
         r"(?:迷路|走丢|走失|不见了|不见的|找不(?:到|着)(?:了|$| )|没回(?:来|家))",
         needs=_WHO),
    # lost, told as where it happened, and not found yet: 上午在菜场走散的 还没找到
    _cue("missing", "now", r"(?:走丢|走失|走散|不见)的(?= |$)",
         needs=_NOT_A_THING + r"(?=.*(?:(?:还|都|一直)没(?:找到|找着|消息)|帮(?:忙|着)?找|"
               r"(?:谁|有没有人|大家)[^ ]{0,3}(?:看见|看到|见过)))"),
    # a lone elder not seen for days, not at home and out of reach: 两天没见了 电话关机 家里也没人
    # (or not seen since a time today: 今天上午起未见人 家中无人 手机关机)
    _cue("missing", "now", r"(?:家里|家中|屋里)(?:也)?(?:没|无)人|不在家",
         needs=r"^(?!.*(?:" + _EXPLAINED + r"))(?=.*(?:(?:好几天|几天|一天|两天|三天|一整天)"
               r"[^ ]{0,3}没(?:见|看见|看到|见到|露面)|"
               r"起[^ ]{0,2}(?:就)?(?:没|未)(?:见|看见|看到|见到)"
               r"(?:人|过|着)?(?= |$)|未见人))(?=.*(?:" + _NO_SIGN + r"))"),
    # an elder who never goes out, not at home now, and a mind that fails: 她平时不出门的 屋里没人
    # 最近常认错人 (not one back from a trip, nor one found at a neighbour's)
    _cue("missing", "now", r"(?:家里|屋里|房里|屋头)(?:也|都)?没(?:有)?人|不在家|"
         r"敲[^ ]{0,4}门[^ ]{0,4}没(?:人)?(?:应|开|回应|动静)",
         needs=r"^(?!.*(?:" + _EXPLAINED + r"|找到了|回来了|原来))"
               r"(?=.*(?:(?:平时|平常|从来|一般|向来|很少|基本)[^ ]{0,2}不?"
               r"(?:出门|出屋|下楼|出去)|足不出户))"
               r"(?=.*(?:" + _FAILING + r"|认错人|认不(?:出|得)(?:人|来|我)|不认人|"
               # or no sign of where: the phone not answered, the door left open
               + _NO_SIGN + r"))"),
    # gone out hours ago, not at home now, a mind that fails: 我妈不在家 邻居说中午就出门了
    # 她老糊涂了; a child fetched by someone nobody sent: 老师说被人接走了 可我们谁都没去接
    _cue("missing", "now", r"(?:早上|上午|中午|下午|一早|一大早|天没亮)[^ ]{0,6}就(?:出门|出去|"
                           r"走)了?",
         needs=r"^(?!.*(?:" + _EXPLAINED + r"|找到了|回来了|原来))(?=.*(?:不在家|家里没人|"
               r"屋里没人|这都|天黑|半夜|\d+点))(?=.*(?:" + _FAILING + r"))"),
    _cue("missing", "now", r"被[^ ]{0,3}接走[^。]{0,16}(?:谁都没|谁也没|没人|没有人|都没)"
         r"[^ ]{0,2}(?:去|来)?接",
         # ... or by a stranger: 被一个男的接走了 我们不认识
         r"被[^ ]{0,4}(?:陌生|不认识的)[^ ]{0,4}(?:接走|带走|领走|抱走)|"
         r"被[^ ]{0,5}(?:接走|带走|领走|抱走)[^。]{0,12}(?:不认识|陌生|不知道是谁)"),
    # gone missing today, as a notice says it: 寻人启事 王大爷今早走失 (走失过: long ago)
    _cue("missing", "now", r"(?:今早|今天|早上|上午|中午|下午|傍晚|晚上|昨晚|刚才|刚刚|"
         r"[一二三四五六七八九十两\d]+点)[^ ]{0,4}(?:走失|走丢|失踪)(?!过)"),
    # walked off and nobody knows where, or lost on the way: 从医院走出来就不知道去哪了,
    # 坐错车了 现在不知道在哪
    _cue("missing", "now",
         r"(?:走|跑|出)[^ ]{0,4}(?:就)?不知道(?:去|到|跑)?(?:哪|哪儿|哪里)(?:去)?了|"
         r"(?:现在|人)不知道(?:自己)?(?:在|到了?)(?:哪|哪儿|哪里)了?(?= |$)|"
         # lost on the way and cannot say where: 忘了回家的路, 说不清自己在哪
         r"(?<![老总常])(?:忘了|忘记|不记得|找不(?:到|着)|认不(?:得|出))(?:回家|回来|家)的?路|"
         r"(?<![老总常])(?:说|讲)不(?:清|出|上来|明白)(?:楚)?(?:自己)?(?:在|到了?)?(?:哪|什么地方|啥地方)",
         needs=r"^(?!.*(?:" + _EXPLAINED + r"|反正))(?=.*" + _WHO + r")"),
    # a child out of sight at play, looked for (not one late for dinner: 玩了一个小时还不回来)
    _cue("missing", "now", r"(?:在[^ ]{0,6}|出去|去)玩[^。]{0,12}?(?:找不(?:到|着)(?=人?了|$| )|"
         r"不见了|没影了?)", needs=_WORRIED),
    # the place the person went to says they never came or left long ago
    _cue("missing", "now", _NOT_SEEN,
         needs=r"^(?!.*(?:" + _EXPLAINED + r"))(?=.*(?:" + _GONE_OUT
               + r"|家里(?:也)?没人|联系不上|关机|不接|没人接|打不通|关了|"
               r"不知道[^ ]{0,3}(?:去|到)?哪|(?:也|都|还)没(?:回家|回来|到家|回)|找不(?:到|着)|"
               r"没(?:人)?接))"),
    # not at home, seen going out, and a reason to worry: 老人不在家 早上看见她出门 她有点痴呆,
    # 家中无人 ... 已经出门五个多小时 平常从不这样
    _cue("missing", "now", r"(?:老人|人|他|她)[^ ]{0,2}不在家|家(?:中|里)(?:也)?无人",
         needs=r"^(?!.*(?:" + _EXPLAINED + r"))(?=.*(?:" + _GONE_OUT + r"))(?=.*(?:" + WORRY
               + r"))"),
    # not at home, a failing memory and no sign where: 我爸不在家 拐杖也不见了 他有阿尔茨海默 关机
    _cue("missing", "now", r"(?:人|" + _WHO + r")[^ ]{0,2}不在(?:家|屋里?)?(?= |$|了)|"
         r"(?:就|已经|早就|一早)不在(?:家|屋里?)(?= |$|了)|"
         r"家(?:里|中)(?:也)?(?:没人|无人)|不知道[^ ]{0,3}(?:去|到|跑)?哪|"
         # the home found empty by one who went to look: 跑到他家也没人, 上门没人
         r"(?:去|到|上)[^ ]{0,3}家[^ ]{0,2}(?:也|都)?(?:没人|无人)|上门[^ ]{0,2}(?:也|都)?没人",
         needs=r"^(?!.*(?:" + _EXPLAINED + r"))(?=.*(?:" + _FAILING + r"))(?=.*(?:" + _NO_SIGN
               + r"))"),
    # no word all night, and not back now: 成晚没消息 还没回来
    _cue("missing", "now", r"(?:一晚上|一整晚|整晚|成晚|一整夜|整夜|一夜|一宿)[^ ]{0,2}"
         r"没(?:有)?(?:消息|音信|动静|信儿?)",
         needs=_NOT_A_THING + r"(?=.*" + _WHO + r")(?=.*(?:还|都|也)没(?:有)?(?:回来|回家|到家))"),
    # out all night: 昨晚没回家 到现在一直联系不上
    _cue("missing", "now", r"(?:昨晚|昨天晚上|昨夜|昨天夜里|一晚上|晚上|一夜|一整夜|整晚|整夜|"
         r"一宿)[^ ]{0,3}"
         r"没(?:有)?回(?:来|家)",
         needs=_WORRIED),
    # a failing memory, and not home since a time or not to be found: 由中午起冇返屋企
    # 佢有认知障碍, 搵咗成晚都搵唔到人
    _cue("missing", "now", r"没(?:有)?(?:回来|回家|返|到家)|未(?:返|归)|没见(?:着)?人|不见人|"
         r"找不(?:到|着)人(?:了)?(?= |$)|"
         # the person, not a thing of hers, not to be found: 她从昨天下午起就找不到了
         r"(?:她|他|老人|奶奶|爷爷|外婆|外公|姥姥|姥爷|老伴|我妈|我爸|老太太|老爷子)"
         r"[从自打昨今前天上下中午晚早夜起就又都也一直已经到现在还半个小时点钟]{0,10}"
         r"找不(?:到|着)了(?= |$)",
         needs=r"^(?!.*(?:" + _EXPLAINED + r"|" + _SERVICE + r"))(?=.*(?:" + _FAILING
               + r"))(?=.*(?:起|到现在|至今|饭后|一直|"
               r"今早|今天|昨天|昨晚|中午|上午|下午|早上|晚上|天黑|整天|一天|小时|钟头|成晚|找))"),
    # a failing memory, out of reach and out of doors: 她有痴呆 人联系不上 定位在河边
    _cue("missing", "now", r"联系不上|打不通|没人接|不接电话|关机|失联",
         needs=r"^(?!.*(?:" + _EXPLAINED + r"|" + _SERVICE + r"))(?=.*(?:" + _FAILING
               + r"))(?=.*(?:" + _OUT_THERE + r"))"),
    # a failing memory, out of reach, and others asked to look: 一天都联系不上她 她糊涂了 帮忙找找
    _cue("missing", "now", r"联系不上|打不通|没人接|关机|失联",
         needs=r"^(?!.*(?:" + _EXPLAINED + r"|" + _SERVICE + r"|回来了|到家了|找到了))(?=.*(?:"
               + _FAILING + r"))(?=.*(?:帮(?:忙|我|着)?[^ ]{0,2}找|找找|(?:需要|要)找人|寻人))"),
    # gone out where one often gets lost, and the hour is late now: 她在那边老迷路 现在快十点了
    _cue("missing", "now", r"(?:老|总|常|经常|爱|老是|总是)迷路|认不(?:得|清)路|不认(?:识)?路",
         needs=r"^(?!.*(?:" + _EXPLAINED + r"|回来了|到家了|找到了))(?=.*" + _GONE_OUT + r")"
               r"(?=.*(?:现在|都|已经)[^ ]{0,3}(?:快|到)?(?:\d+点|天黑|半夜|晚上))"),
    # walked off from a hospital or a care home, and a reason to worry: 从医院跑出来了 穿着病号服
    # 她认不得路, 外婆从医院跑出来了 ... 她记性很差
    _cue("missing", "now", r"(?:从|在)[^ ]{0,4}(?:医院|养老院|敬老院|病房|护理院|福利院|康复中心)"
         r"[^ ]{0,3}(?:(?:跑|走|溜|出)(?:出来|出去|掉|丢)|(?:跑|走|溜)了?出(?:来|去))了?",
         needs=_WORRIED),
    _cue("missing", "now", r"(?:自己|一个人|偷偷)[^ ]{0,3}(?:(?:开门|出门|跑|溜)[^ ]{0,3}"
         r"(?:走了|出去了)|出去了|出门了|下楼了|跑了)|又跑出去了", needs=_WORRIED),
    # gone off after a quarrel, or out, or not home, and now out of reach, with night come or a
    # child's age: 吵了一架跑出去了 电话不接 天黑了, 孙女没回家 才12岁 电话打不通 (not an errand:
    # 出去买菜了 电话没接)
    _cue("missing", "now",
         r"(?:跑|冲|走|摔门)(?:了)?出去|离家出走|(?:出门|出去)(?:了)?[^ ]{0,4}(?= )|"
         r"没(?:有)?回(?:家|来)(?= |$)",
         needs=r"^(?!.*(?:" + _EXPLAINED + r"|回来了|到家了|找到了))"
               r"(?=.*(?:(?:电话|手机|手表)[^ ]{0,4}(?:不接|不通|没人接|关机|关了)|"
               r"打不通|联系不上))"
               r"(?=.*(?:天(?:都|快|已经)?黑|吵(?:了|完)?[^ ]{0,2}架|赌气|闹脾气|生气|离家出走|"
               # a child who never reached school: 今天没去学校 也没回家
               r"没(?:去|到|上)(?:学校|幼儿园)|没(?:去)?上学|"
               r"[十\d]+岁|" + _FAILING + r"))"),
    # long past the hour one is always home by, and out of reach:
    # 平时一点前到家 现在三点了 电话打不通
    _cue("missing", "now",
         r"(?:平时|平常|往常|一般|每天|通常)[^ ]{0,6}点(?:前|以前|之前|左右)?(?:就|都|准)?"
         r"(?:到家|回家|回来|进门)",
         needs=r"^(?!.*(?:" + _EXPLAINED + r"|回来了|到家了|找到了|联系上|后来|原来))"
               r"(?=.*现在[^ ]{0,3}[\d一二三四五六七八九十两]+点)"
               r"(?=.*(?:打不通|联系不上|关机|不接|没人接|没(?:有)?回))"),
    # not at home, unseen by those about, no sign of where: 老人家不在屋里 邻居也没看见 门开着的
    _cue("missing", "now", r"(?:人|" + _WHO + r")[^ ]{0,2}不在(?:家|屋里?)(?= |$|了)",
         needs=r"^(?!.*(?:" + _EXPLAINED + r"|找到了|回来了|原来))"
               r"(?=.*(?:邻居|楼下|门卫|保安|对门|隔壁|物业)[^ ]{0,2}(?:也|都)?没(?:有)?"
               r"(?:看见|看到|见过?|见着))(?=.*(?:" + _NO_SIGN + r"))"),
    # someone found wandering who cannot say where home is: 问她家在哪说不上来, 问他住哪 他想不起来
    _cue("missing", "now",
         r"(?:问|打听)[^ ]{0,3}(?:家|住)[^ ]{0,3}(?:在)?(?:哪|什么地方|几号|几栋|哪栋)[^。]{0,8}?"
         r"(?:说不(?:上来|出来|清|出|知道)|想不起|不知道|不记得|答不上|一问三不知|摇头)|"
         r"问不出[^ ]{0,2}(?:几栋|几号|哪栋|住哪|家在哪)",
         needs=_WHO + r"|老爷爷|老奶奶|老太太|老大爷|小孩|小朋友|老人"),
    # a small child alone in a public place, no grown-up with them: 小孩哭着找妈妈 身边没大人
    _cue("missing", "now",
         r"(?:身边|旁边|周围|附近|边上)[^ ]{0,3}没(?:有|看到|看见|见到|见)?(?:大人|家长|人管)|"
         r"没(?:有)?大人(?:跟着|陪着|管)",
         needs=r"小孩|孩子|小朋友|小男孩|小女孩|宝宝|娃"),
    # a pupil who never reached school, still not found: 今天没来上学 家里说早上出门了
    _cue("missing", "now",
         r"没(?:有)?(?:来|去|到)(?:上学|学校|上课)|没到校|没进校",
         needs=r"^(?!.*(?:请假|请了假|生病|病了|发烧|看病|(?<![不没])在家|睡过头|找到了|回来了|到了))"
               r"(?=.*(?:找不到|找不着|联系不上|打不通|没人知道|不知道去哪|不见了|"
               # ... and set off for it, or is not at home either: 背着书包出门的, 以为她在学校
               r"书包|出(?:的)?门|以为[^ ]{0,2}在(?:学校|上课|班上)|不在家|"
               r"家里(?:也|都)没(?:有|人)))"),
)
