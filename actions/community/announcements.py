"""Announcements (通知公告): staff compose one for the community, a grid or a building; at the
chosen time it goes to the target's group chats as ONE message each (Telegram allows 20 messages
a minute per group: a long text is never split) and, optionally, privately to each resident.

Delivery is the outbox's job (rate limits, retries with backoff, giving up). Here we record which
outbox rows carry an announcement, so its delivery log is those rows' state, and once every row
is sent or given up the author hears how it went, failures included.
"""

from __future__ import annotations

import re
from contextlib import suppress
from datetime import datetime, timedelta

from sqlalchemy import select

from actions.community.announce_words import said_announcement
from actions.community.common import (
    Target,
    community_of,
    parse_target,
    parse_when,
    target_chats,
    target_of,
    target_residents,
    when_text,
)
from actions.core.args import fetch
from actions.core.context import Context, Tick
from actions.core.dialogue import open_form
from actions.core.errors import Invalid, LinliError, Refused
from actions.core.forms import Form, Slot, Slots
from actions.core.outbox import queue_message
from actions.core.people import audit, has_role, require_role
from actions.core.registry import form, job, on
from actions.core.texts import Button, Keyboard, localize
from actions.db.community import Building, Community, Grid, GroupChat, Resident
from actions.db.community_life import Announcement, AnnouncementDelivery
from actions.db.conversation import OutboxMessage
from nlu import normalize

MAX_TEXT = 3500  # one Telegram message holds 4096 characters, with room for the header
REPORT_AFTER = timedelta(hours=6)  # report even if some deliveries are still being retried


def require_may_announce(ctx: Context, target: Target) -> None:
    """The community needs an admin; a grid or building its grid worker (or grid leader)."""
    if target.scope == "community":
        require_role(ctx.session, person_id=ctx.person.id, community_id=community_of(ctx),
                     roles=["admin"])
    else:
        require_role(ctx.session, person_id=ctx.person.id, community_id=community_of(ctx),
                     roles=["grid_worker", "grid_leader"], grid_id=target.grid_id)


def send(tick: Tick, announcement: Announcement) -> int:
    """Queue the announcement to every chat of its target (once each); returns how many."""
    target = target_of(scope=announcement.scope, grid_id=announcement.grid_id,
                       building_id=announcement.building_id, session=tick.session)
    community = tick.session.get_one(Community, announcement.community_id)
    text = tick.t("ann_message", text=announcement.text, community=community.name)
    queued = 0
    for chat in target_chats(tick.session, community_id=community.id, target=target):
        queued += _deliver(tick, announcement, chat.chat_id, text, None)
    if announcement.private:
        for person in target_residents(tick.session, community_id=community.id, target=target):
            if person.telegram_id is not None:
                queued += _deliver(tick, announcement, person.telegram_id,
                                   localize(text, traditional=person.traditional), person.id)
    announcement.status, announcement.sent_at = "sent", tick.now
    return queued


def _deliver(tick: Tick, announcement: Announcement, chat_id: int, text: str,
             person_id: int | None) -> int:
    msg = queue_message(tick.session, chat_id=chat_id, text=text, now=tick.now,
                        dedupe_key=f"ann:{announcement.id}:{chat_id}")
    if msg is None:
        return 0
    tick.session.add(AnnouncementDelivery(announcement_id=announcement.id, outbox_id=msg.id,
                                          chat_id=chat_id, person_id=person_id))
    return 1


@job("announcements_send")
def send_due(tick: Tick) -> None:
    """Send scheduled announcements whose time has come."""
    due = tick.session.scalars(select(Announcement).where(
        Announcement.status == "scheduled", Announcement.send_at <= tick.now)
        .order_by(Announcement.send_at).with_for_update(skip_locked=True))
    for announcement in due:
        send(tick, announcement)


def delivery_log(tick: Tick, announcement: Announcement) -> list[tuple[AnnouncementDelivery,
                                                                       OutboxMessage]]:
    """Each delivery of an announcement with its outbox row (sent_at, failed_at, error)."""
    rows = tick.session.execute(
        select(AnnouncementDelivery, OutboxMessage)
        .join(OutboxMessage, OutboxMessage.id == AnnouncementDelivery.outbox_id)
        .where(AnnouncementDelivery.announcement_id == announcement.id)
        .order_by(AnnouncementDelivery.id))
    return [(d, m) for d, m in rows]


@job("announcements_report")
def report(tick: Tick) -> None:
    """When every delivery is sent or given up, tell the author how it went (once)."""
    sent = tick.session.scalars(select(Announcement).where(
        Announcement.status == "sent", Announcement.reported_at.is_(None)))
    for announcement in sent:
        log = delivery_log(tick, announcement)
        pending = [m for _, m in log if m.sent_at is None and m.failed_at is None]
        if pending and tick.now - (announcement.sent_at or tick.now) < REPORT_AFTER:
            continue
        announcement.reported_at = tick.now
        _report(tick, announcement, log)


def _report(tick: Tick, announcement: Announcement,
            log: list[tuple[AnnouncementDelivery, OutboxMessage]]) -> None:
    groups = {g.chat_id: g.title for g in tick.session.scalars(select(GroupChat))}
    failed = [groups.get(d.chat_id, "居民私信") for d, m in log if m.sent_at is None]
    ok_groups = sum(1 for d, m in log if m.sent_at and d.person_id is None)
    ok_people = sum(1 for d, m in log if m.sent_at and d.person_id is not None)
    author = tick.session.get_one(Resident, announcement.created_by)
    key = "ann_report_failed" if failed else "ann_report_ok"
    tick.notify_person(author, tick.t(key, number=announcement.id, groups=ok_groups,
                                      people=ok_people, failed="、".join(sorted(set(failed))),
                                      count=len(failed)),
                       dedupe_key=f"ann-report:{announcement.id}")


# -- composing -------------------------------------------------------------------------------

def _target(ctx: Context, value: str, _slots: Slots) -> dict[str, object]:
    target = parse_target(ctx.session, community_id=community_of(ctx), text=value)
    require_may_announce(ctx, target)
    return {"scope": target.scope, "label": target.label, "grid_id": target.grid_id,
            "building_id": target.building_id}


def _target_buttons(ctx: Context, _slots: Slots) -> Keyboard:
    cid = community_of(ctx)
    grids = ctx.session.scalars(select(Grid.name).where(Grid.community_id == cid)
                                .order_by(Grid.id))
    rows = [[Button(ctx.t("button_target_community"), "=全社区")],
            [Button(g, f"={g}") for g in grids]]
    with_groups = ctx.session.scalars(
        select(Building.number).join(GroupChat, GroupChat.building_id == Building.id)
        .where(GroupChat.community_id == cid, GroupChat.kind == "building")
        .order_by(Building.id).limit(4))
    rows.append([Button(ctx.t("button_target_building", building=n), f"={n}号楼")
                 for n in with_groups])
    return [r for r in rows if r]


def _text(ctx: Context, value: str, _slots: Slots) -> str:
    if len(value) > MAX_TEXT:
        raise Invalid(ctx.t("ann_too_long", max=MAX_TEXT, length=len(value)))
    return value.strip()


def _private(ctx: Context, value: str, _slots: Slots) -> bool:
    words = value.strip()
    if words in ("是", "要", "要的", "好", "都发") or ("私信" in words and "不" not in words):
        return True
    if words in ("否", "不用", "不要", "不") or "群" in words or "不用私信" in words \
            or "不私信" in words:
        return False
    raise Invalid(ctx.t("ann_bad_private"))


def _when(ctx: Context, value: str, _slots: Slots) -> str:
    if re.fullmatch(r"(?:就|那就)?(?:现在|立即|立刻|马上|直接)(?:就)?(?:发|发送|发吧|发出去)?吧?",
                    value.strip()):
        return ctx.now.isoformat()
    moment = parse_when(value, today=ctx.today, tz=ctx.settings.tz, day=ctx.entity("date"))
    if moment is None or moment < ctx.now - timedelta(minutes=1):
        raise Invalid(ctx.t("ann_bad_when"))
    return moment.isoformat()


def _summary(ctx: Context, slots: Slots) -> str:
    target = Target(**{k: v for k, v in slots["target"].items()})
    cid = community_of(ctx)
    chats = target_chats(ctx.session, community_id=cid, target=target)
    people = target_residents(ctx.session, community_id=cid, target=target) \
        if slots["private"] else []
    when = datetime.fromisoformat(slots["when"])
    return ctx.t("ann_summary", target=target.label, text=slots["text"],
                 chats="、".join(c.title for c in chats) or ctx.t("ann_no_groups"),
                 private=ctx.t("ann_private_count", count=len(people)) if people else "",
                 when=ctx.t("ann_now") if when <= ctx.now else when_text(when, ctx.settings.tz))


def _submit(ctx: Context, slots: Slots) -> None:
    target = slots["target"]
    announcement = Announcement(
        community_id=community_of(ctx), scope=target["scope"], grid_id=target["grid_id"],
        building_id=target["building_id"], text=slots["text"], private=slots["private"],
        send_at=datetime.fromisoformat(slots["when"]), created_by=ctx.person.id,
        created_at=ctx.now)
    ctx.session.add(announcement)
    ctx.session.flush()
    audit(ctx.session, actor_id=ctx.person.id, community_id=announcement.community_id,
          now=ctx.now, action="announcement_create", target=f"announcement:{announcement.id}")
    if announcement.send_at <= ctx.now:
        send(ctx, announcement)
        ctx.reply("ann_sent", target=target["label"])
    else:
        ctx.reply("ann_scheduled", target=target["label"], number=announcement.id,
                  when=when_text(announcement.send_at, ctx.settings.tz),
                  buttons=[[Button(ctx.t("button_ann_cancel"), f"/ann_cancel:{announcement.id}")]])


def compose(ctx: Context, *, target: str, text: str, private: bool,
            when: datetime | None) -> None:
    """The /announce form's answers given at once (the staff console): the same checks, audit,
    and sending or scheduling as the chat's 确认."""
    if not text.strip():
        raise Invalid(ctx.t("ann_ask_text"))
    slots: Slots = {"private": private}
    slots["target"] = _target(ctx, target, slots)
    slots["text"] = _text(ctx, text, slots)
    moment = when or ctx.now
    if moment < ctx.now - timedelta(minutes=1):
        raise Invalid(ctx.t("ann_bad_when"))
    slots["when"] = moment.isoformat()
    _submit(ctx, slots)


form(Form(
    name="announce",
    staff=True,
    slots=[Slot("target", "ann_ask_target", validate=_target, buttons=_target_buttons),
           Slot("text", "ann_ask_text", validate=_text),
           Slot("private", "ann_ask_private", validate=_private,
                buttons=lambda ctx, _s: [[Button(ctx.t("button_ann_groups_only"), "=群"),
                                          Button(ctx.t("button_ann_private_too"), "=私信")]]),
           Slot("when", "ann_ask_when", validate=_when,
                buttons=lambda ctx, _s: [[Button(ctx.t("button_ann_now"), "=现在")]])],
    summary=_summary,
    submit=_submit,
    prefill=lambda ctx: _prefill(ctx),
    correct=lambda ctx, slots: _corrected(ctx, slots),
))


def command_slots(ctx: Context, args: str) -> Slots:
    """/announce [3号楼] 明天停水: the text, and its target when the first word names one; an
    admin's text with no target goes to the whole community's groups, now (the read-back
    shows it and takes changes in words); others are asked whom it is for."""
    head, _, rest = args.strip().partition(" ")
    with suppress(LinliError):
        if rest.strip():
            target = _target(ctx, head, {})
            return {"target": target, "text": _text(ctx, rest, {})}
    slots: Slots = {"text": _text(ctx, args, {})}
    if has_role(ctx.session, person_id=ctx.person.id, community_id=community_of(ctx),
                roles=["admin"]):
        slots.update(target=_target(ctx, "全社区", {}), private=False, when=ctx.now.isoformat())
    return slots


# at the read-back: 改成3号楼 / 发给第一网格 / 也私信 / 只发群里 / 明天早上8点发
CHANGE_LEAD = re.compile(r"^(?:不对|不是)?[，,\s]*(?:改成|改为|换成|改到|发给|发到|只发给|给)?")
CHANGE_TAIL = re.compile(r"(?:的?住户|的?居民|的人|群|吧|发)*$")


def _corrected(ctx: Context, slots: Slots) -> bool:
    """Words at the read-back that change whom, how or when (a refusal says why)."""
    words = normalize(ctx.text).strip(" 。！!")
    if ctx.intent == "affirm" or not words or len(words) > 20:
        return False
    bare = CHANGE_TAIL.sub("", CHANGE_LEAD.sub("", words))
    try:
        slots["target"] = _target(ctx, bare, slots)
        return True
    except Refused as exc:
        raise Invalid(exc.render(ctx.texts)) from None
    except Invalid:
        pass
    if "群" in words or "私信" in words:
        with suppress(Invalid):
            slots["private"] = _private(ctx, words, slots)
            return True
    with suppress(Invalid):
        slots["when"] = _when(ctx, words, slots)
        return True
    return False


def _prefill(ctx: Context) -> Slots:
    """/announce 明天停水 gives the text (from an admin: to the whole community's groups, now,
    read back at once; any of it changed in words at the read-back); 通知3号楼住户：明天停水
    the target and the text."""
    if ctx.args.strip():
        return command_slots(ctx, ctx.args)
    if ctx.intent != "announce" or not ctx.text.strip():
        return {}
    slots = said_announcement(ctx, ctx.text)
    if "target" in slots:
        require_may_announce(ctx, Target(**slots["target"]))
    if "text" in slots:
        slots["text"] = _text(ctx, str(slots["text"]), {})
    return slots


@on("announce")
def announce(ctx: Context) -> None:
    """/announce [text]: compose an announcement (staff only); its text when given."""
    require_role(ctx.session, person_id=ctx.person.id, community_id=community_of(ctx),
                 roles=["grid_worker", "grid_leader"])
    open_form(ctx, "announce")


@on("announcements")
def list_announcements(ctx: Context) -> None:
    """/announcements: my recent announcements and how their delivery went."""
    cid = community_of(ctx)
    require_role(ctx.session, person_id=ctx.person.id, community_id=cid,
                 roles=["grid_worker", "grid_leader"])
    mine = list(ctx.session.scalars(select(Announcement).where(
        Announcement.community_id == cid, Announcement.created_by == ctx.person.id)
        .order_by(Announcement.id.desc()).limit(5)))
    if not mine:
        ctx.reply("ann_none")
        return
    lines, rows = [], []
    for a in mine:
        log = delivery_log(ctx, a)
        lines.append(ctx.t("ann_list_line", number=a.id, text=a.text[:16],
                           when=when_text(a.send_at, ctx.settings.tz),
                           status=_status(ctx, a, log)))
        if a.status == "scheduled":
            rows.append([Button(ctx.t("button_ann_cancel_number", number=a.id),
                                f"/ann_cancel:{a.id}")])
    ctx.reply("ann_list", lines="\n".join(lines), buttons=rows or None)


def _status(ctx: Context, announcement: Announcement,
            log: list[tuple[AnnouncementDelivery, OutboxMessage]]) -> str:
    if announcement.status in ("scheduled", "cancelled"):
        return ctx.t(f"ann_status_{announcement.status}")
    return ctx.t("ann_status_delivered", sent=sum(1 for _, m in log if m.sent_at),
                 total=len(log))


@on("ann_cancel")
def cancel(ctx: Context) -> None:
    """Cancel a scheduled announcement before it goes out."""
    found = fetch(ctx.session, Announcement, ctx.args)
    if found is None or found.community_id != community_of(ctx):
        ctx.reply("stale_button")
        return
    target = target_of(scope=found.scope, grid_id=found.grid_id, building_id=found.building_id,
                       session=ctx.session)
    require_may_announce(ctx, target)
    if found.status != "scheduled":
        ctx.reply("ann_cannot_cancel")
        return
    found.status = "cancelled"
    audit(ctx.session, actor_id=ctx.person.id, community_id=found.community_id, now=ctx.now,
          action="announcement_cancel", target=f"announcement:{found.id}")
    ctx.reply("ann_cancelled", number=found.id)
