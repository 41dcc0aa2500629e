"""Cues of someone unconscious (cannot be woken: now) or out of reach (not answering, not seen
for days: urgent), and a sign said before the silence (medical). nlu.safety.cues joins
UNCONSCIOUS with the others into CUES; how a cue is written is told there.
"""

from __future__ import annotations

from nlu.safety.cue import Cue
from nlu.safety.cue import cue as _cue
from nlu.safety.cues_body import PERSON

# whom one fails to reach without a worry for anyone's welfare: a trade, a service, a network
_SERVICE = (r"师傅|物业|客服|快递|外卖|售后|商家|中介|房东|宽带|信号|保安|维修|工人|装修|"
            r"网(?!友)|WiFi|wifi")
_PERSON = (r"(?:人|他|她|老人|妈|爸|娘|奶奶|爷爷|外公|外婆|姥姥|姥爷|老伴|老头|老太|阿姨|"
           r"大爷|大妈|邻居|老公|老婆|孩子|小孩)")
# what shows someone is at home: a light on, the TV, a radio or a phone sounding inside, water
# running, shoes or a scooter at the door, a phone located at home (not a voice: one who cries
# or shouts in there is awake)
_HOME_SHOWS = (r"灯[^ 黑灭没不]{0,2}(?:亮|开着)|[亮开]着灯|"
               r"(?:电视|收音机|闹钟|手机|电话|铃声)[^ 没不]{0,3}(?:开着|在?响|声)|"
               r"(?:屋里|室内|里面|里头)[^ 没]{0,4}(?:在响|响着)|水声|外机[^ ]{0,2}转|"
               r"定位在家|(?:鞋|电动车)在门口|门口有[^ ]{0,3}(?:电动车|鞋)")

# someone who cannot be woken, or cannot be reached (urgent)
UNCONSCIOUS: tuple[Cue, ...] = (
    _cue("unconscious", "now",
         r"只(?:听到|会|能|是)[^ ]{0,3}哼|眼睛不睁|不睁眼|睁不开眼[^ ]{0,4}叫"),
    _cue("unconscious", "now", r"倒下了|倒下去", weak=True),
    # no waking after a fit or a fall, or no feeling at all (不醒 of sleep is no such sign)
    _cue("unconscious", "now", r"(?:就|还|一直|到现在|都|再也)不醒(?:了|人事)?|"
         r"(?<![腿手脚胳膊腰半边身])(?:没(?:有)?知觉|失去知觉|没意识|失去意识)",
         needs=r"^(?!.*(?:睡|懒|赖床|午觉|打呼))(?=.*(?:抽|晕|倒|摔|昏|磕|白沫|叫|喊|拍|翻|躺))"),
    _cue("unconscious", "now", r"没(?:有)?动静", needs=r"叫|喊|推|拍|摇"),
    # someone down who does not answer when called: 趴着 我叫他两声他没理我
    _cue("unconscious", "now", r"(?:叫|喊|拍|推|摇)[^ ]{0,6}没理(?:我|人)?",
         needs=r"^(?!.*(?:狗|猫|宠物|窝里))(?=.*(?:趴|躺|倒在|倒地|地上))"),
    _cue("unconscious", "now",
         # (not a sign asked for: 叫他抬手抬不起来)
         r"(?:叫|喊|拍|摇|推|唤|弄)[^ 没抬举伸握站坐走]{0,4}不太?(?:醒|应|答应|起来|吭声|吭气|"
         r"出声|理|吱声|作声)|"
         r"叫不应|(?:叫|喊|推|拍|摇)[^ ]{0,3}(?:他|她|人)[^ ]{0,2}不响|"
         r"一头栽|"
         # the head dropping to one side, and no answer: 突然头一歪就不应了
         r"头一歪[^ ]{0,3}(?:不应|不动|没反应|没声|不说话|叫不醒)|"
         r"喊不应|(?:怎么|咋)(?:喊|叫|推|摇|拍)[^ ]{0,2}都没用",
         # (not a button called with: 呼叫按钮没反应)
         r"(?<!呼)(?:叫|喊|拍|摇|推|问)[^ 钮]{0,5}(?:没反应(?!过来)|没有反应(?!过来)|无反应|"
         r"没有?一点反应|"
         r"一点反应(?:都|也)没有?|"
         r"没动静|不应|没答应|没醒|不回答|"
         r"不回应|没回应|只会哼|只哼|(?<![到得])没声音|(?<![到得])没声|不出声|没回音|没有回音|不应声|没睁眼)|"
         r"呼吸[^ ]{0,3}停",
         r"(?<![要快])(?:晕倒(?!险)|昏倒|晕过去|昏过去)|晕了过去|昏了过去|晕厥|昏迷|"
         r"(?<!过敏性)休克|不省人事|人事不省|不醒人事",
         r"(?:人|他|她|已经|完全)没知觉|(?<![^ ])没有?知觉(?= |$)|失去知觉|没了知觉|没有?意识|"
         r"晕在|昏在|"
         r"没了意识|失去了?意识|意识(?:没了|丧失|全无)|丧失(?:了)?意识|呼之不应",
         r"(?:一直|怎么都|到现在都?)(?:没|不)醒|(?:叫|喊|拍|摇|推)[^ ]{0,4}(?:不动|也不动|没动)",
         r"一动[也都]?不动|(?:一点|一点儿|丝毫)?反应都没有|一点反应也没有|毫无反应|"
         r"不哭[^ ]{0,2}不动|不哭不闹[^ ]{0,2}不动",
         r"(?:躺|倒|趴)[^ ]{0,6}不说话[^ ]{0,2}[也都]?不动",
         r"(?:瘫|倒|趴|躺)[^不没 ]{0,8}(?:不吭声|不出声|不吱声|没声音|没声了|不睁眼)",
         r"翻白眼|一动不动",
         r"没有?呼吸|呼吸[^ ]{0,2}(?:很弱|微弱|很浅)|不喘气|没有?心跳|(?<![罐胎球又])没气儿?了|"
         r"没气儿?似的|胸口[^ ]{0,4}不(?:动|起伏)|胸口[^ ]{0,2}(?:没|没有)起伏",
         r"(?:倒|晕|躺|趴|瘫)[^不没]{0,8}(?:没(?:有)?动静|(?<![爬走拖搬推挪拉扶起])不动|没反应(?!过来)|"
         r"没有反应)|躺着不动",
         r"(?<![摔跌滑绊打推])倒地(?!上|板)",
         _PERSON + r"[^ 不没]{0,5}(?<![气吵烦])(?:晕了|昏了|没反应(?!过来)|没有反应(?!过来))"),
    _cue("unconscious", "now", r"还没醒|还没有醒", needs=r"晕|倒|昏|摔|撞"),
    # still after a fit: 抽搐完就不动了 现在没反应
    _cue("unconscious", "now", r"(?:抽搐|抽风|抽筋|痉挛)[^ ]{0,3}(?:完|过|以后|之后|后)[^ ]{0,2}"
         r"(?:就)?(?:不动了|没(?:有)?反应|叫不醒|没动静)"),
    # someone on the floor: unconscious unless the message says more (起不来 makes it a fall)
    _cue("unconscious", "now", r"(?<![摔跌滑])躺在?地上",
         r"(?<![摔跌滑])躺在(?:卫生间|厕所|浴室|厨房|楼道|门口|地板)"
         r"(?![^ ]{0,4}(?:玩|看|睡|歇|晒|乘凉|休息|聊))",
         r"(?:有人|有个人|人|老人|大爷|大妈|老太太|老爷子)倒了(?= |$)",
         r"(?<![摔跌滑绊])倒在[^ ]{0,6}(?:地|门口|路边|楼道|卫生间|厕所|床边|床下|沙发|家里|屋里|"
         r"厨房|客厅|浴室)",
         r"(?<![摔跌滑绊])倒地上", weak=True),
    _cue("unconscious", "urgent",
         r"(?:好几天|几天|一天|两天|三天|一整天)[^ ]{0,3}没(?:见|看见|看到|见到|见过|出门|露面|"
         r"动静|联系上|"
         r"开门|开过门|开灯|开过灯|亮灯)"),
    # someone out of reach, said of a person (物业一直联系不上 is a complaint, no welfare worry;
    # so is 联系不上修水管的师傅, 联系不上家里的网)
    _cue("unconscious", "urgent", r"联系不上(?![^ ]{0,4}(?:" + _SERVICE + r"))", needs=PERSON),
    _cue("unconscious", "urgent",
         r"(?:报纸|牛奶|快递|外卖|垃圾|饭)[^ ]{0,6}(?:堆|没拿|没收|没取|没动|放了)[^ ]{0,4}"
         r"(?:好几天|几天|两天|三天)|(?:好几天|几天|两天|三天)[^ ]{0,3}没(?:拿|收|取|动)|"
         r"(?:一整天|一天|两天|好几天)[^ ]{0,3}没回(?:我)?(?:消息|信息|微信|电话)",
         needs=r"老人|独居|一个人|奶奶|爷爷|大爷|大妈|老太|妈|爸|阿姨|老伴"),
    _cue("unconscious", "urgent", r"(?:打电话|电话)(?![^ ]{0,3}(?:经常|老是|总是|常常|有时))"
         r"[^ ]{0,3}也?(?:不接|没人接|打不通)"
         r"(?![^ ]{0,2}" + _SERVICE + ")",  # (电话打不通物业: a service, not a person)
         needs=PERSON),
    # a sign said, then silence: 说头好疼 之后就不回了 电话也不接 (not gone to sleep on it); the
    # sign's kind, as 胸口疼得厉害 然后就不回了 is
    _cue("medical", "now", r"(?:之后|然后|后来|接着)[^ ]{0,4}(?:就|再)?[^ ]{0,3}(?:不回|没回|不接|"
         r"没人接|打不通|联系不上|没动静|没声音?)",
         needs=r"^(?!.*(?:睡|休息|躺一会|忙|开会|上课|没电))(?=.*(?:疼|痛|晕|难受|不舒服|喘不|胸闷|心慌))"),
    _cue("unconscious", "urgent",
         r"敲[^ ]{0,6}门 ?[^ ]{0,6}(?:没人应|没人开|没反应|没动静|没人理|不应|不答应|没回音)"),
    # not seen for days, the door not answered and the phone not either: no longer a check on
    # someone, she may be lying inside (家里也没人 makes it missing, nlu.safety.cues_missing)
    _cue("unconscious", "now",
         r"(?:好几天|几天|两天|三天|一整天)[^ ]{0,3}没(?:见|看见|看到|见到|露面|出门|动静|开门|"
         r"开过门|开灯|开过灯|亮灯|亮过灯)",
         needs=r"^(?=.*(?:敲门|门)[^ ]{0,6}(?:没人|没反应|没动静|不应|没回音))"
               r"(?=.*(?:关机|不接|没人接|打不通|联系不上))"),
    # a door nobody answers while the home shows someone is in there (a light on, the TV or a
    # phone sounding inside, shoes at the door), or a phone located at home and not answered:
    # she may be lying inside, unless she was seen going out (看见她早上出去了 电视忘关了). A
    # phone alone unanswered with a light on is no such sign (she may be out, the light left on)
    _cue("unconscious", "now",
         # (按 of a door bell only: 按了开关没反应 指示灯亮着 is a device)
         r"(?:敲|喊|按[^ ]{0,3}门铃)[^ ]{0,8}(?:没人应|没人开|没反应|没动静|没回应|无应答|不开|"
         r"不应|没人理|没回音)|没开门|定位在家[^。]{0,8}(?:不接|没人接)",
         needs=r"^(?!.*(?:出去了|出门了|不在家|忘关|忘了关|看电视|(?:太|那么|开得?)大))"
               r"(?=.*(?:" + _HOME_SHOWS + "))"),
    _cue("unconscious", "urgent", r"(?:天|几天|两天|好久)[^ ]{0,3}没接电话|没[^ ]{0,2}接电话",
         needs=r"一个人|独居|老人|妈|爸|奶奶|爷爷|老伴"),
    # someone down and not answering, told around the words: 瘫在沙发上 一点都不回应我,
    # 睡在地上不起来 我叫她她不说话
    _cue("unconscious", "now",
         r"(?:一点|完全|根本|怎么|叫|喊|敲|拍|推)[^ ]{0,4}(?:都|也)?不(?:回应|理人|睁眼|说话|吭|"
         r"抬头|看我|眨眼)",
         needs=r"瘫|倒|躺|趴|晕|软|脸色|煞白|发白|翻白|不动|地上|不起来|睁着|眨眼"),
    _cue("unconscious", "now", r"(?:睡|躺)在?地上[^ ]{0,3}(?:不起来|不动)", weak=True),
    # called into a home whose door stands open, and no answer: she may lie inside
    _cue("unconscious", "now", r"(?:往里|朝里|冲里|冲屋里|往屋里)[^ ]{0,2}(?:喊|叫)[^ ]{0,4}"
         r"(?:没人(?:答|应|理)|不应|没反应|没回音)",
         needs=r"^(?=.*门[^ ]{0,4}(?:开着|虚掩|没关|没锁))(?!.*(?:原来|回来了|找到|没事|出去了))"),
)
