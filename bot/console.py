"""The console chat: talk to Linli in a terminal, or replay a script of several people.

Script lines:
    王秀英: 楼道灯不亮了          a person writes
    王秀英: [确认]                a person presses a button they were shown (or types it)
    @at 2026-11-18 19:59          set the clock the whole system uses (community time)
    @wait 30m                     move the clock (m / h / d), running every job due on the way
    # comment                     ignored
Every message anyone receives is printed, so a flow between residents and staff reads as a play.
"""

from __future__ import annotations

import itertools
import re
import sys
import time
import zlib
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.core.clock import ManualClock
from actions.core.outbox import mark_sent, pending_messages
from actions.core.pipeline import Incoming
from actions.core.texts import Button, keyboard_from_json
from actions.db import session_scope
from actions.db.community import GroupChat, Resident
from bot.wiring import Linli

WAIT = re.compile(r"^(\d+)\s*([mhd])$")
STEP = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}


class ConsoleChat:
    """Plays people in a console and prints what each of them receives."""

    def __init__(self, linli: Linli, out: TextIO = sys.stdout) -> None:
        self.linli = linli
        self.out = out
        self._updates = itertools.count(time.time_ns() // 1000)
        self._shown: dict[int, list[Button]] = {}

    # -- people --------------------------------------------------------------------------
    def telegram_id(self, handle: str) -> int:
        """The account of a demo person, or a stable new one for a newcomer."""
        with session_scope(self.linli.sessions) as session:
            found = session.scalar(select(Resident.telegram_id).where(
                Resident.name == handle, Resident.telegram_id.is_not(None)))
        return int(found) if found else 700_000_000 + zlib.crc32(handle.encode()) % 10_000_000

    # -- one line --------------------------------------------------------------------------
    def say(self, handle: str, text: str) -> None:
        """A person writes text, or presses a button written as [label]."""
        user_id = self.telegram_id(handle)
        self.out.write(f"{handle} ▸ {text}\n")
        label = text[1:-1] if text.startswith("[") and text.endswith("]") else None
        data = self._button(user_id, label) if label else None
        chat_id = user_id
        if data is not None:
            chat_id, data_str = data
            incoming = Incoming("console", user_id, chat_id, handle, next(self._updates),
                                button=data_str)
        else:
            incoming = Incoming("console", user_id, chat_id, handle, next(self._updates),
                                text=label or text)
        self.linli.conversation.handle(incoming)
        self.deliver()

    def _button(self, user_id: int, label: str) -> tuple[int, str] | None:
        """Find the button among what this person was shown last (own chat, then groups)."""
        for chat_id in [user_id, *self._staff_groups(user_id)]:
            for button in self._shown.get(chat_id, []):
                if button.label == label:
                    return chat_id, button.data
        return None

    def _staff_groups(self, user_id: int) -> list[int]:
        with session_scope(self.linli.sessions) as session:
            person = session.scalar(select(Resident).where(Resident.telegram_id == user_id))
            if person is None or not person.roles:
                return []
            return list(session.scalars(select(GroupChat.chat_id).where(
                GroupChat.community_id.in_({r.community_id for r in person.roles}))))

    # -- the clock -------------------------------------------------------------------------
    def at(self, when: str) -> None:
        """Set the clock to a community-time moment (YYYY-MM-DD HH:MM)."""
        clock = self._manual_clock()
        local = datetime.strptime(when.strip(), "%Y-%m-%d %H:%M")
        clock.set(local.replace(tzinfo=self.linli.settings.tz))
        self.out.write(f"— {when.strip()} —\n")
        self.tick()

    def wait(self, span: str) -> None:
        """Move the clock forward minute by minute, running due jobs on the way."""
        clock = self._manual_clock()
        match = WAIT.match(span.strip())
        if not match:
            raise ValueError(f"@wait takes e.g. 30m, 2h, 1d: {span!r}")
        end = clock.now() + int(match.group(1)) * STEP[match.group(2)]
        while clock.now() < end:
            clock.advance(min(timedelta(minutes=1), end - clock.now()))
            self.tick()
        local = clock.now().astimezone(self.linli.settings.tz)
        self.out.write(f"— {local:%Y-%m-%d %H:%M} —\n")

    def tick(self) -> None:
        """Run scheduled jobs (and turns due for a retry) at the current time and print what
        they sent."""
        self.linli.conversation.process()
        self.linli.conversation.run_jobs()
        self.deliver()

    def _manual_clock(self) -> ManualClock:
        clock = self.linli.clock
        if not isinstance(clock, ManualClock):
            raise ValueError("@at / @wait need a script run (the clock is the real one)")
        return clock

    # -- delivery ---------------------------------------------------------------------------
    def deliver(self) -> None:
        """Print every pending outbox message as the person or group that receives it."""
        with session_scope(self.linli.sessions) as session:
            now = self.linli.clock.now()
            names = self._chat_names(session)
            for msg in pending_messages(session, now=now):
                who = names.get(msg.chat_id, str(msg.chat_id))
                text = f"[照片] {msg.text}" if msg.photo else msg.text
                self.out.write(_render(who, text, keyboard_from_json(msg.buttons)))
                buttons = [b for row in keyboard_from_json(msg.buttons) for b in row]
                if buttons:
                    self._shown[msg.chat_id] = buttons
                mark_sent(msg, now=now)

    def _chat_names(self, session: Session) -> dict[int, str]:
        names = {r.telegram_id: r.label() for r in session.scalars(
            select(Resident).where(Resident.telegram_id.is_not(None))) if r.telegram_id}
        names.update({g.chat_id: f"[{g.title}]" for g in session.scalars(select(GroupChat))})
        return names

    # -- scripts -----------------------------------------------------------------------------
    def run_script(self, lines: Iterable[str]) -> None:
        """Replay a script (see the module docstring)."""
        for number, raw in enumerate(lines, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("@at "):
                self.at(line[4:])
            elif line.startswith("@wait "):
                self.wait(line[6:])
            elif ":" in line or "：" in line:
                # the name ends at the first colon of either width; later ones are the text's
                cut = min(i for i in (line.find(":"), line.find("：")) if i >= 0)
                self.say(line[:cut].strip(), line[cut + 1:].strip())
            else:
                raise ValueError(f"script line {number}: expected 'name: text', @at or @wait")


def _render(who: str, text: str, keyboard: list[list[Button]]) -> str:
    lines = text.splitlines() or [""]
    out = f"  ◂ {who} | {lines[0]}\n"
    out += "".join(f"  {' ' * len(who)}   | {line}\n" for line in lines[1:])
    for row in keyboard:
        out += "      " + " ".join(f"[{b.label}]" for b in row) + "\n"
    return out
