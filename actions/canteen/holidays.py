"""Telling staff, weeks ahead, that the holiday calendar does not know next year yet.

`chinese_calendar` learns a year's public holidays and make-up workdays from the State
Council's notice, published each November, in a release that follows it. Until the installed
release knows the year the canteen books and plans into, the canteen opens by weekday alone
(`Rules.closed_reason`), open on the Spring Festival's weekdays: staff must hear of it while
they can still list the closed days in data/canteen.yml.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
from sqlalchemy import select

from actions.canteen.rules import load_rules
from actions.core.context import Tick
from actions.core.people import staff_chat_for
from actions.core.registry import job
from actions.db.community import Community
from actions.db.conversation import JobRun

AHEAD = timedelta(days=30)  # booking windows and menus reach a week or two ahead


def calendar_knows(year: int) -> bool:
    """Whether the installed calendar has the year's holidays."""
    try:
        chinese_calendar.is_holiday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@job("canteen_holidays_unknown")
def warn_unknown_holidays(tick: Tick) -> None:
    """Once a community and year: the year that starts within 30 days has no holidays yet."""
    year = (tick.today + AHEAD).year
    if year == tick.today.year or calendar_knows(year):
        return  # the usual minute: no query at all
    rules = load_rules(tick.settings.data_dir)
    communities = [c for c in tick.session.scalars(select(Community))
                   if c.name in rules and rules[c.name].public_holidays
                   and not any(d.year == year for d in rules[c.name].closed_dates)]
    keys = {c.id: f"canteen-holidays-unknown:{c.id}:{year}" for c in communities}
    done = set(tick.session.scalars(select(JobRun.key).where(JobRun.key.in_(keys.values()))))
    for community in communities:
        key = keys[community.id]
        if key in done:
            continue
        chat = staff_chat_for(tick.session, community_id=community.id,
                              configured=tick.settings.staff_chat_id)
        if chat is not None:
            tick.notify(chat, tick.t("canteen_holidays_unknown_staff", year=year,
                                     name=rules[community.name].name), dedupe_key=key)
        tick.session.add(JobRun(key=key, ran_at=tick.now))
