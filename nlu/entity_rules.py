"""Which of the dates and facilities the patterns find the contract keeps (docs/nlu-contract.md,
"When a day is a date" and "When a facility is named"; a facility word in a company's or a
brand's name, 燃气公司 or 格力空调, names no facility).

A date is the day a matter is set on; 今天 said for "now" (今天有点头晕, 电梯今天不动了),
a habit (每周三, 周六上班吗), the day of a chat or a goodbye (明天见) are no date. A facility
is named once, however many words tell it (窗户的玻璃, 下水道堵了 马桶也冲不下去), and not by
a place, a price or the water itself (马路对面, 天然气涨价, 自来水有股味).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

# 今天 and its dialect words: "now" unless they set a day
TODAY = re.compile(r"今天|今日|今儿个?|今个|今早|今晚|今朝")
PAST_DAY = re.compile(r"昨天|昨日|昨儿|寻日|前天|大前天")
# Intents that set a day the bot acts on: a today word there is the day of it.
DAY_INTENTS = frozenset({
    "book_meal", "cancel_meal", "query_menu", "query_bookings", "join_event", "query_events",
    "cancel_event", "pause_checkin", "resume_checkin", "query_checkin", "query_announcements",
    "request_help", "query_report"})
# Letters and reports tell what happened: a day without a year there is a past one (5月5日上午，
# 居民召开了… said in November is this May's), unless it is a few weeks ahead (dates.month_day).
REPORTS = frozenset({"feedback", "report_repair", "faq", "thank", "query_feedback"})
# Chat that names no day to act on: no date at all (明天见, 今天天气真好).
CHAT = frozenset({"greet", "goodbye", "thank", "out_of_scope", "help"})
COURTESY = frozenset({"greet", "goodbye", "thank"})  # 明天见 is no answer to "which day?"
# A service is asked for, never named in chat, in asking how to use the bot (教教我怎么用你) or
# in a repair (水费交给物业了 物业却欠费停水).
NO_SERVICE = CHAT | {"report_repair"}
# How one is: the present and the days just gone are how one feels; a day ahead is kept
# (我挺好 明天去儿子家住几天: the check-in reads it as days away).
STATE = frozenset({"feel_unwell", "checkin_ok"})
# 每周三 / 逢五号 / 每个月5号: a habit
HABIT = re.compile(r"(?:每|逢|每逢)个?(?:月|星期|礼拜|周|年)?$|(?:当年|次年)$")
# Office hours and rules (faq): a weekday is a habit (周六上班吗, 周一到周五几点开门).
WEEKDAY = re.compile(r"^(?:周|星期|礼拜)")
# 周一三五 / 周二四: a list of weekdays is a timetable
SCHEDULE = re.compile(r"[一二三四五六日天1-7](?![号个])")
# A weekday a letter or a report does not place in a week (星期天下午还在补课, 周一开始停水) is a
# habit or a day it cannot date; 上周三 / 这周五 are dated.
BARE_WEEKDAY = re.compile(r"个?(?:周|星期|礼拜)[一二三四五六日天七1-7]")
# In a letter a bare 2号 after a name is the number of a thing (2号社区巴士, 泉星2号垃圾站,
# 地铁1号北延线), not a day; a day follows a pause or a word of time or of telling (于5号, 从5号,
# 本月5号, 我们5号去).
BARE_DAY = re.compile(r"\d{1,2}[号日]")
DAY_LEAD = set("于在从到至自是也都就又才并和与及今本这该当每初底月号日年前后起止我他她们您你"
               "说称讲定约订改等直截限")
LETTERS = REPORTS - {"report_repair"}
# A short answer (明天吧, 对 周五) is the day asked for, whatever the intent.
SHORT_ANSWER = 3
# 今天去食堂吃了 明天再订: a today word in a clause that tells what was done
CLAUSE_END = re.compile(r"[\s,，。.!！?？;；]")
DONE = re.compile(r"了|过")
ASKED = re.compile(r"吗|么|没有?$|不$|[?？]")

# A facility word that names a place, a time, a price or the water itself, not the thing.
NOT_A_FACILITY = (
    re.compile(r"马路(?=对面|边|那边|这边|牙子|市场|菜市|摊|夜市|集市|经济|杀手)|过马路|横穿马路"),
    re.compile(r"道路(?=交通|运输|货运|客运)"),  # traffic, not the road (道路交通标志)
    re.compile(r"自来水(?=[^管]{0,6}(?:味|发黄|发浑|浑浊|水质|难喝|好喝|水垢|颜色|烧开|能喝|能不能喝))"
               r"|喝自来水"),
    re.compile(r"(?:天然气|燃气|煤气)(?=[^灶管表阀]{0,2}(?:涨价|价格|价钱|公司|账单|卡))"),
    re.compile(r"供暖(?=以来|季|期|前|后|时间|的时候)"),
    # a planned outage is the supply, not the pipes (停煤气检修, 停暖气是哪天; 暖气停了 in a
    # fault is still the thing)
    re.compile(r"(?<=停)(?:煤气|燃气|天然气|暖气)(?=检修|维修|施工|改造|通知|一天|半天|多久|几天|到|"
               r"是哪天|是几号|哪天)"),
)
# A facility word in a company's, a works', an office's or a brand's name: 滨江燃气公司,
# 奥的斯电梯公司, 电梯厂家, 自来水公司, 路灯管理所, 格力空调 (the letters' rules).
COMPANY_AFTER = re.compile(
    r"(?:工程|设备|安装|维修|维保|服务|销售|科技|技术|管理|供应|实业|集团|有限|股份|总|分)*"
    r"(?:公司|集团|厂家|厂|售后|专卖店?|门店|店|商铺|商行|批发|网点|品牌|所(?![以有谓在])|局|"
    r"处(?![理置于]))")
# A policy's or a law's name (农村道路硬化政策, 燃气安全管理条例) names no facility.
POLICY_AFTER = re.compile(r"[^\s,，。.；;！!？?、：:的]{0,6}?(?:政策|规定|条例|法规)")
# A road that is where another facility is (人行道无路灯, 马路上的井盖) is a place.
PLACE_OF = re.compile(r"^(?:上|里|边|旁|两旁|两侧)?(?:的|无|没|没有|缺少?)?$")
ROAD = "道路"
BRANDS = ("格力", "美的", "海尔", "奥克斯", "志高", "海信", "格兰仕", "大金", "三菱", "日立",
          "松下", "长虹", "科龙", "TCL", "奥的斯", "迅达", "通力", "蒂森", "康力", "新奥", "港华",
          "华润", "中燃", "昆仑")
# X的Y / X里的Y: Y is a part of the facility X already named (窗户的玻璃, 下水道的井盖)
PART_OF = re.compile(r"^(?:的|里的|上的|那个|的那个)?$")


class Found(Protocol):
    """A candidate entity (entities._Candidate)."""

    start: int
    end: int
    entity: str


def keep_dates(text: str, found: Sequence[Found], intent: str | None) -> list[bool]:
    """For each candidate, False when it is a date the contract does not count."""
    dates = [c for c in found if c.entity == "date"]
    short = bool(dates) and len(re.sub(r"\s", "", text)) - sum(
        c.end - c.start for c in dates) <= SHORT_ANSWER
    return [c.entity != "date" or (short and intent not in COURTESY)
            or _date_counts(text, c, dates, intent) for c in found]


def _date_counts(text: str, c: Found, dates: Sequence[Found], intent: str | None) -> bool:
    words = text[c.start:c.end]
    if HABIT.search(text[max(0, c.start - 4):c.start]) or (
            WEEKDAY.match(words) and SCHEDULE.match(text, c.end)):
        return False
    if intent in CHAT:
        return False
    if intent == "faq" and (WEEKDAY.match(words) or TODAY.fullmatch(words)):
        return False
    if intent in REPORTS and BARE_WEEKDAY.fullmatch(words):
        return False
    if intent in LETTERS and BARE_DAY.fullmatch(words) and c.start and "\u4e00" <= text[
            c.start - 1] <= "\u9fff" and text[c.start - 1] not in DAY_LEAD:
        return False
    if intent in STATE and (TODAY.fullmatch(words) or PAST_DAY.fullmatch(words)):
        return False
    if TODAY.fullmatch(words):
        if intent not in DAY_INTENTS:
            return False
        return not (len(dates) > 1 and _told_as_done(text, c))
    return True


def _told_as_done(text: str, c: Found) -> bool:
    end = CLAUSE_END.search(text, c.end)
    clause = text[c.end:end.start() if end else len(text)]
    return DONE.search(clause) is not None and ASKED.search(clause) is None


F = TypeVar("F", bound=Found)


def keep_facilities(text: str, found: Sequence[F], value: Callable[[F], str]) -> list[bool]:
    """For each candidate, False when it is a facility the message does not name as one: a
    place or a price word, a part of a facility named before it, the same facility again in
    other words."""
    keep: list[bool] = []
    named: dict[str, str] = {}  # value -> the words that named it first
    last_end: int | None = None
    for c in found:
        if c.entity != "facility":
            keep.append(True)
            continue
        words = text[c.start:c.end]
        ok = not any(p.match(text, c.start) or _inside(p, text, c) for p in NOT_A_FACILITY)
        ok = ok and not (COMPANY_AFTER.match(text, c.end) or text.endswith(BRANDS, 0, c.start)
                         or _in_a_title(text, c.start) or POLICY_AFTER.match(text, c.end)
                         or _a_place_of(text, c, found, value))
        if ok and last_end is not None and PART_OF.match(text[last_end:c.start]):
            ok = False
        first = named.get(value(c))
        if ok and first is not None and first != words:
            ok = False
        if ok:
            named.setdefault(value(c), words)
            last_end = c.end
        keep.append(ok)
    return keep


def _a_place_of(text: str, c: F, found: Sequence[F], value: Callable[[F], str]) -> bool:
    """Whether a road is where the facility right after it is (人行道无路灯)."""
    if value(c) != ROAD:
        return False
    after = [o for o in found if o.entity == "facility" and o.start >= c.end]
    nearest = min(after, key=lambda o: o.start, default=None)
    return nearest is not None and value(nearest) != ROAD and PLACE_OF.match(
        text[c.end:nearest.start]) is not None


def _in_a_title(text: str, start: int) -> bool:
    """Whether a position is inside a document's title (《道路运输车辆技术管理规定》)."""
    opened = text.rfind("《", 0, start)
    return opened >= 0 and text.find("》", opened, start) < 0 and "》" in text[start:]


def _inside(pattern: re.Pattern[str], text: str, c: Found) -> bool:
    """Whether a match of the pattern (过马路, 喝自来水) covers the candidate's words."""
    return any(m.start() <= c.start and c.end <= m.end()
               for m in pattern.finditer(text, max(0, c.start - 2), c.end + 6))
