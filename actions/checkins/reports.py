"""What staff read about the check-ins: a daily summary after the round, and on one day a week
a chart (PNG) of each building's answer rate over the last seven evenings.

Each is sent once per community and period (a `JobRun` key), whenever the job first runs after
its time, so a restart neither skips nor repeats it.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from actions.checkins.common import rules_of, staff_chat, who
from actions.core.charts import cjk_font
from actions.core.context import Tick
from actions.core.outbox import queue_message
from actions.core.registry import job
from actions.db.checkins import (
    OPEN_ESCALATION,
    CheckinEnrolment,
    CheckinRound,
    open_escalations,
    rounds_of_day,
)
from actions.db.community import Building, Community, Household, Resident, Unit
from actions.db.conversation import JobRun

EXPECTED = ("sent", "answered", "escalated", "confirmed", "closed", "unreachable", "skipped")


@job("checkin_reports")
def checkin_reports(tick: Tick) -> None:
    """The daily summary (and the weekly chart) of every community with enrolments."""
    ids = tick.session.scalars(select(CheckinEnrolment.community_id).distinct())
    for community_id in list(ids):
        rules = rules_of(tick, community_id)
        day = tick.today
        if tick.now < rules.summary_at(day, tick.settings.tz):
            continue
        if _once(tick, f"checkin_summary:{community_id}:{day.isoformat()}"):
            send_summary(tick, community_id, day)
        if day.isoweekday() == rules.weekly_chart_weekday and \
                _once(tick, f"checkin_chart:{community_id}:{day.isoformat()}"):
            send_chart(tick, community_id, day, Path(rules.chart_dir))


def _once(tick: Tick, key: str) -> bool:
    """Claim a once-per-period key; False when it was claimed before (by any run)."""
    if tick.session.scalar(select(JobRun.id).where(JobRun.key == key)) is not None:
        return False
    try:
        with tick.session.begin_nested():
            tick.session.add(JobRun(key=key, ran_at=tick.now))
    except IntegrityError:
        return False
    return True


def summary_counts(rows: list[CheckinRound]) -> Counter[str]:
    """Answered, reminded, escalated, open, paused, unreachable... of one evening."""
    counts: Counter[str] = Counter()
    for row in rows:
        counts["enrolled"] += 1
        counts[row.status] += 0  # every status shows, even at zero
        if row.answer in ("ok", "unwell", "help", "active", "pause"):
            counts["answered"] += 1
            counts[f"answer_{row.answer}"] += 1
        if row.reminded_at is not None:
            counts["reminded"] += 1
        if row.escalated_at is not None:
            counts["escalated"] += 1
        if row.status in OPEN_ESCALATION or row.status == "sent":
            counts["open"] += 1
        if row.status in ("paused", "unreachable", "skipped"):
            counts[row.status] += 1
    return counts


def send_summary(tick: Tick, community_id: int, day: date) -> None:
    """The evening in numbers, and every escalation still open (any day), to the staff chat."""
    chat = staff_chat(tick, community_id)
    if chat is None:
        return
    rows = rounds_of_day(tick.session, community_id=community_id, day=day)
    still_open = open_escalations(tick.session, community_id=community_id)
    if not rows and not still_open:  # no round that evening (a fresh install): nothing to say
        return
    counts = summary_counts(rows)
    lines = [tick.t("checkin_summary_open_line", name=who(row.elder), day=row.day.isoformat(),
                    state=tick.t("checkin_summary_state_confirmed" if row.status == "confirmed"
                                 else "checkin_state_unconfirmed"))
             for row in still_open]
    text = tick.t("checkin_summary", day=tick.t("date_month_day", month=day.month, day=day.day),
                  enrolled=counts["enrolled"], answered=counts["answered"],
                  ok=counts["answer_ok"] + counts["answer_active"] + counts["answer_pause"],
                  unwell=counts["answer_unwell"], help=counts["answer_help"],
                  reminded=counts["reminded"], escalated=counts["escalated"],
                  open=len(still_open), paused=counts["paused"],
                  unreachable=counts["unreachable"] + counts["skipped"],
                  open_lines="\n".join(lines) if lines else tick.t("checkin_summary_none_open"))
    tick.notify(chat, text, dedupe_key=f"checkin_summary:{community_id}:{day.isoformat()}")


def waiting_tonight(tick: Tick, community_id: int) -> str:
    """Tonight's check-ins sent and not answered yet (before any family is asked): who they
    are and when their families will be; "" when none waits."""
    rows = rounds_of_day(tick.session, community_id=community_id, day=tick.today)
    waiting = [row for row in rows if row.status == "sent"]
    if not waiting:
        return ""
    reminded = tick.t("checkin_waiting_reminded")
    names = "、".join(who(row.elder) + (reminded if row.reminded_at else "") for row in waiting)
    rules = rules_of(tick, community_id)
    escalate = (datetime.combine(tick.today, rules.checkin_time) + rules.escalate_after).time()
    counts = summary_counts(rows)
    return tick.t("checkin_waiting_tonight", enrolled=counts["enrolled"],
                  answered=counts["answered"], count=len(waiting), names=names,
                  at=f"{escalate.hour}:{escalate.minute:02d}")


# -- the weekly chart --------------------------------------------------------------------------
def answer_rates(tick: Tick, community_id: int, last: date) -> dict[str, tuple[int, int]]:
    """Per building: (answered by the elder, check-ins expected) over the 7 days to `last`."""
    query = (select(Building.number, CheckinRound)
             .join(Resident, Resident.id == CheckinRound.elder_id)
             .join(Household, Household.id == Resident.household_id)
             .join(Unit, Unit.id == Household.unit_id)
             .join(Building, Building.id == Unit.building_id)
             .where(CheckinRound.community_id == community_id,
                    CheckinRound.day > last - timedelta(days=7), CheckinRound.day <= last))
    rates: dict[str, tuple[int, int]] = {}
    for number, row in tick.session.execute(query):
        if row.status not in EXPECTED:
            continue
        answered, expected = rates.get(number, (0, 0))
        rates[number] = (answered + (row.answer is not None), expected + 1)
    return dict(sorted(rates.items(), key=lambda kv: (len(kv[0]), kv[0])))


def draw_chart(rates: dict[str, tuple[int, int]], title: str, path: Path) -> Path:
    """A bar chart of answer rates (%) per building, as a PNG (matplotlib, no display), in
    Chinese (a CJK font from a package)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    font = cjk_font()
    labels = [f"{n}号楼" for n in rates]
    values = [100.0 * a / e if e else 0.0 for a, e in rates.values()]
    fig, ax = plt.subplots(figsize=(max(4.0, 0.8 * len(labels) + 2), 3.5), dpi=100)
    bars = ax.bar(labels, values, color=["#2e7d32" if v >= 90 else "#f9a825" if v >= 70
                                         else "#c62828" for v in values])
    for bar, (answered, expected) in zip(bars, rates.values(), strict=True):
        ax.annotate(f"{answered}/{expected}", (bar.get_x() + bar.get_width() / 2,
                                               bar.get_height()),
                    ha="center", va="bottom", fontsize=8)
    ax.set_xticks(range(len(labels)), labels, fontfamily=font)
    ax.set_ylim(0, 110)
    ax.set_ylabel("回复率（%）", fontfamily=font)
    ax.set_title(title, fontfamily=font)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png")
    plt.close(fig)
    return path


def send_chart(tick: Tick, community_id: int, last: date, folder: Path) -> None:
    """The weekly chart image to the staff chat, with the rates in words too."""
    chat = staff_chat(tick, community_id)
    rates = answer_rates(tick, community_id, last)
    if chat is None or not rates:
        return
    first = last - timedelta(days=6)
    community = tick.session.get_one(Community, community_id)
    title = f"平安问候回复率 {first.month}月{first.day}日至{last.month}月{last.day}日"
    path = draw_chart(rates, title,
                      folder.resolve() / f"checkins-{community_id}-{last.isoformat()}.png")
    words = "；".join(tick.t("checkin_report_building_rate", building=n, rate=100 * a // e)
                     for n, (a, e) in rates.items() if e)
    text = tick.t("checkin_weekly_chart", community=community.name,
                  first=tick.t("date_month_day", month=first.month, day=first.day),
                  last=tick.t("date_month_day", month=last.month, day=last.day),
                  rates=words)
    queue_message(tick.session, chat_id=chat, text=text, now=tick.now, photo=str(path),
                  dedupe_key=f"checkin_chart:{community_id}:{last.isoformat()}")
