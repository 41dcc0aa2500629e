"""Which typed words choose which option of a household vote: the usual words of 同意 / 不同意 /
弃权, a plain yes or no to a yes-or-no question, an option by its place (选第一个), an option by
its own words without what all options share (八点半 of 晚上八点半), and the pieces of a
question's title that show a message speaks of it. The rule that reads votes in words is
actions/community/typed_votes.py.
"""

from __future__ import annotations

import os
import re

from actions.community.common import cn_numbers
from actions.db.community_life import Question
from nlu import normalize

# words that choose the usual options (simplified; the option's own words always count)
SAYS = {"同意": "同意|赞成|赞同|支持|举双手|没意见|投同意|双手赞成|赞成票|早就想要|"
                "(?:应该|早该|该|得|赶紧|快)装",
        "不同意": "不同意|反对|不赞成|不支持|不赞同|投反对|不行|没必要|不需要|反对票|"
                  "不(?:太|大|怎么|是很)(?:同意|赞成|支持|赞同)|"
                  "(?<![要装])(?:不用|不要|别|甭|不)装",
        "弃权": "弃权|不投了|不表态|无所谓|都行"}
# a plain yes or no to a yes-or-no question: a vote only when nothing else is being asked
YES_NO = {"同意": "^(?:(?:行|可以|好|好啊|好的|没问题|中|OK|ok|要|要装|装吧|装)"
                  "[吧啊呀的！!。]*)+$",
          "不同意": "^(?:(?:不行|不要|不用|不好|不可以|算了吧)[吧啊呀的！!。]*)+$"}
# where the vote word may stand: at the start (我家同意 / 还是不同意吧), or anywhere when the
# message speaks of voting or the clause is short (我家老头子说不同意)
LEAD = re.compile(r"^(?:我们家|我家|我们|咱家|俺家|俺|我|那就|那|还是|就|嗯|好)?(?:就|还是)?"
                  r"(?:投|选|装在|放在|定在|装|放|定)?")
# a message is read clause by clause: 等等 我再想想 还是投反对吧 votes in its last clause
CLAUSES = re.compile(r"[，,。；;！!？?\s]+")
# 选第一个 / 1: the option by its place
PLACE = re.compile(r"^(?:选|投|我选|我投)?(?:第)?([1-6一二三四五六])(?:个|项|号)?"
                   r"[吧啊呀的！!。]*$")
def says(option: str, options: list[str] | None = None) -> str:
    """The words that choose an option; for a pair like 装 / 不装, the words of 同意 / 不同意
    too (不用装 chooses 不装, never 装)."""
    plain = normalize(option)
    if plain in SAYS:
        return SAYS[plain]
    others = [normalize(o) for o in options or []]
    if f"不{plain}" in others:
        return f"{re.escape(plain)}|{SAYS['同意']}"
    if plain.startswith("不") and plain[1:] in others:
        return (f"{re.escape(plain)}|(?:不用|不要|不必|别|甭|没必要|不需要){re.escape(plain[1:])}|"
                f"{SAYS['不同意']}")
    core = own_words(plain, options or [])
    if core is None:
        return re.escape(plain)
    return "|".join(re.escape(w) for w in dict.fromkeys((plain, core, cn_numbers(core))))


def chosen_option(question: Question, text: str, *, plain: bool = False) -> int | None:
    """The option whose words match the longest part of the text (不同意 over 同意), the
    first said when two match as long (装北门那边吧 东门车太多); 1 / 选第一个 by its place;
    with `plain`, a plain 行 / 不用 to a yes-or-no question (nothing else is being asked)."""
    place = PLACE.match(text)
    if place:
        index = int(cn_numbers(place.group(1))) - 1
        return index if index < len(question.options) else None
    if plain:
        for option, words in YES_NO.items():
            if option in question.options and any(re.search(words, c)
                                                   for c in CLAUSES.split(text)):
                return question.options.index(option)
    best, key = None, (0, 0)
    for i, option in enumerate(question.options):
        for match in re.finditer(says(option, question.options), text):
            if (len(match.group(0)), -match.start()) > key:
                best, key = i, (len(match.group(0)), -match.start())
    return best


def own_words(option: str, options: list[str]) -> str | None:
    """The option's own words, without what every option shares (八点半 of 晚上八点半 among
    晚上八点 / 晚上九点; 三点 of 下午三点 among 下午两点), two characters at least."""
    plain = [normalize(o) for o in options]
    if len(plain) < 2 or option not in plain:
        return None
    head = len(os.path.commonprefix(plain))
    tail = len(os.path.commonprefix([o[::-1] for o in plain]))
    core = option[head:max(len(option) - tail, head + 2)]
    return core if len(core) >= 2 and core != option else None


LIGHT = set("要不是的了吗吧呢啊我你他她们家装加个一这那有没")


def speaks_of(text: str, questions: list[Question]) -> bool:
    """Whether the words share a telling piece (扶手, 充电) with an open question's title."""
    pairs = {text[i:i + 2] for i in range(len(text) - 1)}
    return any(p in normalize(q.title) for q in questions for p in pairs if set(p) - LIGHT)


MATTER_TAIL = re.compile(r"^(?:的事|那事|这事|的|那个|这个)?[，,\s]*")


def without_matter(text: str, questions: list[Question]) -> str:
    """Each clause without the question's matter it opens with (扶手装吧 -> 装吧): a piece of
    two characters or more of an open question's title."""
    titles = [normalize(q.title) for q in questions]
    clauses = []
    for clause in (c for c in CLAUSES.split(text) if c):
        size = max((n for n in range(2, len(clause) + 1)
                    if any(clause[:n] in t for t in titles)), default=0)
        rest = MATTER_TAIL.sub("", clause[size:]) if size else clause
        clauses.append(rest or clause)
    return " ".join(clauses)


def opens_with_option(clause: str, questions: list[Question]) -> bool:
    """Whether the clause starts with an option's own words or 赞成 / 反对 (not a bare 不行)."""
    lead = LEAD.match(clause)
    rest = clause[lead.end() if lead else 0:]
    words = {normalize(o) for q in questions for o in q.options} | {"赞成", "反对"}
    return any(rest.startswith(w) for w in words)


def names_an_option(clause: str, questions: list[Question]) -> bool:
    return any(re.search(says(option, q.options), clause)
               for q in questions for option in q.options)


def leads_with_option(clause: str, questions: list[Question]) -> bool:
    """Whether the clause starts with a vote word (after 我家 / 还是 / 投 / 装在)."""
    lead = LEAD.match(clause)
    rest = clause[lead.end() if lead else 0:]
    return any(re.match(says(option, q.options), rest)
               for q in questions for option in q.options)


def named_questions(picked: list[tuple[Question, int]], text: str) -> list[tuple[Question, int]]:
    """The questions whose title shares words (two characters) with the message."""
    pairs = {text[i:i + 2] for i in range(len(text) - 1)}
    scored = [(sum(p in normalize(q.title) for p in pairs), q, o) for q, o in picked]
    best = max(score for score, _, _ in scored)
    return [(q, o) for score, q, o in scored if score == best and best > 0]
