"""The community of a chaos run and the residents the bench plays: the database's cast, scripted
conversations with a known effect, elders answering the check-in."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from actions.core.seed import seed_demo
from actions.db import make_engine, make_session_factory, session_scope
from actions.db.checkins import CheckinEnrolment
from actions.db.community import GroupChat, Resident
from actions.db.migrate import upgrade
from bench.chaoslib.plan import FIRST_TG_ID, REPLY_WAIT, TZ, Plan
from tests.factories import make_canteen_menu, make_elder, make_resident
from tests.peers.botapi.client import Person


# -- the community ------------------------------------------------------------------------------
@dataclass
class Cast:
    """Who takes part: telegram ids by role, and the database ids of residents."""

    talkers: dict[str, list[int]]  # kind -> telegram ids
    elders: list[int]
    everyone: list[int]  # every private chat the bot may write to (peer users)
    groups: dict[int, str]
    booking_day: date
    round_at: datetime  # the elders' check-in time (UTC)


def next_open_day(today: date) -> date:
    """A weekday at least two days ahead (the canteen is closed at weekends)."""
    day = today + timedelta(days=2)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def prepare_database(url: str, plan: Plan, data_dir: Path, round_lead: float) -> Cast:
    """Migrate, seed the demo, register the bench's residents and elders, enrol the elders."""
    upgrade(url)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    now = datetime.now(UTC)
    local = now.astimezone(TZ)
    # the check-in time: a whole minute at least `round_lead` seconds ahead
    at = (local + timedelta(seconds=round_lead + 59)).replace(second=0, microsecond=0)
    booking_day = next_open_day(local.date())
    ids = iter(range(FIRST_TG_ID, FIRST_TG_ID + 10_000))
    talkers: dict[str, list[int]] = {}
    with session_scope(sessions) as session:
        seed_demo(session, data_dir=data_dir, now=now)
        make_canteen_menu(session, day=booking_day)
        for kind in ("greeting", "repair", "booking", "letter"):
            talkers[kind] = []
            for n in range(plan.talkers):
                tg = next(ids)
                make_resident(session, name=f"居民{tg % 10000}", building=str(1 + n % 11),
                              unit=str(1 + n % 3), room=f"{1 + n % 6}0{1 + n % 2}",
                              telegram_id=tg)
                talkers[kind].append(tg)
        elders = []
        for n in range(plan.elders):
            tg = next(ids)
            elder = make_elder(session, name=f"老人{tg % 10000}", building=str(1 + n % 11),
                               unit=str(1 + n % 3), room=f"{1 + n % 6}0{1 + n % 2}",
                               telegram_id=tg)
            session.add(CheckinEnrolment(community_id=elder.community_id, elder_id=elder.id,
                                         checkin_time=at.strftime("%H:%M"),
                                         created_at=now - timedelta(hours=1)))
            elders.append(tg)
        quiet = [next(ids) for _ in range(max(0, plan.broadcast - sum(map(len,
                                                                          talkers.values()))))]
        for tg in quiet:
            make_resident(session, name=f"邻居{tg % 10000}", telegram_id=tg)
        everyone = [tg for tg, in session.execute(
            select(Resident.telegram_id).where(Resident.telegram_id.is_not(None)))]
        groups = {g.chat_id: g.title for g in session.scalars(select(GroupChat))}
    engine.dispose()
    return Cast(talkers, elders, everyone, groups, booking_day, at.astimezone(UTC))


# -- residents ---------------------------------------------------------------------------------
class Stuck(Exception):
    """A resident waited in vain."""


async def wait_for(person: Person, want: Callable[[dict[str, Any]], bool],
                   timeout: float = REPLY_WAIT) -> dict[str, Any]:
    """The first message after the person's cursor that `want`s; moves the cursor past it."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise Stuck(f"{person.id}: no answer in {timeout:.0f}s")
        records, _ = await person.peer.messages(person.token, person.chat_id,
                                                since=person.cursor, count=1,
                                                wait=min(left, 10.0))
        for record in records:
            person.cursor = record["seq"]
            if want(record):
                return record


def has_button(label: str) -> Callable[[dict[str, Any]], bool]:
    """A message offering a button with this label."""
    def test(record: dict[str, Any]) -> bool:
        markup = record.get("reply_markup") or {}
        return any(b.get("text") == label for row in markup.get("inline_keyboard", [])
                   for b in row)
    return test


def says(fragment: str) -> Callable[[dict[str, Any]], bool]:
    """A message whose text contains `fragment`."""
    return lambda record: fragment in str(record.get("text", ""))


async def converse(person: Person, steps: list[tuple[str, str, Callable[[dict[str, Any]], bool]]],
                   rng: random.Random, arrived: asyncio.Event) -> None:
    """Say or press, then wait for the expected answer, step by step."""
    last: dict[str, Any] | None = None
    for action, what, expect in steps:
        await asyncio.sleep(rng.uniform(0.3, 2.5))  # reading and typing
        if action == "say":
            await person.say(what)
        else:
            assert last is not None
            await person.press(last, label=what)
        arrived.set()
        last = await wait_for(person, expect)


def script(kind: str, booking_day: date) -> list[tuple[str, str, Callable[[dict[str, Any]],
                                                                               bool]]]:
    """A conversation with a known effect in the database."""
    if kind == "greeting":
        return [("say", "你好", says("您好")), ("say", "物业电话多少", says("何经理"))]
    if kind == "repair":  # one ticket
        return [("say", "我家厨房水管漏水了", has_button("确认")),
                ("press", "确认", says("报修登记好了"))]
    if kind == "booking":  # one booking
        day = f"{booking_day.month}月{booking_day.day}日"
        return [("say", f"{day}中午订一份", has_button("确认")),
                ("press", "确认", says("订好了"))]
    if kind == "letter":  # one letter
        return [("say", "建议在小区大门口放几张长椅，老人走累了能歇歇脚", has_button("匿名")),
                ("press", "匿名", says("收到了"))]
    raise ValueError(kind)


async def elder_answers(person: Person, rng: random.Random, pressed: set[int],
                        arrived: asyncio.Event) -> None:
    """Wait for the check-in, press 平安, wait for the thanks."""
    checkin = await wait_for(person, has_button("平安"), timeout=REPLY_WAIT + 180)
    await asyncio.sleep(rng.uniform(0.5, 6.0))
    await person.press(checkin, label="平安")
    arrived.set()
    pressed.add(person.id)
    await wait_for(person, lambda record: True)
