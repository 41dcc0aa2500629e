"""Finding the event a resident's words name: the coming occurrences, a title matched
loosely (包饺子 -> 冬至包饺子), and the event this chat spoke of last (再给我报上)."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from difflib import SequenceMatcher

from sqlalchemy import select

from actions.community.common import community_of, when_text, with_event_words
from actions.community.event_places import ensure_occurrences
from actions.core.args import fetch
from actions.core.context import Context
from actions.db.community_life import Event, EventOccurrence
from actions.db.memo import remembered
from nlu import normalize

LOOK_AHEAD = timedelta(days=31)
FAR_AHEAD = timedelta(days=120)  # an event named by its title may be months away (冬至包饺子)
FILLER = set("我要想报名参加去个的那天给留号算一活动吧呢啊了")


def upcoming(ctx: Context, day: str | None = None,
              ahead: timedelta = LOOK_AHEAD) -> list[EventOccurrence]:
    """The coming occurrences (of the day, when given): looked up once a transaction for each
    window (a question about an event asks with strict and loose titles, near and far)."""
    cid = community_of(ctx)
    if day:
        start = datetime.combine(date.fromisoformat(day), time(0), tzinfo=ctx.settings.tz)
        end = start + timedelta(days=1)
    else:
        start, end = ctx.now, ctx.now + ahead
    return list(remembered(ctx.session, (OCCURRENCES, cid, start, end), EVENT_TABLES,
                           lambda: ensure_occurrences(ctx.session, community_id=cid,
                                                      start=start, end=end, tz=ctx.settings.tz)))


OCCURRENCES = "linli_event_occurrences"
EVENT_TABLES = frozenset({Event.__tablename__, EventOccurrence.__tablename__})
TITLES = "linli_event_titles"


def event_titles(ctx: Context) -> dict[int, str]:
    """The titles of the community's events not called off, by id: one query a transaction
    (not one an event, as reading each occurrence's event would)."""
    cid = community_of(ctx)
    return remembered(ctx.session, (TITLES, cid), frozenset({Event.__tablename__}),
                      lambda: {i: t for i, t in ctx.session.execute(select(
                          Event.id, Event.title).where(Event.community_id == cid,
                                                       Event.cancelled.is_(False)))})


def may_name_event(ctx: Context) -> bool:
    """Whether the words match the title of any of the community's events as loosely as
    matching_title allows: when not, no window of dates holds an event they name (and none
    need be looked up)."""
    return _best_title(ctx, set(event_titles(ctx).values()), strict=False) is not None


def named(ctx: Context, *, strict: bool = False) -> tuple[list[EventOccurrence], str | None]:
    """The coming occurrences (on the day the message names), and the event its words name,
    looked for further ahead when it is not in the coming month."""
    day = ctx.entity("date")
    found = upcoming(ctx, day)
    if not may_name_event(ctx):
        return found, None
    title = matching_title(ctx, found, strict=strict)
    if title is None:
        far = upcoming(ctx, None, FAR_AHEAD)
        far_title = matching_title(ctx, far, strict=strict)
        if far_title is not None and (not day or _same_day_of_month(ctx, far, far_title, day)):
            # 二十二号包饺子: the 22nd of the month the event is in, not of this month
            return far, far_title
    return found, title


def _same_day_of_month(ctx: Context, found: list[EventOccurrence], title: str,
                       day: str) -> bool:
    """Whether an occurrence of the event falls on the day of the month a date names."""
    wanted = date.fromisoformat(day).day
    return any(o.event.title == title and o.starts_at.astimezone(ctx.settings.tz).day == wanted
               for o in found)


PAST = timedelta(days=31)


def past_named(ctx: Context) -> EventOccurrence | None:
    """The last month's occurrence of an event the words name that has no coming date (防诈骗
    讲座 asked for the day after it was held), or None."""
    cid = community_of(ctx)
    if names_event(ctx):
        return None
    held = ensure_occurrences(ctx.session, community_id=cid, start=ctx.now - PAST,
                              end=ctx.now, tz=ctx.settings.tz)
    title = matching_title(ctx, held, strict=True)
    return next((o for o in reversed(held) if o.event.title == title), None) if title else None


def said_past(ctx: Context) -> bool:
    """The words name an event held lately with no coming date: say so (True)."""
    held = past_named(ctx)
    if held is None:
        return False
    ctx.reply("events_held", title=held.event.title,
              when=when_text(held.starts_at, ctx.settings.tz))
    return True


def said_cancelled(ctx: Context) -> bool:
    """The words name an event whose coming date was called off and no other date is coming
    (讲座还办不办了 after staff cancelled it): say so (True)."""
    if names_event(ctx):
        return False
    called_off = list(ctx.session.scalars(
        select(EventOccurrence).join(Event, Event.id == EventOccurrence.event_id).where(
            Event.community_id == community_of(ctx), EventOccurrence.cancelled.is_(True),
            EventOccurrence.starts_at > ctx.now,
            EventOccurrence.starts_at < ctx.now + FAR_AHEAD)
        .order_by(EventOccurrence.starts_at)))
    title = matching_title(ctx, called_off)
    if title is None:
        return False
    first = next(o for o in called_off if o.event.title == title)
    ctx.reply("events_called_off", title=title,
              when=when_text(first.starts_at, ctx.settings.tz))
    return True


def one_per_event(found: list[EventOccurrence]) -> list[EventOccurrence]:
    """Weekly classes would crowd the list: show each event's next occurrence."""
    firsts: dict[int, EventOccurrence] = {}
    for occurrence in found:
        firsts.setdefault(occurrence.event_id, occurrence)
    return list(firsts.values())


def title_words(title: str) -> str:
    """Typed words that name an event: its title, or two characters of it in a row that are
    not filler (讲座, 饺子)."""
    pairs = {title[i:i + 2] for i in range(len(title) - 1)}
    words = [title, *sorted(p for p in pairs if set(p) - FILLER)]
    return "|".join(re.escape(w) for w in words)


def short_when(ctx: Context, occurrence: EventOccurrence) -> str:
    local = occurrence.starts_at.astimezone(ctx.settings.tz)
    return f"{local.month}/{local.day}"


def named_occurrence(ctx: Context) -> EventOccurrence | None:
    """The next occurrence of the event the words name (on the day they name), if any."""
    if not may_name_event(ctx):
        return None
    found, title = named(ctx)
    return next((o for o in found if o.event.title == title), None) if title else None


def names_event(ctx: Context) -> bool:
    """Whether the words name a coming event (我报的那个讲座: an event, not a ticket)."""
    return may_name_event(ctx) and named(ctx)[1] is not None


def matching_title(ctx: Context, found: list[EventOccurrence], *,
                    strict: bool = False) -> str | None:
    """The event the message names (包饺子 -> 冬至包饺子, 八十岁生日会 -> 80岁生日会, 理发 ->
    义剪 by data/event_words.yml)."""
    if not found:
        return None
    known = event_titles(ctx) if ctx.person.community_id is not None else {}
    return _best_title(ctx, {known.get(o.event_id) or o.event.title for o in found},
                       strict=strict)


def _best_title(ctx: Context, titles: set[str], *, strict: bool) -> str | None:
    """The title sharing the longest run of characters with the words (strict: 3 of them, or
    the whole title; else 2), not all filler."""
    text = with_event_words(ctx, normalize(ctx.text).replace("八十", "80").replace("九十", "90"))
    best, score = None, 0
    for title in titles:
        match = SequenceMatcher(None, title, text).find_longest_match()
        common = title[match.a: match.a + match.size]
        least = min(3 if strict else 2, len(title))  # strict: 3 characters, or the title
        if match.size >= least and set(common) - FILLER and match.size > score \
                and not (match.a + match.size == len(title)
                         and _another_kind(text, title, match.b, match.size)):
            best, score = title, match.size
    return best


# what may stand before a title's kind word without naming another event (周五讲座, 明天的课)
WHEN_CHARS = set("周星期礼拜一二三四五六七日天今明后上下午晚早点号月这本那个0123456789")


def _another_kind(text: str, title: str, start: int, size: int) -> bool:
    """健康讲座 when only 防诈骗讲座 is on: two characters said before a short shared run (讲座)
    that are neither in the title nor words of when or pointing: another event of that kind
    (the run is the title's ending, the kind of event it is)."""
    before = text[max(0, start - 2):start]
    return size <= 2 and bool(re.fullmatch(r"[\u4e00-\u9fff]{2}", before)) and not (
        set(before) & (set(title) | FILLER | WHEN_CHARS))

LAST_EVENT = "events_last"  # state: the event this chat last spoke of (id, when)
AGAIN = re.compile(r"^那|再|还是|重新|又|刚才|那个|这个")


def remember_event(ctx: Context, occurrence: EventOccurrence) -> None:
    """Keep the occurrence just spoken of, so 再给我报上 a moment later means it."""
    ctx.state[LAST_EVENT] = [occurrence.id, ctx.now.isoformat()]


def recalled_event(ctx: Context, *, again: bool = True) -> EventOccurrence | None:
    """The occurrence spoken of in the last half hour, when the words point back to it (with
    `again`: 再 / 还是 / 那)."""
    last = ctx.state.get(LAST_EVENT)
    if not last or (again and not AGAIN.search(normalize(ctx.text))) \
            or ctx.now - datetime.fromisoformat(last[1]) > timedelta(minutes=30):
        return None
    occurrence = fetch(ctx.session, EventOccurrence, str(last[0]))
    if occurrence is None or occurrence.starts_at <= ctx.now:
        return None
    return occurrence
