"""The red mailbox (feedback): suggestions, complaints and proposals to the community.

received (已收到) -> in_progress (处理中) -> answered (已答复). Anonymous when the resident asks
(staff never see the name; the answer still reaches the writer). Staff press 回复 and their next
message in that chat is the answer (a one-slot form). The answer is due within 3 working days
(China's holiday calendar); when missed, the admin hears about it once. A suggestion (建议)
also offers staff 发起议事: it opens the vote_new form of
actions.community.deliberation_opening with the letter's words as the question (`proposal`).
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, time, timedelta

import chinese_calendar
from sqlalchemy import func, select

from actions.core.args import fetch
from actions.core.context import Context, Tick
from actions.core.dialogue import open_form
from actions.core.errors import Invalid
from actions.core.forms import Form, Slot, Slots
from actions.core.people import audit, require_role, staff_chat_for, staff_with_role
from actions.core.registry import answer_rule, form, job, on
from actions.core.reply_words import says_bare_no
from actions.core.texts import Button, Keyboard
from actions.db.community import Resident
from actions.db.mailbox import MailboxItem
from actions.db.sequences import take_number
from actions.mailbox_asked import ASKS_AFTER, new_matter
from nlu import normalize
from nlu.lexicon import APPEAL_AGAIN

log = logging.getLogger(__name__)

ANSWER_WORKING_DAYS = 3
PREFIX = "XX"
# 怕得罪人 / 怕邻居知道 / 都是邻居怕闹僵了: afraid of being known, so no name
AFRAID = (r"怕(?:得罪|闹僵|闹翻|闹矛盾|结仇|伤和气|撕破脸|报复|被报复|打击报复|穿小鞋|找我麻烦|"
          r"(?:人家|他们|邻居|对方|楼上|楼下|隔壁)(?:知道|晓得|记恨|找上门))")
ANONYMOUS = re.compile(r"匿名|不留名|(?:不要|不用|别|甭|不想|唔好|唔使|唔要|咪)(?:写|留|署|提)"
                       r"(?:我的?|我个|上)?名|别说是我|不署名|不要说是我|不想让人知道|" + AFRAID)
NOT_ANONYMOUS = re.compile(r"不用匿名|不匿名|不要匿名|不必匿名|不需要匿名|用不着匿名")
# 我想写封信给社区 / 我要提个意见: the wish to write, the letter itself still to come
ONLY_WANTS_TO_WRITE = re.compile(r"^(?:你好|您好)?[，,\s]*(?:我)?(?:想|要|得)?"
                                 r"(?:[给往向跟](?:社区|书记|居委会?|主任|领导|你们|"
                                 r"(?:红色|红)?信箱)(?:里)?)?"
                                 r"(?:写(?:一?封|个)?(?:感谢|表扬)?信|提(?:一?个|点|条)?(?:建议|意见)"
                                 r"|反映(?:一下|个事儿?|点事)?|投诉(?:一下)?)(?:给社区|给你们)?"
                                 r"[吧啊呀。！!]*$")
COMPLAINT = re.compile(r"投诉|太吵|扰民|不满|乱|脏|差劲|不管")
SAID_KIND = re.compile(r"建议|投诉")
ANSWERERS = ("grid_worker", "grid_leader", "admin")
PROPOSALS = ("建议",)  # kinds of letter that may become a question put to a vote


def is_workday(day: date) -> bool:
    """A working day in China (holidays and make-up days), weekdays beyond the calendar's data."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def answer_due(created: datetime, tz: object, days: int = ANSWER_WORKING_DAYS) -> datetime:
    """The end of the n-th working day after the day a letter arrived (community time)."""
    day = created.astimezone(tz).date()  # type: ignore[arg-type]
    left = days
    while left:
        day += timedelta(days=1)
        left -= is_workday(day)
    return datetime.combine(day, time(23, 59), tzinfo=tz)  # type: ignore[arg-type]


def _next_number(ctx: Context, community_id: int) -> str:
    stem = f"{PREFIX}-{ctx.today:%Y%m%d}-"

    def given_before() -> int:
        return ctx.session.scalar(select(func.count()).select_from(MailboxItem).where(
            MailboxItem.community_id == community_id, MailboxItem.number.like(stem + "%"))) or 0

    number = take_number(ctx.session, key=f"{community_id}:{stem}", existing=given_before)
    return f"{stem}{number:03d}"


# -- the resident writes ----------------------------------------------------------------------
def _content(ctx: Context, value: str, _slots: Slots) -> str:
    text = value.strip()
    if len(text) < 2:
        raise Invalid(ctx.t("mailbox_too_short"))
    return text[:1000]


# no to 要留您的名字吗？ in its own words (不留了 / 不写 / 别写了)
BARE_NO_NAME = frozenset({"不留", "别留", "不写", "别写", "不署", "不署名", "不写了", "不要写"})
# yes to 要留您的名字吗？ (随你们: as you like, so the name stays, as with any letter)
YES_TO_A_NAME = frozenset({"留名", "署名", "留", "留吧", "要", "要的", "要留", "是", "是的", "对",
                           "嗯", "嗯嗯", "可以", "可以的", "好", "好的", "好吧", "行", "行吧",
                           "没问题", "随便", "都行", "无所谓", "都可以", "没关系", "随你们",
                           "随你", "你们看着办", "看着办", "确认", "确定", "同意", "提交",
                           "发吧", "发", "实名", "写上", "留着", "署上", "ok"})
# 写我名字吧 / 写上也行 / 名字留着吧: the name may stay
NAME_IS_FINE = re.compile(r"^(?:(?:写|留|署)(?:上|着)?(?:我的?)?(?:名(?:字|儿)?)?"
                          r"|名字?(?:就)?(?:写|留|署)(?:上|着)?)"
                          r"(?:吧|没事|没关系|也行|也可以|可以|就行|好了)?$")


def _anonymous(ctx: Context, value: str, _slots: Slots) -> bool:
    value = normalize(value)
    if NOT_ANONYMOUS.search(value):
        return False
    if ANONYMOUS.search(value) or value.rstrip("了吧啦。！!") in BARE_NO_NAME \
            or says_bare_no(value):
        return True
    if value.rstrip("。！!吧啊") in YES_TO_A_NAME or NAME_IS_FINE.match(value.rstrip("。！!")):
        return False
    if ctx.intent == "affirm" and not ctx.parse.get("explicit"):
        return False  # 确认一下 / 好嘞 / 行啊: a yes to 要留您的名字吗
    raise Invalid(ctx.t("mailbox_anonymous_unclear"))


def _anonymous_buttons(ctx: Context, _slots: Slots) -> Keyboard:
    return [[Button(ctx.t("button_mailbox_named"), "=留名", ctx.t("says_mailbox_named")),
             Button(ctx.t("button_mailbox_anonymous"), "=匿名", ctx.t("says_mailbox_anonymous"))]]


# 给社区写封感谢信 谢谢… / 我想写封表扬信: a letter said to be one, whatever else it reads as
NAMES_A_LETTER = re.compile(r"写(?:一?封|个)?(?:感谢|表扬)信|(?:感谢|表扬)信")


@answer_rule
def announces_a_letter(ctx: Context) -> bool:
    """A thanks or praise letter named as a letter is a letter (not a thank-you to the bot)."""
    if ctx.intent in ("feedback", "query_feedback") or not NAMES_A_LETTER.search(ctx.text) \
            or ASKS_AFTER.search(ctx.text):
        return False
    open_form(ctx, "feedback")
    return True


def _prefill(ctx: Context) -> Slots:
    text = ctx.text.strip()
    slots: Slots = {}
    matter = new_matter(ctx)
    if matter:  # 有回音了吗 另外…: the letter is the new matter alone
        text = matter
    letter = matter or ctx.intent == "feedback" or NAMES_A_LETTER.search(text) \
        or APPEAL_AGAIN.search(text)
    if letter and len(text) >= 6 and not ONLY_WANTS_TO_WRITE.match(text):
        slots["content"] = text[:1000]
    if ANONYMOUS.search(text):
        slots["anonymous"] = True
    said = SAID_KIND.search(text)
    if letter and said:  # 我想提个建议: the writer's word for it, whatever the letter reads like
        slots["kind"] = "投诉" if said.group(0) == "投诉" else "建议"
    return slots


def _kind(content: str) -> str:
    return "投诉" if COMPLAINT.search(content) else "建议"


def _submit(ctx: Context, slots: Slots) -> None:
    if ctx.person.community_id is None:
        ctx.reply("repair_no_community")
        return
    content = str(slots["content"])
    item = MailboxItem(community_id=ctx.person.community_id, person_id=ctx.person.id,
                       number=_next_number(ctx, ctx.person.community_id),
                       anonymous=bool(slots.get("anonymous")),
                       kind=slots.get("kind") or _kind(content), text=content,
                       status="received", created_at=ctx.now,
                       due_at=answer_due(ctx.now, ctx.settings.tz))
    ctx.session.add(item)
    ctx.session.flush()
    log.info("mailbox item %s received", item.id)
    tell_staff(ctx, item)
    due = item.due_at.astimezone(ctx.settings.tz)
    ctx.reply("mailbox_received", number=item.number,
              due=ctx.t("date_month_day", month=due.month, day=due.day),
              anonymous=ctx.t("mailbox_anonymous_mark") if item.anonymous else "")


def tell_staff(tick: Tick, item: MailboxItem, *, header: str = "mailbox_staff_new") -> None:
    """The letter, with 回复 / 处理中, to the staff group and privately to the admins."""
    text = _staff_text(tick, item, header)
    buttons = staff_buttons(tick, item)
    for admin in staff_with_role(tick.session, community_id=item.community_id, role="admin"):
        tick.notify_person(admin, text, buttons=buttons)
    group = staff_chat_for(tick.session, community_id=item.community_id,
                           configured=tick.settings.staff_chat_id)
    if group is not None:
        tick.notify(group, text, buttons=buttons)


def staff_buttons(tick: Tick, item: MailboxItem) -> Keyboard:
    """回复 / 处理中, and 发起议事 for a suggestion."""
    row = [Button(tick.t("button_mailbox_reply"), f"/mb_reply:{item.id}"),
           Button(tick.t("button_mailbox_progress"), f"/mb_progress:{item.id}")]
    if item.kind in PROPOSALS:
        row.append(Button(tick.t("button_mailbox_to_vote"), f"/vote_new:{item.number}"))
    return [row]


def _status(tick: Tick, item: MailboxItem) -> str:
    return tick.t(f"mailbox_status_{item.status}")


def _staff_text(tick: Tick, item: MailboxItem, header: str) -> str:
    writer = tick.session.get_one(Resident, item.person_id)
    who = tick.t("mailbox_anonymous_writer") if item.anonymous else tick.t(
        "mailbox_writer", name=writer.label(),
        address=writer.address() or tick.t("fallback_unregistered"),
        phone=writer.phone or tick.t("fallback_no_phone"))
    due = item.due_at.astimezone(tick.settings.tz)
    return tick.t(header, number=item.number, kind=item.kind, who=who, text=item.text,
                  due=tick.t("date_month_day", month=due.month, day=due.day),
                  status=_status(tick, item))


MAILBOX = form(Form(
    name="feedback",
    slots=[
        Slot("content", "mailbox_ask_content", validate=_content),
        Slot("anonymous", "mailbox_ask_anonymous", validate=_anonymous,
             buttons=_anonymous_buttons, no_answers=True),
    ],
    summary=lambda ctx, slots: "",
    submit=_submit,
    prefill=_prefill,
    confirm=False,
))


@on("feedback")
def feedback(ctx: Context) -> None:
    """A suggestion, complaint or proposal for the community."""
    open_form(ctx, "feedback")


# -- staff answer -------------------------------------------------------------------------------
def _item(ctx: Context, raw: str) -> MailboxItem:
    item = fetch(ctx.session, MailboxItem, raw)
    if item is None:
        raise Invalid(ctx.t("stale_button"))
    require_role(ctx.session, person_id=ctx.person.id, community_id=item.community_id,
                 roles=ANSWERERS)
    return item


def proposal(ctx: Context, number: str) -> MailboxItem:
    """A suggestion of the staff member's community, by number, to put to a vote."""
    item = ctx.session.scalar(select(MailboxItem).where(
        MailboxItem.number == number.strip().upper(),
        MailboxItem.community_id == ctx.person.community_id))
    if item is None or item.kind not in PROPOSALS:
        raise Invalid(ctx.t("mailbox_not_proposal", number=number.strip()))
    require_role(ctx.session, person_id=ctx.person.id, community_id=item.community_id,
                 roles=ANSWERERS)
    return item


@on("mb_progress")
def in_progress(ctx: Context) -> None:
    """处理中: the writer is told the community is on it."""
    item = _item(ctx, ctx.args)
    if item.status != "received":
        ctx.reply("mailbox_staff_state", number=item.number, status=_status(ctx, item))
        return
    item.status = "in_progress"
    audit(ctx.session, actor_id=ctx.person.id, community_id=item.community_id, now=ctx.now,
          action="mailbox_progress", target=f"mailbox:{item.id}")
    writer = ctx.session.get_one(Resident, item.person_id)
    ctx.notify_person(writer, ctx.t("mailbox_push_progress", number=item.number,
                                    kind=item.kind), dedupe_key=_unnamed(item, "progress"))
    ctx.reply("mailbox_staff_state", number=item.number, status=_status(ctx, item),
              buttons=[[Button(ctx.t("button_mailbox_reply"), f"/mb_reply:{item.id}")]])


@on("mb_reply")
def reply(ctx: Context) -> None:
    """回复: the staff member's next message in this chat is the answer."""
    item = _item(ctx, ctx.args)
    if item.status == "answered":
        ctx.reply("mailbox_staff_state", number=item.number, status=_status(ctx, item))
        return
    open_form(ctx, "mailbox_answer")


def _answer_prefill(ctx: Context) -> Slots:
    return {"item": int(ctx.args)}


def _answer_summary(ctx: Context, slots: Slots) -> str:
    item = ctx.session.get_one(MailboxItem, slots["item"])
    return ctx.t("mailbox_answer_summary", number=item.number, answer=slots["answer"])


def _answer_submit(ctx: Context, slots: Slots) -> None:
    item = _item(ctx, str(slots["item"]))
    if item.status == "answered":
        ctx.reply("mailbox_staff_state", number=item.number, status=_status(ctx, item))
        return
    item.status = "answered"
    item.answer = str(slots["answer"])
    item.answered_by = ctx.person.id
    item.answered_at = ctx.now
    audit(ctx.session, actor_id=ctx.person.id, community_id=item.community_id, now=ctx.now,
          action="mailbox_answer", target=f"mailbox:{item.id}")
    writer = ctx.session.get_one(Resident, item.person_id)
    made = item.created_at.astimezone(ctx.settings.tz)
    ctx.notify_person(writer, ctx.t("mailbox_push_answer", number=item.number, kind=item.kind,
                                    day=ctx.t("date_month_day", month=made.month, day=made.day),
                                    answer=item.answer), dedupe_key=_unnamed(item, "answer"))
    ctx.reply("mailbox_answer_sent", number=item.number)


def _unnamed(item: MailboxItem, what: str) -> str | None:
    """An anonymous writer's messages carry an `anon:` key: if one cannot be delivered, the
    report to staff must not say to whom (it would name the writer)."""
    return f"anon:mb-{what}:{item.id}" if item.anonymous else None


def answer_letter(ctx: Context, item_id: int, answer: str) -> None:
    """Answer a letter in one step, as 回复, the answer and 确认 do (the staff console)."""
    if not answer.strip():
        raise Invalid(ctx.t("mailbox_answer_empty"))
    _answer_submit(ctx, {"item": item_id, "answer": answer.strip()})


MAILBOX_ANSWER = form(Form(
    name="mailbox_answer",
    staff=True,
    slots=[Slot("answer", "mailbox_ask_answer", free_text=True)],
    summary=_answer_summary,
    submit=_answer_submit,
    prefill=_answer_prefill,
))


@on("mailbox")
def list_open(ctx: Context) -> None:
    """/mailbox: letters not yet answered, oldest first, each with its buttons."""
    community_id = ctx.person.community_id or 0
    require_role(ctx.session, person_id=ctx.person.id, community_id=community_id,
                 roles=ANSWERERS)
    items = list(ctx.session.scalars(select(MailboxItem).where(
        MailboxItem.community_id == community_id, MailboxItem.status != "answered")
        .order_by(MailboxItem.created_at).limit(10)))
    if not items:
        ctx.reply("mailbox_none_open")
        return
    for item in items:
        ctx.say(_staff_text(ctx, item, "mailbox_staff_card"), buttons=staff_buttons(ctx, item))


@job("mailbox_deadline")
def escalate_late_answers(tick: Tick) -> None:
    """A letter past its answer deadline goes to the admin (once)."""
    query = select(MailboxItem).where(MailboxItem.status != "answered",
                                      MailboxItem.escalated_at.is_(None),
                                      MailboxItem.due_at < tick.now)
    for item in tick.session.scalars(query):
        item.escalated_at = tick.now
        text = _staff_text(tick, item, "mailbox_staff_late")
        buttons = [[Button(tick.t("button_mailbox_reply"), f"/mb_reply:{item.id}")]]
        for admin in staff_with_role(tick.session, community_id=item.community_id,
                                     role="admin"):
            tick.notify_person(admin, text, buttons=buttons,
                               dedupe_key=f"mb-late:{item.id}:{admin.id}")
