"""Ordinary faults and harmless sources that a danger word names (the "fault" reason of
nlu.safety.context): a beeping alarm, a broken cup, barbecue smoke, pills taken by mistake, a
fight between cats, pain now and then. Faults of places (gas, fire, water) are
nlu.safety.context_places'; this module keeps those of people and what happens to them."""

from __future__ import annotations

import re

from nlu.safety import context_fault_words as fw
from nlu.safety import context_time_words as when
from nlu.safety import context_words as pat
from nlu.safety.context_places import place_fault
from nlu.safety.cues import PERSON_KINDS, PLACE_KINDS, Kind


def fault(kind: Kind | None, words: str, clause: str, message: str, *, head: str = "") -> bool:
    """An ordinary fault, a harmless source or a non-event: a beeping alarm, a broken cup,
    barbecue smoke, pills taken by mistake, a fight between cats, pain now and then (head: the
    message up to the danger words)."""
    before = clause.split(" ")[0]
    message = when.CAREER.sub(" ", message)  # 我以前在康复科: the writer's trade, no service
    whole = clause + " " + words + " " + message
    if kind in PLACE_KINDS:
        return place_fault(kind, words, clause, whole)
    if kind not in ("gas", "self_harm") and pat.NEAR_MISS.search(before + words):
        # 差点摔倒, 有个老人差点摔了; but 差点从窗户翻出去 is an attempt on one's life
        return True
    if kind is None and fw.SCREEN_CRY.match(clause.split(" ", 1)[-1]):
        return True  # the cry came from a screen: 喊救命的是电视
    if kind is None and (fw.PET.search(before) or fw.TOY.search(before)):
        return True  # 救命 cried by a parrot or a toy: 八哥天天学人喊救命
    pet = (fw.PET.search(before + words)
           or (fw.PET.search(whole) and not fw.HUMAN.search(whole))) \
        and not fw.WITH_PET.search(whole) \
        and not fw.BITTEN.search(whole)
    if (kind in PERSON_KINDS or kind == "self_harm") and pet:
        return True  # the cat, not a person
    if kind in ("fall", "unconscious", "missing") and _pet_topic(kind, head, whole):
        return True  # the one named last is a pet: 我家那只老猫 今天一动不动
    if kind == "medical" and "撞" in words and fw.HIT_THING.search(head.rstrip()) \
            and not fw.OTHER_PERSON.search(whole) and not fw.HURT.search(whole):
        return True  # a thing, not a person, hit by a car: 门口的消火栓 被车撞了
    if kind == "unconscious" and words.endswith("没气了") and fw.OUT_OF_GAS.search(whole) \
            and not fw.HUMAN.search(whole):
        return True  # the water heater, not a person: 热水器点不着 是不是没气了
    if kind == "medical" and "中毒" in words and fw.NOT_POISON.search(whole) \
            and not fw.POISONED.search(whole):
        return True  # a computer's virus or a song one is hooked on: 电脑中毒了, 这剧我中毒了
    if kind == "medical" and "汗" in words and fw.SWEATED.search(whole) \
            and not re.search(r"虚汗|冷汗|疼|痛(?!快)|闷|喘|晕", whole):
        return True  # sweat from a fright, a dream or exercise: 做梦掉下去 吓醒了一身汗
    if kind == "medical" and "不行了" in words and not fw.SIGNS.search(whole) \
            and (fw.WORN_THING.search(before)
                 or (fw.LIKE_ME.search(before) and fw.WORN_THING.search(whole))):
        return True  # a worn-out phone, likened to the writer: 跟我一样快不行了
    if kind in ("medical", "stroke"):
        if fw.ILL_SINCE.match(clause.split(" ", 1)[-1]):
            return True  # history: 中风好几年了, 出院三个月了 (a new sign is its own cue)
        sudden = bool(fw.SUDDEN.search(whole) or re.search(r"又|发现", whole))
        if kind == "stroke" and (fw.CONDITION.search(clause.split(" ", 1)[-1])
                                 or (fw.AFTER_STROKE.search(whole + " " + words
                                                          + clause.split(" ", 1)[-1])
                                     and not sudden)):
            return True
        if (fw.HAS_ILLNESS.search(before) or fw.SEEN_TO.search(f"{before} {message}")) \
                and not fw.ACUTE.search(whole):
            return True
        if kind == "stroke" and fw.STRAIN.search(whole) and re.search(r"拿|握|夹|手", words) \
                and not re.search(r"嘴|脸|说话|讲话|说不", whole):
            return True  # a tired hand: 拿不住笔了 写太久手酸
        if kind == "stroke" and fw.COLD.search(whole) and re.search(r"拿|握|夹|手", words) \
                and not sudden and not re.search(r"嘴|脸|说话|讲话|说不", whole):
            return True  # hands stiff with cold
        if kind == "stroke" and (("麻" in words and fw.NUMBED.search(whole))
                                 or fw.DENTIST.search(whole)
                                 or (fw.DENTURES.search(whole) and not sudden)
                                 or (fw.HOARSE.search(whole) and not sudden
                                     and re.search(r"说|讲|话", words)
                                     and not re.search(r"嘴|脸|手|脚|腿|胳膊|身子", whole))):
            return True  # the dentist's numbness; dentures or a cold that slur
        if kind == "stroke" and "麻" in words and fw.SPICY.search(whole) \
                and not re.search(r"突然|一下子", whole) \
                and not re.search(r"歪|说话|讲话|说不|半边|一边|手|脚|腿|胳膊", whole):
            return True  # a mouth numbed by spice: 辣得嘴都麻了
        if kind == "medical" and fw.SNORING.search(whole) \
                and not fw.SNORE_DANGER.search(whole):
            return True  # snoring that sounds like gasping, and nothing more
        if kind == "stroke" and re.search(r"说|讲|话", words) and fw.LATELY.search(whole) \
                and fw.WORRIED_ONLY.search(whole) and not fw.SUDDEN.search(whole) \
                and not re.search(r"又(?:说|讲)|发现", whole) \
                and not re.search(r"嘴|脸|手|脚|腿|胳膊|身子|半边|一边", whole):
            return True  # speech muddled of late, a worry: 最近说话颠三倒四 有点担心
        if "昏" in words and fw.SLEEPY.search(whole):
            return True  # drowsy on a rainy day
        drunk = fw.DRUNK.search(whole) and not fw.NOT_DRINK.search(whole) \
            and not fw.ONE_SIDE.search(words)
        if kind == "stroke" and (drunk or pat.CHILD.match(before)):
            return True  # drink taken, or a child's muddle: 我爸喝多了 说话含糊
        if kind == "medical" and drunk and re.search(r"头|吐|晕|恶心", words) \
                and not re.search(r"胸|心口|血|抽|叫不|昏|没反应", whole):
            return True  # a hangover: 昨晚喝多了 今天头疼得要炸了
        if kind == "stroke" and fw.THING.match(before):
            return True  # the phone slips, not the hand: 手机拿不住 老掉
        if kind == "stroke" and re.search(r"重影|模糊|看不清", words) \
                and fw.BLURRED_GLASS.search(whole) and not sudden:
            return True  # the screen or the glasses, not the eyes: 手机屏幕碎了 看东西重影
        if fw.EXERTION.search(before) or (kind == "stroke" and fw.SERVICE.search(whole)
                                        and not sudden):
            return True
        vague = "糊涂" in words or "迷糊" in words
        if vague and re.search(r"(?:才|刚|睡)醒|醒了", whole) and not sudden \
                and not re.search(r"胡话|不认人|说不|叫不", whole) \
                and not fw.SIGNS.search(whole) and not fw.ACUTE.search(whole):
            return True  # just woken from a nap: 午睡到现在 叫了两回才醒 迷迷糊糊的
        # (今天 of a stay planned is no onset: 有点迷糊 今天去我姐家住两天)
        onset = sudden and not (fw.STAY.search(whole) and not fw.SUDDEN.search(clause))
        if vague and fw.TRAIT.search(before + words) and not onset \
                and not fw.OVERDOSE.search(whole) \
                and not fw.SIGNS.search(whole) and not fw.ACUTE.search(whole):
            return True  # a trait: 老人有点糊涂 出门要有人陪
        return bool(pat.HABIT.search(before + words + (whole if vague else clause))
                    or (fw.BORN.search(whole) and not fw.SUDDEN.search(whole)))
    if kind == "lift" and fw.EVERY_FLOOR.search(whole):
        return True
    if kind == "lift" and fw.ON_MY_WAY.search(whole) and not fw.STUCK_NOW.search(whole):
        return True  # the way one comes: 我在电梯里 等下就到
    if kind == "lift" and fw.LONG_BROKEN.search(whole) and not fw.PEOPLE_IN.search(whole):
        return True
    if kind == "lift" and pat.HABIT_ACT.search(before + words) and not fw.INSIDE.search(whole):
        return True  # 老是困人: a complaint about the lift
    if kind == "fall":
        habitual = words[:1] in "摔跌滑绊栽" and (pat.OFTEN.search(before)
                                                 or fw.MANY.search(before))
        market = words[:1] == "跌" and bool(fw.MARKET.search(before))
        if fw.CAUGHT.match(clause.split(" ", 1)[-1]):
            return True  # a slip caught in time: 脚下一滑 扶住了墙
        screen_only = fw.VIDEO_CALL.search(whole) and not fw.BROKEN.search(
            clause.replace("屏幕", ""))  # the call's screen went black, not a thing broken
        broken = fw.BROKEN.search(clause) and not screen_only
        return bool(broken or habitual or fw.THING.match(before) or market) \
            or "把" in before[-6:]  # 把碗摔了, not 想把衣服收了 脚一滑就摔了
    if kind == "unconscious" and "一动" in words and fw.STILL_ON_PURPOSE.search(whole):
        return True
    if kind == "unconscious" and "不动" in words and (
            (words.startswith("推") and fw.PUSHED_THING.search(f"{message} {clause}"))
            or (re.match(r"[叫喊]", words) and fw.WONT_COME.search(before))):
        return True  # 轮椅轮子坏了 推不动; 喊他吃饭都喊不动
    if kind == "unconscious" and fw.DEAF.search(whole) and re.search(r"叫|喊|应", words):
        return True
    if kind == "unconscious" \
            and fw.SERVICE_CALLED.search(before + words + clause.partition(" ")[2]):
        return True  # no answer from the office called, not from a person: 叫物业叫不应
    if kind == "unconscious" and fw.NAPPING.search(whole) and not fw.UNWELL.search(whole):
        return True  # asleep, and nothing else said: 老伴午睡呢 叫了两声没醒 让他睡吧
    if kind == "unconscious" and "没气" in words:
        return bool(pat.STOVE.search(whole))  # the stove or the cylinder, not a person
    if kind == "violence" and fw.LAX_DOOR.search(f"{whole} {before}{words}") \
            and not fw.STILL_HERE.search(whole):
        return True  # a complaint about the door: 门禁坏了 陌生人随便进出
    if kind == "violence":
        stolen = fw.STOLEN.search(whole) and not fw.STILL_HERE.search(whole)
        if words.endswith("打") and fw.JAB.match(clause.split(" ", 1)[-1]):
            return True  # a jab: 被狗咬了要打狂犬疫苗吗
        if words.startswith("被") and re.search(r"像|好像|跟$", before) \
                and not (before.endswith("像是")
                         and not re.search(r"一样|似的|一般", clause.split(" ", 1)[-1])):
            return True  # a likeness: 喉咙像被掐住一样 (not a guess: 像是被打了)
        if fw.BEATEN_IN_PLAY.search(words[-1:] + clause.split(" ", 1)[-1]) \
                and fw.GAME.search(whole) and not pat.HURT.search(whole):
            return True  # a game lost: 门球赛被隔壁社区打得落花流水
        if fw.PLAY_FIGHT.search(words) and fw.TABLE_GAME.search(whole) \
                and not pat.HURT.search(whole):
            return True  # a game's words: 狼人杀 我要杀人了, 打麻将被他们三个围殴
        if words[:1] and words[0] in "撬砸踹踢撞扒" and fw.WAY_OUT.search(whole) \
                and re.search(r"(?:自己|我|我们)[^ ]{0,2}$", before):
            return True  # the writer forcing a door to get out (of a lift), no one breaking in
        # the cue read in place (not 打 + 我家狗, the clause's first words)
        at_person = fw.AT_PERSON.search(before + words + clause.partition(" ")[2])
        return bool(((fw.ANIMAL.search(clause) or fw.KITCHEN.search(clause)) and not at_person)
                    or fw.TOY.search(words + clause) or fw.ALMOST.search(before)
                    or _kids_squabble(before, whole)
                    or (stolen and not at_person))
    if kind == "self_harm" and fw.BURIAL.search(whole) and not pat.METHOD.search(whole):
        return True  # a wish for one's grave: 她死了以后要跟我爷爷葬在一起
    if kind == "self_harm" and words == "后事":
        return bool(fw.FUNERAL.search(whole))  # a neighbour's funeral, not one's own
    if kind == "self_harm" and "药" in words and fw.PILLS_FOR_OTHERS.search(whole) \
            and not fw.ENDING.search(whole):
        return True  # pills put by for someone else: 药都攒好了 下个月带给我妈
    if kind == "self_harm" and "安眠药" in words and not fw.MANY_PILLS.search(words):
        return bool(fw.PRESCRIBED.search(whole) or fw.ACCIDENT.search(whole))
    return kind == "self_harm" and bool(fw.ACCIDENT.search(whole))


def _kids_squabble(before: str, whole: str) -> bool:
    """Children fighting each other over a toy, nobody hurt: 两个娃儿打起来了 抢玩具."""
    return bool(fw.KIDS.search(before) and fw.TOY.search(whole) and not pat.HURT.search(whole))


def _pet_topic(kind: Kind | None, head: str, whole: str) -> bool:
    """A pet is the last one named before the danger words (head) and no other person is named
    in the whole message: the cat lies still, the parrot is lost (the writer who searches for it
    is no victim)."""
    if fw.OTHER_PERSON.search(fw.OWNER.sub(" ", whole)) or fw.WITH_PET.search(whole) \
            or fw.BITTEN.search(whole):
        return False
    named = [m.group() for m in fw.NAMED.finditer(fw.OWNER.sub(" ", head))
             if kind != "missing" or m.group() != "我"]
    return bool(named) and named[-1] != "我"
