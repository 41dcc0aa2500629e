"""Delivers the outbox rows of WeCom endpoints: app messages to members, 微信客服 replies to
residents, group robot notices. Each row is planned (in a transaction) against its channel's
`Capabilities`, then sent, then recorded.

Limits are counted from the outbox itself (messages sent to the chat in the last minute and
hour, `parts` each), so a restart or a second process never forgets them:
- app messages: 30 a minute and 1000 an hour per member (WeCom silently drops the excess, so
  the row waits instead);
- group robots: 20 a minute per robot (the row waits);
- 微信客服: within 48 hours of the resident's last message and 5 replies at most; outside
  that window the row is routed to a person who can call (bot/wecom/routing.py).

What a failed send becomes:

    WeComError
     ├── 45009 (limited) .............. transient: retried later with backoff
     ├── 95001 / 95002 (kf window) .... routed to a person, like a closed window
     └── anything else ................ permanent: staff are told (who, why; no content)
    httpx.HTTPError ................... transient (backoff, given up after MAX_ATTEMPTS)
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from actions.core.outbox import mark_attempt_failed, mark_sent, queue_message
from actions.core.people import staff_chat_for
from actions.core.state import shown_numbered
from actions.db import session_scope
from actions.db.community import Resident
from actions.db.conversation import OutboxMessage
from actions.db.endpoints import ENDPOINT_BASE, Endpoint
from bot.channels import BY_CHANNEL, Capabilities, choices_text, fit_text
from bot.runs import Runs
from bot.wecom.api import Json, WeComApi, WeComError
from bot.wecom.routing import route_to_person, window_open
from bot.wecom.settings import WeComSettings
from bot.wiring import Linli

log = logging.getLogger(__name__)

WINDOW_CODES = {95001, 95002}
BATCH = 100


@dataclass(frozen=True)
class Job:
    """A row to send, detached from the database."""

    id: int
    chat_id: int
    channel: str
    address: str
    person_id: int | None
    text: str
    buttons: list[Any]
    photo: str | None
    voice: str | None


@dataclass(frozen=True)
class Result:
    """What became of a job."""

    parts: int = 0
    error: WeComError | Exception | None = None


@dataclass
class _Plan:
    jobs: list[Job] = field(default_factory=list)
    held: set[int] = field(default_factory=set)  # chats that wait: later rows wait too
    used: dict[int, int] = field(default_factory=dict)  # parts planned in this run


class WeComSender:
    """Sends due rows of WeCom endpoints; `kick()` asks for a run, `deliver()` does one."""

    def __init__(self, linli: Linli, settings: WeComSettings, *, app: WeComApi,
                 kf: WeComApi | None) -> None:
        self.linli, self.settings = linli, settings
        self.app, self.kf = app, kf
        self.texts = linli.conversation.texts
        self._lock = asyncio.Lock()
        self._runs = Runs(self.deliver, "a WeCom delivery run")

    def kick(self) -> None:
        """Ask for a delivery run soon."""
        self._runs.kick()

    async def close(self) -> None:
        """Let a running delivery finish."""
        await self._runs.close()

    async def deliver(self) -> int:
        """Send what is due now; how many rows were sent."""
        async with self._lock:
            jobs = await asyncio.to_thread(self._plan)
            sent = 0
            for job in jobs:
                result = await self._send(job)
                await asyncio.to_thread(self._record, job, result)
                sent += result.error is None
            return sent

    # -- planning (a transaction) --------------------------------------------------------------
    def _plan(self) -> list[Job]:
        now = self.linli.clock.now()
        plan = _Plan()
        with session_scope(self.linli.sessions) as session:
            rows = session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None),
                       OutboxMessage.send_after <= now, OutboxMessage.chat_id >= ENDPOINT_BASE)
                .order_by(OutboxMessage.id).limit(BATCH))
            for msg in rows:
                if msg.chat_id not in plan.held:
                    self._plan_one(session, msg, plan, now)
        return plan.jobs

    def _plan_one(self, session: Session, msg: OutboxMessage, plan: _Plan,
                  now: datetime) -> None:
        endpoint = session.get(Endpoint, msg.chat_id - ENDPOINT_BASE)
        if endpoint is None or endpoint.channel not in BY_CHANNEL:
            mark_attempt_failed(msg, now=now, error="no such WeCom endpoint", permanent=True)
            return
        caps = BY_CHANNEL[endpoint.channel]
        if caps.reply_window is not None:
            replies = endpoint.replies_since_inbound + plan.used.get(msg.chat_id, 0)
            if not window_open(endpoint.last_inbound_at, replies, now):
                self._reroute(session, msg, endpoint, now)
                return
        parts = self._parts(msg, caps)
        planned = plan.used.get(msg.chat_id, 0) + parts
        wait = self._wait(session, msg.chat_id, caps, planned, now)
        if wait is not None:
            msg.send_after = wait
            plan.held.add(msg.chat_id)
            return
        plan.used[msg.chat_id] = planned
        plan.jobs.append(Job(msg.id, msg.chat_id, endpoint.channel, endpoint.address,
                             endpoint.person_id, msg.text, list(msg.buttons or []), msg.photo,
                             msg.voice))

    def _parts(self, msg: OutboxMessage, caps: Capabilities) -> int:
        text = choices_text(msg.text, list(msg.buttons or []), self.texts)
        media = bool(msg.photo and caps.photos) + bool(msg.voice and caps.voice)
        return len(fit_text(text, caps.max_text)) + media

    @staticmethod
    def _wait(session: Session, chat_id: int, caps: Capabilities, planned: int,
              now: datetime) -> datetime | None:
        """When the chat may get the next message (None: now), by its per-minute and
        per-hour limits, counting what was sent and what this run plans (this row too)."""
        for limit, window in ((caps.per_minute, timedelta(minutes=1)),
                              (caps.per_hour, timedelta(hours=1))):
            if limit is None:
                continue
            used = session.scalar(select(func.coalesce(func.sum(
                func.coalesce(OutboxMessage.parts, 1)), 0)).where(
                OutboxMessage.chat_id == chat_id, OutboxMessage.sent_at > now - window))
            if int(used or 0) + planned > limit:
                oldest = session.scalar(select(func.min(OutboxMessage.sent_at)).where(
                    OutboxMessage.chat_id == chat_id, OutboxMessage.sent_at > now - window))
                return (oldest or now) + window + timedelta(seconds=1)
        return None

    def _reroute(self, session: Session, msg: OutboxMessage, endpoint: Endpoint,
                 now: datetime) -> None:
        """The resident cannot be reached here now: someone calls them instead."""
        person = session.get(Resident, endpoint.person_id) if endpoint.person_id else None
        mark_attempt_failed(msg, now=now, permanent=True,
                            error=self.texts.render("window_closed_why"))
        if not route_to_person(session, msg, person, self.texts, now=now,
                               configured_staff=self.linli.settings.staff_chat_id):
            log.error("outbox message %s: 微信客服 window closed and nobody to call", msg.id)

    # -- sending ---------------------------------------------------------------------------
    async def _send(self, job: Job) -> Result:
        caps = BY_CHANNEL[job.channel]
        text = job.text if caps.buttons else choices_text(job.text, job.buttons, self.texts)
        if job.channel == "wecom_robot" and job.buttons:  # nobody can answer a robot
            text = "\n".join([job.text, self.texts.render("robot_act_in_app")])
        bodies: list[Json] = []
        try:
            if job.photo and caps.photos:
                bodies += await self._media_bodies(job, "image", job.photo)
            if job.voice and caps.voice:
                bodies += await self._media_bodies(job, "voice", job.voice)
            bodies += [{"msgtype": "text", "text": {"content": part}}
                       for part in fit_text(text, caps.max_text) if part.strip()]
            for body in bodies:
                await self._post(job, body)
        except (WeComError, httpx.HTTPError) as exc:
            log.warning("WeCom send of outbox message %s failed: %s", job.id, exc)
            return Result(error=exc)
        return Result(parts=len(bodies))

    async def _post(self, job: Job, body: Json) -> None:
        if job.channel == "wecom_app":
            await self.app.post("message/send", {"touser": job.address,
                                                 "agentid": self.settings.agent_id, **body})
        elif job.channel == "wecom_kf":
            await self._kf().post("kf/send_msg", {"touser": job.address,
                                                  "open_kfid": self.settings.kf_open_kfid,
                                                  **body})
        else:
            await self.app.webhook(job.address, body)

    def _kf(self) -> WeComApi:
        if self.kf is None:
            raise WeComError(95000, "WECOM_KF_OPEN_KFID is not set")
        return self.kf

    async def _media_bodies(self, job: Job, kind: str, ref: str) -> list[Json]:
        """The message carrying a photo or a voice message (none when it cannot be fetched)."""
        data = await self._fetch(ref)
        if data is None:
            log.warning("outbox message %s: %s %r cannot be passed on to WeCom", job.id, kind,
                        ref[:40])
            return []
        if job.channel == "wecom_robot":
            return [{"msgtype": "image", "image": {
                "base64": base64.b64encode(data).decode(),
                "md5": hashlib.md5(data).hexdigest()}}]  # noqa: S324 (WeCom's checksum)
        api = self.app if job.channel == "wecom_app" else self._kf()
        name = "photo.jpg" if kind == "image" else "voice.amr"
        media_id = await api.upload(kind, name, data)
        return [{"msgtype": kind, kind: {"media_id": media_id}}]

    async def _fetch(self, ref: str) -> bytes | None:
        """The bytes of a media reference: wecom_app:<id>, wecom_kf:<id> or a URL."""
        source, _, media_id = ref.partition(":")
        if source == "wecom_app":
            return (await self.app.media(media_id))[0]
        if source == "wecom_kf":
            return (await self._kf().media(media_id))[0]
        if source in ("http", "https"):
            return await self.app.download(ref)
        return None  # another messenger's file id (e.g. Telegram's)

    # -- recording (a transaction) -----------------------------------------------------------
    def _record(self, job: Job, result: Result) -> None:
        now = self.linli.clock.now()
        with session_scope(self.linli.sessions) as session:
            msg = session.get(OutboxMessage, job.id)
            if msg is None:
                return
            if result.error is None:
                self._sent(session, msg, job, result, now)
            else:
                self._failed(session, msg, job, result.error, now)

    def _sent(self, session: Session, msg: OutboxMessage, job: Job, result: Result,
              now: datetime) -> None:
        mark_sent(msg, now=now)
        msg.parts = max(result.parts, 1)
        endpoint = session.get(Endpoint, job.chat_id - ENDPOINT_BASE)
        if endpoint is not None and job.channel == "wecom_kf":
            endpoint.replies_since_inbound += msg.parts
        if job.buttons and job.person_id is not None:
            shown_numbered(session, person_id=job.person_id, chat_id=job.chat_id,
                           buttons=job.buttons, now=now)

    def _failed(self, session: Session, msg: OutboxMessage, job: Job,
                error: Exception, now: datetime) -> None:
        if isinstance(error, WeComError) and error.errcode in WINDOW_CODES:
            endpoint = session.get(Endpoint, job.chat_id - ENDPOINT_BASE)
            if endpoint is not None:
                self._reroute(session, msg, endpoint, now)
                return
        permanent = isinstance(error, WeComError) and not error.limited
        if mark_attempt_failed(msg, now=now, error=str(error), permanent=permanent):
            self._report(session, msg, job, error, now)

    def _report(self, session: Session, msg: OutboxMessage, job: Job, error: Exception,
                now: datetime) -> None:
        """Tell staff once that a message was given up (who, why; no content)."""
        person = session.get(Resident, job.person_id) if job.person_id else None
        staff = staff_chat_for(session, community_id=person.community_id if person else None,
                               configured=self.linli.settings.staff_chat_id)
        if staff is None or staff == job.chat_id:
            log.error("no staff chat to report undeliverable message %s to", msg.id)
            return
        code = error.errcode if isinstance(error, WeComError) else type(error).__name__
        why = self.texts.render("delivery_why_wecom_rejected", code=code)
        who = person.label() if person else self.texts.render(
            "delivery_who_unknown", chat_id=job.address)
        queue_message(session, chat_id=staff, now=now, dedupe_key=f"undeliverable:{msg.id}",
                      text=self.texts.render("delivery_failed_staff", who=who, why=why,
                                             count=1, ids=f"#{msg.id}"))
