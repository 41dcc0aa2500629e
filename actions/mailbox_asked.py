"""A resident asks after their letters to the red mailbox (actions.mailbox): 我提的建议有回音了吗,
停车的事社区咋说的, and a letter asked after in words read as a ticket look-up."""

from __future__ import annotations

import re

from sqlalchemy import select

from actions.core.context import Context
from actions.core.dialogue import open_form
from actions.core.registry import answer_rule, on
from actions.db.mailbox import MailboxItem
from nlu.lexicon import APPEAL_AGAIN

# 停车的事社区咋说的: asking after a letter, in words read as a new letter
ASKS_AFTER = re.compile(r"咋说|怎么说|咋回|怎么回|回复|答复|回音|回话|下文|有结果|结果呢|有人管|"
                        r"看了没|看到没|处理得?怎么样|有动静|办了没|咋样了|怎么样了|有消息")
LEFT_TO_INTENT = {"feedback", "nlu_fallback", "out_of_scope", "faq"}
# 有回音了吗 另外小区门口的垃圾桶太少了: after the question, a new matter of its own
NEW_MATTER = re.compile(r"(?:^|[\s，,。.！!？?；;])(?:另外|还有(?:个事儿?|一件事|件事|就是)?|对了|"
                        r"顺便(?:再)?(?:说|提|反映)?(?:一下|个事儿?)?|再(?:说|提|反映)(?:一下|个事儿?))"
                        r"[，,：:\s]*")
MY_LETTER = re.compile(r"我(?:提|写|反映|投诉|留)的|我的(?:建议|信|意见|投诉|留言)|"
                       r"上次(?:提|写|反映)的")


@answer_rule
def asked_after_a_letter(ctx: Context) -> bool:
    """A question after a letter the person wrote (words of it and 咋说的) is answered with
    the letter's state, not taken as a new letter."""
    if ctx.intent not in LEFT_TO_INTENT or not ASKS_AFTER.search(ctx.text):
        return False
    if new_matter(ctx):  # 我的建议有答复了吗？还有个事…: the question, then the new letter
        my_letters(ctx)
        return True
    if not any(_shared(ctx.text, item.text) for item in _latest(ctx)):
        return False
    my_letters(ctx)
    return True


def asked_after_a_named_letter(ctx: Context, *, ignore: set[str]) -> bool:
    """东门锁太早的事 有人管了没, read as a look-up of one's tickets: when the words (but the
    `ignore` ones of any look-up) are those of one of the person's letters, its state."""
    if not any(_shared(ctx.text, item.text, ignore) for item in _latest(ctx)):
        return False
    my_letters(ctx)
    return True


def new_matter(ctx: Context) -> str:
    """The new matter a question after one's letters goes on to raise (另外… / 还有…), or ""
    when it raises none (or only asks after another letter)."""
    found = NEW_MATTER.search(ctx.text, 1)
    if found is None:
        return ""
    head, rest = ctx.text[:found.start()], ctx.text[found.end():].strip()
    asked = ctx.intent == "query_feedback" or (MY_LETTER.search(head) and ASKS_AFTER.search(head))
    return rest if asked and len(rest) >= 6 and not ASKS_AFTER.search(rest) else ""


def _latest(ctx: Context) -> list[MailboxItem]:
    return list(ctx.session.scalars(select(MailboxItem).where(
        MailboxItem.person_id == ctx.person.id).order_by(MailboxItem.id.desc()).limit(5)))


def _shared(question: str, text: str, ignore: set[str] | None = None) -> int:
    """Two-character pieces of the question found in the letter (the question's words)."""
    pieces = {question[i:i + 2] for i in range(len(question) - 1)} - COMMON_PIECES - (
        ignore or set())
    return sum(p in text for p in pieces if not re.search(r"[\s，。？?！!]", p))


COMMON_PIECES = {"社区", "小区", "我们", "那个", "这个", "事情", "的事", "一下", "建议", "意见"}


@on("query_feedback")
def my_letters(ctx: Context) -> None:
    """我提的建议有回音了吗: the person's latest letters, where each stands, and the answer
    (the letter the question's words name first)."""
    # 第二次反映 楼下油烟太大: an appeal made again carries its matter, filed as a letter (a
    # look-up of earlier letters would lose it), unless it only asks how the last one went
    if APPEAL_AGAIN.search(ctx.text) and not ASKS_AFTER.search(ctx.text):
        open_form(ctx, "feedback")
        return
    also_new = bool(new_matter(ctx))
    _tell_letters(ctx, also_new=also_new)
    if also_new:  # the new matter is a letter of its own (mailbox._prefill)
        open_form(ctx, "feedback")


def _tell_letters(ctx: Context, *, also_new: bool) -> None:
    letters = sorted(_latest(ctx), key=lambda item: -_shared(ctx.text, item.text))
    if not letters:
        ctx.reply("mailbox_mine_none_new" if also_new else "mailbox_mine_none")
        return
    lines = [ctx.t("mailbox_mine_line", number=item.number, text=item.text[:20],
                   status=ctx.t(f"mailbox_status_{item.status}"),
                   answer=ctx.t("mailbox_mine_answer", answer=item.answer) if item.answer
                   else "") for item in letters]
    ctx.reply("mailbox_mine", lines="\n".join(lines))
