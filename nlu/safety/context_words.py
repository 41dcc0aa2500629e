"""The words of the harmless contexts (nlu.safety.context): the patterns its rules read a
danger cue's clause and surroundings with, kept apart from the rules so either reads on
its own."""

from __future__ import annotations

import re

# a question the writer answers no to: 有煤气味吗 没有
DENIED_AFTER = re.compile(r"^[^ ]{0,2}吗 ?(?:没有|没|不是|并没有)(?= |$)")
NEGATION = re.compile(
    r"(?:(?<!是)不是|没有|并没有|没|无|未|并非)(?:闻到|闻见|看到|见|发现|有人|有|人|什么|啥|被|在|说)?$")
PROCEDURE = re.compile(
    # (not the door forced now: 申请破门, 申请开锁)
    r"(?:煤气|燃气|电|水|物业|暖气)费|交费|缴费|交钱|充值|办理|"
    r"申请(?![^ ]{0,2}(?:破门|开锁|撬门|开门))|领取|在哪领|多少钱|要钱|"
    r"收费|要不要钱|收不收费|补贴|报名|讲座|培训|演练|课程|安检|年检|检查一次|开户|过户|在哪买|"
    r"哪里买|推荐|"
    r"预约|挂号|挂[^ ]{0,2}号|挂什么科|复查|康复|复健|后遗症|知识|宣传|规定|政策|保险(?![丝盒管])|"
    r"谁赔|赔偿|"
    r"说法|(?<!什么)(?<!啥)原因|查清楚|上点心|装一个|装个|科普|演习|教我们|教大家|"
    r"急救(?:培训|课|知识|讲座|包|箱)|立案|破案|报案|报过警|派出所|护理(?!员|人员)|体检|约个|查查|去检查|"
    r"检查一下|要不要去|要不要看看|透析|化疗|反映|投诉|举报|提前问问|先问问|想了解|开点|开些|开药|配点|配药|医保|报销|费用|怎么判断|如何判断|怎么识别|有哪些症状|什么症状|(?:先兆|前兆|征兆|早期症状)|想学|学一学|学学|"
    # the signs asked about: 中风有哪些早期信号, 脑梗前会有什么迹象
    r"(?:早期|哪些|什么)[^ ]{0,2}(?:信号|迹象|表现)|(?:信号|迹象)(?:有哪些|是什么)|"
    r"(?<!危)(?<!好)险(?:是|理赔|怎么|在哪|多少|能不能|要不要|哪里|种|买|赔|报)|理赔|"
    r"看医生|提前知道|提前了解|记下来|记一下|隐患|"
    # what to do, asked to be printed: 燃气泄漏的正确处置顺序 能否印发一份提示卡
    r"正确的?(?:处置|处理|做法|步骤|顺序)|提示卡|宣传单|宣传册|印发|"
    # a device asked for: 独居老人晕倒了没人知道怎么办 有没有什么设备
    r"(?:有没有|有啥|有什么|哪种|哪里有|推荐)[^ ]{0,6}(?:设备|产品|装置|手环|报警器|仪器|按钮|"
    r"呼叫器|神器|一键呼叫|紧急呼叫)")
HYPOTHESIS = re.compile(
    r"万一|要是|如果|假如|假设|假若|倘若|一旦|建议|以为|(?<![可害恐好别])怕(?!是)|"
    # 害怕 of what may come, said right before it (害怕摔跤); not 我好害怕 我爸摔倒了
    r"害怕(?=[^ ]{1,4}$)|"
    r"(?:我|好|都)惊(?![醒动讶喜呆吓])|"
    # (not "don't worry" said first: 你们别担心 老伴晕倒了)
    r"(?<![别甭莫])(?<!不用)(?<!不要)(?<!不必)(?<!不使)担心|"
    r"防止|预防|"
    # 防 of a lesson's name is no fear (上完防跌倒课回来), nor of a material (防水布, 防火门)
    r"(?<!消)防(?![盗护滑诈骗晒疫水火])(?![^ ]{0,3}(?:课|讲座|操|培训|知识|宣传|活动))|"
    r"避免|(?<!不)小心|(?<![不没])注意(?!到)|提醒|以防|容易|应该怎么|该怎么|会不会(?!是)")
# 的话 inside the cue's words: 家里进水的话要先拉电闸吗 (not 说的话听不清, 他的话含糊, and
# not words: 完整的话, 说出来的话, 告别的话, 最后的话)
IF_INSIDE = re.compile(r"(?<![说讲听问回他她我你您整楚])(?<![说讲]出来)(?<!告别|临别|最后)的话"
                       r"(?![^ ]{0,2}(?:说不|听不|讲不|不清|含糊|都|也))")
# ... not someone's words passed on (转一下楼长的话, 转群里的话)
PASSED_ON = re.compile(r"转(?:一下|发|个|述)?[^ ]{0,6}的话")
# a word the writer explains: 我说的跳下去是跳水, 我讲的着火是说生意火
# ... or someone's word, or one's own of a moment ago, put right: 邻居说的着火是水壶的蒸汽
QUOTED_BEFORE = re.compile(r"(?:我|俺|我们)(?:说|讲|讲嘅|話|话|指|提|打)的?$|(?:我|俺)是说$|"
                           r"意思是$|(?:我|俺)说嘅$|(?:刚|刚才|刚刚|之前)?(?:说|讲|提)的$")
# a figure of speech announced: 用他的话说 这回是被一刀砍了, 打个比方
FIGURE_BEFORE = re.compile(r"(?:用|按|照|套)[^ ]{0,4}的话(?:来)?(?:说|讲)|打个比方|比方说|打比方")
QUOTED_AFTER = re.compile(r"(?:是|係|系|指)(?![^ ]{0,2}(?:真的|真))(?!在|从|哪|几)")
HYPOTHESIS_AFTER = re.compile(
    r"可不得了|就麻烦|就糟了|就完了|不堪设想|怎么劝|怎么预防|^的样子|跑都跑不掉|都来不及|"
    r"^[^ ]{0,2}(?:高发|多发)|^[^ ]{0,2}的话|^[^ ]{0,2}的(?:情况|案例|事件)|"
    # how one would be told if it happened: 出事了咋通知我们
    r"^[^ ]{0,2}(?:咋|怎么|如何|怎样)(?:通知|联系|知道|发现|告诉)|"
    # whether a thing would serve then: 灭火器都过期了 出事了能用吗
    r"^[^ ]{0,2}(?:能用|管用|有用|顶用|够用)(?:吗|嘛|么|不|没)|"
    # who is to blame if it happens: 楼道堆杂物着火了谁负责
    r"^了?[^ ]{0,3}谁(?:来)?(?:负责|担责|赔|承担|买单)|"
    # what to do at such a time, asked whether it works: 火灾时候湿毛巾捂嘴有没有用
    r"^的?(?:时候|时)[^ ]{0,12}(?:有没有用|有用吗|管不管用|管用吗|顶不顶用|对不对|对吗)")
IDIOM_BEFORE = re.compile(
    r"(?:笑|哭|跌|涨|输|亏|追|虐|辣|撑|累|跑|爬|等|热|饿|冷|看|跳|唱|急|忙|晒|吵|玩|吃|坐|蹲|压|熬|气|减|"
    r"高兴|激动|"
    r"兴奋|紧张|吓|乐|美|干|做|学|写|练|上班|加班|干活|烦|闷|愁|作业多|活多|事多)得[^ ]{0,4}$|"
    r"得[^ ]{0,2}(?:想|要)$|"
    # about to be made to faint by anger or heat: 我快被气晕过去了, 都要被热晕了
    r"(?:快|要|都)被[^ ]{0,2}(?:气|烦|累|热|晒|吵|饿|闷|笑)$|"
    # so good (or so foul) one could faint: 香得我要晕过去了, 甜得我要晕倒, 臭得我要晕过去
    r"(?:臭|难闻|难吃|香|甜|帅|好看|好听|好吃|开心|幸福|感动|舒服|爽|馋|漂亮|可爱|萌|"
    r"迷人)得[^ ]{0,4}$|"
    r"(?:减|加|忙|累|烦|气|激|嬲|谷|穷|饿|困|热|冷|胖|笑|香|甜|帅|美|好看|好听|好吃|开心|幸福|感动|追|"
    # (a service so slow, said with 到 as in the south: 客服慢到我要中风)
    r"舒服|爽|漂亮|可爱|萌|迷人|慢)到[^ ]{0,2}(?:想|要|快)?$|(?:天|天气|屋里|"
    r"屋子)[^ ]{0,2}闷得[^ ]{0,4}$|"
    r"笑到|笑死|笑得|"
    # a cry a bird or a child has learned to say: 鹦鹉学会了喊救火
    r"学会了?[^ ]{0,2}(?:喊|说|叫)$|(?:鹦鹉|八哥|鹩哥)[^ ]{0,6}(?:喊|说|叫)$")
# a figure of speech: 说白了就是往人心口捅刀子, 心像被刀割; a blow told in someone's own words
# (用他的话说 这回是被一刀砍了) is one only for violence: 用他的话说 不想活了 is meant
FIGURE = re.compile(r"说白了|打个比方|比方说|好比|相当于|等于是|比喻|"
                    r"心[^ ]{0,3}(?:被|像被|如)[^ ]{0,4}(?:割|扎|捅|刺|刀)")
QUOTED = re.compile(r"(?:用|照|按|拿)[^ ]{0,5}的话(?:说|讲|来说|来讲)")
# how to prevent it, asked (要怎么防, 平时怎么防范), of what would follow (会不会触电) or of a
# season (雨天, 冬天): a worry about what may come, not a case
PREVENTION = re.compile(r"(?:怎么|如何|怎样|咋|咋样)(?:才能)?(?:防|预防|避免|防范|防止)|防范|"
                        r"预防措施|要注意(?:什么|啥|哪些)")
MAY_FOLLOW = re.compile(r"会不会|容易|可能会|雨天|下雨天|冬天|夏天|平时|平常|天冷|梅雨|回南天")
ALMOST_ILL = re.compile(r"都(?:要|快|差点)(?:犯|发作)")
# 窒息 said of a thing that weighs on one (手机快没电了 要窒息了, 网速慢得让人窒息) ...
STIFLING = re.compile(r"让人窒息|令人窒息|窒息感|手机|没电|电量|网速|信号|作业|考试|题|卷子|工作|"
                      r"加班|开会|会议|[^ ]个会|开了[^ ]{0,3}会|堵车|尴尬|操作|配色|审美|剧情|"
                      r"账单|电费|房价|物价|工资|成绩|老板|领导|"
                      r"唠叨|说教|氛围|气氛|[^ ]{2}费|群里|群消息|消息|讯息|信息|房贷|车贷|贷款")
# ... and nothing of a body short of breath
SMOTHERED = re.compile(r"喘|呼吸|噎|卡|脸[^ ]{0,2}(?:紫|青|红|白)|嘴唇|憋|喉咙|嗓子|呛|烟|被子|"
                       r"枕头|塑料袋|捂|勒|掐|水里|溺|(?:宝宝|孩子|婴儿)(?!的?(?:家长|班|老师|作业))")
# a likeness: the cue is what something looks or feels like (看着跟要跌倒一样, 烫得跟着火似的,
# 嘴里跟着火一样), not what happens
LIKE_BEFORE = re.compile(r"(?:像|好像|跟|就像|如同|犹如|仿佛|活像)[^ ]{0,2}$")
LIKE_AFTER = re.compile(r"^[^ ]{0,3}(?:似的|一样|一般|般)")
# ... but a message sent that reads like one (像遗书一样的短信): a farewell sent, not a likeness
LIKE_SENT = re.compile(r"^[^ ]{0,3}(?:似的|一样|一般|般)的?(?:短信|微信|留言|信|消息|朋友圈|"
                       r"语音|纸条|话)")
# hearsay, then found untrue: 听楼下大妈说有人自杀了 问了物业 说没这回事
HEARSAY = re.compile(r"听说|听[^ ]{0,6}说|据说|传说|(?:群里|有人)[^ ]{0,3}(?:说|传)|传言|传闻")
DENIED_RUMOUR = re.compile(r"没(?:有)? ?这(?:回|个)?事|没有的事|(?:是|纯属)谣言|辟谣|"
                           r"假(?:消息|新闻)|"
                           r"(?<!是)不是真的|瞎传|乱传|误传|以讹传讹|"
                           r"核实[^ ]{0,3}(?:并非|不是|没有)")
# a question said to be only that, with nothing happening: 吃错药了怎么办 我就问问
# (not a question asked before acting, or on others' word: 我先问问, 家长让我问问这里)
JUST_ASKING = re.compile(r"(?:(?<![让叫托求要喊])我(?!先)|就|只是|随便|单纯)[^ ]{0,2}问问"
                         r"(?!你|物业|医生|社区)|问问而已|"
                         r"问一下而已|"
                         # a question passed on for someone, of no one in particular (孩子问我
                         # 电器泡水了能不能拔插头; not 她胸口疼 要不要叫车)
                         r"^ *[^ ]{0,6}(?:想知道|想问|替[^ ]{0,3}问|帮[^ ]{0,3}问[^ ]{0,2}|问我)"
                         r" (?!.*[他她]).*(?:能不能|还是|哪里|哪儿|怎么|要不要|吗)")
IDIOM_AFTER = re.compile(r"^[^ ]{0,6}(?:哈哈|笑死)|坐久|坐太久|压麻|蹲久|睡麻|"
                          r"^的?(?:梗|段子|笑话|表情包)|"
                          r"^[^ ]{0,2}(?:这破|这鬼|这该死)")
ASK_HOW = re.compile(r"(?:想|我想)?(?:问问|问一下|请问|咨询一下|咨询)")
HOW_TO = re.compile(r"^[^ ]{0,3}(?:应该|该|要)怎么(?!办)")
CHILD_SAID = re.compile(r"(?:小孩|孩子|孙子|孙女|外孙|小朋友)[^ ]{0,4}说")
CHILDISH = re.compile(r"哈哈|小孩子|童言|孩子话|小屁孩")
LAUGHS_IT_OFF = re.compile(r"^[^ ]{0,2} ?哈哈")  # 胖了五斤 我不活了 哈哈
IGNITION = re.compile(r"打不着|点不着|不着火|打不燃|调小|调大|火候|火力|"
                      # a flame that will not come: 啪啪响 就是不出火, 火苗上不来
                      r"不出火|没火出|出不来火|火[^ ]{0,2}(?:出不来|上不来|打不上)|"
                      r"没(?:有)?(?:火苗|出火)|打不上火|点不燃|打不出火|[点打]不起火?|"
                      r"(?:就是|老是|总是|死活|怎么都|怎么也|一直|还是)不起火")
# ... unless the smell is there too: 报警器一直滴滴叫 鼻子也闻得到
SMELLED = re.compile(r"(?<![没不])闻(?:得|着)?[到见着]|(?<![没不])(?:闻着)?有[^ ]{0,2}味|臭鸡蛋|"
                     r"刺鼻|呛|头晕|恶心")
ALARM_FAULT = re.compile(r"没电了|电池|低电量|误报|灵敏度|一直滴滴|"
                         # asked about, nothing smelt: 响了是什么意思, 闻不到味 一般是啥情况
                         r"[啥什么]意思|啥情况|一般是|是不是坏|闻不[到出见]|没[有什么啥]?味|一点味|"
                         # sounding for nothing: 莫名其妙响了, 没烟没火 烟感自己响
                         r"无端端|无缘无故|莫名其妙|乱响|瞎响|自己[^ ]{0,3}响|"
                         r"没(?:有)?(?:烟|火)(?![^ ]{0,1}味)|(?:啥|什么)(?:也|都)没有")
# a dry throat, not smoke: 嗓子冒烟; a mind worked too hard: 背单词背到脑袋冒烟;
# ... nor the heat of spice, sun or anger: 辣到冒烟, 热得冒烟, 气得头顶冒烟
THROAT = re.compile(r"(?:嗓子|喉咙|嗓子眼|嘴里|脑子|脑袋|脑壳|大脑|脑瓜)[^ ]{0,2}$|"
                    r"(?:辣|热|渴|晒|气|急)(?:到|得)(?:我)?[^ ]{0,3}$")
# a mouth burning from spice, a face from shame: 辣得嘴都烧起来了, 舌头都要着火了
BODY_BURN = re.compile(r"(?:嗓子|喉咙|嗓子眼|嘴|嘴巴|嘴里|舌头|胃|脸|心里|肚子)[^ ]{0,3}$")
# water said to be far from the power: 离电箱远着呢, 碰不到插座
FAR_FROM_POWER = re.compile(r"离[^ ]{0,6} {0,3}(?:远着|还远|很远|挺远|远得很|老远|八丈远)|"
                            r"(?:够|碰|淹|漫)不(?:着|到)[^ ]{0,4}(?:电|插|配电)|"
                            # ... or that it did not reach it: 水没碰到插座
                            r"没(?:有)?(?:碰|淹|漫|流|渗|沾|溅)(?:到|着)[^ ]{0,4}(?:电|插|配电)")
# water that comes with every rain or every year, worried about ahead (一下雨就渗水 旁边就是配电房,
# 地下室每年都渗水)
EVERY_RAIN = re.compile(r"一(?:下|到)[^ ]{0,3}雨[^ ]{0,2}就|每次下雨|每逢下雨|一到雨季|雨季|"
                        r"(?:每年|年年|常年)[^ ]{0,2}(?:渗|漏|返潮|积水)")
# a rule asked of a case in general (是不是一定有泄漏, 是真的会起火吗)
WOULD_IT = re.compile(r"(?:真的|真|一定|肯定)会[^ ]{1,4}$")
HARMLESS_SMOKE = re.compile(
    r"油烟|烧烤|鞭炮|烟花|放炮|烧纸|烧香|蚊香|抽烟|吸烟|做饭|炒菜|饭店|餐馆|锅炉|天天|每天|经常|"
    r"糊了|烤糊|烧糊|(?:烤|煎|炒|炸|烙)[^ ]{0,2}焦|"
    r"正常吗|"
    r"老是|总是|(?:才|再|就|然后)(?:下|放|倒)(?:菜|肉|鸡蛋|蛋|锅|料)|下菜|放菜|"
    # a stove or a kang lit as every day: 烧炕冒的烟, 生炉子呛的; food smoked, cured or roasted
    # (熏腊肠, 烧腊肉, 烤红薯)
    r"烧炕|炕洞|柴火|烧柴|灶膛|生炉子|生火做饭|烟囱|"
    # leaves or straw burnt on purpose: 在院里烧树叶
    r"烧(?:树叶|落叶|叶子|秸秆|杂草|枯草|稻草)|"
    r"(?:熏|烧|烤|炕)(?:腊|香肠|肉|鱼|鸭|鸡|鹅|红薯|地瓜|土豆|玉米|辣椒)")
# a little smoke, harmless unless nobody knows where it comes from (楼道里有点烟 不知道谁家
# 在烧东西)
LITTLE_SMOKE = re.compile(r"冒了点|(?:有点|一点|有些|冒了点)[^ ]{0,2}烟")
SMOKE_UNTRACED = re.compile(r"不知道[^ ]{0,4}(?:哪|谁|什么|怎么)|(?:哪|哪里|哪儿)来的")
# ... or said in anger (生气才说): someone should call back, not danger now
HABIT = re.compile(r"有时候|偶尔|时不时|毛病|经常|常常|老是|老说|总说|最近老|最近总|总是|"
                   r"生气才说|气头上|赌气|嚷嚷|天天喊|成天喊")
# a life of suffering said of a pain one has lived with for long (天天腰疼 活着真受罪): a grumble
# to call back about soon, not danger now
SUFFERING = re.compile(r"^活[着得][^ ]{0,4}(?:受罪|遭罪|痛苦|煎熬|累)")
# a wish to die vented over a chore or a grievance (工资又没发 真想死): urgent, not now
# ... or a life called unbearable because a price went up (房租又涨了 活不下去了)
VENTED = re.compile(r"想死|跳楼|想跳楼|活不下去")
GRIEVANCE = re.compile(r"逼疯|烦死|气死|工资[^ ]{0,4}没发|数学题|作业|考试|加班|老板|堵车|房贷|"
                       r"涨价|又涨|涨了|贵成|贵得|价[^ ]{0,2}(?:高|贵|涨)")
CHRONIC = re.compile(r"天天|每天|整天|成天|常年|长年|一到[^ ]{0,6}就|老寒腿|老毛病|风湿|"
                     r"这病|[一两三四五六七八九十几多\d]+年了|好多年|好几年|几十年")
# a wish to die said of a vexation come again (工资又没发 真想死): a grumble to call back about
WISH_ONLY = re.compile(r"(?:真|好|简直|真的)$")
VEXED_AGAIN = re.compile(r"又(?:没发|扣|加班|挨骂|被[^ ]{0,4}骂|挂科|涨价|输|堵|停水|停电|拖欠|"
                         r"迟到)|"
                         r"工资[^ ]{0,3}(?:没发|拖欠|被扣)")
# what one settles before leaving for good is no procedure asked about (把房子过户给儿子了
# 再没什么牵挂的了)
# a missing person reported on by a resident: 业主反映 陈伯没回家
REPORTED = re.compile(r"反映")
# ... and any danger reported by others, passed on: 住户反映, 接到业主反映, 业主群里反映
REPORTED_BY = re.compile(r"(?:业主|住户|居民|群众|邻居|有人|保安|楼长|网格员|[栋楼元户室]|"
                         r"接到?[^ ]{0,4})(?:[^ ]{0,2}群里?)?反映")
# a treatment just had, as the time a sign began (化疗完回家就一直发高烧): no question of it
TREATED = re.compile(r"(?:透析|化疗|放疗|手术|打针|打完针|输液|输完液|拔牙|体检|复查)[^ ]{0,2}"
                     r"(?:回来|回家|完|以后|之后|后)")
# ... a sign going on now after it
NOW_SIGN = re.compile(r"一直|现在|还在|越来越|就[^ ]{0,2}(?:开始|一直)|突然")
# a search already made for someone lost: the place named is where, not a procedure asked
SEARCHED = re.compile(r"[翻找转]了[^ ]{0,2}(?:一圈|一遍|个遍|好几圈)|找遍|到处找|都没有|"
                      r"没找(?:到|着)|"
                      # the police told, and nothing yet: 派出所那边还没消息
                      r"(?:派出所|警察|110|报了?警)[^。]{0,8}(?:还|也|都)没(?:有)?(?:消息|音信|找到|找着|下落)")
# the form or the errand dropped for what follows: 先别预约了, 报修先停, 顾不上报名了
DROPPED = re.compile(r"(?:先别|别|不|顾不上|不用|先不|暂停|取消)[^ ]{0,2}"
                     r"(?:预约|报修|挂号|申请|报名|办理|体检|交费|缴费|投诉)[^ ]{0,2}了|"
                     r"(?:预约|报修|挂号|申请|报名|办理|体检|交费|缴费|投诉)[^ ]{0,4}(?:先停|先放|"
                     r"先等|等会|不弄|不办|不约|取消|不用了|不要了|先不|不急|改天|放下|往后放)|"
                     # the form broken off by what happened: 我在填预约表的时候楼道里突然打起来了
                     r"(?:填|预约|报名|办)[^ ]{0,8}的时候[^ ]{0,16}(?:突然|忽然)")
# ... unless a question of it follows: 先别预约体检了 我想问问体检要空腹吗
# a matter of its own after an errand (我想反映垃圾站太臭 还有楼上在打人): 还有, 另外, 顺便
NEW_MATTER = re.compile(r"(?:还有|另外|顺便|再有|对了|另|ps|PS)")
# ... or the writer's own place, after a question (物业费能晚几天交吗 我家地上全是水)
OWN_PLACE = re.compile(r"(?:我|俺|我们|俺们)?(?:家|屋里|屋头)")
# an errand that names what it was about: 报名的那个活动, 之前投诉的那个醉汉
DESCRIBED = re.compile(r"(?:报名|投诉|反映|预约|报修|登记|申请|订)过?的(?:那|这)?"
                       r"(?:(?:个|位|家|次|件)[^ ]{0,2})?")
# a question of one's own (物业费能不能晚几天交): what follows it is another matter
OWN_QUESTION = re.compile(r"问下|问一下|能不能|可不可以|行不行|吗|怎么|多少|几点|几时|请问|"
                          r"咨询|想问")
QUESTION = re.compile(r"问问|请问|想问|咨询|吗|怎么|多少|几点")
# money demanded by someone who came for it (儿子又来要钱, 上门讨钱): no question of a price
DEMANDED = re.compile(r"要钱[^ ]{0,1}(?:不给|没给|不肯给)|"
                      r"(?:来|上门|回来|找[^ ]{0,2}|问[^ ]{0,2}|跟[^ ]{0,2}|向[^ ]{0,2}|"
                      r"逼[^ ]{0,2}|伸手)要钱|讨钱|要生活费|"
                      # by a threat or at the door: 持刀威胁老人要钱, 一直敲门 说要钱
                      r"(?:威胁|勒索|抢|逼)[^ ]{0,4}要钱|(?<![^ ])说要钱|(?:喊|嚷|叫)着?要钱")
SETTLING = re.compile(r"过户|公证|遗嘱|保险")
# ... and today worse than ever: 天天打孩子 今天打得特别狠
WORSE_NOW = re.compile(r"(?:今天|今晚|刚才|这次|这回|现在)[^ ]{0,4}"
                       r"(?:特别|格外|更|比(?:平时|以前|往常|哪次)|"
                       r"从没|从来没)|"
                       # and at it again right now: 天天被打 现在又在打
                       r"(?:现在|这会儿?|此刻|眼下)[^ ]{0,2}(?:又|正|还)在(?:打|揍|踢|掐)")
HABIT_ACT = re.compile(r"有时候|偶尔|时不时|经常|常常|老是|天天|每天|总是")
CALL = re.compile(r"1[12][019]|救护车|消防车")  # a call made: a complaint may be about it
STOVE = re.compile(r"灶|煤气|燃气|气罐|气瓶|液化气|打火机|火机|轮胎|车胎|气球")
# food burnt in the pot: its smell is no fire (炖的肉糊了 一股焦味)
BURNT_FOOD = re.compile(r"(?:饭|菜|肉|锅|粥|汤|奶|饼|炖|煮|炒)[^ ]{0,3}糊|糊了|烧糊|"
                        r"(?:烤|煎|炒|炸|烙)[^ ]{0,2}焦")
# a big flame where a flame belongs: 灶台的火太大了 怎么调小, 烧烤摊的火太大了
COOKING = re.compile(r"灶|炉|锅|烧烤|烤串|炒|做饭|烧菜|菜|糊|调小|火候|蜡烛|篝火|烤火|烧纸")
# a spark that has always been there: a repair, not a fire (开关有点打火 以前就这样)
USUAL = re.compile(r"以前就|一直这样|一直都这样|老这样|总这样|经常|老是|有时候|偶尔|"
                    r"正常吗|有点打火")
SPREAD = re.compile(r"窜|蹿|老高|烧到|蔓延|着了|(?<!不是说)烧起来")
SOUNDS = re.compile(r"响|叫|鸣|报警(?!器)|滴滴")
DEVICE = re.compile(r"报警器|检测|探测")
OFTEN = re.compile(r"(?:老|总|经常|老是|总是|天天|常常)$")
# Where a story came from, said after it: 新闻说的, 网上看的.
SOURCE = re.compile(
    r"(?:新闻|网上|电视上?|报纸上?|群里|朋友圈)[^ ]{0,2}(?:说的|看的|看到的|讲的)|听说的|"
    r"是真是假|不[知晓]道?真假|不晓得真假|"
    # a rumour asked about: 真的假的, 是真的吗
    r"真的假的|是不是真的(?:吗|啊)?(?= |$)|(?:是)?真的吗(?= |$)")
SMELL_ONLY = re.compile(r"(?:一股|有股|怪|异|有|闻到)[^ ]{0,2}味道?")
SMELL_SOURCE = re.compile(r"中药|熬|炖|香水|油漆|装修|消毒|垃圾|下水道|臭豆腐|榴莲|厕所|油烟|"
                           r"冰箱|馊|霉|糊了")
POPULAR = re.compile(r"太火|好火|很火|真火|火了|火爆|热门|人气|报名|抢手|好多人|排队|"
                     r"香|好吃|好看|好听|棒|厉害|赞|牛|绝了|漂亮|帅|过瘾|下饭|精彩")
METHOD = re.compile(r"药|跳|刀|绳|今晚|现在|马上|煤气|炭|割|不想活|活够|反锁")
MISTAKEN = re.compile(r"以为|还当是|原来当")
# ... a harmless belief, corrected by what follows in the same run-on (我以为她睡着了叫了半天
# 都没应): no hypothesis of the danger told after it
CALM_BELIEF = re.compile(r"(?:以为|还当是|原来当)[^ ]{0,4}?(?:睡着|睡觉|在睡|睡熟|打盹|打瞌睡|"
                         r"眯(?:一会|会儿)|歇着|休息|没事|装睡|开玩笑|逗我|闹着玩)[了呢呀吧]*")
# an apology for what is told (说出来怕你们笑话, 不怕你笑话): no fear of what may happen
SHY = re.compile(r"(?:不)?怕(?:你|你们|人|大家|别人)?(?:笑话|见笑|笑|嫌弃|嫌烦|烦)")
# an errand put aside for what follows (预约的事先放一下, 先别管报名了): no frame for the danger
SET_ASIDE = re.compile(r"(?:放一下|放放|放一放|搁一下|搁一搁|不说了|不办了|不弄了|不管了|再说|"
                       r"取消(?:吧|了)?)$|^(?:先|暂时)?(?:别|不)管")
# a burning smell behind a door nobody opens: the cook may be down (喊了没人应)
NOBODY_ANSWERS = re.compile(r"没人(?:应|开|答应|理|回应)|(?:叫|喊|敲)[^ ]{0,3}不应|"
                            r"门(?:底下|缝|下面)[^ ]{0,4}(?:烟|冒)")
NEW_THING = re.compile(r"新装|新买|新换|新的|刚装|刚买|刚换")
LIGHTING = re.compile(r"(?:点火|打火)(?:的)?(?:时候|时)|一点火")
STRONG_SMELL = re.compile(r"一直|越来越|很重|好重|好大|很大|很浓|好浓|头晕|恶心|开始|嘭|砰|轰")
# A frame around the whole message: a lesson, a drill, a play, a notice.
FRAME = re.compile(
    r"(?<!不是)(?:讲座|培训|课上|老师教|在学(?!校|生|院|堂)|学[^ ]{0,2}(?:急救|心肺复苏)|"
    r"演练|演习|话剧|电影|电视剧|小说|游戏|入户检查|"
    # (not a call made: 已通知维保 请求支援)
    r"(?<!紧急)(?<!已)(?<!已经)通知(?!了)"
    r"(?=[^ ]{0,8}(?:演练|演习|检修|停水|停电|安检|维保|讲座|培训|明天|下周))|"
    r"剧里|剧中|戏里|片子里|片里|动画片|动画里|综艺|讲故事|故事里|童话|"
    r"歌里|歌词|歌[^ ]{0,2}唱的|唱的是|"
    # a lesson of how: 太极课讲了怎么摔倒不受伤, 老师教我们怎么防身
    r"(?:讲了|教了|学了|教|教我们|教大家|示范了?)(?:一下|一些|下)?(?:怎么|如何|怎样)(?!办|了|回事)|"
    r"课(?:讲|教|学)|[^ ]课(?:上|里)?(?:讲|教|学|练))")
NOBODY_IN = re.compile(r"(?:没有?人|无人)[^ ]{0,2}(?:被困|被关|困住|在里面|关在)")
NO_ONE = re.compile(r"(?:没有?人|无人)(?![接应理管来回听说答搭])")
# a warning: 别摔倒了, 千万别着火 (not in a fight: 别打了 is a cry for help)
DONT = re.compile(r"(?:别|不要|千万别|可别)$")
NEAR_MISS = re.compile(r"差点|差一点|险些|好悬")
# a hazard ruled out by one who knows (煤气罐是空的 不会漏), not asked about (会不会漏)
WONT = re.compile(r"(?<!会)(?:不会|不可能|不至于)$")
# someone who saw an ambulance and does not know for whom: 不知道谁家出事了
BYSTANDER = re.compile(r"不知道(?:是)?(?:谁家|谁|哪家|哪户)")
# a fire engine or an ambulance that went by, and no idea where to: 消防车开过去了 不知道哪里着火
PASSING = re.compile(r"(?:消防车|救护车|警车)[^ ]{0,3}(?:开过|经过|路过|过去了|开走)|"
                      r"(?:看见|看到|听到|听见)[^ ]{0,4}(?:消防车|救护车|警车)")
WHERE_UNKNOWN = re.compile(r"不知道(?:是)?(?:谁家|谁|哪家|哪户|哪里|哪儿|什么地方|哪栋)|"
                            r"(?:是)?(?:哪里|哪儿|哪家|谁家|哪栋)[^ ]{0,3}(?:着火|出事)|"
                            r"不知道(?:去哪|怎么了|什么事|出了什么事)")
# a feeling said alone in the clause before (我很担心 / 我好怕 / 小心): not a hypothesis about
# what follows, which is said as it is
FEELING = re.compile(r"[我们好很真太特别都快要有点些]*(?:担心|害怕|怕|紧张|着急|吓)"
                      r"(?:死了|死|得要死|得要命|极了|坏了|了|啊|呀)*|"
                      r"(?:大家|请)?(?:快)?(?:小心|注意)+(?:啊|呀|点|了)?|提醒一下|紧急(?:紧急)*|"
                      r"(?:紧急)?(?:通知|预警|警告|求助)")
CHILD = re.compile(r"^(?:我家|我的)?(?:孙子|孙女|外孙女?|小孩|孩子|宝宝|娃)"
                   r"(?!他|她|的|说|讲|告诉|发现|打|喊|叫)")
HURT = re.compile(r"血|骨折|伤|疼|痛|报警|110|救命|住院|晕|动手|打人|鼻青脸肿|肿")
DRIP = re.compile(r"空调|冷气|冷凝|外机|离[^ ]{0,5}(?:很远|挺远|远着|老远|比较远)")
SOCKET_BURNS = re.compile(r"(?:插座|插头|插线板|电线)[^ ]{0,3}(?:冒烟|冒火|火花|打火|烧)|"
                          r"漏电|被电")
LAUGH = re.compile(r"笑得|笑死|笑到|哈哈")
# a chore of school or work someone will "kill" one for, or that makes one "spit blood":
# 作业又没交 老师要杀了我, 被甲方虐到吐血 (and no blow, no wound, no cough)
CHORE = re.compile(r"作业|考试|考砸|成绩|卷子|论文|导师|老师|甲方|老板|领导|加班|方案|报告|"
                   r"deadline|ddl|挂科|迟到|上班|客户|kpi")
VEXED = re.compile(r"(?:虐|气|累|忙|卷|熬|肝|加班|改|卷)[^ ]{0,2}(?:到|得)$")
REAL_BLOOD = re.compile(r"咳|胃|呕|黑便|脸[^ ]{0,2}(?:白|青)|一大口|好多血|止不住|晕|倒")
# a price or a fee (a price called robbery: 车位卖二十万 简直是抢钱)
PRICED = re.compile(r"贵|价|收费|[^ ]费|涨了|卖[^ ]{0,4}[万千百块元]|多少钱|块钱")
# money spent, said as a purse that bleeds: 双十一钱包大出血
PURSE = re.compile(r"(?:钱包|荷包|腰包|钱袋子?|工资|存款|余额|口袋)[^ ]{0,2}$")
# a place or a seat taken, not a thing snatched: 跳广场舞又被抢地盘了, 位置被抢了
PLACE_TAKEN = re.compile(r"地盘|座位|位置|位子|空地|场地|车位|风头|镜头|[^ ]{2}的地方|c位")
SNATCHED = re.compile(r"包|钱|手机|金|项链|耳环|镯|推|打(?!太极|牌|麻将|球|拳)|刀|摔|伤|抢劫|"
                      r"歹徒|小偷")
# a debt or a chore that weighs on one, named after the breath it takes: 喘不过气 房贷压得我
BURDEN = re.compile(r"(?:房贷|车贷|贷款|债|账单|工作|作业|学习|生活|日子|担子|开销)[^ ]{0,3}压得|"
                    r"压力[^ ]{0,2}大")
# a reaction of internet talk: 这个瓜太大了 我人傻了 当场倒地
MEME = re.compile(r"瓜|八卦|离谱|人傻了|破防|塌房|爱豆|磕到|绝了|反转|整活|yyds|awsl|救大命")
ON_THE_SPOT = re.compile(r"(?:当场|直接|原地)[^ ]{0,2}$")
# a question whether it could happen: 电瓶车放楼道 真会烧起来吗
WILL_IT = re.compile(r"(?:真|真的|也|还|能|可能)?会$")
ASKED = re.compile(r"^[^ ]{0,2}[吗嘛么]")
# a spark that went at once (冒了一下火星就没了); a smell traced to cooking (找了半天是隔壁在
# 炒辣椒)
GONE_AT_ONCE = re.compile(r"(?:一下|马上|立马|很快)[^ ]{0,3}就?(?:没了|灭了|好了)|就没了")
TRACED = re.compile(r"(?:找了[^ ]{0,4}|原来|结果)是[^ ]{0,6}(?:炒|炖|煮|熬|烧烤|烤|做饭|烧菜|煎|"
                    r"炸)")
# a weak hypothesis said in the clause before (本来就容易晕) gives way to a clause that says
# when it happened (今天晕倒了); a strong one (万一 / 要是) does not
STRONG_IF = re.compile(r"万一|要是|如果|假如|假设|假若|倘若|一旦")
NOW_MARK = re.compile(r"今天|刚才|刚刚|突然|这会|此刻|今早|今晚|早上|半夜|一下子")
ASKING = re.compile(r"(?:要不要|该不该|需不需要|用不用|需要|要|正准备|准备|正在|在|等着)"
                     r"(?:送|去)(?:医院|急诊)吗?(?:的路上)?|要不要(?:叫|打)(?:救护车|120)|"
                     r"(?:送|去)医院的路上|(?:要不要|用不用|要)看医生吗?|(?:让|叫)[^ ]{0,2}送医院|"
                     r"赶紧送(?:医院|去医院)|"
                     # asked formally, at once or not: 请问是否要马上送医
                     r"是否(?:要|需要|应该|应当)?(?:马上|立刻|立即|尽快)?(?:送|去)(?:医院|急诊|医)")
# the danger still going on, said after a question of procedure: 保险能赔吗 现在人还在地上;
# or a report (住户反映) that staff found true and act on now: 确实在冒 正在疏散 请求支援
STILL = re.compile(r"现在(?:人)?还|还在地上|还躺|还没醒|还在(?:流|烧|冒|漏|打)|到现在|"
                   r"确实(?:在|有)|确认(?:有|在)|正在(?:组织)?(?:疏散|撤离|救|抢救|灭火)|"
                   r"请求(?:支援|增援|救援)|"
                   # a report of an emergency (反映一个紧急情况): no errand
                   r"反映(?:一个|一下)?紧急情况|紧急情况(?:报告|如下)|"
                   # the police called for at once (马上联系派出所): no errand at the station
                   r"(?:马上|立刻|立即|赶紧|赶快|快)[^ ]{0,3}(?:联系|通知|叫|报)[^ ]{0,2}"
                   r"(?:派出所|民警|警察|110)")
# fear of what has happened (我担心我爸中风了) is no hypothesis; fear of what may (怕他摔) is
FEAR_ONLY = re.compile(r"担心|害怕|(?<![可害恐好])怕(?!是)")
# ... unless the time feared is to come: 担心哪天漏了, 怕迟早出事了
SOMEDAY = re.compile(r"哪天|哪一天|有一天|迟早|早晚|将来|以后|到时候")
