"""Cues for words the first passes of the safety layer had no pattern for (issue 13, fourth
pass): indirect descriptions, contacts' and staff's notes, answers to a check-in, farewells,
intruders, someone who stops moving, a notice or a number said alone, a few words of pinyin
and English, and the urgent faults (a lift that stops, sewage, leaks that reach below).

Same rules as nlu.safety.cues, whose CUES ends with these.
"""

from __future__ import annotations

from nlu.safety.cue import Cue
from nlu.safety.cue import cue as _cue
from nlu.safety.cues_hinted import HINTED

# leaving tonight, keys handed over: not when it is a trip (下周回来, 去女儿家住几天)
_NOT_A_TRIP = r"^(?!.*(?:回来|出差|旅游|旅行|搬家|住几天|回老家|女儿家|儿子家))"

SAID: tuple[Cue, ...] = (
    _cue("fire", "now",
         r"(?<![肝上心虚怒发火])火(?:好|很|太|特别|老|真)大",
         r"(?:厨房|阳台|房间|卧室|客厅|仓库|车棚|楼道)[^ 睡]{0,2}"
         r"(?<![摔跌碰磕撞砸冻吓累饿伤扭崴闪绊])着了|(?:房子|屋子|房间)烧了",
         r"(?<![^ ])有火(?![^ 了啊呀啦])",
         r"(?:插座|插头|插线板|插排|开关|电线|电闸|电箱|配电箱|电表)[^ 没不]{0,4}"
         r"(?:打火|冒火|火花|火星|噼啪|啪啪|噼里啪[啦了]|滋滋|烧化|烧熔|熔化|(?<!老)化了)",
         r"(?:插座|插头|插线板|插排|开关|电线|电闸|电箱|配电箱|电表)[^。]{0,8}"
         r"(?:糊味|焦糊|烧糊)"),
    _cue("self_harm", "now",
         r"绳子[^ ]{0,4}(?:挂好|套好|系好|准备好)|套[^ ]{0,2}脖子|把绳子[^ ]{0,4}(?:挂|系)",
         r"(?:割|划|砍|捅|扎)(?:伤)?自己",
         r"死掉算了|死掉好了|不如死掉|死了拉倒|人生无望|活着无望|活着没希望",
         r"(?:想|要)去(?:陪|找)(?:老伴|老头子?|老太婆?|我妈|我爸|他|她)了"
         r"(?=$| (?![^ ]*(?:医院|住院|等我|楼下|吃饭|散步|买菜|回来)))"),
    _cue("self_harm", "now", r"把自己(?:关|锁|反锁)在",
         needs=r"刀|药|绳|活(?!动)|死|跳|煤气|炭|不要管|别管"),
    _cue("self_harm", "now", r"(?:别|不要|不用)管(?:她|他)",
         needs=r"刀|药|绳|跳|死|活(?!动)|煤气|炭"),
    _cue("unconscious", "now",
         r"人事不知|不知人事|(?<![手脚腿膊脸边身子体])没有?知觉了"),
    _cue("unconscious", "now", r"(?<![^ ])没有?反应了?(?![^ ])",
         needs=r"脸色|嘴唇|眼睛|倒|躺|趴|瘫|叫|喊|拍|摇|呼吸|晕"),
    _cue("medical", "now",
         r"(?:烧|发烧|高烧)[^。]{0,10}抽(?:了|筋|搐|起来|过去)",
         r"(?:手指|指头|手指头)[^ ]{0,3}(?:切掉|切断|剁掉|剁断|断了|掉了)",
         r"(?:喉咙|嗓子)[^ ]{0,3}卡",
         r"怀孕[^。]{0,12}(?:流血|出血|见红|肚子[^ ]{0,3}(?:痛|疼))",
         r"蛇咬|被蛇|毒蛇"),
    _cue("violence", "now",
         r"又(?:动手|打人|打了(?![^ ]{0,3}(?:电话|针|一圈|麻将|牌|球|个|车)))",
         r"扔[^ ]{0,3}(?:石头|砖头|酒瓶)"),
    _cue("fall", "now", r"(?:摔|跌|滚|栽)下了?(?:楼梯|台阶|床|坡|楼)",
         r"崴[^。]{0,6}?(?:站不起|起不来|动不了|走不了)"),
    _cue("burst_pipe", "urgent",
         r"漏到(?:楼下|我家|他家|她家|邻居家)|"
         r"(?:天花板|顶上|吊顶|房顶)[^ ]{0,4}(?:滴水|往下滴|漏水|滴个不停|一直滴)|滴个不停",
         r"(?:污水|粪水|脏水|臭水|粪便|马桶水)[^不没]{0,8}"
         r"(?:冒|漫|溢|涌|流到|流进|流得|横流|倒灌|出来|一地|满)",
         r"(?:地漏|下水道|马桶|化粪池|下水口)[^不没]{0,8}"
         r"(?:冒水|往上冒|冒出|溢出|漫出|涌出|反水|返水|倒灌|冒污水|冒脏水)",
         r"地上[^ ]{0,3}(?:好多|很多|全是|都是|一地|一片)水|一地的水"),
    # a tap that drips (水龙头一直滴 关不紧) is an ordinary repair, not a burst
    _cue("burst_pipe", "urgent", r"(?:一直|不停地?)漏|(?<!龙头)(?<!水嘴)(?:一直|不停地?)滴",
         needs=r"漏水|滴水|暖气|管"),
    _cue("burst_pipe", "urgent", r"冒(?:粪水|污水|脏水|臭水)"),
    _cue("lift", "urgent",
         r"电梯[^ ]{0,8}(?:下坠|急坠|往下掉|溜梯|冲顶|掉到|掉了)|(?:运行|走)[^ ]{0,3}门开",
         r"停在[^ ]{0,4}(?:不动|不走)|门关不上|门开不了|门打不开|一直开着|按钮没反应",
         needs=r"电梯"),
    _cue("medical", "urgent", r"血糖[^ ]{0,3}(?:[2-3]\d|二十|三十|很高|好高|爆表)"),
    _cue("medical", "urgent", r"血压[^ ]{0,3}1[6-9]\d", needs=r"晕|疼|痛|吐|恶心|看不清"),
    _cue("burst_pipe", "urgent",
         r"(?<!血)(?:流|淌|漏|漫|渗)了?(?:一地|满地)|往下渗|渗下来|"
         r"(?:墙|天花板|地板|顶)[^ ]{0,3}湿透",
         r"(?<![嘴角口])(?:一直|不停地?)(?:流水|淌水|冒水)|水[^ ]{0,4}越来越(?:高|多|深)|水柱|"
         r"消防栓[^ ]{0,4}(?:坏|撞|喷|漏|断)",
         needs=r"^(?![^水]*血[^水]*$)"),  # 血止不住 流了一地: blood, not water
    _cue("fall", "now",
         r"卡在[^ 电梯]{0,8}(?:起不来|爬不起|出不来|动不了)",
         r"从[^ ]{0,5}(?:轮椅|马桶|沙发|浴缸)上?[^ ]{0,2}(?:摔|跌|滚|掉|栽|翻|滑)下来",
         r"(?:人|我|他|她|妈|爸|奶奶|爷爷|老人|老伴)(?:自己|突然|一下)?掉(?:到|在)?(?:床底下|床下|地上|地下)"),
    _cue("fall", "now", r"(?:我|他|她|老人|妈|爸|奶奶|爷爷|老伴)[^ ]{0,2}(?:站不起来|起不来)",
         weak=True),
    _cue("stroke", "now",
         r"(?:说|讲)着(?:说|讲)着[^ ]{0,3}(?:说不清|说不出|不会说|含糊)|"
         r"(?:就|突然|一下子|忽然)(?:说|讲)不(?:清|出话|了话)",
         r"看[^ ]{0,4}(?:有(?:两|2)个|成双|是(?:两|2)个|(?:两|2)个影)"),
    _cue("self_harm", "now",
         r"再见了?[^ ]{0,2}(?:这个)?世界|告别这个世界|离开这个世界",
         r"药[^ ]{0,3}(?:攒|存)了[^ ]{0,2}(?:一大|好多|很多|一瓶|一堆|不少|一把)|"
         r"想好[^ ]{0,2}怎么(?:走|死|结束)",
         r"(?:我|自己)割了[^ ]{0,3}(?:好几|几|一)(?:道|刀|下)"),
    _cue("self_harm", "now", r"(?:带|拿|买|找)了?[^ ]{0,2}绳子",
         needs=r"活(?!动)|死|跳|不想|拖累|笑话|解脱|再见"),
    _cue("self_harm", "now", r"开了?煤气|煤气开着|打开煤气|开着煤气",
         needs=r"反锁|不想|活(?!动)|死|再见|别找|永别|解脱"),
    _cue("self_harm", "urgent", r"不想(?:再)?拖累"),
    _cue("self_harm", "now",
         r"(?:想|要)(?:跟|和|随)(?:老伴|老头子?|老太婆?|他|她)(?:一起|一块儿?)?走了?"
         r"(?=$| (?![^ ]*(?:去|逛|散步|公园|买|吃|玩|旅游)))",
         r"这个世界[^ ]{0,2}消失|消失在这个世界|饿死自己|把自己饿死|绝食",
         r"今晚[^ ]{0,2}(?:就|要)解脱|"
         r"活着(?:干嘛|干什么|干啥|有什么用|有啥用|还有什么意思)(?!这么|那么|非得|非要|不)|"
         r"还活着干"),
    _cue("self_harm", "now", r"(?:就|要|马上)(?:能)?解脱了",
         needs=r"活(?!动)|死|药|跳|再见|别找|永别|痛苦|拖累"),
    _cue("self_harm", "now",
         r"(?:东西|钱|存款|房子)[^ ]{0,4}(?:你们分了|分给你们|都给你们|留给你们)",
         needs=r"不需要|用不上|活(?!动)|死|永别"),
    _cue("self_harm", "now", r"我已经决定了",
         needs=r"别找|不要找|不要再?打电话|别打电话|再见|对不起|永别"),
    _cue("self_harm", "urgent",
         r"日子过不下去|过不下去了|死了[^ ]{0,2}(?:也|都)没人(?:知道|管|发现)"),
    _cue("fall", "now",
         r"出溜(?:下去|下来|到地上)|嘴啃泥|掉(?:进|到|在)?[^ ]{0,3}(?:沟|坑|井)里?[^。]{0,4}"
         r"(?:爬不|出不|上不)"),
    _cue("fall", "now", r"骨头[^ ]{0,2}断了|骨折了", needs=r"摔|跌|绊|滑"),
    _cue("violence", "now", r"惨叫|尖叫",
         needs=r"打(?!不开|开|电话|针)|砸|刀|砍|救命|摔东西|砸碎|男的|男人"),
    _cue("unconscious", "now",
         r"(?:里面|屋里|门里|里头)[^ ]{0,3}(?:有)?[^ ]{0,2}(?:哼哼|呻吟|哼唧|哎哟)"),
    _cue("fire", "now", r"(?:还|都)没(?:扑)?灭|没有扑灭|火还在",
         needs=r"(?<![锅炉灶打点])火(?![锅柴车机候])"),
    _cue("violence", "now",
         r"(?:拎|拿|提|举|抡)着?[^ ]{0,3}(?:酒瓶|板砖|钢管|铁棍)",
         r"被[^ ]{0,4}(?:锁|关)在(?:屋|家|房间)",
         # dragged out of the home or into the stairwell and beaten
         r"(?:拖|拽|揪)(?:出来|出去|到(?![晚明下最半])[^ ]{0,5})[^ ]{0,1}"
         r"(?:打|揍)(?!游戏|球|牌|麻将|针|电话|卡|车|扫)"),
    # how an elder answers a check-in when it is bad: 不好 摔了, 头晕 站不起来, 难受 救我
    _cue("fall", "now", r"(?<![^ ])(?:摔了|摔倒了|跌倒了|摔跤了|跌了一跤|摔了一跤)(?= |$)"),
    _cue("medical", "now",
         r"头晕[^。]{0,6}站不(?:起来|住|稳)|"
         r"(?:难受|不舒服)[^。]{0,6}(?:动不了|起不来|站不起来|走不动)",
         r"(?<![^ ])我不行了$"),
    _cue("medical", "now", r"(?:一直|直)(?:出|冒)(?:冷)?汗",
         needs=r"没力气|难受|晕|疼|痛|喘|不舒服|没劲", weak=True),
    _cue("self_harm", "now",
         r"永远睡着|吃[^ ]{0,2}药睡过去|"
         r"替我照顾好(?:孩子|我妈|我爸|老人|家里|他们|她|他)|没有我[^ ]{0,4}(?:更好|轻松)|"
         r"不配活"),
    _cue("self_harm", "now", r"最后一条(?:消息|信息|微信)",
         needs=r"再见|永别|对不起|谢谢|别找|活(?!动)|死|照顾|保重"),
    _cue("self_harm", "now", r"去见(?:我)?(?:老伴|老头子?|老太婆?|我妈|我爸|妈|爸)",
         needs=r"去世|走了|不在|天上|死|活(?!动)|那边"),
    _cue("self_harm", "now", r"不如(?:早点)?走了?(?:算了)?(?= |$)",
         needs=r"多余|累赘|拖累|活(?!动)|死"),
    _cue("self_harm", "urgent",
         r"不会再(?:给你们)?(?:麻烦|添麻烦)(?:你们)?了|(?:猫|狗|东西)[^ ]{0,2}(?:都)?送人了|"
         r"我是(?:个)?(?:累赘|负担)|拖累了?全家"),
    _cue("self_harm", "now",
         r"手腕[^ ]{0,4}(?:刀口|伤口|划痕|口子|割|划)|卧轨|投河|投江|跳水库",
         r"(?:今天|今晚)[^ ]{0,2}(?:就是)?最后一天(?![^ ]{0,4}(?:上班|营业|工作|打折|活动|报名))"),
    # many cuts on one's own arm, told without 自己 (not a kitchen's or a fall's scratch): 我手上
    # 划了好多口子 我也不知道为什么
    _cue("self_harm", "now",
         r"(?:手上|手背|手臂|胳膊|小臂|手腕|腿上)[^ ]{0,2}(?:划|割|拉)了?[^ ]{0,2}"
         r"(?:好多|好几|很多|十几|几十|一道道|一条条|一道一道)[^ ]{0,1}(?:道|条|刀|口子|个口子)",
         needs=r"^(?=.*我)(?!.*(?:切菜|削|菜刀|玻璃|不小心|摔|干活|铁皮|纸|猫|狗|刺|树枝|铁丝|"
               r"钉子|刮))"),
    _cue("burst_pipe", "urgent", r"水[^不没 ]{0,10}灌"),
    _cue("violence", "now",
         r"(?:半夜|深更半夜|大半夜)[^ ]{0,4}(?:敲门|砸门|敲我家|拍门)|进门就翻|"
         r"(?:假装|冒充)[^。]{0,10}(?:进门|进屋|进了我家|翻东西)|不给就(?:动手|打|揍|砍)",
         r"把(?:我|她|他|奶奶|爷爷|老人|妈|爸|孩子|人)[^ ]{0,2}(?:绑|捆)",
         r"被(?:陌生人|人贩子|不认识的人|坏人)(?:拽|拖|抱|拉|抢)(?:上车|走了)|"
         r"被[^ ]{0,4}(?:拽|拖)上车"),
    _cue("violence", "now", r"推了[^ ]{0,4}一把", needs=r"摔|倒|骂|打|疼"),
    _cue("medical", "now", r"(?:又|开始)抽(?:了|起来|搐)"),
    _cue("fire", "now", r"人还在里面|还有人在里面|人没出来|还有人没出来",
         needs=r"火|烟|烧"),
    # (not a call to someone's own: 打了他女儿电话, 打了她闺女的手机)
    _cue("violence", "now", r"打了(?:我|她|他|人)(?![^ ]{0,4}(?:电话|手机|视频|微信|语音))"),
    _cue("lift", "now", r"电梯里[^ ]{0,3}(?:喊|叫|有人喊)?(?:救命|呼救)"),
    _cue("unconscious", "now",
         r"(?:叫|喊)[^ ]{0,3}就?(?:只)?哼一声|昏睡|叫醒又睡",
         r"(?:人|妈|爸|奶奶|爷爷|老伴|老人|外婆|外公|老头|老太)[^ ]{0,2}不动了"),
    _cue("unconscious", "now",
         r"(?:就|突然)歪倒|"
         r"(?:人|妈|爸|奶奶|爷爷|老伴|老人|外婆|外公|老头|老太|他|她)[^ ]{0,4}歪倒|"
         r"目光呆滞|两眼发直|眼神发直", weak=True),
    _cue("unconscious", "now", r"不理人|不出声|不吭声|不吱声",
         needs=r"眼睛|瘫|躺|倒|发呆|呆滞|睁|软"),
    _cue("self_harm", "now",
         r"活着[^ 不]{0,4}(?:有什么意义|有啥意义|有什么用|有啥用)|(?:想|真想)一睡不醒|"
         r"(?<![^ ])让我死吧|去天上(?:找|陪|见)|不想再?连累",
         r"在(?:天台|楼顶|顶楼|窗台|窗户)边上|(?:窗户|窗台)边上[^ ]{0,2}(?:坐|站)"),
    _cue("medical", "now",
         r"心脏[^ ]{0,4}停(?:了|跳)|(?:烧|发烧|体温)[^ ]{0,3}(?:4[1-9]|四十一|四十二)(?:度|℃)",
         r"烫熟|(?<![墙漆面])皮都掉了|烫掉了?皮|蛰了(?:好多|很多)|(?:全身|浑身)[^ ]{0,2}肿"),
    _cue("medical", "now", r"(?<![^ ])(?:气)?上不来", needs=r"喘|呼吸"),
    _cue("medical", "now", r"心跳[^ ]{0,8}(?:[2-4]\d|二十|三十|四十)几?下",
         needs=r"晕|黑|喘|难受"),
    # leaving tonight, keys handed over: not a trip (下周回来, 去女儿家住几天)
    _cue("self_harm", "now", r"(?:今晚|今天)就走",
         needs=_NOT_A_TRIP
         + r"(?=.*(?:把钥匙|存折|再见|别找|活(?!动)|死|交代|不想|保重|对不起|永别))"),
    _cue("self_harm", "now", r"药[^ ]{0,2}(?:都|已经)?(?:准备好|备好)",
         needs=r"死|活(?!动)|不想|结束|走了"),
    _cue("self_harm", "now", r"把钥匙[^ ]{0,2}给(?:我|你)",
         needs=_NOT_A_TRIP + r"(?=.*(?:就走|活(?!动)|死|再见))"),
    _cue("stroke", "now",
         r"(?:说话|讲话|走路)[^ ]{0,3}像喝醉|脸[^ ]{0,3}不对称|口齿(?:含糊|不利索)|"
         r"听不懂[^ ]{0,4}(?:说什么|在说|讲什么)",
         r"(?:胳膊|手|腿)[^ ]{0,4}(?:突然)?垂(?:下来|下去)"),
    _cue("stroke", "now", r"一边高一边低", needs=r"脸|嘴|眼"),
    # speech nobody can make out (not a dialect or a language one does not know): 讲的话一个字
    # 都听不懂, 我一句都听不明白, 说出来的话我一个字听不懂 (not words one never learnt: 网络词)
    _cue("stroke", "now", r"(?:一个字|一句(?:话)?)[^ ]{0,2}(?:都|也)?听不(?:懂|明白|清)|叽里咕噜",
         needs=r"^(?!.*(?:方言|外语|英语|口音|普通话|土话|家乡话|老家话|广东话|粤语|外国|"
               r"老外|歌|唱|戏|视频|电视|网络|流行|新词|术语|专业))"),
    # someone dead or dying: 出人命了, 我爸好像死了, 我妈没了 怎么办 (not a cry, 妈呀 冻死了)
    _cue("unconscious", "now",
         r"(?<![^ ])(?:死人了|出人命了)|(?:有人|有个人)[^ ]{0,2}死了|"
         r"(?:爸|妈|老伴|奶奶|爷爷|外婆|外公|姥姥|姥爷|老人|老头|老太|老爷子)(?![呀啊耶吔])"
         r"[^ 说]{0,3}(?:好像|可能|是不是)?"
         r"(?<![累气笑吓热冷饿烦困急吵闷丑难愁渴疼痛忙美乐冻晒臭挤馋香烫辣咸腻])死了|"
         r"(?:爸|妈|老伴|奶奶|爷爷|外婆|外公|老人)没了(?=$| |[^ ]{0,2}(?:怎么办|咋办))"),
    # an emergency number said alone: 120！！！
    _cue("medical", "now", r"(?<![^ ])120(?= |$)", weak=True),
    _cue("fire", "now", r"(?<![^ ])119(?= |$)", weak=True),
    _cue("violence", "now", r"(?<![^ ])110(?= |$)", weak=True),
    # a few words of English
    _cue("fire", "now", r"(?<![a-z])fire(?![a-z])(?! ?(?:drill|extinguisher|alarm test))"),
    _cue("gas", "now", r"gas leak|smell (?:of )?gas|leaking gas"),
    _cue("lift", "now", r"(?:lift|elevator) ?(?:is )?stuck|(?:stuck|trapped) in (?:the |a )?"
         r"(?:lift|elevator)"),
    _cue("fall", "now", r"(?<![a-z])fell(?! asleep)|can ?t get up|fallen"),
    _cue("unconscious", "now", r"not breathing|unconscious|passed out"),
    _cue("medical", "now", r"heart attack|chest pain|can ?t breathe"),
    _cue("stroke", "now", r"(?<![a-z])stroke(?![a-z])",
         r"face (?:is )?droop|drooping|slurr(?:ed|ing)|(?:one|left|right) side "
         r"(?:is |of (?:his|her|my) (?:body|face) (?:is )?)?(?:numb|weak)"),
    _cue("self_harm", "now",
         r"kill(?:ing)? myself|suicidal|(?:want|going|try(?:ing)?) to (?:commit )?suicide|"
         r"end (?:my life|it all)|want(?:s)? to die|"
         r"(?:do not|don ?t) want to (?:live|be alive)|hurt(?:ing)? myself|cut(?:ting)? myself|"
         r"overdose"),
    _cue("unconscious", "now", r"collapsed|(?:won ?t|can ?t|doesn ?t|does not|will not) "
         r"wake up|unresponsive|not responding|fainted"),
    _cue("violence", "now", r"attack(?:ing|ed) (?:me|us|him|her)|(?:hitting|beating|stabbing) "
         r"(?:me|us|him|her)|(?:someone|somebody|a man|they|he) (?:is |are )?(?:broke|breaking) "
         r"in(?:to)?(?![a-z])|has a knife|with a knife"),
    _cue("missing", "now", r"(?:mom|dad|mother|father|grand(?:ma|pa|mother|father)|husband|wife|"
         r"son|daughter|child|kid)[^.]{0,20}(?:is |has gone |went )?(?:missing|wandered off|"
         r"(?:got |is )lost(?! in))"),
    _cue("fire", "now", r"(?<![^ ])还在烧(?![^ ]{0,2}(?:水|饭|菜|汤))", needs=r"火"),
    _cue("lift", "now", r"(?:还没|没有?)(?:被)?(?:救|放|弄)出来", needs=r"电梯"),
    _cue("self_harm", "now", r"自己(?:划|割|砍|扎)的", needs=r"伤|血|手腕|胳膊|口子|刀痕|疤"),
    _cue("medical", "now",
         r"一直[^ ]{0,2}吐(?![槽痰口舌泡])|吐个不停|吐了好几次|吐了好多次|"
         r"不停地?吐(?![槽痰口舌泡])"),
    _cue("unconscious", "now", r"(?:然后|突然|就|说着说着)[^ ]{0,2}没(?:了)?(?:声音|声|动静)了"),
    # a lift that stops with nobody said to be inside: the elders upstairs cannot get down
    _cue("lift", "urgent",
         r"电梯[^ ]{0,3}(?:停了|停运了|坏了|不动了|不走了|卡住了|突然停|停住了|"
         r"停在[^ ]{0,4}不动)"),
    # a machine someone breathes with, and no power
    _cue("medical", "urgent", r"(?:制氧机|呼吸机)[^。]{0,10}(?:停|没电|不转|坏)|"
         r"(?:停电|断电|没电)[^。]{0,10}(?:制氧机|呼吸机)"),
    # words in the other order than the cues of nlu.safety.cues: the thing named first
    _cue("medical", "now",
         r"(?:硬币|电池|纽扣|钉子|磁铁|珠子|刀片|针)[^ ]{0,3}(?:吞|咽)(?:下去|进去|了)"),
    _cue("fall", "now",
         r"(?:梯子|床|椅子|凳子|楼梯|台阶|窗台|架子|桌子|马桶)[^ ]{0,2}(?:上|上面)?"
         r"(?:摔|跌|滚|掉|栽|翻)下来"),
    _cue("lift", "now",
         r"(?:铃|警铃|按钮|呼叫|对讲|应急电话)[^ ]{0,4}(?:按|摁|打)[^ ]{0,3}"
         r"(?:没人|没用|没反应|不响|没响|不通)",
         r"在?[^ ]{0,2}(?:\d+|[一二三四五六七八九十]+)楼(?:和|跟|与|到)"
         r"(?:\d+|[一二三四五六七八九十]+)楼(?:之间|中间)|卡在[^ ]{0,2}门(?:中间|缝|里)",
         needs=r"电梯"),
    # a place to fall from, and the depth looked at
    _cue("self_harm", "now",
         r"(?:走到|来到|到了|爬到|站到|坐到|爬上)[^ ]{0,3}"
         r"(?:桥|河边|江边|湖边|海边|楼顶|天台|顶楼|窗台|窗户上|窗沿|阳台外|栏杆|护栏)",
         needs=r"水[^ ]{0,3}(?:好|很|真|这么)?(?:深|急|冷|黑)|想不开|寻短见|抑郁|"
               r"下面[^ ]{0,3}(?:好|很|真)?(?:高|黑|深)|跳|不想|活(?!动)|死|再见|别找|对不起"),
    _cue("self_harm", "now",
         r"(?:睡|一觉)[^ ]{0,3}(?:不起来|不醒了|不再醒|再也不起来)",
         r"(?:把|要|想)[^ ]{0,2}(?:氧气|呼吸机|管子)[^ ]{0,2}(?:拔|关|摘)(?:了|掉)",
         needs=r"病|死|活(?!动)|钱|拖累|今晚|不想|累了|信|密码|存折"),
    # a blast in a home, and gas that goes on flowing from a stove gone out
    _cue("fire", "now",
         r"爆燃|闪爆|(?:厨房|屋里|家里|楼里|楼下|楼上|隔壁|对面)[^ ]{0,4}(?:爆炸|炸了|炸开)",
         needs=r"^(?!.*(?:鞭炮|炮仗|爆米花|油炸|炸鸡|炸串|炸丸子|炸酱|炸毛|气炸|炸锅了))"),
    _cue("gas", "now", r"(?<![暖热蒸])气[^ ]{0,3}(?:往外出|往外冒|出个不停|一直出|呼呼)",
         needs=r"灶|阀|罐|管|燃气|煤气|天然气|液化气"),
    # a heart that stops, a body that goes limp
    _cue("unconscious", "now",
         r"心脏?[^ ]{0,3}不跳了|(?:人|身子)[^ ]{0,3}(?:软下去|瘫下去|瘫软)|"
         r"一口气没(?:上来|喘上来)"),
    # threats with fire, and someone shut in to be beaten
    _cue("violence", "now",
         r"(?:要|说要|扬言|威胁)[^ ]{0,4}(?:烧|点)了?(?:我|你|他|她)?们?家|"
         r"(?:拿|用|泼|带着)[^ ]{0,2}汽油",
         r"(?:关|锁)(?:在|起来)[^ ]{0,4}(?:打|揍|虐)",
         r"被(?:人|邻居|他|她|儿子|老公|女婿|[^ ]{0,3}用)[^ ]{0,6}砸|砸(?:人|伤人|破[^ ]{0,2}头)"),
) + HINTED
