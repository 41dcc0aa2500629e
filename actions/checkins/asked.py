"""What people say about the check-in in their own words: an elder going away (pause with the
days from her words), back early (resume), and family asking whether she answered tonight."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from actions.checkins.away_days import SOME_DAYS, dates_ahead, dates_in_words, days_said
from actions.checkins.common import (
    clear_context,
    date_entities,
    enrolment_as_contact,
    rules_of,
    who,
)
from actions.checkins.elder import (
    GOING,
    answer_in_words,
    answer_round,
    offer_pause,
    pause,
    pause_command,
    resume_command,
)
from actions.checkins.named import elder_named, names_elder
from actions.core.context import Context
from actions.core.registry import answer_rule, on
from actions.core.texts import Button, keyboard_from_json
from actions.db.checkins import CheckinRound, enrolment_of, open_round
from actions.db.community import Resident
from nlu import normalize

AWAY_INTENTS = {"pause_checkin", "checkin_ok", "feel_unwell", "query_checkin", "resume_checkin"}
# back early: 我提前回来了 今晚照常问吧 / 出院了 恢复吧 (read only while a pause is on)
BACK = re.compile(r"回来了|回來了|回来啦|回家了|到家了|出院了|恢复|恢復|接着问|接著問|照常|照旧|"
                  r"继续问|繼續問|重新开始|别停了|取消暂停|没走成|沒走成")
BACK_ON = re.compile(r"(?:号|日|周.|礼拜.|星期.|天)(?:就|再)?回(?:来|家)")  # 下周一回来
# 住到25号 / 到下周三 / 待到月底: the day named is the last one away
UNTIL = re.compile(r"(?:到|至)(?:(?:下个?|这个?|本)月|[0-9]+月)?[0-9]+(?:号|號|日)|"
                   r"(?:到|至)(?:下下|下|这|這|本)?个?(?:周|週|礼拜|禮拜|星期)[一二三四五六日天]|"
                   r"(?:到|至)(?:月底|月末)")
BEFORE_DAY = re.compile(r"(?:号|號|日|周.|週.|礼拜.|禮拜.|星期.)(?:之前|以前)")  # 这周六之前不用问
TONIGHT_TOO = re.compile(r"今晚|今天晚上|今儿晚上|今兒晚上|今夜")
YESTERDAY = re.compile(r"昨晚|昨天|昨儿|昨日|昨夜")
NEXT_WEEK = re.compile(r"下(?:个)?(?:礼拜|星期|周)(?![一二三四五六日天末])")
WEEKEND = re.compile(r"周末|礼拜六礼拜天|星期六星期天|周六周日")
# going away in words no intent caught (我明天要去住院 过几天才回来 read as a cancelled meal): the
# raw words first, in both scripts, so nearly every message skips the database
AWAY = re.compile(r"住院|住幾天|住几天|回老家|出远门|出遠門|不在家|旅游|旅遊|出差|走亲戚|"
                  r"走親戚|探亲|探親|去(?:我)?(?:女儿|女兒|儿子|兒子|闺女|閨女|姑娘|孙子|"
                  r"孫子|孙女|孫女|外孙|外孫|亲戚|親戚|妹妹|姐姐|弟弟|哥哥|老伴|朋友)"
                  r"[^，,。 ]{0,3}(?:家|那)|" + GOING.pattern)
WHEN_AWAY = re.compile(r"明天|明儿|後天|后天|几天|幾天|周|週|礼拜|禮拜|星期|个月|個月|"
                       r"回来|回來|[0-9一二两三四五六七八九十]+\s*(?:天|号|號|日)")
NOT_AWAY = re.compile(r"饭|飯|餐|订|訂|菜|吗|嗎|？|\?|报修|報修|坏了|壞了")
# a contact speaks of the elder, not of her own trip (我明天出差 is the daughter away)
OF_ELDER = re.compile(r"我妈|我媽|妈妈|媽媽|老妈|老媽|母亲|母親|我爸|爸爸|老爸|父亲|"
                      r"父親|老太太|老爷子|老爺子|老人|她|他|奶奶|爷爷|爺爺|姥姥|姥爷|"
                      r"外婆|外公")
# ... and a contact's own trip is not hers (我明天出差去上海 这几天我妈那边你们多费心), unless
# the words ask to stop (这几天别问我妈了)
OWN_TRIP = re.compile(r"^(?:我|俺)(?![妈媽爸家们們])(?:明天|明儿|后天|後天|下周.|"
                      r"下礼拜.|这周.|這週.|过几天|過幾天|过两天|月底|[0-9]+号)?\s*"
                      r"(?:要|得|就|也)?\s*(?:出差|去|回|出门|出門|出国|出國|旅游|旅遊|住院)")
# someone else's trip told as the reason she needs a hand (我儿子出差了 谁能陪我去): not hers
OTHERS_TRIP = re.compile(r"(?:儿子|兒子|女儿|女兒|闺女|閨女|孩子|老伴|孙子|孫子|孙女|孫女|"
                         r"媳妇|媳婦|女婿|老头|老頭)[^，,。 ]{0,3}"
                         r"(?:出差|出远门|出遠門|出国|出國|旅游|旅遊|回老家|住院|不在家|走亲戚|走親戚)")
STOP_ASKING = re.compile(r"暂停|暫停|不用问|不用問|别问|別問|不要问|不要問|先不问|先不問|"
                         r"停几天|停幾天")


# 我挺好的 就是腿疼 / 还行 不过有点头晕: fine, but for an ache she names (never 腿不疼了)
BUT_AILING = re.compile(r"(?:就是|但是|不过|只是|可是|就)[^，,。！!]{0,6}?(?<![不没])"
                        r"(?:疼|痛|酸|难受|不舒服|咳|晕|发烧|没劲|没力气|睡不着|不得劲|麻|肿|喘)")


@on("checkin_ok")
def checkin_ok(ctx: Context) -> None:
    """平安 in words; with 明天我回老家 住到下周日, the pause from her words too; with 就是腿疼,
    not quite well."""
    if back_early(ctx) or _family_says_fine(ctx):
        return
    if BUT_AILING.search(normalize(ctx.text)):
        feel_unwell(ctx)
        return
    if answer_in_words(ctx, "ok", "utter_checkin_ok"):
        pause_in_words(ctx)


def _family_says_fine(ctx: Context) -> bool:
    """我妈今天跟我在一块儿呢 挺好的, from her family while tonight's check-in waits for her
    (nobody asked yet): her answer, 平安, recorded as theirs."""
    if not OF_ELDER.search(normalize(ctx.text)) \
            or open_round(ctx.session, elder_id=ctx.person.id) is not None:
        return False
    elder = _elder_spoken_of(ctx)
    row = open_round(ctx.session, elder_id=elder.id) if elder is not None else None
    if elder is None or row is None or row.status != "sent":
        return False
    row.answer, row.answered_at, row.status = "ok", ctx.now, "answered"
    clear_context(ctx.session, elder)
    ctx.reply("checkin_answered_by_family", name=who(elder))
    return True


# 发烧了 能不能找个医生来看看: a help request in words that speak of being ill
ILL = re.compile(r"发烧|發燒|不舒服|难受|難受|头疼|頭疼|头晕|頭暈|头痛|頭痛|咳嗽|拉肚子|肚子疼|"
                 r"感冒|医生|醫生|大夫|看病|吃药|吃藥|血压|血壓")


@answer_rule
def unwell_asking_help(ctx: Context) -> bool:
    """Ill and asking for a doctor while tonight's check-in waits for her: she is unwell (her
    family and the grid worker hear of it), not a help form to fill in."""
    if ctx.danger is not None or ctx.intent != "request_help" \
            or ctx.state.get("context") != "checkin" or not ILL.search(ctx.text) \
            or BETTER.search(ctx.text):  # 医生说没啥事: how she is, read by how_she_is
        return False
    row = open_round(ctx.session, elder_id=ctx.person.id)
    if row is None:
        return False
    answer_round(ctx, row, "unwell")
    return True


# 我老伴感冒了 / 隔壁老太太病了: someone else is unwell, not the one writing
SOMEONE_ELSE = re.compile(r"老伴|邻居|鄰居|隔壁|对门|對門|孩子|孙子|孫子|"
                          r"孙女|孫女|老太太|老爷子|老爺子|我妈|我媽|我爸|她|他(?!们|們)")


@on("feel_unwell")
def feel_unwell(ctx: Context) -> None:
    """Not well, not an emergency: the answer to the check-in, or advice at any time."""
    if SOMEONE_ELSE.search(ctx.text) and open_round(ctx.session, elder_id=ctx.person.id) is None:
        ctx.reply("feel_unwell_someone_else")  # never 您多注意身体 about another person
        return
    if answer_in_words(ctx, "unwell", "utter_feel_unwell"):
        pause_in_words(ctx)


@on("pause_checkin")
def pause_in_words(ctx: Context) -> None:
    """我明天去我儿子家住几天 这几天不用问了: pause from the day named, for the days said
    (or ask how many)."""
    elder = _elder_spoken_of(ctx)
    if elder is None:
        ctx.reply("checkin_not_enrolled", name=ctx.t("fallback_you"))
        return
    text = _days_from_message(ctx, normalize(ctx.text))
    if elder.id != ctx.person.id and OWN_TRIP.search(text) and not STOP_ASKING.search(text):
        ctx.reply("checkin_contact_away", name=who(elder))
        return
    fine = FINE_TONIGHT.search(text) if elder.id == ctx.person.id else None
    if fine is not None:  # 今晚好着呢 明天起去闺女家: tonight answered, the pause from tomorrow
        _fine_tonight(ctx)
    dates = sorted(dates_ahead(ctx, fine.span() if fine else None)
                   or dates_in_words(ctx, text))
    if fine is None and dates and dates[0] > ctx.today and TONIGHT_TOO.search(text):
        dates.insert(0, ctx.today)  # 今天晚上和明天晚上都不用问了: tonight is one of them
    start = dates[0] if dates and dates[0] > ctx.today else None
    if not dates and NEXT_WEEK.search(text):  # 下礼拜我回老家: from next Monday
        start = ctx.today + timedelta(days=8 - ctx.today.isoweekday())
    days = (dates[-1] - dates[0]).days + 1 if len(dates) > 1 else days_said(text)
    if len(dates) == 1 and (BACK_ON.search(text) or BEFORE_DAY.search(text)):
        start, days = None, max((dates[0] - ctx.today).days, 1)  # 下周一回来 / 周六之前
    elif len(dates) == 1 and dates[0] > ctx.today and UNTIL.search(text):
        pause(ctx, elder, 0, until=dates[0])  # 住一礼拜 到25号: until the 25th
        return
    elif start is not None and len(dates) > 1 and BACK_ON.search(text):
        days = max((dates[-1] - start).days, 1)  # 明天去女儿家 下周一回来: until Sunday
    elif days is None and WEEKEND.search(text):  # 这周末 / 下周末: Saturday and Sunday
        if start is None and not dates:
            ahead = (6 - ctx.today.isoweekday()) % 7 + (7 if "下周末" in text else 0)
            start = ctx.today + timedelta(days=ahead) if ctx.today.isoweekday() != 7 \
                else ctx.today
        days = 2 if start is not None and start.isoweekday() == 6 else 1
    if days is None and (start is not None or SOME_DAYS.search(text)):
        # 明天去儿子家住几天: away from the day she named, for a few days she can change
        enrolment = enrolment_of(ctx.session, elder_id=elder.id)
        assert enrolment is not None  # _elder_spoken_of found her through it
        choices = rules_of(ctx, enrolment.community_id).pause_choices
        pause(ctx, elder, choices[0], start=start)
        ctx.reply("checkin_pause_change", buttons=[[
            Button(ctx.t("button_pause_days", days=d), f"/pause:{elder.id}:{d}")
            for d in choices[1:]]])
        return
    if days is None:
        offer_pause(ctx, elder)
        return
    pause(ctx, elder, days, start=start)


def _days_from_message(ctx: Context, text: str) -> str:
    """The words to read the days from: this request's, or, when they name no day (晚上也不用
    问我 after 明后天我去儿子家 这两天的饭退了吧), the whole message's."""
    whole = normalize(str(ctx.parse.get("message") or ""))
    if not whole or whole == text or dates_ahead(ctx) or days_said(text) is not None \
            or not (AWAY.search(whole) and WHEN_AWAY.search(whole)):
        return text
    ctx.parse = {**ctx.parse, "text": whole, "entities": date_entities(whole, ctx.today)}
    return whole


# 今晚好着呢 / 今天挺好的: tonight's answer said on the way to the trip; or said first, before
# the trip (挺好的 对了我下周去闺女家 / 平安 后天起不用问了)
FINE_TONIGHT = re.compile(r"(?:今晚|今天晚上|今天|今儿)[^，,。！!\s]{0,3}?"
                          r"(?:好着|挺好|很好|都好|还好|平安|没事|不错|好好的)|"
                          r"^(?:我|俺)?(?:都|一切)?(?:好着呢|挺好|很好|还好|平安|好好的|不错|"
                          r"都好)(?:的|呢|啊|呀)?(?=[，,。！!\s])")


def _fine_tonight(ctx: Context) -> None:
    """Tonight's check-in, still waiting, answered 平安."""
    row = open_round(ctx.session, elder_id=ctx.person.id)
    if row is not None and row.answer is None:
        answer_round(ctx, row, "ok")


@answer_rule
def away_in_words(ctx: Context) -> bool:
    """我明天要去住院 过几天才回来, read as another request: an enrolled elder (or her family,
    speaking of her) going away pauses her check-ins."""
    if ctx.danger is not None or ctx.intent in AWAY_INTENTS:
        return False
    text = ctx.text
    own = OTHERS_TRIP.sub("", normalize(text))
    if not AWAY.search(own) or not WHEN_AWAY.search(text) or NOT_AWAY.search(text):
        return False
    elder = _elder_spoken_of(ctx)
    if elder is None or (elder.id != ctx.person.id and not OF_ELDER.search(text)
                         and not names_elder(text, elder)):
        return False
    if paused_now(ctx, elder):  # 平安 明天我儿子来接我 去他家住一个礼拜: paused by the answer
        return False
    pause_in_words(ctx)
    return True


@answer_rule
def days_typed_for_pause(ctx: Context) -> bool:
    """暂停几天？ answered with a number of days no button offers (5天, 十来天 -> ask again)."""
    offered = [b.data for row in keyboard_from_json(ctx.state.get("buttons", [])) for b in row
               if b.data.startswith("/pause:")]
    days = days_said(ctx.text) if offered else None
    if days is None:
        return False
    ctx.args = f"{offered[0].split(':')[1]}:{days}"
    pause_command(ctx)
    return True


@on("resume_checkin")
def resume_in_words(ctx: Context) -> None:
    """我提前回来了 今晚照常问我吧: the pause ends, check-ins from this evening."""
    elder = _elder_spoken_of(ctx)
    if elder is None:
        ctx.reply("checkin_not_enrolled", name=ctx.t("fallback_you"))
        return
    if not paused_now(ctx, elder):
        ctx.reply("checkin_not_paused", name=who(elder) if elder.id != ctx.person.id
                  else ctx.t("fallback_you"))
        return
    ctx.args = "" if elder.id == ctx.person.id else str(elder.name or "")
    resume_command(ctx)


def paused_now(ctx: Context, elder: Resident) -> bool:
    """Whether the elder's check-ins are paused today or later."""
    enrolment = enrolment_of(ctx.session, elder_id=elder.id)
    return bool(enrolment is not None and enrolment.paused_until is not None
                and enrolment.paused_until >= ctx.today)


def back_early(ctx: Context) -> bool:
    """Words of coming back, read as another check-in intent while a pause is on: resumed."""
    elder = _elder_spoken_of(ctx)
    if elder is None or not BACK.search(ctx.text) or not paused_now(ctx, elder):
        return False
    resume_in_words(ctx)
    return True


@on("query_checkin")
def has_she_answered(ctx: Context) -> None:
    """我妈今天晚上的平安问候回了吗: tonight's check-in of the elder this person is a contact
    of (or her own), in a word."""
    if back_early(ctx):
        return
    elder = _elder_spoken_of(ctx)
    if elder is None:
        ctx.reply("checkin_asked_no_elder")
        return
    back = 1 if YESTERDAY.search(ctx.text) else 0  # 我妈昨晚回平安了吗
    if elder.id == ctx.person.id and not back and _answers_herself(ctx):
        return
    row = ctx.session.scalar(select(CheckinRound).where(
        CheckinRound.elder_id == elder.id, CheckinRound.day == ctx.today - timedelta(days=back)))
    status = row.status if row is not None else "not_yet"
    if row is not None and row.status == "answered":
        status = f"answered_{row.answer or 'ok'}"
    if not back and status in ("not_yet", "paused", "answered_pause") \
            and _paused_tonight(ctx, elder):
        return
    stem = "checkin_asked_yesterday" if back else "checkin_asked"
    key = f"{stem}_{status}"
    ctx.reply(key if ctx.texts.has(key) else f"{stem}_other", name=who(elder))


def _paused_tonight(ctx: Context, elder: Resident) -> bool:
    """她这几天暂停了: tonight is within a pause; say until when (and when it starts again)."""
    enrolment = enrolment_of(ctx.session, elder_id=elder.id)
    if enrolment is None or enrolment.paused_until is None or enrolment.paused_until < ctx.today \
            or (enrolment.paused_from is not None and enrolment.paused_from > ctx.today):
        return False
    last, again = enrolment.paused_until, enrolment.paused_until + timedelta(days=1)
    ctx.reply("checkin_asked_paused_until", name=who(elder),
              until=ctx.t("date_month_day", month=last.month, day=last.day),
              back=ctx.t("date_month_day", month=again.month, day=again.day))
    return True


def _answers_herself(ctx: Context) -> bool:
    """The elder speaking of tonight herself (今晚在我闺女家住 明天回) while it waits for her:
    she is there to say it, so it is her answer."""
    row = open_round(ctx.session, elder_id=ctx.person.id)
    if row is None or row.answer is not None:
        return False
    answer_round(ctx, row, "ok")
    return True


# 上个月摔了一跤 现在好多了: how she is, read as a help request (no asking words in it)
ASKS = re.compile(r"帮|幫|需要|要|能不能|能否|麻烦|麻煩|找|来人|來人|请|請|过来|過來|吗|嗎|？|\?")
BETTER = re.compile(r"好多了|好些了|好点了|好點了|没事了|沒事了|没大碍|沒大礙|好了|不要紧|不要緊|"
                    r"没啥事|沒啥事|没什么事|沒什麼事|没大事|沒大事|一切正常|都正常|挺正常")


@answer_rule
def how_she_is(ctx: Context) -> bool:
    """Words about her health under tonight's check-in that ask for nothing: her answer
    (better now: 平安; else 有点不舒服), not a help form to fill in."""
    if ctx.danger is not None or ctx.intent != "request_help" \
            or ctx.state.get("context") != "checkin" or ASKS.search(ctx.text):
        return False
    row = open_round(ctx.session, elder_id=ctx.person.id)
    if row is None:
        return False
    answer_round(ctx, row, "ok" if BETTER.search(ctx.text) else "unwell")
    return True


def _elder_spoken_of(ctx: Context) -> Resident | None:
    """The person herself when enrolled, else the enrolled elder her words name (one she is a
    contact of, or, for staff, of the community), else the one she is a contact of."""
    own = enrolment_of(ctx.session, elder_id=ctx.person.id)
    if own is not None and own.active:
        return ctx.person
    named = elder_named(ctx)
    if named is not None:
        return named
    enrolment = enrolment_as_contact(ctx.session, person_id=ctx.person.id)
    return enrolment.elder if enrolment is not None else None
