"""The words of notes on how things stand (nlu.safety.context): that all is well (safe, found,
back home, a false alarm), that the danger goes on all the same (someone still inside, a hurt
said after), and the times such notes are mistaken for (fine until just now, the usual hour, a
loss long ago). Split from nlu.safety.context_words, which keeps the words of the other frames."""

from __future__ import annotations

import re

# (a doubt is no denial: 不知道是不是真的漏 is still a leak)
SAFE_ANY = (r"虚惊|误报|误会|闻错了|听错了|谣言|假消息|是假的|已排除|排除了|搞错了|看错了|"
             r"(?<!是)不是真的|看花眼|眼花了|开玩笑|说着玩|逗你|骗子|诈骗|骗钱|按着玩|孩子按的|小孩按的|说是正常|是正常的|属于正常|加臭剂|没事了|已经没事|(?<!没)修好了|已修复|不是我们(?:楼|"
             r"家)的|"
             # (not the writer's own trade: 我是物业保安, 我是物业维修工, 我是物业的老周)
             r"(?<!还)(?<!我)(?<!我们)是[^ ]{0,6}(?:饭店|饭馆|餐馆|烧烤|装修|油漆|做饭|炒菜|烧菜|"
             r"煮饭|熬药|快递|"
             r"外卖|送水|抄表|物业的|炖|煮|熬|臭豆腐|榴莲|燃气公司|换表|检修|维修|施工|修管道|"
             r"保安|烧纸|烧香|鞭炮|糊了)|"
             # a smell traced to a drain or the rubbish: 是下水道返的味, 是垃圾房的味儿
             r"(?<![像能许怕])是[^ ]{0,6}(?:下水道|垃圾|厕所|化粪池|地漏|臭水沟|污水|马桶)"
             r"(?![^ ]{0,6}(?<!不是)(?:煤气|燃气|天然气|漏|着|烧|火|冒烟))|"
             r"(?:还好|好在|幸好|幸亏|万幸)[^ ]{0,2}没(?:事|出事|伤着|受伤|碰到|电着)|"
             r"都没事|没人受伤|都平安|已处理|已解救|解救出来|被解救|人员安全|人都安全|均安全|"
             r"人员无恙|均安好|都安好|已[^ ]{0,4}放人出来|取消求助|"
             # a staff note that the case is closed: 困人已解除, 均已脱困, 已安全出来
             r"(?:已|已经)解除|解除了|(?<![没未不])(?:已|已经|均已|都已)?脱困|险情[^ ]{0,2}排除|"
             r"处理完毕|(?:已|已经|均已|都已)安全(?:出来|撤离|转移|返回|回家|救出|到家)?|"
             r"处理好了|处理完了|处理了|按错|误按|误触|原来(?:是|只是)|"
             # a cry typed by a child playing with the phone: 是我女儿拿我手机乱打的
             r"乱(?:打|按|发|点|敲)的|"
             r"没问题|已经好了|确认[^ ]{0,3}(?:安全|没事|正常)|"
             r"(?:查|检查|看|测|量)[^ ]{0,3}(?:过了?|了)?[^ ]{0,2}(?:都)?(?:正常|安全)(?!吗)|"
             # (not the way someone left: 家里说早上正常出门了)
             r"说[^ ]{0,3}(?:一切)?正常(?!吗|出门|出去|上学|放学|走|离开|下班|上班)|一切正常|"
             r"都正常|安全了|"
             # not a question: 是不是晕了, 有没有漏气
             # (not a correction that makes it worse: 不是漏 是喷)
             r"(?:(?<!是)不是|(?<!有)没有|(?<![有是])没)(?:漏气|漏|着火|起火|冒烟|晕|摔|中风|触电|漏电)"
             r"(?! ?(?:而)?是[^ ]{0,3}(?:喷|爆|涌|冒|窜|烧|着))|"
             r"(?:(?<!是)不是|(?<!有)没有)(?:燃气|煤气|天然气)(?:泄漏|泄露|漏气)")
# a check-in's question answered by rote before what happens (平安…我这会儿关在电梯里了)
FIRST_REPLY = re.compile(r"^(?:平安|安全|在的?|收到)[吗吧啊呀]?(?= |$)")
# the sufferer's own word that all is well, which stroke signs or chest pain belie: 他自己还说没事
# (or that rest will mend it: 他说歇会就好)
SELF_DENIAL = re.compile(r"(?:他|她|老人|我爸|我妈|老伴)?(?:自己|嘴上)?(?:还|倒|却)?(?:说|讲|觉得)"
                         r"[^ ]{0,2}(?:没事|没啥事|没什么事|不要紧|挺好|"
                         r"(?:歇|休息|坐|躺|睡)[^ ]{0,3}就好了?)")
SAFE_PERSON = re.compile(
    r"(?<![没未不])(?:" + SAFE_ANY + r"|人好好的|好好的|人没事|没事|没什么事|没大碍|无大碍|"
    r"(?<!没回)(?<!没报)(?<!未报)(?<!不报)平安|"
    r"人挺好|挺好|不碍事|无恙|平安无事|(?:已|已经|均已)(?:找到|寻回|找回|送回|接回|接走)|问题不大|没什么大问题|没大问题|(?:已|被)救出|睡着了|看过了|只是擦伤|擦伤|止住了|包好了|包扎好|退烧了|找到了|联系上了|出院了|(?:已经|已)出院|"
    r"拉走了|抬走了|(?:顺|咽)[^ 不没]{0,4}下去了|(?:现在|已经)不(?:卡|噎|堵)了|"
    r"睡得|在睡觉|已经醒|醒过来|(?<!不)醒了|叫醒|(?<![不皮泡肿鼓])(?<!皮都)(?<!泡都)(?<!肿都)起来了|扶起来|爬起来|(?<![才只])能走|(?<!只)能动|能起来|"
    r"不疼|没伤|没摔着|好多了|好些了|现在好了|"
    r"现在[^ ]{0,6}(?<![没不])好(?:了|多了|些了)|"
    # the call returned later, the silence explained: 今早他回了 说是手机调静音了
    r"(?:今早|后来|刚才|刚刚|早上|之后|晚点|这会儿?|现在)[^ 不没]{0,3}"
    r"(?:回了|回我了|回电话|回消息|"
    r"回微信|"
    r"打回来)|静音|"
    # heard from again: 她回电话了, 他回消息了 (not 我回电话过去)
    r"(?:他|她|人|老人|妈|爸|老伴)(?:刚|刚刚|已经)?回(?:了)?(?:电话|消息|微信)|"
    r"缓过来|稳定了|送医院|送到医院|在医院|到医院|"
    r"接走了|救出来|(?<![不露冒喷流翻涌掉漏淌蹦跳戳刺支漫溢])(?<!眼泪都)(?<!眼泪)出来了|已经出来|擦破|破了点皮|破点皮|创可贴|小伤|皮外伤|"
    r"检查了|(?<!要)不要紧|没大问题|(?:歇|休息|坐|躺|喝[^ ]{0,2}水)[^ ]{0,4}就好|"
    r"送去医院|(?<!协助)(?<!帮忙)(?<!帮助)(?<!帮我)送医|去医院了|到医院了|住院了|没骨折|没受伤|没伤|(?:就|会儿|"
    r"一会)好了|"
    r"又动了|又走了|恢复了|又好了|被救|救上来|救起来|玩得|接着玩|又玩|又跑|去玩了|跑开了|"
    r"救护车 ?[^ ]{0,4}(?:很快|已经)[^ ]{0,2}来了(?![吗没])|被救护车[^ ]{0,2}(?:拉走|接走))")
# a person lost and back again or heard from: 后来邻居送回来了, 他自己走回来了, 到家了
SAFE_MISSING = re.compile(SAFE_PERSON.pattern + r"|送回来|送回家|"
                          r"(?<![没未不狗猫])(?<!狗自己)(?<!猫自己)(?<!狗自己跑)(?<!猫自己跑)(?<!狗跑)"
                          r"(?<!猫跑)回来了|"
                          r"(?<![没未不])(?:回|到)家了|找着了|找回来|"
                          # found where they hid: 原来躲在棋牌室, 原来在楼下下棋
                          r"原来(?:是)?(?:躲|藏|在|去|跑到|跑去)|"
                          # heard from: 刚发微信说马上到, 回电话了
                          r"马上(?:就)?(?:到|回)|快到(?:家)?了|在路上了|"
                          r"(?<![没不])回(?:了)?(?:消息|微信|电话)|(?<![没不])来(?:了)?电话")
SAFE_PLACE = re.compile(
    r"(?<![没未])(?:" + SAFE_ANY + r"|灭了|扑灭|关火了|关了火|关掉了|已经关|拔了|拔掉|"
    r"断电了|拉闸了|修好了|"
    r"换好了|没味|味道散了|(?<!疏)散了|一会儿?就没了|停了|堵住了|不冒烟了|不冒了|来修过|修过了|撤出来|(?<![火光烟苗焰])都出来了|"
    r"(?<![门窗])关上了|"
    r"撤离了)")
SAFE_PIPE = re.compile(SAFE_ANY + r"|修好了|换好了|不漏了|没事了")
SAFE_VIOLENCE = re.compile(SAFE_ANY + r"|现在[^ ]{0,2}好了|和好了|走了|被带走|警察来了|劝开了|"
                                      r"拉开了|闹着玩|打闹|"
                            # a case closed: 民警已调解 后续由妇联跟进
                            r"(?:已|已经)[^ ]{0,2}调解|调解(?:好了|完了|过了)|后续[^ ]{0,4}跟进|"
                            # settled by the police: 那事已经处置完了 现在平静了
                            r"处置(?:完|好|过)了?|(?:已|已经)处置|(?<!不)平静(?:下来)?了|"
                            r"又去玩|又玩了|接着玩|(?:现在|已经)又?和好了|现在又好了")
REAL_TURN = re.compile(r"结果|但是|可是|没想到|真的|竟然|不对|这回是真|(?:^| )真|现在|这次|这回|"
                       # a new topic: what was said before it frames nothing after (电影挺好看的
                       # 对了 楼下大爷...)
                       r"(?<![说猜做答弄搞])对了|另外|顺便|还有一?[个件]事|说[个件]事|话说|"
                       # the writer breaking off (哎 等一下 等一下): what follows is new
                       r"等一下 等一下|等等 等等|(?:哎|诶|唉) 等(?:一下|等)")
# a word said, then taken back for a like one (跑了 不对 飞了, 一个老太 不对 一个大娘): a slip of
# the tongue, no turn of the story; the two share a character, as a 结果 or 这回是真的 does not
_WORD_FIX = re.compile(r"(^| )([^ ]{1,5}) 不对(?: 不对)? ([^ ]{1,5})(?= |$)")


def unsay(text: str) -> str:
    """The text without the 不对 of a word taken back for a like one (kept: both words)."""
    return _WORD_FIX.sub(lambda m: m[1] + m[2] + " " + m[3] if set(m[2]) & set(m[3])
                         else m[0], text)


# a mistake the writer only fears to have made (可能是我搞错了, 也许是我按错了): an apology
# before what is told, no note that it was a false alarm
FEARED_MISTAKE = re.compile(r"(?:可能|也许|兴许|或许|说不定|大概|怕是|是不是)[^ ]{0,3}"
                            r"(?:搞|弄|看|闻|听|按)错了?")
FALSE_ALARM = re.compile(r"虚惊一场|误报|误会|搞错了|看错了|闻错了|听错了|谣言|看花眼|眼花了")
TURN = re.compile(r"突然|现在|又|但|可是|不过|结果|然后|后来|就是|只是")
# the one thought lost said found and well, before why they were out of reach (我舅舅平安 他去
# 钓鱼了 手机没信号): from anyone, not only a contact
# (not 回来了 / 到家了, said of the writer or the dog as often: 我到家了 人不在家)
FOUND_WELL = re.compile(r"(?<![没未不])(?<!没回)(?<!没报)平安(?!夜)|"
                        r"(?<![没未不])(?:找到了|找着了)(?= |$)")
# ... but found once before, in the same clause (上次走丢找到了): this time is another
FOUND_BEFORE = re.compile(r"(?:上次|上回|那次|那回|以前|之前|昨天|前天|去年|前几天|头一回)"
                          r"[^ ]{0,6}$")
# found or reached: a contact's note of where the person is, not that all is well
FOUND = re.compile(r"(?:人)?找到了|联系上了|接电话了|电话通了|到了")
# a child's word soon forgotten, a grumble that ends in a repair request
SAFE_SELF_HARM = re.compile(r"人(?:就)?在我这(?:儿|里|边)?[^ ]{0,2} ?(?:平安|没事|好好的)|吓唬|"
                            r"唬人|说说而已|开玩笑|说着玩|逗你|逗我|逗人|逗着玩|闹着玩|歌词|"
                            r"瞎说|气话|随口说|"
                            # the threat laughed at, or dared and dropped: 大家都笑了, 乖乖洗碗去了
                            r"(?:大家|我们|全家|一桌人)?都笑了|乖乖[^ ]{0,4}去了(?= |$)|"
                            r"哄好|哄了|又开心|开心了|开心得|又去玩|又跑去玩|又笑了|一会儿就好了|"
                            r"(?:冰淇淋|冰激凌|糖|零食|玩具)[^ ]{0,3}就好了|转头就忘|"
                            # a tantrum cried out and over: 哭完就出来吃饭了, 闹够了自己出来了
                            r"(?:哭|闹)(?:完|够|累)了?[^ ]{0,3}(?:就|自己)?(?:好了|出来|吃饭|睡着|"
                            r"去玩|没事)|"
                            r"快来修|来修一下|派人来修|师傅来修|"
                            # an errand up on the roof: 想去天台晒被子 门锁了
                            r"[晒晾收](?:被子|衣服|床单|东西|被褥)|晒太阳|"
                            # the one who tried, rescued or talked down: 被救上来了, 被劝下来了
                            r"(?:被|已经|已)[^ ]{0,3}(?:救|劝|拉)(?:上来|下来|回来|住)了")
# the one in danger playing it down, then saying what is wrong (我没事 就是胸口闷), and a hope
# that rest will mend it (睡一觉就好了吧): no note that all is well
PLAYED_DOWN = re.compile(r"(?:我|人)?(?:没事|没啥事|没什么事|挺好的?|"
                         r"(?:也|倒)?(?:没|不是)(?:啥|什么|多)?大事)(?:的|没事|哈|啊)? ?"
                         r"(?=(?:就是|只是)[^。]{0,12}(?:疼|痛|闷|晕|麻|木|喘|憋|压|汗|打不开|出不去|"
                         r"停|卡|拿不住|说不|歪|肿|血|吐|抖|发黑|起不|动不|味|气|烟|火))|"
                         r"[^ ]*(?:就|会)好(?:了)?[吧吗](?= |$)|"
                         # no harm only guessed (可能没事, 应该没事吧): no note that all is well
                         r"(?:可能|也许|兴许|大概|应该|估计)(?:是)?没(?:啥|什么)?事(?!了)|"
                         # rest still to come, hedged (歇会儿应该就好了): a hope, not a note
                         # that rest did mend it (歇了一会儿就好了)
                         r"(?:歇|休息|坐|躺)(?![^ ]{0,3}了)[^ ]{0,3}"
                         r"(?:应该|估计|可能|兴许|也许|大概)就好(?:了)?")
# a flame gone out on a stove: how gas starts to leak, no note that a fire is over
FLAME_OUT = re.compile(r"火[^ ]{0,3}(?:灭了|熄了|没了)")
# a hurt said after the note that all is well: 现在能走 但膝盖肿了
HURT_AFTER = re.compile(r"(?:但|可是|不过|就是|现在|后来|今天|这会)[^ ]{0,6}"
                         r"(?:肿|疼|痛|流血|出血|动不了|不能动|说不出|没反应|出汗|发白|站不|"
                         r"爬不起|使不上劲|"
                         r"青了|紫了|吐|晕|走不了|起不来|迷糊|叫不醒)|"
                         r"(?:屁股|腿|膝盖|腰|脚|胳膊|头|手腕|脚踝|胯)[^ 不没]{0,3}(?:疼|痛|肿|"
                         r"青了|紫了|流血)|"
                         r"又[^ ]{0,3}(?:不动|晕|倒|昏|抽|吐|叫不醒|没反应|不说话|"
                         r"往[^ ]{0,3}(?:歪|偏|斜)|站不住|站不稳)")
# asleep: a note that a person is well, never that the gas or the fire around her is
ASLEEP = re.compile(r"睡着了|在睡觉|睡得|睡觉呢|在睡")
# a hazard said to go on after a note that sounds like the end of it: 火灭了 阀门还开着
HAZARD_ON = re.compile(r"还开着|没关|关不上|还在(?:漏|冒|烧|响|出气|嘶)|越来越|还有味|"
                       r"味[^ ]{0,2}还在|"
                       r"还是有味|还是[^ ]{0,2}(?:冒|漏)|"
                       # a fix tried that did not help: 插头拔了没用, 关了阀门也不管用
                       r"(?<!有)没用|不管用|不顶用|没有用|不起作用")
# someone still inside: one let out of a lift or a fire is no note that all are
STILL_IN = re.compile(r"还有[^ ]{0,4}在里面|还在里面|没出来")
# where the lift is, not where the person was taken: 关在医院电梯里 / 在医院的电梯里卡住了
LIFT_AT_HOSPITAL = re.compile(r"[在到]医院(?=[^ ]{0,6}电梯)")
LIFT_AT_HOSPITAL_BEFORE = re.compile(r"[在到]医院[^ ]{0,3}$")  # 我妈在医院的|电梯里卡住了
# who is shut in, named by a trade (是个送外卖的小伙子): a person inside, not a smell's source
LIFT_WHO = re.compile(r"是(?:个|一个|两个|几个|位)?[^ ]{0,6}的(?:小伙子?|小哥|师傅|大哥|大姐|"
                      r"阿姨|大叔|老人|老太太|老奶奶|老大爷|孩子|小孩)")
# fine until just now: when it began, not a note that all is well
ONSET = re.compile(r"(?:刚|刚才|刚刚|之前|前|早上|上午|中午|下午|晚上|昨天|昨晚|时|时候)"
                   r"[^ ]{0,6}还(?:好好的|没事|好着|挺好)")
# the hour a person usually comes back by, not a return: 平时这个点早回来了, 往常五点就到家了
USUAL_RETURN = re.compile(r"(?:平时|平常|往常|往时|每天|一般|以往|以前|通常)[^ ]{0,8}"
                          r"(?:早就?|早已|准|就|都|肯定)?(?:回来了?|到家了?|回家了?|返来了?)")
# a person lost before, not now: 年轻时候在北京走丢过, 上个月走丢过一回
LOST_BEFORE = re.compile(
    r"(?:走丢|走失|丢|跑丢|迷路)过|上次|上回|去年|前年|以前|之前|上个月|上周|上礼拜|上个?星期|"
    r"小时候|当年|年轻时|早年|曾经|那年|那次|那回|\d+年前|几年前|几个月前|多年前|那时候")

# the sufferer's own word that all is well, for a fall when they cannot get up
# (or too heavy for the one beside them to lift: 我扶不动他, 拉不起来)
CANT_RISE = re.compile(r"起不来|站不起|爬不起|动不了|不能动|[扶拉抬搀]不(?:动|起)")
# a message taken back: sent to the wrong group, to be ignored
RETRACTED = re.compile(r"发错(?:群|了|地方|人)|请忽略|撤回一下|发串群")
# people who came out of a place (都出来了, 撤离了): safe themselves, the hazard not over
EVACUATED = re.compile(r"出来了|撤出来|撤离了")
