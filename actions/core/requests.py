"""Several requests in one message (报修… 还有明天中午订一份饭): its parts (the pipeline parses
each, see split_requests) and which of them are requests of their own, with the parts that go
with each (3号楼, 去不成了). actions.core.dialogue takes them up one after another."""

from __future__ import annotations

import re
from typing import Any

# a message may ask for several things: its parts (the pipeline parses each, see
# split_requests) that are requests of their own are done one after another
ALSO = re.compile(r"还有|另外|顺便|顺带|再就是")  # what follows is one more thing
# the separators, kept by split (a capturing group) so a part knows whether ALSO came before it
SEPARATED = re.compile(rf"([，,。；;！!？?\s]+|{ALSO.pattern}|对了)")
# a ticket's request said again after 还有 (取药 还有交燃气费) is a second ticket, not more words
# of the first; the canteen and events read several days or events in one request themselves
ONE_EACH = {"report_repair", "request_help"}
# 改成一个人吧 / 换到周三: a change names no topic of its own
CHANGE_PART = re.compile(r"^(?:那就|那|还是|就)?(?:改成|换成|改为|改到|换到|挪到|改订)")
REPLACEMENTS = {"cancel_meal": "book_meal"}  # what a change after a cancel asks for instead
# a letter is one text however many points it makes (一是…二是…): only 还有 / 另外 starts
# another request after it
POINTS = re.compile(r"[两几二三四]点|一是|第一|首先|一来")
# the requests a part may be, by topic: a part on the topic of the one before that names
# nothing new (包饺子那天我有事 去不成了, 没修好啊 还是关不上) goes on with it
TOPICS = {"report_repair": "repair", "query_report": "repair", "request_help": "help",
          "book_meal": "canteen", "cancel_meal": "canteen", "query_menu": "canteen",
          "query_bookings": "canteen", "join_event": "events", "cancel_event": "events",
          "query_events": "events", "checkin_ok": "checkin", "feel_unwell": "checkin",
          "pause_checkin": "checkin", "query_checkin": "checkin", "feedback": "mailbox",
          "query_feedback": "mailbox", "join_team": "volunteers",
          "query_announcements": "announcements"}
REQUESTS = set(TOPICS)
FOLLOW_UP = 6  # the longest look-up that names nothing and goes on with the one before
# words that name a look-up's own thing (饭订上了没 after 我的报修呢 is a second look-up)
NAMES_A_THING = re.compile(r"饭|餐|菜|修|坏|灯|活动|报名|信|建议|投诉|问候|平安|通知|停水|停电|"
                           r"投票|志愿|时间")
SURE_PART = 0.85
SURE_LEAD = 0.7  # unsure parts read together, more words than each: a request at this
SURE_WITH_ENTITY = 0.6  # 改订后天的: a short part that names a day, on the same topic
PLACE = ("building", "unit", "floor", "room")
NAMED_PLACE = ("building", "unit")  # a request that names these has a place of its own
# a help request asks (帮 请 教 想 要 能不能 吗); words read as one that only tell how someone
# is (她不会用手机, 腿脚不好) after another request say why that one is made, not one more
ASKS_HELP = re.compile(r"帮|幫|请|請|教|想|要|能不能|能否|可以|可不可以|麻烦|麻煩|找|来个|來個|"
                       r"需要|陪|代|送|吗|嗎|[？?]")


def split_requests(text: str) -> list[tuple[str, bool]]:
    """The parts of a message that may each be a request (two or more), else none; each with
    whether 还有 / 另外 (one more thing) came before it."""
    parts: list[tuple[str, bool]] = []
    also = False
    for index, piece in enumerate(SEPARATED.split(text)):
        if index % 2:  # a separator
            also = also or bool(ALSO.search(piece))
        elif len(piece.strip()) >= 2:
            parts.append((piece.strip(), also))
            also = False
    return parts if len(parts) >= 2 else []


def unsure_lead(parts: list[dict[str, Any]]) -> int:
    """How many parts, two or more, none of them a sure request, come before the first sure
    request (书法那个课 下礼拜二 帮我留个位 / 另外后天中午订一份饭): read together they may be
    a request of their own; 0 when the message does not start like that."""
    for index, part in enumerate(parts):
        if _sure_request(part):
            return index if index >= 2 else 0
    return 0


def _sure_request(part: dict[str, Any]) -> bool:
    intent = part.get("intent", {})
    return str(intent.get("name")) in REQUESTS and float(intent.get("confidence", 0)) >= SURE_PART


def lead_read_together(parts: list[dict[str, Any]], lead: dict[str, Any]) -> list[dict[str, Any]]:
    """The parts with the unsure lead replaced by `lead` (their words parsed as one), when
    that is a sure request on a topic other than the request after it."""
    count = unsure_lead(parts)
    intent = lead.get("intent", {})
    if not count or str(intent.get("name")) not in REQUESTS \
            or float(intent.get("confidence", 0)) < SURE_LEAD \
            or _topic(lead) == _topic(parts[count]):
        return parts
    sure = {"name": intent["name"], "confidence": max(SURE_PART, float(intent["confidence"]))}
    return [lead | {"also": parts[0].get("also", False), "intent": sure}, *parts[count:]]


def request_groups(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Parts joined into requests: a part that is no request of its own (3号楼) and a part that
    goes on with the request before it belong to it."""
    groups: list[dict[str, Any]] = []
    loose: list[dict[str, Any]] = []
    tail: list[dict[str, Any]] = []  # the parts joined to the last request since it began
    for part in parts:
        name = str(part.get("intent", {}).get("name", ""))
        confidence = float(part.get("intent", {}).get("confidence", 0.0))
        if groups and _replaces(groups[-1], part):  # 周五的饭取消 改成下周一的
            name, confidence = REPLACEMENTS[groups[-1]["intent"]["name"]], 1.0
        # a part read less surely may only go on with the topic before it (改订后天的 after
        # 明天的饭不要了), never start one (平安 明天去女儿家 is no cancelled meal)
        sure = confidence >= SURE_PART or (
            confidence >= SURE_WITH_ENTITY and bool(part.get("entities")) and bool(groups)
            and TOPICS.get(groups[-1]["intent"]["name"]) == TOPICS.get(name))
        if name in REQUESTS and sure and not (groups and _goes_on(groups[-1], name, part)):
            groups.append({"text": part["text"], "intent": {"name": name, "confidence": 1.0},
                           "entities": list(part.get("entities", [])),
                           "also": bool(part.get("also"))})
            # what came before the first request belongs to it, and to a later one on its own
            # topic (我明天去女儿家住几天 明天的饭不要了 平安也先别问了: the pause's days too)
            for earlier in loose if len(groups) == 1 else []:
                _join(groups[-1], earlier, before=True)
            for earlier in loose if len(groups) > 1 else []:
                if _topic(earlier) == _topic(groups[-1]) != _topic(groups[0]):
                    _join(groups[-1], earlier, before=True)
            tail = []
        elif groups:
            _join(groups[-1], part)
            tail.append(part)
        else:
            loose.append(part)
    _place_said_last(groups, tail)
    return groups


def _topic(part: dict[str, Any]) -> str | None:
    return TOPICS.get(str(part.get("intent", {}).get("name", "")))


def _place_said_last(groups: list[dict[str, Any]], tail: list[dict[str, Any]]) -> None:
    """楼道灯不亮了 厨房下水道也堵了 3号楼2单元501: a place said at the end is the place of
    each request before it on the same topic."""
    place = [e for p in tail for e in p.get("entities", []) if e.get("entity") in PLACE]
    if place and len(groups) >= 2:
        share_place([g for g in groups[:-1] if _topic(g) == _topic(groups[-1])], place,
                    words=" ".join(p["text"] for p in tail))


def share_place(requests: list[dict[str, Any]], place: list[dict[str, Any]], *,
                words: str = "") -> None:
    """The one rule for a place said once for several requests of a message (a place said at
    its end, above; the building a repair form was told, actions.tickets.repairs): each of
    `requests` that names no building or unit of its own takes `place` (and its `words`)."""
    for request in requests:
        if any(e.get("entity") in NAMED_PLACE for e in request.setdefault("entities", [])):
            continue
        if words:
            _join(request, {"text": words, "entities": place})
        else:
            request["entities"].extend(place)


def _replaces(group: dict[str, Any], part: dict[str, Any]) -> bool:
    """A change to another day right after a cancel (改成下周一的): the new booking."""
    return (group["intent"]["name"] in REPLACEMENTS and bool(CHANGE_PART.match(part["text"]))
            and any(e.get("entity") == "date" for e in part.get("entities", [])))


def _goes_on(group: dict[str, Any], name: str, part: dict[str, Any]) -> bool:
    """A part that carries on the request before it: the same intent, or the same topic in
    words that name nothing new (去不成了, 还是关不上; but 改订后天的 names a day)."""
    before = group["intent"]["name"]
    if name == "request_help" != before and says_why(part):
        return True  # 讲座帮我和张大妈报两个 她不会用手机: why both places, no help asked
    if name == before and name in ONE_EACH and (part.get("also") or _other_thing(group, part)):
        return False  # 还有… / 暖气不热 窗户也关不严: one ticket each
    if before == "feedback" and not part.get("also") and POINTS.search(group["text"]):
        return True
    if CHANGE_PART.match(part["text"]) and TOPICS.get(before) != TOPICS.get(name):
        return True  # 我老伴去不了了 改成一个人吧: the change is of what was just said
    if _asks_after(before, name, part):
        return True  # 我写的那封信 回了没: the look-up's own question
    same_topic = TOPICS.get(before) == TOPICS.get(name)
    return name == before or (same_topic and not part.get("entities"))


def _asks_after(before: str, name: str, part: dict[str, Any]) -> bool:
    """A short look-up that names nothing (有人看了没, 怎么样了) right after a look-up asks
    after what that one named, whatever topic its words alone were read as."""
    text = str(part["text"])
    return (before.startswith("query_") and name.startswith("query_") and not part.get("also")
            and not part.get("entities") and len(text) <= FOLLOW_UP
            and not NAMES_A_THING.search(text))


def _other_thing(group: dict[str, Any], part: dict[str, Any]) -> bool:
    """The part names a facility or service the request before it did not (窗户 after 暖气)."""
    def things(item: dict[str, Any]) -> set[str]:
        return {str(e["value"]) for e in item.get("entities", [])
                if e["entity"] in ("facility", "service")}
    named = things(part)
    return bool(named) and bool(things(group)) and not named & things(group)


def _join(group: dict[str, Any], part: dict[str, Any], *, before: bool = False) -> None:
    words = [part["text"], group["text"]] if before else [group["text"], part["text"]]
    group["text"] = " ".join(words)
    group["entities"] += list(part.get("entities", []))


def says_why(part: dict[str, Any]) -> bool:
    """A part read as a help request that asks for nothing (她不会用手机), not after 还有."""
    return not part.get("also") and not ASKS_HELP.search(str(part.get("text", "")))


# words that ask for something (想加入 / 帮我报名 / 能不能), unlike words that tell (她常来看我)
WISHES = re.compile(r"想|要|帮我|幫我|请|請|能不能|能否|可以|可不可以|麻烦|麻煩|吗|嗎|[？?]|报名|"
                    r"報名|参加|參加|加入")


def one_letter(groups: list[dict[str, Any]], whole: str) -> list[dict[str, Any]]:
    """A message read as a whole as a letter (何静姑娘常来看我 陪我说话 给她表扬表扬) is one
    text: the parts around the letter's own that tell rather than ask, up to 还有 / 另外, are
    its words (常来看我 read alone as joining her team is no request). Repairs and help asked
    for stay requests of their own."""
    index = next((i for i, g in enumerate(groups) if g["intent"]["name"] == "feedback"), None)
    if whole != "feedback" or index is None or groups[index].get("also"):
        return groups
    letter = dict(groups[index], entities=list(groups[index].get("entities", [])))
    kept: list[dict[str, Any]] = []
    told: list[dict[str, Any]] = []
    stopped = False
    for i, group in enumerate(groups):
        stopped = stopped or (i > index and bool(group.get("also")))
        tells = group["intent"]["name"] not in ONE_EACH and not WISHES.search(str(group["text"]))
        if i == index or (tells and not stopped):
            told.append(group)
        else:
            kept.append(group)
    letter["text"] = " ".join(str(g["text"]) for g in told)
    letter["entities"] = [e for g in told for e in g.get("entities", [])]
    return [letter, *kept]
