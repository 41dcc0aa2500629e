"""The words behind nlu.safety.context_faults: what makes a danger word said of a person an
ordinary matter (a pet, a thing, an illness someone has long had, sleep, a game, pills for
someone else). Kept apart from nlu.safety.context_words, which serves every reason."""

import re

# a condition someone lives with, not an event: 中风的老同事, 中风后遗症 (stroke and the like)
CONDITION = re.compile(r"^的(?:老|病人|人|患者|同事|邻居|朋友|亲戚|老人)|^病人|^患者|"
                       # whose medicine is taken: 中风那边的药按时吃了
                       r"^(?:那边|这边|这块|方面)?的?药(?!店|房)")
# an illness someone has, said just before the cue (有癫痫), or one a doctor has seen to,
# said anywhere (医生说是轻微脑梗)
HAS_ILLNESS = re.compile(r"(?:有|得了|患有|患了|得过)$")
# ... said anywhere in the message (not a clause that ends 都没有: 一点力气都没有)
SEEN_TO = re.compile(r"医生说|医生看过|医院看了|开了药|确诊")
BROKEN = re.compile(r"碎|摔坏|摔烂|坏了|屏幕|裂了")
# the screen of a video call, not of a phone that fell: 视频里说摔地上了 然后屏幕就黑了
VIDEO_CALL = re.compile(r"视频[^ ]{0,4}(?:说|里|中|时)|打视频|视频通话|视频电话")
# a mouth numbed by spice: 这家麻辣烫辣得嘴都麻了
SPICY = re.compile(r"辣|花椒|麻椒|火锅|麻辣")
# a thing, not a person, is what fell: 手机从楼上摔下去了
THING = re.compile(r"(?:我|他|她|家里)?的?(?:手机|碗|杯子|盘子|花盆|钥匙|快递|眼镜|遥控器)")
# a stroke that is over, its signs what it left: 中风以后 说话一直不太清楚
# an illness told as history: the time since it, or the hospital left behind (中风好几年了,
# 脑梗出院三个月了, 心梗抢救回来已经两年了)
ILL_SINCE = re.compile(r"^[^ ]{0,8}?(?:(?:已经|都|快|有)?"
                       r"(?:[一两三四五六七八九十几半\d]+|好几|好多|很多)(?:个)?多?(?:年|月)多?了|出院(?:了|回家|以后|后)|已经出院|"
                       r"(?:抢救|救)回来(?:了|以后|后))")
AFTER_STROKE = re.compile(r"(?:中风|脑梗|脑出血|脑溢血)[^ ]{0,2}(?:以后|之后|后)|后遗症|康复")
# standing or sitting still on purpose: 打太极拳 一动不动站了好久
STILL_ON_PURPOSE = re.compile(r"太极|钓鱼|练功|站桩|冥想|打坐|发呆|看书|站了|坐了好久")
MARKET = re.compile(r"(?:股|价|基金|行情|指数|分数|温度|成绩|汇率)[^ ]{0,3}$")
INSIDE = re.compile(r"我在|我被|我们在|把我(?!的)|困了我|关了我|里面|里头|这次|现在|刚才|出不|救")
# the cry for help that came from a screen: 喊救命的是电视
SCREEN_CRY = re.compile(r"^的?(?:是|系)[^ ]{0,3}(?:电视|视频|手机|收音机|广播|电影|游戏|录音|戏)|"
                        r"^的?(?:是|系)[^ ]{0,6}(?:在看|在放|在玩)[^ ]{0,2}"
                        r"(?:恐怖片|鬼片|电影|电视|片子|游戏)")
# a slip caught in time: 脚下一滑 扶住了墙
CAUGHT = re.compile(r"^[^ ]{0,4}(?:扶住|抓住|拉住|站稳|稳住|撑住|没倒)")
ANIMAL = re.compile(r"猫|狗|鸡|(?<!菜)鸟|鹅|鹦鹉|八哥|鹩哥")
HUMAN = re.compile(
    r"(?<!我家)(?<!我们家)(?:(?<![叫找派让喊])人|他|她|老(?!鼠|师)|妈|爸|奶|爷|姥|婆|公|孩子|孙|儿|女)|我(?!们?家|养的|的(?:猫|狗|鸟|鱼|兔|仓鼠|鹦鹉|乌龟))")
FUNERAL = re.compile(r"(?:办|料理|帮忙|操办|准备)[^ ]{0,3}后事|去世|过世|走了[^ ]{0,3}年|"
                     r"后事[^ ]{0,6}(?:商量|安排|打算|提前)|(?:我们|兄弟|姐妹)[^ ]{0,4}商量")
# someone asleep or absorbed, and no sign of being unwell: 老伴午睡呢 叫了两声没醒 (snoring is
# no such note: one who cannot be woken and snores loudly may have had a stroke)
NAPPING = re.compile(r"午睡|睡午觉|午觉|睡懒觉|补觉|让(?:他|她)(?:多)?睡|"
                     r"(?:睡|困)得[^ ]{0,2}(?:香|沉|死|熟)|"
                     r"睡觉呢|在睡呢|睡熟了|刚睡着|刚睡下|睡得正香|"
                     # or taken up with something: 看电视看入迷了, 戴着耳机
                     r"看电视|看入迷|入迷|入神|玩手机|打游戏|耳机|听戏|看书|看报|下棋|打麻将|"
                     r"写作业|做作业|看球|球赛|追剧|"
                     r"赌气|生[^ ]{0,3}气|不理我|闹脾气")
UNWELL = re.compile(r"呼吸(?![^ ]{0,2}(?:平稳|均匀|正常|很稳|挺稳|挺好))|"
                    r"嘴唇|脸色|发紫|发青|冰|倒|晕|抽|吐|一动不动|不对|突然|怎么|平时|从来|"
                    r"流|血|摔|急|快|救|120|喘|哼|歪|呼噜呼噜|没醒过|一直|怪|不正常|到现在|好几个小时|"
                    r"耷拉|垂下|垂着|掐|(?:呼噜|鼾声?)[^ ]{0,2}(?:很|特别|好|老|太)?响|"
                    r"[两三四五六七八九十]个(?:多)?(?:钟头|小时)")
BORN = re.compile(r"天生|从小|生下来就|一直这样|一直都这样|年纪大了|上了年纪|人老了|缺钙|"
                   r"(?<![变])老了[^ ]{0,1}(?:手|腿|脚|身子|没劲|没力|不中用)|"
                   r"(?:[0-9十几]+|好几|好多|很多)年(?:多)?了|"
                   r"好多年了|好几年了|很多年了|多少年了")
# sweat from a fright, a dream, heat or exercise
SWEATED = re.compile(r"吓|梦|热|跑|运动|跳[^ ]{0,3}舞|干活|锻炼|健身|打[^ ]{0,3}(?:拳|球|太极)|"
                     r"太极|爬山|散步|走了[^ ]{0,3}(?:路|圈)|游泳|骑车")
# out of breath climbing stairs, or a stroke one lives with and asks a service for
EXERTION = re.compile(r"(?:上楼|爬楼|走几步|一走路|走路|干活|运动|一动)就|"
                      r"(?:上楼梯?|爬楼梯?|爬山|跑步|跑了几步)$|"
                      # a number of floors climbed: 爬六楼喘得不行 (not 突然, said after it)
                      r"(?:爬|上)(?:到)?[二三四五六七八九十几\d]+楼(?:梯)?$")
SERVICE = re.compile(r"行动不便|申请|送餐|护工|补贴|轮椅|助行|护理|康复")
# what runs out of gas or air, not a person out of breath: 热水器点不着 是不是没气了
OUT_OF_GAS = re.compile(r"热水器|灶|煤气|燃气|气罐|液化气|打火机|轮胎|车胎|气球|球|暖气|空调|"
                        r"充气|打气|电瓶|手机|电池")
# fishing is no pet
# (a pet's bed too: 趴在窝里一动不动, not 被窝里; no bird in a parcel station: 菜鸟驿站)
PET = re.compile(r"猫(?!眼)|狗|(?<!被)窝里|宠物|(?<!菜)鸟|(?<!钓)鱼(?!刺|竿|塘)|鹦鹉|八哥|仓鼠|"
                 r"兔子|乌龟|金丝雀")
# who is named, in order: a pet as what a clause is about (我家那只老猫 今天..., 那个鱼 ...; not
# 我养了只猫, where the writer is), "it", or the writer (not as its owner: 我家, 我那个, 我买的)
_PET_NOUN = r"(?:猫|狗|鸟|鱼|鹦鹉|八哥|鹩哥|仓鼠|兔子?|乌龟|金丝雀|宠物)"
NAMED = re.compile(r"(?:^| )(?:(?:嗯|啊|哎|那个|这个|就是说?) )*(?:我们?家?的?|咱家的?)?"
                   r"(?:那|这)?[个只条头]?(?:老|小)?" + _PET_NOUN + r"|它|"
                   r"我(?!们?家|的|那|这|养的|买的)")
OWNER = re.compile(r"[^ ]{1,4}(?:养的|买的|家的|的)(?=[^ ]{0,3}" + _PET_NOUN + ")")
# a person other than the writer (老伴, 老人; not 老猫 or 老了)
OTHER_PERSON = re.compile(r"(?<![叫找派让喊])人(?!家)|他|她|老伴|老头|老太|老人|妈|爸|奶|爷|姥|婆|"
                          r"公(?!斤|里|园|司|交)|孩子|孙|儿子|女儿|邻居|大[爷妈娘伯叔]|阿姨")
# a thing that stands by the road, named just before it was hit (那个消火栓 被车撞了); not a bike
# one rides, nor a thing hit with someone hurt (疼, 血)
HIT_THING = re.compile(r"(?:路灯|栏杆|护栏|栅栏|消防栓|消火栓|电线杆|电杆|树|墙|大门|岗亭|路牌|"
                       r"柱子|垃圾桶|信箱|报刊亭|石墩)[^ ]{0,1}$")
HURT = re.compile(r"疼|痛|血|伤|起不来|晕|骨折|救护车|120")
BITTEN = re.compile(r"被[^ ]{0,2}(?:狗|猫)|咬")
# many who fall there (这段路好多人滑倒, 老有人摔), not someone fallen now (楼道里有人摔倒了)
MANY = re.compile(r"好多人|很多人|不少人|(?:老|总|常|经常|总是|老是|时常|天天|都)有人")
TOY = re.compile(r"积木|乐高|多米诺|沙堡|警察抓|过家家|捉迷藏|玩具|塑料|木头(?:刀|枪|剑)|假的|"
                 r"模型|水枪|陀螺")
# children as the ones who fight (两个娃儿打起来了, 兄弟俩打架)
KIDS = re.compile(r"娃|孩子|小孩|小朋友|兄弟俩|姐弟|兄妹|姐妹俩|哥俩|小哥俩|俩小的")
# a way out for the writer: forcing a door of a lift or a locked room from inside
WAY_OUT = re.compile(r"出来|出去|逃出|电梯")
# a person attacked: no kitchen, animal or toy explains it away (切菜刀要砍我, 打狗棍追着我打)
AT_PERSON = re.compile(r"[砍捅杀打追揍踢](?:着|了)?(?:我|你|他|她|人|老人|孩子|老婆|老公)")
# walking or feeding a pet: the person fell, not the pet
# or a pet left in someone's care by one who will be gone: 我不在以后 家里的鱼记得喂
WITH_PET = re.compile(r"(?:遛|喂|牵|抱着|带着|追)(?:狗|猫)|"
                      r"(?:我|人)(?:和|跟|带着)[^ ]{0,3}(?:狗|猫)|"
                      r"(?:记得|帮我|帮忙|麻烦[^ ]{0,3})喂|"
                      r"(?:我|等我)(?:走了|不在了?|死了)(?:以后|之后)|"
                      # the pet given away or handed on: what a farewell settles, not who is hurt
                      r"(?:猫|狗|宠物)[^ ]{0,4}(?:都)?(?:送人|送到|送给|托付|交给|麻烦|拜托)")
BURIAL = re.compile(r"葬在|合葬|葬一起|墓地|骨灰|寿衣|百年之后")
LAX_DOOR = re.compile(r"随便进出|门禁|安全隐患|(?:经常|老是|总有|老有)[^ ]{0,2}陌生人")
# what blurs the view besides the eyes: a cracked screen, glasses of the wrong strength
BLURRED_GLASS = re.compile(r"屏幕?[^ ]{0,2}(?:碎|裂|花)|眼镜|镜片|度数|近视|老花")
ALMOST = re.compile(r"(?:快|快要)$")
# hard of hearing: not hearing a call is no loss of consciousness
DEAF = re.compile(r"耳背|耳朵背|听力不好|聋|助听器")
# the office or the guard called, who does not answer (叫物业叫不应, 喊不应物业)
_OFFICE = r"(?:物业|保安|门卫|值班室|客服|管理处|维保|维修)"
SERVICE_CALLED = re.compile(r"[叫喊](?:了)?" + _OFFICE + r"|(?:不应|没人应|没反应)" + _OFFICE)
# sleeping pills a doctor prescribed, taken as told (医生开的 每晚一片), or the reason for a deep
# sleep (叫不醒是因为吃了安眠药睡得沉)
PRESCRIBED = re.compile(r"医生开的|按医嘱|遵医嘱|每晚|每天晚上|半片|一片|"
                        r"睡得(?:很|太)?(?:沉|死|香|熟)|是因为")
# pills kept for someone else: 药攒好了 下个月带给我妈
PILLS_FOR_OTHERS = re.compile(r"(?:带|寄|捎|送|拿)(?:给|回)|"
                              r"给[^ ]{0,4}(?:带|寄|捎|送)(?:过?去|回去)")
# ... unless the message speaks of ending one's life
ENDING = re.compile(r"不想活|活够|活着[^ ]{0,3}(?:没|累|受罪)|死|一了百了|解脱|拖累|累赘|"
                    r"遗书|遗言|再见|永别|告别|最后")
MANY_PILLS = re.compile(r"瓶|好多|很多|一把|整|全|都|一堆")
EVERY_FLOOR = re.compile(r"每层|每一层|层层|一直按|乱按|按着玩")  # a lift that stops often
# a lift out of order for days, or stopped on purpose: a repair, not an emergency
LONG_BROKEN = re.compile(r"好几天|几天了|好久|一直坏|又坏|老坏|老是坏|什么时候修|啥时候修|"
                          r"多久能修|能不能修|维保|保养|检修|停用|通知|维修中|年检|又好了|又走了|又动了")
# on one's way, the lift only how one comes (我在电梯里 等下就到), with nothing stuck
ON_MY_WAY = re.compile(r"等(?:下|一下|会儿?|一会儿?)就(?:到|下来|下去|来|出来)|"
                       r"马上(?:就)?(?:到|下来|下去|出来)|快到了|就到了|这就(?:下来|下去|到|来)|"
                       r"在路上")
STUCK_NOW = re.compile(r"卡|困|关|停|坏|不动|出不|打不开|开不了|救|不走|灭|黑|掉|坠|晃")
PEOPLE_IN = re.compile(INSIDE.pattern + r"|有人|困|关|有老人|有孩子|电梯里|电梯内|轿厢")
STRAIN = re.compile(r"写太久|太久了|写久了|手酸|累的|累了")
# hands stiff with cold: 天冷手僵 筷子都拿不住了
COLD = re.compile(r"天冷|冻得|冻僵|手僵|冻的|太冷")
# numb from a dentist's injection, a limb slept on, sitting long: 补完牙半边脸都是麻的
DENTIST = re.compile(r"[补拔看种]完?了?[^ ]{0,3}牙|牙[^ ]{0,3}[补拔种]|牙医|根管|麻药|麻醉")
# loose dentures or none slur speech, unless it came on suddenly
DENTURES = re.compile(r"假牙|牙套|没牙|没有牙|牙[^ ]{0,2}掉光|缺牙|溃疡|长了?个?泡|上火|"
                      r"咬(?:到|破)了?舌头|舌头[^ ]{0,2}咬")
# snoring, the breath it sounds like (呼噜打得跟喘不上气似的), and no sign that breathing stops
SNORING = re.compile(r"呼噜|打鼾|鼾声|打呼")
SNORE_DANGER = re.compile(r"不醒|憋醒|停|紫|青|胸|心|疼|痛|血|晕|吐|抽|突然|没气|没呼吸|"
                          r"肿|过敏|噎")  # (a throat swelling shut rattles too)
HOARSE = re.compile(r"嗓子|感冒|咽炎|扁桃体|喉咙哑")  # ... and a cold, said of speech alone
NUMBED = re.compile(DENTIST.pattern + r"|针灸|压麻|睡麻|坐太久|坐久了|蹲久了|蹲太久")
# signs of a stroke explained: drink taken (not 没喝酒), or a child who talks nonsense
DRUNK = re.compile(r"(?<![没像跟])(?<!没有)(?<!好像)(?:喝多|喝醉|喝了酒|喝了不少|酒喝多)|"
                   r"(?<![没像喝])醉了|醉醺醺")
# ... but drink does not droop one side of the face or body, nor is it what the writer denies
NOT_DRINK = re.compile(r"(?:跟|和|像)[^ ]{0,4}(?:喝多|喝醉|醉)[^ ]{0,3}不一样|"
                       r"不(?:像|是)[^ ]{0,2}(?:喝多|喝醉|醉)")
ONE_SIDE = re.compile(r"嘴[^ ]{0,2}歪|左手|右手|左腿|右腿|"
                      r"(?:一边|半边|一侧|左边|右边)[^ ]{0,2}(?:脸|嘴|手|脚|腿|胳膊|身)")
SLEEPY = re.compile(r"想睡|犯困|没睡好|的一天|下雨天|午觉")
KITCHEN = re.compile(r"疏通|下水|马桶|铁丝|捅开|捅不开|骨头|排骨|切菜|砍柴|劈柴|西瓜|冻肉|剪纸|"
                     r"手工|剪指甲|剪头发|修剪|裁纸|"
                     r"削苹果|削水果|切水果")
# a game lost, or calls flooding in (被打爆了, 被打得落花流水, 被吊打): no blows, unless someone
# is hurt (打爆了头, 被打得鼻子流血)
BEATEN_IN_PLAY = re.compile(
    r"^打(?:爆|穿|懵|蒙)(?![^ ]{0,2}(?:头|眼|脑|鼻|嘴|牙|脸))|"
    r"^打得[^ ]{0,2}(?:落花流水|片甲不留|找不着北|屁滚尿流|稀里哗啦|没脾气|抬不起头)|"
    r"吊打|完虐|血虐|碾压")
GAME = re.compile(r"比赛|球赛|篮球|足球|排球|乒乓|羽毛球|网球|门球|台球|桌球|棋|打牌|麻将|斗地主|"
                  r"游戏|王者|吃鸡|对手|[^ ]队|比分|\d+比\d+|电话|手机|热线")
# a game whose words are of blows and killing (狼人杀, 麻将桌上被围攻)
PLAY_FIGHT = re.compile(r"围殴|群殴|围攻|杀")
TABLE_GAME = re.compile(r"麻将|打牌|斗地主|狼人杀|剧本杀|三国杀|游戏|王者|吃鸡|(?:下|象|围)棋|"
                        r"比赛|球赛")
STOLEN = re.compile(r"偷了|被偷|丢了|偷[^ ]{0,3}(?:车|东西|钱|快递|电瓶)")
STILL_HERE = re.compile(r"还在|还没走|在屋里|在家里|进来了|正在")
# 中毒 of a computer or of a habit (a show, a song one cannot stop), not of the body ...
NOT_POISON = re.compile(r"电脑|笔记本|手机|平板|系统|u盘|病毒|杀毒|网页|弹窗|广告|软件|文件|"
                        r"洗脑|上瘾|追剧|天天追|剧|歌|游戏|中毒太深|入坑")
# ... unless the body's signs or a poison are told
POISONED = re.compile(r"吐|晕|拉肚子|腹泻|抽|昏|蘑菇|农药|药|煤气|燃气|一氧化碳|食物|吃了|喝了|"
                      r"医院|120|救护车|嘴唇|发紫|呼吸")
ACCIDENT = re.compile(r"吃错|误服|误喝|当成|当作|当糖|不小心|搞错|拿错|小口子|创可贴|"
                      # kitchen work (切菜把手腕划了): not 拿切菜的刀
                      r"切菜(?!的|刀)|切肉(?!的|刀)|剁(?:肉|排骨|骨头|馅)|削(?:皮|苹果|水果)|"
                      # a muddle of memory or eyes: 记错了 把药吃了两遍, 眼花看错了瓶子
                      r"记错|记混|搞混|弄混|忘了[^ ]{0,3}吃过|不记得[^ ]{0,4}吃|吃重了|重复吃|"
                      r"眼花|看错")
# a thing that will not move (轮椅轮子坏了 推不动), someone who will not come to a meal (喊他
# 吃饭都喊不动): no one unconscious
PUSHED_THING = re.compile(r"轮椅|推车|婴儿车|童车|小车|三轮|柜子|箱子|沙发|冰箱|桌子|车子|轮子")
WONT_COME = re.compile(r"(?:吃饭|起床|写作业|做作业|洗澡|睡觉|下楼|出门|回家|干活)都$")
# a jab, not a blow: 被狗咬了一定要打狂犬疫苗吗
JAB = re.compile(r"^[^ ]{0,2}(?:狂犬|疫苗|针|破伤风|吊瓶|点滴)")
# asking whether to go to hospital is no note that someone went, nor a question of procedure
# acute: a known illness that needs help now (医生说是心梗 让赶紧送医院)
ACUTE = re.compile(r"赶紧|马上|立刻|急诊|抢救|送医院|120|救护车")
# a stay or a trip planned: 今天去我姐家住两天
STAY = re.compile(r"去[^ ]{0,4}住|住[^ ]{0,2}(?:两|几|一|三)天|出差|旅游|回老家")
# confusion as a trait (老人有点糊涂 出门要有人陪), not a change today nor with other signs
TRAIT = re.compile(r"有点|有些|一直|本来就|向来|痴呆|老糊涂")
# pills taken twice over by mistake: what follows is the dose, no trait (降压药一口气吃了好几倍
# 现在有点迷糊)
OVERDOSE = re.compile(r"药[^ ]{0,8}(?:好几倍|好几粒|好几片|双份|两遍|多吃|吃多|吃重|一口气吃)|"
                      r"(?:多吃|吃多|吃重)了[^ ]{0,4}药")
SIGNS = re.compile(r"血糖|汗|烧|抖|吐|晕|喘|疼|痛|叫不|不应|抽|白沫|发白|发青|发紫|冰凉|摔|倒")
# sudden: not the slowness of age (年纪大了 今天突然嘴歪了)
SUDDEN = re.compile(r"突然|一下子|刚才|刚刚|今天|今早|早上起来")
# a change of speech over recent weeks, worried about: 最近说话颠三倒四 有点担心 (a doctor's visit)
LATELY = re.compile(r"最近|近来|这阵子|这段时间|这些天|这几个月|慢慢|越来越")
WORRIED_ONLY = re.compile(r"担心|不放心|要不要[^ ]{0,3}(?:看|查|检查)|该不该|是不是老年痴呆")
# a thing worn out, not a person dying: 这手机天天没电 快不行了
WORN_THING = re.compile(r"手机|电脑|电池|充电宝|电视|冰箱|洗衣机|空调|电动车|电瓶|老爷车|破车|"
                        r"没电|掉电|死机|卡顿")
LIKE_ME = re.compile(r"(?:跟|像|和|同)我一样")
