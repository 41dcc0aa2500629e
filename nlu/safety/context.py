"""Harmless contexts: why a danger cue does not mean danger now.

Each rule looks at the clause the cue is in (text between spaces of the prepared text) or at
the words after it, and returns the name of the reason it dismisses the cue, or "":

    negated       没有煤气味, 不是着火, 老人没摔
    past          上次着火那栋, 去年摔断了腿, 漏过一次 (unless it still goes on: 现在还有)
    procedure     煤气费怎么交, 灭火器在哪领, 防跌倒讲座, 康复训练
    hypothetical  万一 / 要是 / 如果 ... , 怕他摔, 提醒大家注意防火, 着火了可不得了; a rule
                  asked about in general: 油锅着火能用水泼吗 (nlu.safety.context_advice)
    idiom         笑得喘不上气, 辣得我喘不过气, 看得我心脏病都要犯了, 哈哈 笑死 他摔了
    fault         烟雾报警器没电了, 打不着火, 误报; 摔了一个杯子 碎了; smoke (no flames)
                  from a harmless or everyday source: 烧烤, 鞭炮, 油烟, 天天冒烟; cats that
                  fight; pills taken by mistake (吃错药) are medical, not self-harm; pain that
                  comes now and then (有时候疼一下) is for a doctor's visit
                  (nlu.safety.context_faults; places: nlu.safety.context_places)
    news          新闻 / 网上 / 电视上 / 听说 / 梦见 / 老家: elsewhere or not real
    habit         now and then (有时候觉得活着没劲): self-harm words said so are urgent, not now
    safe          a later note that the person is fine (人好好的, 已经送医院, 自己爬起来了) or
                  the hazard is over (火灭了, 没味了, 修好了); from contacts and staff such a
                  note anywhere in the message counts, since they report on someone
                  (nlu.safety.context_safe)
"""

from __future__ import annotations

import re

from nlu.safety import context_news_words as news
from nlu.safety import context_notes as notes
from nlu.safety import context_time_words as when
from nlu.safety import context_words as pat
from nlu.safety.context_advice import KNOW_IN_TIME, asked_as_rule, sign_asked
from nlu.safety.context_faults import fault
from nlu.safety.context_safe import safe_note
from nlu.safety.cues import Kind


def negated(before: str) -> bool:
    """Whether the words just before a cue deny it (没有煤气味, 不是着火)."""
    return bool(pat.NEGATION.search(before))


def in_past(upto: str, after: str, rest: str) -> bool:
    """Whether the nearest time word before the cue's end (or else the first after it) is of
    the past, or the verb has the aspect of the past (漏过, 中风以后), and the cue's clause or
    the next does not say it goes on (现在还有)."""
    if when.GOES_ON.search(" ".join(rest.split(" ")[:2])):
        return False
    upto = when.CAREER.sub(" ", upto)  # 我以前是骨科护士: the writer's trade, not the event's time
    if when.ASPECT.search(upto[-3:] + after[:6]) or when.SINCE.match(after) \
            or when.BEFORE_DEATH.search(upto):
        return True
    marks = _time_words(upto)
    if marks:
        last = marks[-1]
        if when.FROM_WHEN.search(upto[:last.start()]) and when.ON_SINCE.match(upto[last.end():]):
            return False
        return bool(when.PAST.fullmatch(last.group()))
    later = _time_words(after)
    return bool(later) and bool(when.PAST.fullmatch(later[0].group()))


def _time_words(text: str) -> list[re.Match[str]]:
    return list(when.TIME.finditer(text))


def reason(kind: Kind | None, words: str, clause: tuple[str, str], rest: str, *,
           message_before: str, speaker: str) -> str:
    """Why a cue is harmless, or "" when it is not. clause: the words before the cue in its
    clause and after it up to the clause's end; rest: the message after the cue;
    message_before: the message before the cue's clause."""
    before, after = clause
    # a figure of speech announced in the clause or the one before (用他的话说 这回是被一刀砍了)
    figure = bool(pat.FIGURE_BEFORE.search(message_before.rstrip().rpartition(" ")[2] + " "
                                           + before))
    message_before, rest = notes.unsay(message_before), notes.unsay(rest)
    message_before = _since_turn(message_before)
    # a turn (结果, 但是) or what the writer perceives now (我听见) ends the clause before
    real = notes.REAL_TURN.search(before) or news.SEEN.search(before)
    previous = "" if real else message_before.rstrip().rpartition(" ")[2]
    if pat.MISTAKEN.search(previous) or pat.SET_ASIDE.search(previous) \
            or _new_matter(previous, before):
        previous = ""  # 本来以为他睡着了: a belief the next clause corrects; an errand dropped
    wish = bool(re.search(r"(?:就好了|算了|多好)$", previous))  # 如果我死了就好了: a wish
    if pat.FEELING.fullmatch(previous) or (pat.NOW_MARK.search(before)
                                        and (wish or not pat.STRONG_IF.search(previous))):
        previous = ""
    checks = (
        ("negated", negated(before)
         or bool(pat.DENIED_AFTER.match(after + " " + _next_clause(rest)))
         or (kind not in ("violence", "self_harm", None)
                                        and bool(pat.DONT.search(before)))
         or (kind in ("gas", "fire", "flood_electric") and bool(pat.WONT.search(before)))
         or (kind == "lift" and bool(pat.NO_ONE.search(before + words + after)
                                     or pat.NOBODY_IN.search(message_before + rest)))),
        ("past", _missing_past(previous + " " + before + words + after, words)
         if kind == "missing"
         else in_past(previous + " " + before + words, after, rest)
         and not (kind == "fall" and bool(when.STILL_DOWN.search(rest)))),
        ("procedure", _procedure(kind, words, previous + " " + before + after + " "
                                 + _next_clause(rest), message_before + " " + rest)),
        # (起不来的样子 seen through a door is how someone looks, not a guess)
        ("hypothetical", _hypothetical(previous + " " + before + words,
                                       after.removeprefix("的样子")
                                       if kind in ("fall", "unconscious") else after)
         or asked_as_rule(kind, (before, words, after), rest, message_before)
         or bool(KNOW_IN_TIME.match(after + " " + _next_clause(rest)))
         or bool(pat.WILL_IT.search(before) and pat.ASKED.match(after))
         or bool(pat.LIKE_BEFORE.search(before) and pat.LIKE_AFTER.match(after)
                 and not pat.LIKE_SENT.match(after))
         or sign_asked(kind, f"{message_before} {before}{words}{after} {rest}")
         or _prevention(previous + " " + before, after, rest)
         or _just_asking(message_before + " " + before + words + after + " " + rest)),
        ("idiom", _idiom(kind, (before, after), message_before + rest, rest, words)
         or bool(pat.QUOTED_BEFORE.search(before) and pat.QUOTED_AFTER.match(after))
         or figure),
        ("fault", fault(kind, words, before + " " + after, message_before + " " + rest,
                        head=message_before + " " + before)),
        ("news", _elsewhere(kind, words, clause, rest, message_before)),
        ("habit", (kind == "self_harm" and (
            bool(pat.HABIT.search(before + words))
            or (words == "想死" and bool(pat.WISH_ONLY.search(before))
                and bool(pat.VEXED_AGAIN.search(message_before)))
            or _grumble(words, f"{message_before} {before} {after} {rest}")))
         or (kind == "violence" and bool(pat.HABIT_ACT.search(before + words + after))
             and not pat.WORSE_NOW.search(f"{before}{words}{after} {rest}"))),
        # a lift that moved again or people let out: said anywhere in the message
        ("safe", safe_note(kind, (notes.FIRST_REPLY.sub("", _since_turn(message_before + before))
                                  + words if kind == "lift" else "")
                           + (words if kind == "gas" or "救护车" in words else "")
                           + " " + rest,
                           message_before + before, speaker=speaker,
                           cannot_rise=bool(notes.CANT_RISE.search(words + after)))),
    )
    return next((name for name, hit in checks if hit), "")


def _missing_past(text: str, words: str = "") -> bool:
    """A person lost once, long ago (年轻时走丢过); 昨天出门后就没消息 is when the absence
    began, not a past event, and 走失过的老人又不见了 is the time before this one."""
    again = re.match(r"[^ ]{0,4}又", words)
    return bool(notes.LOST_BEFORE.search(text)) and not again


def _elsewhere(kind: Kind | None, words: str, clause: tuple[str, str], rest: str,
               message_before: str) -> bool:
    """News, a story, a dream, a frame (a drill, a film), or an ambulance seen by a bystander."""
    before, after = clause
    if "救护车" in words and pat.PASSING.search(message_before + before + words) \
            and not news.OWN.search(message_before + before + words + after + rest):
        return True  # an ambulance seen go by, for someone else: 看到楼下有救护车 好像是接产妇的
    if (kind == "medical" or words.startswith("出事")) and pat.BYSTANDER.search(
            message_before + before + after + rest):
        return True
    if kind == "missing":  # school is where a child went, not a story told
        before, message_before = _cut(news.CHILD_PLACE, before, message_before)
    # the way home from school is here (有人从学校一路跟着她), and a detector's push to the
    # phone is about home: not a thing of elsewhere
    for here in (news.ON_THE_WAY, news.DEVICE_PUSH):
        before, message_before = _cut(here, before, message_before)
    whole = message_before + " " + before + words + after + " " + rest
    if pat.PASSING.search(whole) and pat.WHERE_UNKNOWN.search(whole):
        return True
    if pat.HEARSAY.search(message_before + " " + before) and pat.DENIED_RUMOUR.search(rest):
        return True  # a rumour, found untrue: 听说有人跳楼了 问了保安 说是谣言
    if not pat.SOURCE.search(rest):
        before, message_before = _cut(news.GROUP_POST, before, message_before)
        if news.OURS.search(whole):  # 有人说 3栋电梯停了
            before, message_before = _cut(news.RELAY, before, message_before)
    scope = before if news.OWN.search(before) or news.SEEN.search(before) else \
        _since(_since_turn(message_before), news.SEEN) + " " + before
    frame = _since_turn(message_before + " " + before + words + after + " " + rest)
    # a story the danger word is told in stays a story when the writer turns to how they feel
    # now (剧里凶手半夜撬门 我现在听见门响就怕): a turn after the clause does not undo it
    told_in = _since_turn(message_before + " " + before + words + after)
    if not news.TOLD.search(before):  # 我在看新闻 说...: the news is what it is about
        scope, frame, told_in = _cut(news.ACTIVITY, scope, frame, told_in)
    return bool(news.NEWS.search(_since_turn(scope) + after) or news.SHOWN.match(after)
                or pat.SOURCE.search(rest)
                or pat.FRAME.search(frame) or pat.FRAME.search(told_in))


def _cut(pattern: re.Pattern[str], *texts: str) -> tuple[str, ...]:
    """Each text with the pattern's words blanked out: a frame that must not be read as one."""
    return tuple(pattern.sub(" ", text) for text in texts)


def _since(text: str, mark: re.Pattern[str]) -> str:
    """The words after the last match of mark: what the writer saw or whose it is (我闻到,
    是我妈) is no longer the news or the story told before it."""
    found = list(mark.finditer(text))
    return text[found[-1].end():] if found else text


def _grumble(words: str, message: str) -> bool:
    """A life called a torment because of a pain lived with for long (天天腰疼 活着真受罪), or a
    wish to die said of a chore or a grievance (这道题逼疯了 想跳楼): someone calls back soon."""
    return bool((pat.SUFFERING.search(words) and pat.CHRONIC.search(message))
                or (pat.VENTED.fullmatch(words) and pat.GRIEVANCE.search(message)))


def _procedure(kind: Kind | None, words: str, around: str, message: str) -> bool:
    """A bill, a procedure or a question of how: unless the danger is said to go on, or, for
    self-harm, the procedure is one's affairs settled (过户, 遗嘱)."""
    if pat.STILL.search(message):
        return False
    if kind == "self_harm":
        around, message = _cut(pat.SETTLING, around, message)
    if kind == "missing" and pat.SEARCHED.search(message + " " + around):
        return False  # 回头她就不在椅子上了 医院里翻了一圈: lost while at the clinic
    if kind == "missing":  # a report passed on: the person is still lost
        around, message = _cut(pat.REPORTED, around, message)
    # a report passed on by staff (业主反映楼道煤气味很重): the danger, not a complaint
    around, message = _cut(pat.REPORTED_BY, around, message)
    if pat.NOW_SIGN.search(around):  # 化疗完回家就一直发高烧: when the sign began
        around, message = _cut(pat.TREATED, around, message)
    if kind == "violence":  # money demanded with the blows: 又来要钱 把我推倒了
        around, message = _cut(pat.DEMANDED, around, message)
    around, message = _cut(pat.ASKING, around, message)
    # an errand that names a thing or a person (预约的那个体检, 投诉过的那个人): no errand now
    around, message = _cut(pat.DESCRIBED, around, message)
    around, message = _cut(when.CAREER, around, message)  # 以前在康复科
    said = f"{around} {message}"
    if pat.DROPPED.search(said) and not pat.QUESTION.search(said):
        return False  # 先别预约了 我在电梯里关着呢: the form put off for the danger
    return bool(pat.PROCEDURE.search(around)
                or (pat.CALL.search(words) and pat.PROCEDURE.search(message)))


def _hypothetical(upto: str, after: str) -> bool:
    """万一 / 要是 / 怕 ... before the cue, or 可不得了 after it; a fear of what has already
    happened (担心他中风了) is not one, nor is a harmless belief that what follows corrects
    (以为他在睡觉 叫了半天不答应)."""
    upto = pat.SHY.sub(" ", pat.PASSED_ON.sub(" ", pat.CALM_BELIEF.sub(" ", upto)))
    found = [m.group() for m in pat.HYPOTHESIS.finditer(upto)]
    if found and all(pat.FEAR_ONLY.fullmatch(f) for f in found) \
            and re.fullmatch(r"了[啊吧呀]?", after) and not pat.SOMEDAY.search(upto):
        return False
    if pat.ASK_HOW.search(upto) and pat.HOW_TO.match(after):
        return True  # a question of how, asked as one: 我想问问 老人摔倒了应该怎么扶
    if pat.WOULD_IT.search(upto) and pat.ASKED.match(after):
        return True  # a rule asked of a case in general: 是真的会起火吗
    return bool(found) or bool(pat.HYPOTHESIS_AFTER.search(after)) \
        or bool(pat.IF_INSIDE.search(upto))


def _just_asking(message: str) -> bool:
    """A question said to be only a question (我就问问), and nothing said to happen now."""
    return bool(pat.JUST_ASKING.search(message)) and not pat.NOW_MARK.search(message) \
        and not pat.STILL.search(message) and "现在" not in message


def _prevention(before: str, after: str, rest: str) -> bool:
    """How to prevent it, asked in the cue's clause or the next, of what would follow or of a
    season (雨天插座进水会不会触电 要怎么防), and nothing said to go on now."""
    return bool(pat.PREVENTION.search(after + " " + _next_clause(rest))
                and pat.MAY_FOLLOW.search(before + " " + after)
                and not pat.STILL.search(rest) and not pat.NOW_MARK.search(before + after + rest))


def _new_matter(previous: str, before: str) -> bool:
    """The cue's clause opens a matter of its own (还有 / 另外, or 我家 after a question): the
    errand of the clause before is not its context."""
    return bool(pat.NEW_MATTER.match(before)
                or (pat.OWN_QUESTION.search(previous) and pat.OWN_PLACE.match(before)))


def _since_turn(text: str) -> str:
    """The words after the last turn (结果 / 但是 / 真的): what came before it no longer holds."""
    turns = list(notes.REAL_TURN.finditer(text))
    return text[turns[-1].end():] if turns else text


# each time one sees, hears or thinks of something, just before the sign (一听见打雷就胸闷)
_WHENEVER = re.compile(r"一(?:看到|看见|见到|听到|听见|想到|提到|说到)[^ ]{1,8}就[^ ]{0,6}$")


def _next_clause(rest: str) -> str:
    parts = rest.split(" ", 2)
    return parts[1] if len(parts) > 1 else ""


def _idiom(kind: Kind | None, clause: tuple[str, str], message: str, rest: str,
           words: str = "") -> bool:
    before, after = clause
    if pat.IDIOM_BEFORE.search(before) or pat.IDIOM_AFTER.search(after):
        return True
    if kind in ("medical", "stroke", "unconscious") and _WHENEVER.search(before) \
            and "了" not in words + after[:2]:
        return True  # a reaction each time, no case now: 一看到血就喘不上气 (not 就晕过去了)
    if kind in ("violence", "self_harm") and (
            pat.FIGURE.search(f"{message} {before}{words}")
            or (kind == "violence" and pat.QUOTED.search(f"{message} {before}"))):
        return True
    if kind == "violence" and re.search(r"杀|[弄整]死", words) \
            and pat.CHORE.search(f"{message} {before}") \
            and not pat.HURT.search(f"{message} {before}{after}"):
        return True  # 作业又没交 老师要杀了我, 再迟到就弄死你
    if kind == "violence" and "抢钱" in words and pat.PRICED.search(f"{message} {before}"):
        return True  # a price called robbery: 物业费又涨了 这不就是抢钱吗
    if kind == "violence" and words.startswith("被抢") \
            and pat.PLACE_TAKEN.search(f"{message} {before}{after}") \
            and not pat.SNATCHED.search(f"{message} {before}{after}"):
        return True  # a place taken: 跳广场舞又被抢地盘了
    if kind == "medical" and re.search(r"喘不|透不|窒息|上不来气", words) \
            and pat.BURDEN.search(f"{message} {before}{after}") \
            and not pat.SMOTHERED.search(message + before + after):
        return True  # breath taken by a debt, said first: 喘不过气 这个月的房贷压得我
    if kind == "medical" and words == "大出血" and pat.PURSE.search(before):
        return True  # money spent: 这个月钱包大出血
    if kind == "medical" and "吐血" in words \
            and (pat.VEXED.search(before) or _fumed(before, message)) \
            and not pat.REAL_BLOOD.search(f"{message} {before}{after}"):
        return True  # 被甲方虐到吐血, 交了这么多钱还这服务 我真的要吐血了
    if kind in ("unconscious", "fall") and pat.ON_THE_SPOT.search(before) \
            and pat.MEME.search(f"{message} {before}{after}"):
        return True  # 这个瓜太大了 当场倒地
    if kind == "unconscious" and re.search(r"我(?:当场|直接|原地)$", before) \
            and not after.strip(" 了啦啊呀") and not rest.strip():
        return True  # the writer, writing, who fainted on the spot, and nothing after: 我当场晕倒
    if kind == "medical" and pat.ALMOST_ILL.search(words + after[:2]):
        return True  # an exaggeration: 气得我心脏病都要犯了
    if kind == "medical" and "窒息" in words \
            and pat.STIFLING.search(f"{message} {before}{words}{after}") \
            and not pat.SMOTHERED.search(message + before + after):
        return True  # a thing that weighs on one: 网速慢得让人窒息
    if kind == "self_harm" and pat.CHILD_SAID.search(before) and pat.CHILDISH.search(message):
        return True  # a child's word told with a smile: 小孩哭着说不想活了 因为作业太多 哈哈
    if kind == "self_harm":
        return bool((pat.LAUGHS_IT_OFF.match(after + " " + _next_clause(rest))
                     or _mishap_laughed_off(rest))
                    and not notes.REAL_TURN.search(rest))
    return bool(pat.LAUGH.search(message)) and not notes.REAL_TURN.search(before)


def _fumed(before: str, message: str) -> bool:
    """About to spit blood over money or a service: a grumble, not a bleed."""
    return bool(re.search(r"要$", before) and re.search(r"钱|服务|[^ ]费|价|气死|态度", message))


def _mishap_laughed_off(rest: str) -> bool:
    """A short mishap told after the words, then a laugh: 真想一头撞死 又把饭烧糊了 哈哈."""
    clauses = rest.split()
    return (0 < len(clauses) <= 2 and bool(re.fullmatch(r"哈{2,}|笑死了?", clauses[-1]))
            and all(len(c) <= 8 for c in clauses) and not pat.METHOD.search(rest))
