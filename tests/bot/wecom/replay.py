"""Replays a docs/scripts story over the WeCom peer: staff (people with roles) write from the
WeCom app, everyone else from 微信客服 (bound with an invite code on first appearance, as a real
resident would); [label] is typed, since WeCom has no buttons. The clock of Linli and of the
peer move together; each line waits until the bot has handled and delivered everything."""

from __future__ import annotations

import asyncio
import zlib
from datetime import datetime, timedelta

from sqlalchemy import func, select

from actions.core.people import new_invite_code
from actions.db import session_scope
from actions.db.community import Resident
from actions.db.conversation import InboxItem, OutboxMessage
from actions.db.endpoints import ENDPOINT_BASE
from bot.console import STEP, WAIT
from tests.bot.wecom.conftest import RunningWeCom


class WeComReplay:
    """Plays a script's people over the peer."""

    def __init__(self, running: RunningWeCom) -> None:
        self.running = running
        self.members: dict[str, str] = {}
        self.customers: dict[str, str] = {}

    async def run(self, lines: list[str]) -> None:
        """Replay every line (see bot/console.py for the format). First, as when an office
        sets the channel up, staff are linked to their WeCom accounts and every resident with
        an account binds 微信客服 with an invite code (newcomers just write)."""
        for handle, staff in await asyncio.to_thread(self._people):
            if staff:
                self._member(handle)
            else:
                await self._bind(handle)
        for raw in lines:
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("@at "):
                await self.at(line[4:])
            elif line.startswith("@wait "):
                await self.wait(line[6:])
            else:
                handle, _, text = line.replace("：", ":", 1).partition(":")
                await self.say(handle.strip(), text.strip())

    async def say(self, handle: str, text: str) -> None:
        """A person writes (a [label] is typed as the label)."""
        typed = text[1:-1] if text.startswith("[") and text.endswith("]") else text
        peer = self.running.peer
        if handle in self.members:
            peer.member_says(self.members[handle], typed, wait=False)
        elif await self._is_staff(handle):  # staff made during the story
            self._member(handle)
            peer.member_says(self.members[handle], typed, wait=False)
        else:
            if handle not in self.customers:
                await self._bind(handle)
            peer.customer_says(self.customers[handle], typed, wait=False)
        await self.settle()

    def _member(self, handle: str) -> None:
        self.members[handle] = f"m{zlib.crc32(handle.encode())}"
        self.running.link(handle, self.members[handle])

    async def _bind(self, handle: str) -> None:
        """A resident's first message: the invite code staff gave them (a newcomer has none)."""
        external = self.running.peer.add_customer(f"wm{zlib.crc32(handle.encode())}", handle)
        self.customers[handle] = external
        with session_scope(self.running.linli.sessions) as session:
            person = session.scalar(select(Resident).where(Resident.name == handle))
            code = None
            if person is not None:
                code = person.invite_code = new_invite_code()
        if code is not None:
            self.running.peer.customer_says(external, f"/start {code}", wait=False)
            await self.settle()

    def _people(self) -> list[tuple[str, bool]]:
        with session_scope(self.running.linli.sessions) as session:
            return [(p.name, bool(p.roles)) for p in session.scalars(
                select(Resident).where(Resident.telegram_id.is_not(None)).order_by(Resident.id))
                if p.name]

    async def _is_staff(self, handle: str) -> bool:
        def check() -> bool:
            with session_scope(self.running.linli.sessions) as session:
                person = session.scalar(select(Resident).where(Resident.name == handle))
                return person is not None and bool(person.roles)
        return await asyncio.to_thread(check)

    async def at(self, when: str) -> None:
        """Set both clocks to a community-time moment, then run what is due."""
        linli = self.running.linli
        moment = datetime.strptime(when.strip(), "%Y-%m-%d %H:%M").replace(
            tzinfo=linli.settings.tz)
        await self._move(max(moment - linli.clock.now(), timedelta(0)))

    async def wait(self, span: str) -> None:
        """Move both clocks minute by minute, running due jobs on the way."""
        match = WAIT.match(span.strip())
        assert match, span
        left = int(match.group(1)) * STEP[match.group(2)]
        while left > timedelta(0):
            step = min(left, timedelta(minutes=1))
            await self._move(step)
            left -= step

    async def _move(self, delta: timedelta) -> None:
        self.running.linli.clock.advance(delta)  # type: ignore[attr-defined]
        self.running.peer.advance(delta.total_seconds())
        await asyncio.to_thread(self.running.linli.conversation.run_jobs)
        await self.settle()

    async def settle(self) -> None:
        """Until every callback is delivered, every turn handled, every WeCom message sent."""
        running = self.running

        def waiting() -> tuple[int, int]:
            if not all(d["delivered"] for d in running.peer.deliveries()):
                return 1, 0
            now = running.linli.clock.now()
            with session_scope(running.linli.sessions) as session:
                pending = session.scalar(select(func.count()).select_from(InboxItem).where(
                    InboxItem.status == "pending"))
                due = session.scalar(select(func.count()).select_from(OutboxMessage).where(
                    OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None),
                    OutboxMessage.send_after <= now, OutboxMessage.chat_id >= ENDPOINT_BASE))
            return int(pending or 0), int(due or 0)

        for _ in range(300):
            pending, due = await asyncio.to_thread(waiting)
            if not pending and not due:
                return
            if due:
                running.channel.sender.kick()
            await asyncio.sleep(0.05)
        raise AssertionError(f"not settled: {pending} turns and {due} messages waiting")
