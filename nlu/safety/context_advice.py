"""A rule asked about, not a case (nlu.safety.context's "hypothetical" reason): what one should
do when gas smells, when oil catches fire, when someone faints, asked of such a case in general
and with nothing of the writer's own people, place or the moment."""

from __future__ import annotations

import re

from nlu.safety.cues import Kind

# a question of what a sign means in general: 报警器响了是不是一定有泄漏
_IN_GENERAL = r"是不是(?:一定|肯定|都|就)?(?:说明|代表|意味着|表示|一定|肯定)"
# a question of what one should do in such a case, asked as a rule to know
# (油锅着火能用水泼吗, 闻到煤气味的时候能不能开窗, 有人晕倒了要不要喂水)
ADVICE = re.compile(r"^[^ ]{0,12}?(?:能不能|能否|可不可以|可以[^ ]{0,8}吗|能[^ ]{1,8}吗|"
                    r"该[^ ]{0,4}(?:哪|什么|干嘛|做啥|干啥|怎么(?!办))|"
                    r"应该[^ ]{0,8}(?:还是|哪|什么|怎么(?!办)|吗)|"
                    r"要不要(?!紧)|行不行|管不管用|好不好使|先[^ ]{1,8}还是|[^ ]{1,8}还是|怎么做|"
                    r"如何处理|怎么急救|"
                    r"(?:怎么|如何|怎样)(?:按|压|救|抢救|施救|处理|操作)|"
                    + _IN_GENERAL + r"|"
                    r"(?:要|得|需要)?先[^ ]{1,8}吗|"
                    # the window for treatment asked about: 中风黄金时间几小时
                    r"(?:黄金|抢救|急救|救治)(?:时间|期|时间窗)[^ ]{0,3}(?:几|多|是|有)|"
                    r"正确做法|注意什么|"
                    # how to tell one from another: 心梗和胃疼怎么区分
                    r"(?:怎么|如何|怎样)(?:区分|分辨|辨别|分清)|有(?:什么|啥)区别|"
                    r"是不是不?(?:要|可以|能|该|应该|用|得)|是否|对吗|对不对|"
                    r"要[^ ]{0,4}(?:几|多少|什么|多深|多快|多久|多大)|"
                    r"应该先|该先|第一步|首先[^ ]{0,4}(?:做|干)|先(?:做|干)(?:什么|啥|嘛)|"
                    r"(?:为什么|为啥|为何)[^ ]{0,4}(?:不能|不可以|不要|不让|别|要|得))")
IN_GENERAL = re.compile(_IN_GENERAL)
_ALARM_DEVICE = re.compile(r"报警器|烟感|探测器")
_HANDLE = re.compile(r"(?:该|应该|要)?怎么(?:处理|办|弄)")
FIRST_STEP = re.compile(r"应该先|该先|第一步|首先|先(?:做|干)(?:什么|啥|嘛)")
# the writer who never knew the rule: 我一直没搞清楚 (a knowledge asked, not the writer's case),
# or who fears the day it comes (我怕到时候手忙脚乱): not yet
UNSURE = re.compile(r"我?(?:一直|从来|始终|也|还)(?:没|不)(?:太)?(?:搞清楚|弄清楚|搞明白|弄明白|"
                    r"知道|懂)|我?(?:怕|担心|就怕)到时候")
# why a rule is so, asked before the danger word: 为什么被困电梯的时候不能扒门
WHY = re.compile(r"(?:为什么|为啥|为何)$")
RULE_OF_WHY = re.compile(r"不能|不可以|不要|不让|别|要|得")
# asking for someone to come or help is a case, not a rule
COME = re.compile(r"(?<![下起])来|派|帮|修|换|(?<![抢急施])救(?!心丸)|送|叫|找人|检查|看看")
# the police called or to be called: what a question of violence asks about (被家暴了报警有用吗)
POLICE = re.compile(r"报警|110")
# which number or line to call, or whom to ask for help (打什么电话, 找哪个部门, 求助热线)
HOTLINE = re.compile(r"(?:打|拨|找|联系)(?:什么|哪个|哪|几号|啥|哪些)[^ ]{0,3}"
                     r"(?:电话|号码|热线|号|部门|机构)|(?:什么|哪个|啥)[^ ]{0,2}热线|"
                     r"(?:电话|热线)(?:是)?(?:多少|几号)")
# how long one must wait before the police take a missing person, asked right after it
# (走丢了要等多久才能报警): a rule the writer wants to know, of no one named
WAIT_TO_REPORT = re.compile(r"(?:多久|多长时间|几个?小时|几天|24小时|二十四小时)[^ ]{0,4}"
                            r"(?:可以|能|才能|才可以|才)[^ ]{0,2}(?:报警|报案|立案)")
# what usually happens or is done, asked right after the danger word (走丢了一般去哪找, 电梯困人
# 一般多久能到, 煤气泄漏一般是什么原因): a case in general, whatever the 了
USUAL = re.compile(r"^(?:(?!你)[^ ]){0,4}?一般(?:来说|情况下)?(?:都|要|会|得|是)?[^ ]{0,4}"
                   r"(?:多久|多长时间|几|去哪|在哪|哪里|怎么|什么|啥)")
# how one would come to know of it in time, asked in the clause after (出事了 怎么才能第一时间
# 知道): a worry ahead of it, not the case
KNOW_IN_TIME = re.compile(r"^了?[^ ]{0,2} ?(?:咋|怎么|如何|怎样)样?(?:才|能|才能|可以)?"
                          r"(?:第一时间|及时)[^ ]{0,2}(?:通知|联系|知道|发现|告诉)")
# a question passed on, its asker named first (我女儿问, 同事让我问一下): not the case asked about
RELAYED = re.compile(r"^[^ ]{0,6}(?:问我?|让我问一?下?|想知道|托我问)$")
# a danger word that runs on past 的时候 into the question (发大水的时候要不要先拉电闸): the
# case in general is what comes before it, the question what comes after
WHEN = re.compile(r"的时候|的时|时候")
# said as a case in general: 的时候, someone (有人), an old person (老人), or with no 了
GENERIC = re.compile(r"^(?:的)?时候?|^的话")
GENERIC_WHO = re.compile(r"(?:有人|别人|人家|老人|老年人|小孩|孩子|遇到|碰到|遇上|碰上|发生|"
                         r"高层|高楼|楼房|公共场所)[^ ]{0,2}$|"
                         # a time in general, just before: 下大雨的时候地下室进水了要先拉电闸吗
                         r"(?:的时候|时候)[^ ]{0,4}$")
# the writer's own people or home, or now: a real case, whatever the question
OWN_CASE = re.compile(r"我|咱|俺|老伴|爸|妈|爷|奶|婆|公|姥|儿子|女儿|孙|老公|老婆|媳妇|"
                      r"现在|正在|刚才|刚刚|突然|这会|此刻|醒来|醒了|赶紧|快|救命|急(?!救)|怎么办|咋办")
# a first-aid technique asked about, right after the danger word: 噎住了海姆立克怎么做
TECHNIQUE = re.compile(r"(?:海姆立克|心肺复苏|人工呼吸|胸外按压|拍背法|背部叩击|除颤|止血带|"
                       r"复苏体位|侧卧位|掐人中)[^ ]{0,8}"
                       r"(?:怎么|如何|怎样|咋|要|是|吗|多|几|哪|对)")
# how a first-aid pill is taken, asked in the clauses after (吃速效救心丸 是含着还是吞下去)
PILL_HOW = re.compile(r"(?:速效救心丸|救心丸|硝酸甘油|阿司匹林)[^。]{0,10}"
                      r"(?:怎么|如何|咋|几粒|几片|多少粒|还是)")
# ... when the writer says first that a question comes (问个事, 请问)
ANNOUNCED = re.compile(r"问(?:个|一下|下|你)|请问|想问|咨询")
# which of two to do, asked (先关电闸还是先关水阀), not 还是 of what goes on (还是有味, 还是叫不醒)
CHOICE = re.compile(r"[^ ]还是(?![^ ]{0,2}[不没])(?!有|很|一直|在|会|那么|这么|一样|老样子|照样|"
                    r"疼|痛|喘|晕|感觉|觉得|冒|漏|响|醒)[^ ]")
# ... or a place here, said before the danger word: 楼下有个老人晕倒了
HERE = re.compile(r"楼下|楼上|门口|路边|这里|这儿|这边|那边|外面|小区|单元|楼道|隔壁|对门|邻居|"
                  # (not 那个 said alone, the filler of one who speaks to the phone: 请问 那个 ...)
                  r"有个|一个|那个(?! |$)")


def asked_as_rule(kind: Kind | None, clause: tuple[str, str, str], rest: str,
                  message_before: str) -> bool:
    """A rule asked about, not a case: what one should do when gas smells, when oil catches
    fire, when someone faints, asked of such a case in general (的时候, 有人, no 了) and with
    nothing of the writer's own people, place or the moment (我妈, 楼下, 现在, 快)."""
    before, words, after = clause
    if kind in (None, "self_harm"):
        return False
    if RELAYED.match(message_before.strip()):
        message_before = ""  # 我女儿问: who asks, not whose case
    one_line = not message_before.strip() and " " not in rest.strip()
    # a message of one line asking which to do first: 家里进水了先关电闸还是先关水阀 (of violence,
    # only the call to the police asked about: 走失了该先报警还是先自己找)
    choice = one_line and bool(CHOICE.search(before + words + after))
    # ... or which line to call, asked right after it: 家暴可以打什么电话求助
    hotline = bool(HOTLINE.search(after))
    # ... or how long to wait before reporting someone lost, of no one at home named
    wait = kind == "missing" and bool(WAIT_TO_REPORT.search(after)) \
        and "家" not in message_before + before
    usual = bool(USUAL.match(after))
    if kind in ("missing", "violence") and not (choice or hotline or wait or usual) \
            or kind == "violence" and not (hotline or POLICE.search(words)):
        return False
    when = WHEN.search(words)
    if when and when.end() < len(words):
        words, after = words[:when.start()], words[when.start():] + after
    # ... or past 了 into the question (进水了要先拉电闸吗): the question is what follows 了
    turn = words.find("了")
    if 0 < turn < len(words) - 1 and ADVICE.match(words[turn + 1:] + after):
        words, after = words[:turn], words[turn:] + after
    next_clause = rest.split(" ", 2)[1] if " " in rest else ""
    question = after.lstrip("了")
    if not GENERIC.sub("", question, count=1):
        question = next_clause  # 有人心脏骤停的时候 | 胸外按压要按多深
    generic = bool(GENERIC.match(after) or GENERIC_WHO.search(before)
                   or not (after.startswith("了") or words.endswith("了")))
    technique = bool(TECHNIQUE.search(question)
                     or (PILL_HOW.search(rest) and ANNOUNCED.search(message_before + before)))
    generic = generic or technique or wait or usual or bool(IN_GENERAL.search(question))
    asked = ADVICE.match(GENERIC.sub("", question, count=1)) or technique or hotline or wait \
        or usual \
        or (WHY.search(before) and RULE_OF_WHY.search(question))
    # one clause asking the first step, and nothing more said: 燃气报警器响了应该先做什么;
    # of an alarm, how to handle it (报警器夜里响了该怎么处理): no smell, no one, no now
    alone = one_line and bool(FIRST_STEP.search(question)
                              or (_ALARM_DEVICE.search(words) and _HANDLE.match(question)))
    own = OWN_CASE.search(f"{message_before} {before} {words} {after} {UNSURE.sub('', rest)}") \
        or HERE.search(f"{message_before} {before}")
    rule = (generic or alone) and bool(asked) and (usual or not COME.search(question))
    return (rule or choice) and not own


def sign_asked(kind: Kind | None, text: str) -> bool:
    """What a sign means, asked in general (燃气报警器一响是不是就说明漏气了), with nothing of
    the writer's own people, place or the moment."""
    return kind in ("gas", "fire", "flood_electric", "burst_pipe", "medical", "stroke") \
        and bool(IN_GENERAL.search(text)) and not OWN_CASE.search(text) \
        and not HERE.search(text)
