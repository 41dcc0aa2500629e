"""The words of time around a danger cue (nlu.safety.context): the past that dates it, the
present and a danger still going on. Split from nlu.safety.context_words, which keeps the words of
the other frames."""

from __future__ import annotations

import re

PAST = re.compile(
    r"上次|上回|去年|前年|以前|之前|昨天|昨晚|前天|前[一两几]天|前阵子|前段时间|上个月|上周|"
    r"上礼拜|上个?星期|上个礼拜|此前|先前|头几天|大前天|昨儿|前儿|几个月前|好几年前|多年前|"
    r"那年|那次|那回|那天|那晚|那夜|那阵|那会儿|"
    r"小时候|当年|年轻时|少年时|年少时|文革|解放前|上趟|早年|曾经|\d+年前|几年前|那时候|年前|进前|早前")
# the writer's trade in years past, a clause of its own (我以前在康复科, 以前是骨科护士 老奶奶
# 滑了一跤): it dates the writer, not what follows
CAREER = re.compile(r"(?<![^ ])我?(?:以前|之前|早年|年轻时|退休前)(?:是|在|干|当|做)[^ ]{0,8}?"
                    r"(?:护士|医生|大夫|科|ICU|病房|急诊|护工|电工|消防员?|兵|民警|警察|保安|"
                    r"[工员师]|干过|工作过)(?= |$)")
# the last days of someone who has since died: 我奶奶去世前那几天一直叫不醒
BEFORE_DEATH = re.compile(r"(?:去世|过世|走)(?:前|之前|以前)|生前|临终")
PRESENT = re.compile(r"现在|正在|还在|今天|刚才|刚刚|这会|此刻|马上|突然|一直|仍然|目前|又|还")
ASPECT = re.compile(r"[摔跌漏着倒风困关爆晕烧淹梗见]过(?![去来气])|过[一两几]次|"
                    r"[摔跌掉滚栽](?:下来|下去|倒|伤|断)过(?![去来气])")
TIME = re.compile(PAST.pattern + "|" + PRESENT.pattern)
# a past time as the start of what goes on: 从昨晚起就不知去向, 打昨天开始一直没回来
FROM_WHEN = re.compile(r"(?:从|自|打|自从)$")
ON_SINCE = re.compile(r"^(?:起|开始|以来|到现在|至今)")
SINCE = re.compile(r"[^ ]{0,2}(?:以后|之后|那次|那回|那年|那会)|后(?![来面天头背脑腰院门边])")
# someone who fell earlier, still down now, said anywhere after: 今早才发现 她还在地上躺着
STILL_DOWN = re.compile(r"还(?:在|是)?(?:躺|趴|倒|瘫)(?:在)?"
                        r"(?:地上|地下|那儿|那里|床下|床底|地板)|"
                        r"还在地(?:上|下|板上)|(?:到现在|现在)(?:还|都)(?:起不来|爬不起来)")
GOES_ON = re.compile(
    # 现在还老是停: a habit of the thing, not the danger still going on
    r"到现在(?![^ ]{0,3}(?:不敢|不愿|不想|不肯|怕|害怕|心有余悸|忘不了|还记得|记得|下雨|阴天|"
    r"一?变天|天冷|刮风|"
    r"没(?:装|修|换|解决|处理|人管|人来?(?:检查|查|修|维修|看)|弄|下文|结果)|一想|想起|难受|"
    r"后怕))|"
    r"至今(?=[^ ]{0,2}(?:未|没|还在|仍|不见))(?![^ ]{0,3}没(?:装|修|换|解决|处理))|"
    r"现在还(?![敢能会要可想用老总常]|经常|没(?:装|修|换|解决|处理|人管|弄|下文|结果)|时不时|"
    # (an old hurt that aches with the weather: 到现在下雨天还疼)
    r"[^ ]{0,4}(?:下雨|阴天|变天|天冷|刮风)|"
    r"[^ ]{0,3}(?:怕|担心|阴影|后怕|心有余悸|记得|忘不了)|"
    # an old hurt that still leaves one weak: 去年摔断了手腕 现在还有点使不上劲
    r"有点(?:使不上劲|使不上力|没劲|没力气?|不得劲|不灵活|不利索))|"
    r"还在(?!用)|还没[^ ]{0,2}(?:散|停|好|"
    r"灭|醒|起来)|越来越|"
    r"从[^ ]{0,3}(?:开始|起)|一直(?!不太?好)|"
    r"(?:今天|现在)(?![^ ]{0,3}(?:下雨|阴天|变天|天冷|刮风))[^ ]{0,4}"
    r"(?:肿|疼|痛|走不了|起不来|下不了床)|"
    r"又(?:来|有|开始|冒|漏|响|闻到|犯|出现|发作|着|烧|摔|晕|跌)|比上次还|"
    r"更(?:浓|大|重|多|厉害|严重|疼)")
