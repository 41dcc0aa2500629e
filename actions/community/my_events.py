"""A resident's own sign-ups: /my_events with cancel buttons, and cancelling in words
(包饺子那个我去不了了); whoever moves up from the waiting list is told."""

from __future__ import annotations

from sqlalchemy import select

from actions.community.common import when_text
from actions.community.events import cancel, for_whom, short_when, title_words
from actions.core.args import fetch
from actions.core.context import Context
from actions.core.registry import on
from actions.core.safety import speaking
from actions.core.texts import Button
from actions.db.community_life import EventOccurrence, EventSignup
from nlu import normalize


def _my_coming(ctx: Context) -> list[EventSignup]:
    """The coming sign-ups of the writer, or of the elder a family member speaks of (我妈)."""
    return list(ctx.session.scalars(
        select(EventSignup).join(EventOccurrence)
        .where(EventSignup.person_id == for_whom(ctx).id, EventSignup.status != "cancelled",
               EventOccurrence.starts_at > ctx.now).order_by(EventOccurrence.starts_at)))


@on("my_events")
def my_events(ctx: Context) -> None:
    """/my_events: my coming signups, each with a cancel button."""
    _listing(ctx, cancelling=False)


def _listing(ctx: Context, *, cancelling: bool) -> None:
    """My coming signups with cancel buttons; when the question is which to cancel, typing a
    title presses its button."""
    mine = _my_coming(ctx)
    if not mine:
        ctx.reply("events_mine_none")
        return
    lines = [ctx.t("events_mine_line", when=when_text(s.occurrence.starts_at, ctx.settings.tz),
                   title=s.occurrence.event.title,
                   status=ctx.t("events_status_waiting" if s.status == "waiting"
                                else "events_status_going")) for s in mine]
    rows = [[Button(ctx.t("button_event_cancel_one", title=s.occurrence.event.title,
                          when=short_when(ctx, s.occurrence)), f"/ev_cancel:{s.id}",
                    title_words(s.occurrence.event.title) if cancelling else "")]
            for s in mine]
    ctx.reply("events_mine", lines="\n".join(lines), buttons=rows)


@on("cancel_event")
def cancel_in_words(ctx: Context) -> None:
    """包饺子那个我去不了了: the one coming signup the words name is cancelled; else my list."""
    mine = _my_coming(ctx)
    named = [s for s in mine if _names(normalize(ctx.text), s.occurrence.event.title)]
    if not named and len(mine) == 1:  # 取消报名 / 我不想去了, with one sign-up coming
        named = mine
    if len(named) == 1:
        _cancel(ctx, named[0])
    else:
        _listing(ctx, cancelling=True)


def _names(text: str, title: str) -> bool:
    """Whether the words name the event: its title, or two characters of it in a row."""
    return title in text or any(title[i:i + 2] in text for i in range(len(title) - 1))


@on("ev_cancel")
def cancel_button(ctx: Context) -> None:
    """Cancel my own signup; whoever moves up from the waiting list is told."""
    signup = fetch(ctx.session, EventSignup, ctx.args)
    if signup is None or signup.status == "cancelled" or signup.person_id not in (
            ctx.person.id, getattr(speaking(ctx).about, "id", None)):
        ctx.reply("events_nothing_to_cancel")
        return
    _cancel(ctx, signup)


def _cancel(ctx: Context, signup: EventSignup) -> None:
    occurrence = signup.occurrence
    for moved in cancel(ctx.session, signup=signup):
        ctx.notify_person(moved.person, ctx.t(
            "events_moved_up", title=occurrence.event.title, place=occurrence.event.place,
            when=when_text(occurrence.starts_at, ctx.settings.tz)))
    ctx.reply("events_cancelled", title=occurrence.event.title)
