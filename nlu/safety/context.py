"""Harmless contexts: why a danger cue does not mean danger now.

Each rule looks at the clause the cue is in (text between spaces of the prepared text) or at
the words after it, and returns the name of the reason it dismisses the cue, or "":

    negated       没有煤气味, 不是着火, 老人没摔
    past          上次着火那栋, 去年摔断了腿, 漏过一次 (unless it still goes on: 现在还有)
    procedure     煤气费怎么交, 灭火器在哪领, 防跌倒讲座, 康复训练
    hypothetical  万一 / 要是 / 如果 ... , 怕他摔, 提醒大家注意防火, 着火了可不得了
    idiom         笑得喘不上气, 辣得我喘不过气, 看得我心脏病都要犯了, 哈哈 笑死 他摔了
    fault         烟雾报警器没电了, 打不着火, 误报; 摔了一个杯子 碎了; smoke (no flames)
                  from a harmless or everyday source: 烧烤, 鞭炮, 油烟, 天天冒烟; cats that
                  fight; pills taken by mistake (吃错药) are medical, not self-harm; pain that
                  comes now and then (有时候疼一下) is for a doctor's visit
    news          新闻 / 网上 / 电视上 / 听说 / 梦见 / 老家: elsewhere or not real
    habit         now and then (有时候觉得活着没劲): self-harm words said so are urgent, not now
    safe          a later note that the person is fine (人好好的, 已经送医院, 自己爬起来了) or
                  the hazard is over (火灭了, 没味了, 修好了); from contacts and staff such a
                  note anywhere in the message counts, since they report on someone
"""

from __future__ import annotations

import re

from nlu.safety.cues import PERSON_KINDS, PLACE_KINDS, Kind

_NEGATION = re.compile(
    r"(?:(?<!是)不是|没有|并没有|没|无|未|并非)(?:闻到|闻见|看到|见|发现|有|人|什么|啥|被|在)?$")
_PAST = re.compile(
    r"上次|上回|去年|前年|以前|之前|昨天|昨晚|前天|前[一两几]天|前阵子|前段时间|上个月|上周|"
    r"上礼拜|上个?星期|上个礼拜|头几天|大前天|昨儿|前儿|几个月前|好几年前|多年前|"
    r"那年|那次|那回|那天|"
    r"小时候|当年|年轻时|早年|曾经|\d+年前|几年前|那时候|年前")
_PRESENT = re.compile(r"现在|正在|还在|今天|刚才|刚刚|这会|此刻|马上|突然|一直|仍然|目前|又|还")
_ASPECT = re.compile(r"[摔跌漏着倒风困关爆晕烧淹梗见]过(?![去来气])|过[一两几]次")
_TIME = re.compile(_PAST.pattern + "|" + _PRESENT.pattern)
_SINCE = re.compile(r"[^ ]{0,2}(?:以后|之后|那次|那回|那年|那会)|后(?![来面天头背])")
# a condition someone lives with, not an event: 中风的老同事, 中风后遗症 (stroke and the like)
_CONDITION = re.compile(r"^的(?:老|病人|人|患者|同事|邻居|朋友|亲戚|老人)|^病人|^患者")
# an illness someone has, or one a doctor has seen to: 有癫痫, 医生说是轻微脑梗
_HAS_ILLNESS = re.compile(r"(?:有|得了|患有|患了|得过)$|医生说|医生看过|医院看了|开了药|确诊")
_GOES_ON = re.compile(
    r"到现在|现在还(?![敢能会要可想用]|[^ ]{0,3}(?:怕|担心))|还在(?!用)|还没[^ ]{0,2}(?:散|停|好|"
    r"灭|醒|起来)|越来越|"
    r"从[^ ]{0,3}(?:开始|起)|一直|(?:今天|现在)[^ ]{0,4}(?:肿|疼|痛|走不了|起不来|下不了床)|"
    r"又(?:来|有|开始|冒|漏|响|闻到|犯|出现|发作|着|烧|摔|晕|跌)|比上次还|"
    r"更(?:浓|大|重|多|厉害|严重|疼)")
_PROCEDURE = re.compile(
    r"(?:煤气|燃气|电|水|物业|暖气)费|交费|缴费|交钱|充值|办理|申请|领取|在哪领|多少钱|要钱|"
    r"收费|要不要钱|收不收费|补贴|报名|讲座|培训|演练|课程|安检|年检|检查一次|开户|过户|在哪买|"
    r"哪里买|推荐|"
    r"预约|挂号|挂[^ ]{0,2}号|挂什么科|复查|康复|后遗症|知识|宣传|规定|政策|保险|谁赔|赔偿|"
    r"说法|(?<!什么)(?<!啥)原因|查清楚|上点心|装一个|装个|科普|演习|教我们|教大家|"
    r"急救(?:培训|课|知识|讲座|包|箱)|立案|破案|报案|报过警|派出所|护理(?!员|人员)|体检|约个|查查|去检查|"
    r"检查一下|要不要去|要不要看看|透析|化疗|反映|投诉|举报|提前问问|先问问|想了解|开点|开些|开药|配点|配药|医保|报销|费用|怎么判断|如何判断|怎么识别|有哪些症状|什么症状|"
    r"看医生")
_HYPOTHESIS = re.compile(
    r"万一|要是|如果|假如|假设|假若|倘若|一旦|建议|以为|(?<![可害恐好])怕(?!是)|"
    r"担心|"
    r"防止|预防|"
    r"(?<!消)防(?![盗护滑])|避免|(?<!不)小心|注意(?!到)|提醒|以防|容易|应该怎么|该怎么|会不会(?!是)")
_HYPOTHESIS_AFTER = re.compile(
    r"可不得了|就麻烦了|就糟了|就完了|不堪设想|怎么劝|怎么预防|^的样子|跑都跑不掉|都来不及|"
    r"^[^ ]{0,2}(?:高发|多发)|^[^ ]{0,2}的话")
_IDIOM_BEFORE = re.compile(
    r"(?:笑|辣|撑|累|跑|爬|等|热|饿|冷|看|跳|唱|急|忙|晒|吵|玩|吃|坐|蹲|压|熬|气|高兴|激动|"
    r"兴奋|紧张|吓|乐|美)得[^ ]{0,4}$|得[^ ]{0,2}(?:想|要)$|"
    r"(?:减|加|忙|累|烦|气|穷|饿|困|热|冷|胖|笑)到[^ ]{0,2}(?:想|要)?$|(?:天|天气|屋里|"
    r"屋子)[^ ]{0,2}闷得[^ ]{0,4}$|"
    r"笑到|笑死|笑得")
_IDIOM_AFTER = re.compile(r"^[^ ]{0,6}(?:哈哈|笑死)|坐久|坐太久|压麻|蹲久|睡麻|"
                          r"^[^ ]{0,2}(?:这破|这鬼|这该死)")
_LAUGHS_IT_OFF = re.compile(r"^[^ ]{0,2} ?哈哈")  # 胖了五斤 我不活了 哈哈
_IGNITION = re.compile(r"打不着|点不着|不着火|打不燃|调小|调大|火候|火力")
_ALARM_FAULT = re.compile(r"没电了|电池|低电量|误报|灵敏度|一直滴滴")
_BROKEN = re.compile(r"碎|摔坏|摔烂|坏了|屏幕|裂了")
# a thing, not a person, is what fell: 手机从楼上摔下去了
_THING = re.compile(r"(?:我|他|她|家里)?的?(?:手机|碗|杯子|盘子|花盆|钥匙|快递|眼镜|遥控器)")
# a stroke that is over, its signs what it left: 中风以后 说话一直不太清楚
_AFTER_STROKE = re.compile(r"(?:中风|脑梗|脑出血|脑溢血)[^ ]{0,2}(?:以后|之后|后)|后遗症|康复")
# standing or sitting still on purpose: 打太极拳 一动不动站了好久
_STILL_ON_PURPOSE = re.compile(r"太极|钓鱼|练功|站桩|冥想|打坐|发呆|看书|站了|坐了好久")
_MARKET = re.compile(r"(?:股|价|基金|行情|指数|分数|温度|成绩|汇率)[^ ]{0,3}$")
_INSIDE = re.compile(r"我在|我被|我们在|把我|困了我|关了我|里面|里头|这次|现在|刚才|出不|救")
_HARMLESS_SMOKE = re.compile(
    r"油烟|烧烤|鞭炮|烟花|放炮|烧纸|烧香|蚊香|抽烟|吸烟|做饭|炒菜|饭店|餐馆|锅炉|天天|每天|经常|"
    r"糊了|烤糊|烧糊|冒了点|(?:有点|一点|有些|冒了点)[^ ]{0,2}烟|正常吗|"
    r"老是|总是")
_ANIMAL = re.compile(r"猫|狗|鸡|鸟|鹅")
_HUMAN = re.compile(
    r"(?<!我家)(?<!我们家)(?:(?<![叫找派让喊])人|他|她|老|妈|爸|奶|爷|姥|婆|公|孩子|孙|儿|女)|我(?!们?家)")
_FUNERAL = re.compile(r"(?:办|料理|帮忙|操办|准备)[^ ]{0,3}后事|去世|过世|走了[^ ]{0,3}年")
_HABIT = re.compile(r"有时候|偶尔|时不时|毛病|经常|常常|老是|老说|总说|最近老|最近总|总是")
_HABIT_ACT = re.compile(r"有时候|偶尔|时不时|经常|常常|老是|天天|每天|总是")
_BORN = re.compile(r"天生|从小|生下来就|一直这样|一直都这样|年纪大了|上了年纪|人老了|"
                   r"好多年了|好几年了|很多年了|多少年了")
# out of breath climbing stairs, or a stroke one lives with and asks a service for
_EXERTION = re.compile(r"(?:上楼|爬楼|走几步|一走路|走路|干活|运动|一动)就")
_SERVICE = re.compile(r"行动不便|申请|送餐|护工|补贴|轮椅|助行|护理|康复")
_CALL = re.compile(r"1[12][019]|救护车|消防车")  # a call made: a complaint may be about it
_STOVE = re.compile(r"灶|煤气|燃气|气罐|气瓶|液化气|打火机|火机|轮胎|车胎|气球")
# a big flame where a flame belongs: 灶台的火太大了 怎么调小, 烧烤摊的火太大了
_COOKING = re.compile(r"灶|炉|锅|烧烤|烤串|炒|做饭|烧菜|菜|糊|调小|火候|蜡烛|篝火|烤火|烧纸")
# a spark that has always been there: a repair, not a fire (开关有点打火 以前就这样)
_USUAL = re.compile(r"以前就|一直这样|一直都这样|老这样|总这样|经常|老是|有时候|偶尔|"
                    r"正常吗|有点打火")
_SPREAD = re.compile(r"窜|蹿|老高|烧到|蔓延|着了|烧起来")
_SOUNDS = re.compile(r"响|叫|鸣|报警(?!器)|滴滴")
_PET = re.compile(r"猫(?!眼)|狗|宠物|鸟|鱼(?!刺)")
_BITTEN = re.compile(r"被[^ ]{0,2}(?:狗|猫)|咬")
_DEVICE = re.compile(r"报警器|检测|探测")
_MANY = re.compile(r"好多人|很多人|不少人|有人")
_TOY = re.compile(r"玩具|塑料|木头(?:刀|枪|剑)|假的|模型|水枪")
# a person attacked: no kitchen, animal or toy explains it away (切菜刀要砍我, 打狗棍追着我打)
_AT_PERSON = re.compile(r"[砍捅杀打追揍踢](?:着|了)?(?:我|你|他|她|人|老人|孩子|老婆|老公)")
# walking or feeding a pet: the person fell, not the pet
_WITH_PET = re.compile(r"(?:遛|喂|牵|抱着|带着|追)(?:狗|猫)")
_OFTEN = re.compile(r"(?:老|总|经常|老是|总是|天天|常常)$")
# Where a story came from, said after it: 新闻说的, 网上看的.
_SOURCE = re.compile(
    r"(?:新闻|网上|电视上?|报纸上?|群里|朋友圈)[^ ]{0,2}(?:说的|看的|看到的|讲的)|听说的")
_SMELL_ONLY = re.compile(r"(?:一股|有股|怪|异|有|闻到)[^ ]{0,2}味道?")
_SMELL_SOURCE = re.compile(r"中药|熬|炖|香水|油漆|装修|消毒|垃圾|下水道|臭豆腐|榴莲|厕所|油烟|"
                           r"冰箱|馊|霉|糊了")
_LIGHTING = re.compile(r"(?:点火|打火)(?:的)?(?:时候|时)|一点火")
_STRONG_SMELL = re.compile(r"一直|越来越|很重|好重|好大|很大|很浓|好浓|头晕|恶心|开始|嘭|砰|轰")
# A frame around the whole message: a lesson, a drill, a play, a notice.
_FRAME = re.compile(
    r"(?<!不是)(?:讲座|培训|课上|老师教|演练|演习|话剧|电影|电视剧|小说|游戏|入户检查|"
    r"(?<!紧急)通知(?=[^ ]{0,8}(?:演练|演习|检修|停水|停电|安检|维保|讲座|培训|明天|下周))|"
    r"剧里|剧中|戏里|片子里|片里|动画片|动画里|综艺|讲故事|故事里|童话)")
_NOBODY_IN = re.compile(r"(?:没有?人|无人)[^ ]{0,2}(?:被困|被关|困住|在里面|关在)")
_NO_ONE = re.compile(r"(?:没有?人|无人)(?![接应理管来回听])")
# a warning: 别摔倒了, 千万别着火 (not in a fight: 别打了 is a cry for help)
_DONT = re.compile(r"(?:别|不要|千万别|可别)$")
_NEAR_MISS = re.compile(r"差点|差一点|险些|好悬")
_ALMOST = re.compile(r"(?:快|快要)$")
# someone who saw an ambulance and does not know for whom: 不知道谁家出事了
_BYSTANDER = re.compile(r"不知道(?:是)?(?:谁家|谁|哪家|哪户)")
# a fire engine or an ambulance that went by, and no idea where to: 消防车开过去了 不知道哪里着火
_PASSING = re.compile(r"(?:消防车|救护车|警车)[^ ]{0,3}(?:开过|经过|路过|过去了|开走)|"
                      r"(?:看见|看到|听到|听见)[^ ]{0,3}(?:消防车|救护车|警车)")
_WHERE_UNKNOWN = re.compile(r"不知道(?:是)?(?:谁家|谁|哪家|哪户|哪里|哪儿|什么地方|哪栋)|"
                            r"(?:是)?(?:哪里|哪儿|哪家|谁家|哪栋)[^ ]{0,3}(?:着火|出事)|"
                            r"不知道(?:去哪|怎么了|什么事|出了什么事)")
# hard of hearing: not hearing a call is no loss of consciousness
_DEAF = re.compile(r"耳背|耳朵背|听力不好|聋|助听器")
# a feeling said alone in the clause before (我很担心 / 我好怕 / 小心): not a hypothesis about
# what follows, which is said as it is
_FEELING = re.compile(r"[我们好很真太特别都快要有点些]*(?:担心|害怕|怕|紧张|着急|吓)"
                      r"(?:死了|死|得要死|得要命|极了|坏了|了|啊|呀)*|"
                      r"(?:大家|请)?(?:快)?(?:小心|注意)+(?:啊|呀|点|了)?|提醒一下|紧急(?:紧急)*|"
                      r"(?:紧急)?(?:通知|预警|警告|求助)")
# sleeping pills a doctor prescribed, taken as told: 医生开的 每晚一片
_PRESCRIBED = re.compile(r"医生开的|按医嘱|遵医嘱|每晚|每天晚上|半片|一片")
_MANY_PILLS = re.compile(r"瓶|好多|很多|一把|整|全|都|一堆")
_EVERY_FLOOR = re.compile(r"每层|每一层|层层|一直按|乱按|按着玩")  # a lift that stops often
# a lift out of order for days, or stopped on purpose: a repair, not an emergency
_LONG_BROKEN = re.compile(r"好几天|几天了|好久|一直坏|又坏|老坏|老是坏|什么时候修|啥时候修|"
                          r"多久能修|能不能修|维保|保养|检修|停用|通知|维修中|年检|又好了|又走了|又动了")
_PEOPLE_IN = re.compile(_INSIDE.pattern + r"|有人|困|关|有老人|有孩子|电梯里|轿厢")
_STRAIN = re.compile(r"写太久|太久了|手酸|累的|累了")
_SLEEPY = re.compile(r"想睡|犯困|没睡好|的一天|下雨天|午觉")
_KITCHEN = re.compile(r"骨头|排骨|切菜|砍柴|劈柴|西瓜|冻肉")
_STOLEN = re.compile(r"偷了|被偷|丢了")
_STILL_HERE = re.compile(r"还在|还没走|在屋里|在家里|进来了|正在")
_DRIP = re.compile(r"空调|冷凝|外机")
_ACCIDENT = re.compile(r"吃错|误服|误喝|不小心|搞错|拿错|小口子|创可贴")
_LAUGH = re.compile(r"笑得|笑死|笑到|哈哈")
_NEWS = re.compile(
    r"新闻|电视上|电视里|电视剧|电影|看[^ ]{0,3}视频|刷到|抖音|快手|网上|(?<![发条])朋友圈|"
    r"群里[^ ]{0,4}说|群里那个|群里的|(?:那个|这个|个|条|段)视频|有人说|谣言|传言|网传|传闻|听说|"
    r"据说|报道|书上|报纸|小说|梦见|梦到|做梦|"
    r"(?<!我在)(?<!人在)(?<!现在在)(?<!我还在)(?<!我正在)(?:老家|外地|外省|国外|南方|北京)|别的小区|别的城市|其他小区|隔壁小区|游戏|学校|"
    r"同学")
# the writer's own home or family named in the cue's clause, or waking to it: what came before
# (新闻说今天降温, 做梦惊醒) is not where it happens
_OWN = re.compile(r"我家|我们家|家里|我们楼|我们单元|发现|醒来|惊醒|醒了|"
                  r"我(?:妈|爸|老伴|老公|老婆|奶奶|爷爷|外婆|外公|孩子|儿子|女儿)")
# what the writer saw or whose it is, in a clause after the news: 我闻到, 是我妈
_SEEN = re.compile(r"我(?:也|都)?(?:闻到|看到|看见|听到)|亲眼|是我(?:妈|爸|老伴|家)|我在窗")
_TOLD = re.compile(r"说|里有|上有|里的|报道|看到|看见")
# what the writer was doing when it happened (看新闻的时候, 我在玩游戏, 从学校回来): not where
# the danger is
_ACTIVITY = re.compile(r"我(?:正|还)?在(?:看|玩|刷|听)[^ ]{0,5}|[^ ]{0,8}的时候|放学|"
                       r"从(?:学校|老家|外地)回来")
# asking whether to go to hospital is no note that someone went, nor a question of procedure
# acute: a known illness that needs help now (医生说是心梗 让赶紧送医院)
_ACUTE = re.compile(r"赶紧|马上|立刻|急诊|抢救|送医院|120|救护车")
# sudden: not the slowness of age (年纪大了 今天突然嘴歪了)
_SUDDEN = re.compile(r"突然|一下子|刚才|刚刚|今天|今早|早上起来")
# a weak hypothesis said in the clause before (本来就容易晕) gives way to a clause that says
# when it happened (今天晕倒了); a strong one (万一 / 要是) does not
_STRONG_IF = re.compile(r"万一|要是|如果|假如|假设|假若|倘若|一旦")
_NOW_MARK = re.compile(r"今天|刚才|刚刚|突然|这会|此刻|今早|今晚|早上|半夜|一下子")
_ASKING = re.compile(r"(?:要不要|该不该|需不需要|用不用|需要|要|正准备|准备|正在|在|等着)"
                     r"(?:送|去)(?:医院|急诊)吗?(?:的路上)?|要不要(?:叫|打)(?:救护车|120)|"
                     r"(?:送|去)医院的路上|(?:要不要|用不用|要)看医生吗?|(?:让|叫)[^ ]{0,2}送医院|"
                     r"赶紧送(?:医院|去医院)")
# the danger still going on, said after a question of procedure: 保险能赔吗 现在人还在地上
_STILL = re.compile(r"现在(?:人)?还|还在地上|还躺|还没醒|还在(?:流|烧|冒|漏|打)|到现在")
# fear of what has happened (我担心我爸中风了) is no hypothesis; fear of what may (怕他摔) is
_FEAR_ONLY = re.compile(r"担心|害怕|(?<![可害恐好])怕(?!是)")
_SAFE_ANY = (r"虚惊|误报|误会|闻错了|听错了|谣言|假消息|是假的|已排除|排除了|搞错了|看错了|"
             r"不是真的|开玩笑|说着玩|逗你|骗子|诈骗|骗钱|按着玩|孩子按的|小孩按的|说是正常|是正常的|属于正常|加臭剂|没事了|已经没事|(?<!没)修好了|已修复|不是我们(?:楼|"
             r"家)的|"
             r"是[^ ]{0,6}(?:饭店|饭馆|餐馆|烧烤|装修|油漆|做饭|快递|外卖|送水|抄表|物业的|"
             r"保安|烧纸|烧香|鞭炮|糊了)|"
             r"都没事|没人受伤|都平安|已处理|"
             r"处理好了|处理完了|处理了|按错|误按|误触|原来(?:是|只是)|"
             r"没问题|已经好了|"
             r"(?:不是|没有|没)(?:漏气|漏|着火|起火|冒烟|晕|摔|中风|触电|漏电)")
_SAFE_PERSON = re.compile(
    r"(?<![没未不])(?:" + _SAFE_ANY + r"|人好好的|好好的|人没事|没事|没什么事|没大碍|无大碍|平安|"
    r"人挺好|挺好|不碍事|睡着了|看过了|只是擦伤|擦伤|止住了|包好了|包扎好|退烧了|找到了|联系上了|出院了|"
    r"拉走了|抬走了|"
    r"睡得|在睡觉|已经醒|醒过来|(?<!不)醒了|叫醒|(?<![不])起来了|扶起来|爬起来|能走|(?<!只)能动|能起来|"
    r"不疼|没伤|没摔着|好多了|好些了|现在好了|缓过来|稳定了|送医院|送到医院|在医院|到医院|"
    r"接走了|救出来|(?<![不露冒喷流翻涌掉])出来了|已经出来|擦破|破了点皮|破点皮|创可贴|小伤|皮外伤|"
    r"检查了|不要紧|没大问题|送去医院|送医|去医院了|到医院了|住院了|没骨折|没受伤|没伤|(?:就|会儿|"
    r"一会)好了|"
    r"又动了|又走了|恢复了|又好了|被救|救上来|救起来|玩得|接着玩|又玩|又跑|去玩了|跑开了|"
    r"救护车 ?[^ ]{0,4}(?:很快|已经)[^ ]{0,2}来了(?![吗没])|被救护车[^ ]{0,2}(?:拉走|接走))")
_SAFE_PLACE = re.compile(
    r"(?<![没未])(?:" + _SAFE_ANY + r"|灭了|扑灭|关火了|关了火|关掉了|已经关|关上了|拔了|拔掉|"
    r"断电了|拉闸了|修好了|"
    r"换好了|没味|味道散了|散了|一会儿?就没了|停了|堵住了|不冒烟了|不冒了|来修过|修过了|撤出来|都出来了|"
    r"撤离了)")
_SAFE_PIPE = re.compile(_SAFE_ANY + r"|修好了|换好了|不漏了|没事了")
_SAFE_VIOLENCE = re.compile(_SAFE_ANY + r"|走了|被带走|警察来了|劝开了|拉开了|闹着玩|打闹|"
                            r"又去玩|又玩了|接着玩")
_REAL_TURN = re.compile(r"结果|但是|可是|没想到|真的|竟然|不对|这回是真|(?:^| )真|现在|这次|这回")
_FALSE_ALARM = re.compile(r"虚惊一场|误报|误会|搞错了|看错了|闻错了|听错了|谣言")
_TURN = re.compile(r"突然|现在|又|但|可是|不过|结果|然后|后来|就是|只是")
# found or reached: a contact's note of where the person is, not that all is well
_FOUND = re.compile(r"(?:人)?找到了|联系上了|接电话了|电话通了|到了")
_SAFE_SELF_HARM = re.compile(r"开玩笑|说着玩|逗你|逗我|逗人|逗着玩|闹着玩|歌词|瞎说|气话|随口说")
# a hurt said after the note that all is well: 现在能走 但膝盖肿了
_HURT_AFTER = re.compile(r"(?:但|可是|不过|就是|现在|后来|今天|这会)[^ ]{0,6}"
                         r"(?:肿|疼|痛|流血|出血|动不了|不能动|说不出|没反应|出汗|发白|"
                         r"青了|紫了|吐|晕|走不了|起不来|迷糊|叫不醒)|"
                         r"(?:屁股|腿|膝盖|腰|脚|胳膊|头|手腕|脚踝|胯)[^ 不没]{0,3}(?:疼|痛|肿|"
                         r"青了|紫了|流血)|"
                         r"又[^ ]{0,3}(?:不动|晕|倒|昏|抽|吐|叫不醒|没反应|不说话)")
# someone still inside: one let out of a lift or a fire is no note that all are
_STILL_IN = re.compile(r"还有[^ ]{0,4}在里面|还在里面|没出来")
# fine until just now: when it began, not a note that all is well
_ONSET = re.compile(r"(?:刚|刚才|刚刚|之前|早上|上午|下午|晚上|昨天)[^ ]{0,6}还好好的")
NOTE_TAKERS = frozenset({"contact", "staff"})


def negated(before: str) -> bool:
    """Whether the words just before a cue deny it (没有煤气味, 不是着火)."""
    return bool(_NEGATION.search(before))


def in_past(upto: str, after: str, rest: str) -> bool:
    """Whether the nearest time word before the cue's end (or else the first after it) is of
    the past, or the verb has the aspect of the past (漏过, 中风以后), and the cue's clause or
    the next does not say it goes on (现在还有)."""
    if _GOES_ON.search(" ".join(rest.split(" ")[:2])):
        return False
    if _ASPECT.search(upto[-3:] + after[:6]) or _SINCE.match(after):
        return True
    marks = _time_words(upto)
    if marks:
        return bool(_PAST.fullmatch(marks[-1].group()))
    later = _time_words(after)
    return bool(later) and bool(_PAST.fullmatch(later[0].group()))


def _time_words(text: str) -> list[re.Match[str]]:
    return list(_TIME.finditer(text))


def reason(kind: Kind | None, words: str, clause: tuple[str, str], rest: str, *,
           message_before: str, speaker: str) -> str:
    """Why a cue is harmless, or "" when it is not. clause: the words before the cue in its
    clause and after it up to the clause's end; rest: the message after the cue;
    message_before: the message before the cue's clause."""
    before, after = clause
    message_before = _since_turn(message_before)
    previous = "" if _REAL_TURN.search(before) else message_before.rstrip().rpartition(" ")[2]
    wish = bool(re.search(r"(?:就好了|算了|多好)$", previous))  # 如果我死了就好了: a wish
    if _FEELING.fullmatch(previous) or (_NOW_MARK.search(before)
                                        and (wish or not _STRONG_IF.search(previous))):
        previous = ""
    checks = (
        ("negated", negated(before) or (kind not in ("violence", "self_harm", None)
                                        and bool(_DONT.search(before)))
         or (kind == "lift" and bool(
            _NO_ONE.search(before + words + after) or _NOBODY_IN.search(message_before + rest)))),
        ("past", in_past(previous + " " + before + words, after, rest)),
        ("procedure", _procedure(words, previous + " " + before + after + " "
                                 + _next_clause(rest), message_before + " " + rest)),
        ("hypothetical", _hypothetical(previous + " " + before + words, after)),
        ("idiom", _idiom(kind, (before, after), message_before + rest, rest)),
        ("fault", _fault(kind, words, before + " " + after, message_before + " " + rest)),
        ("news", _elsewhere(kind, words, clause, rest, message_before)),
        ("habit", (kind == "self_harm" and bool(_HABIT.search(before + words)))
         or (kind == "violence" and bool(_HABIT_ACT.search(before + words + after)))),
        # a lift that moved again or people let out: said anywhere in the message
        ("safe", safe_note(kind, (_since_turn(message_before + before) + words
                                  if kind == "lift" else "")
                           + (words if kind == "gas" or "救护车" in words else "")
                           + " " + rest,
                           message_before + before, speaker=speaker)),
    )
    return next((name for name, hit in checks if hit), "")


def _elsewhere(kind: Kind | None, words: str, clause: tuple[str, str], rest: str,
               message_before: str) -> bool:
    """News, a story, a dream, a frame (a drill, a film), or an ambulance seen by a bystander."""
    before, after = clause
    if (kind == "medical" or words.startswith("出事")) and _BYSTANDER.search(
            message_before + before + after + rest):
        return True
    whole = message_before + " " + before + words + after + " " + rest
    if _PASSING.search(whole) and _WHERE_UNKNOWN.search(whole):
        return True
    scope = before if _OWN.search(before) else \
        _since(_since_turn(message_before), _SEEN) + " " + before
    frame = _since_turn(message_before + " " + before + words + after + " " + rest)
    if not _TOLD.search(before):  # 我在看新闻 说...: the news is what it is about
        scope, frame = _ACTIVITY.sub(" ", scope), _ACTIVITY.sub(" ", frame)
    return bool(_NEWS.search(_since_turn(scope) + after)
                or _SOURCE.search(rest)
                or _FRAME.search(frame))


def _since(text: str, mark: re.Pattern[str]) -> str:
    """The words after the last match of mark: what the writer saw or whose it is (我闻到,
    是我妈) is no longer the news or the story told before it."""
    found = list(mark.finditer(text))
    return text[found[-1].end():] if found else text


def _procedure(words: str, around: str, message: str) -> bool:
    """A bill, a procedure or a question of how: unless the danger is said to go on."""
    if _STILL.search(message):
        return False
    around, message = _ASKING.sub(" ", around), _ASKING.sub(" ", message)
    return bool(_PROCEDURE.search(around)
                or (_CALL.search(words) and _PROCEDURE.search(message)))


def _hypothetical(upto: str, after: str) -> bool:
    """万一 / 要是 / 怕 ... before the cue, or 可不得了 after it; a fear of what has already
    happened (担心他中风了) is not one."""
    found = [m.group() for m in _HYPOTHESIS.finditer(upto)]
    if found and all(_FEAR_ONLY.fullmatch(w) for w in found) \
            and re.fullmatch(r"了[啊吧呀]?", after):
        return False
    return bool(found) or bool(_HYPOTHESIS_AFTER.search(after))


def _since_turn(text: str) -> str:
    """The words after the last turn (结果 / 但是 / 真的): what came before it no longer holds."""
    turns = list(_REAL_TURN.finditer(text))
    return text[turns[-1].end():] if turns else text


def _next_clause(rest: str) -> str:
    parts = rest.split(" ", 2)
    return parts[1] if len(parts) > 1 else ""


def _idiom(kind: Kind | None, clause: tuple[str, str], message: str, rest: str) -> bool:
    before, after = clause
    if _IDIOM_BEFORE.search(before) or _IDIOM_AFTER.search(after):
        return True
    if kind == "self_harm":
        return bool(_LAUGHS_IT_OFF.match(after + " " + _next_clause(rest))
                    and not _REAL_TURN.search(rest))
    return bool(_LAUGH.search(message)) and not _REAL_TURN.search(before)


def _fault(kind: Kind | None, words: str, clause: str, message: str) -> bool:
    """An ordinary fault, a harmless source or a non-event: a beeping alarm, a broken cup,
    barbecue smoke, pills taken by mistake, a fight between cats, pain now and then."""
    before = clause.split(" ")[0]
    whole = clause + " " + words + " " + message
    if kind in PLACE_KINDS:
        return _place_fault(kind, words, clause, whole)
    if kind != "gas" and _NEAR_MISS.search(before):
        return True
    pet = (_PET.search(before + words) or (_PET.search(whole) and not _HUMAN.search(whole))) \
        and not _WITH_PET.search(whole) \
        and not _BITTEN.search(whole)
    if (kind in PERSON_KINDS or kind == "self_harm") and pet:
        return True  # the cat, not a person
    if kind in ("medical", "stroke"):
        sudden = bool(_SUDDEN.search(whole) or re.search(r"又|发现", whole))
        if kind == "stroke" and (_CONDITION.search(clause.split(" ", 1)[-1])
                                 or (_AFTER_STROKE.search(whole + " " + words
                                                          + clause.split(" ", 1)[-1])
                                     and not sudden)):
            return True
        if (_HAS_ILLNESS.search(before) or _HAS_ILLNESS.search(before + " " + message)) \
                and not _ACUTE.search(whole):
            return True
        if kind == "stroke" and _STRAIN.search(whole) and re.search(r"拿|握|夹|手", words) \
                and not re.search(r"嘴|脸|说话|讲话|说不", whole):
            return True  # a tired hand: 拿不住笔了 写太久手酸
        if "昏" in words and _SLEEPY.search(whole):
            return True  # drowsy on a rainy day
        if kind == "stroke" and _THING.match(before):
            return True  # the phone slips, not the hand: 手机拿不住 老掉
        if _EXERTION.search(before) or (kind == "stroke" and _SERVICE.search(whole)
                                        and not sudden):
            return True
        vague = "糊涂" in words or "迷糊" in words
        return bool(_HABIT.search(before + words + (whole if vague else clause))
                    or (_BORN.search(whole) and not _SUDDEN.search(whole)))
    if kind == "lift" and _EVERY_FLOOR.search(whole):
        return True
    if kind == "lift" and _LONG_BROKEN.search(whole) and not _PEOPLE_IN.search(whole):
        return True
    if kind == "lift" and _HABIT_ACT.search(before + words) and not _INSIDE.search(whole):
        return True  # 老是困人: a complaint about the lift
    if kind == "fall":
        habitual = words[:1] in "摔跌滑绊栽" and (_OFTEN.search(before) or _MANY.search(before))
        market = words[:1] == "跌" and bool(_MARKET.search(before))
        return bool(_BROKEN.search(clause) or habitual or _THING.match(before) or market) \
            or "把" in before
    if kind == "unconscious" and "一动" in words and _STILL_ON_PURPOSE.search(whole):
        return True
    if kind == "unconscious" and _DEAF.search(whole) and re.search(r"叫|喊|应", words):
        return True
    if kind == "unconscious" and "没气" in words:
        return bool(_STOVE.search(whole))  # the stove or the cylinder, not a person
    if kind == "violence":
        stolen = _STOLEN.search(whole) and not _STILL_HERE.search(whole)
        if words.startswith("被") and re.search(r"像|好像|跟$", before):
            return True  # a likeness: 喉咙像被掐住一样
        at_person = _AT_PERSON.search(words + clause)
        return bool(((_ANIMAL.search(clause) or _KITCHEN.search(clause)) and not at_person)
                    or _TOY.search(words + clause) or _ALMOST.search(before)
                    or (stolen and not at_person))
    if kind == "self_harm" and words == "后事":
        return bool(_FUNERAL.search(whole))  # a neighbour's funeral, not one's own
    if kind == "self_harm" and "安眠药" in words and not _MANY_PILLS.search(words):
        return bool(_PRESCRIBED.search(whole))
    return kind == "self_harm" and bool(_ACCIDENT.search(whole))


def _place_fault(kind: Kind, words: str, clause: str, whole: str) -> bool:
    before = clause.split(" ")[0]
    if kind == "gas" and _SMELL_ONLY.fullmatch(words) and _SMELL_SOURCE.search(whole):
        return True  # a smell with a source that is not gas: 家里有味道是在熬中药
    if kind == "fire" and words == "火苗" and _STOVE.search(clause) and not _SPREAD.search(
            whole):
        return True
    if kind == "gas" and _LIGHTING.search(whole) and not _STRONG_SMELL.search(whole):
        return True  # a whiff when the stove is lit
    if kind == "gas" and _DEVICE.match(clause.split(" ", 1)[-1]) and not _SOUNDS.search(clause):
        return True
    if kind == "fire" and words.startswith("火") and words.endswith("大") \
            and _COOKING.search(whole) and not _SPREAD.search(whole):
        return True
    if kind == "fire" and re.search(r"打火|火花|火星", words) and _USUAL.search(whole) \
            and not _SPREAD.search(whole):
        return True
    if kind == "fire" and (_OFTEN.search(before) or _NEAR_MISS.search(before)):
        return True
    if kind in ("gas", "fire") and (
            _IGNITION.search(clause) or ("报警" in words and _ALARM_FAULT.search(whole))):
        return True
    if kind in ("flood_electric", "burst_pipe") and _NEAR_MISS.search(before):
        return True
    if kind == "flood_electric" and _DRIP.search(whole):
        return True
    smoke_only = kind == "fire" and "烟" in words and "火" not in words
    return smoke_only and bool(_HARMLESS_SMOKE.search(whole))


def safe_note(kind: Kind | None, rest: str, message_before: str, *, speaker: str) -> bool:
    """Whether a note after the cue (or, from a contact or staff, anywhere) says all is well."""
    pattern = _safe_pattern(kind)
    rest = _ASKING.sub(" ", _ONSET.sub("", rest))
    found = pattern.search(rest)
    hurt = found and kind in PERSON_KINDS and (
        _HURT_AFTER.search(rest[found.end():])
        or (kind == "fall" and _HURT_AFTER.search(rest[:found.start()])))
    hurt = hurt or (found and kind in ("lift", "fire") and _STILL_IN.search(rest[found.end():]))
    if found and not hurt:
        return True
    if kind != "self_harm" and _FALSE_ALARM.search(message_before):
        return True  # 虚惊一场 ... then what it was
    # a contact's or staff member's note that opens with all being well explains what follows
    if speaker not in NOTE_TAKERS or kind == "self_harm":
        return False
    note = _SAFE_PERSON.search(_FOUND.sub(" ", message_before))
    return note is not None and not _TURN.search(message_before[note.end():])


def _safe_pattern(kind: Kind | None) -> re.Pattern[str]:
    if kind is None or kind in PERSON_KINDS:
        return _SAFE_PERSON
    if kind == "burst_pipe":
        return _SAFE_PIPE  # a closed valve stops the water, not the need for the repair
    if kind in PLACE_KINDS:
        return _SAFE_PLACE
    return _SAFE_VIOLENCE if kind == "violence" else _SAFE_SELF_HARM
