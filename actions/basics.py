"""First conversations: /start, help, FAQ answers, picking a topic, handing over to staff."""

from __future__ import annotations

import re
from typing import Any

from actions.canteen.faq import faq_answer
from actions.core.context import Context
from actions.core.datafiles import load_yaml
from actions.core.dialogue import dispatch
from actions.core.people import bind_invite, home_community_id, staff_chat_for
from actions.core.registry import on
from actions.core.texts import Button, in_rows
from actions.mailbox import feedback
from nlu import normalize

# 在吗 / 早上好 / 晚上好啊: a greeting is returned in kind
GREETED_AS = ((re.compile(r"在吗|在么|在不在|有人吗|有人在吗"), "greet_here"),
              (re.compile(r"早"), "greet_morning"), (re.compile(r"中午"), "greet_noon"),
              (re.compile(r"下午"), "greet_afternoon"), (re.compile(r"晚上"), "greet_evening"))
# 你是谁 / 你是真人还是机器 / 你是机器人吗 / 你叫啥: who answers here, said plainly
WHO_ARE_YOU = re.compile(r"你是谁|您是谁|你是哪位|您是哪位|真人|机器|你是人吗|是不是人|"
                         r"你叫啥|你叫什么|怎么称呼你|你是干啥的|你是干什么的")


@on("start")
def start(ctx: Context) -> None:
    """/start, maybe with an invite code from a deep link."""
    if ctx.args:
        person = bind_invite(ctx.session, code=ctx.args, telegram_id=ctx.person.telegram_id or 0)
        if person is None:
            ctx.reply("start_bad_code")
            return
        ctx.person = person
        ctx.reply("start_bound", name=person.name or ctx.t("fallback_you"))
    help_menu(ctx)


@on("help")
def help_menu(ctx: Context) -> None:
    """What the bot can do, as buttons, two to a row."""
    flat = [Button(str(label), str(data)) for label, data in ctx.texts.raw("help_buttons")]
    ctx.reply("help_intro", buttons=in_rows(flat, 2))


@on("greet")
def greet(ctx: Context) -> None:
    """A greeting, returned in kind (早上好 -> 早上好), with what the bot is for."""
    text = normalize(ctx.text)
    ctx.reply(next((key for words, key in GREETED_AS if words.search(text)), "utter_greet"))


@on("out_of_scope")
def out_of_scope(ctx: Context) -> None:
    """Something the bot cannot do; who answers here, when that is what was asked."""
    ctx.reply("who_am_i" if WHO_ARE_YOU.search(normalize(ctx.text)) else "utter_out_of_scope")


@on("cancel")
def cancel(ctx: Context) -> None:
    """/cancel outside a form."""
    ctx.reply("utter_deny")


@on("unsupported_media")
def unsupported_media(ctx: Context) -> None:
    """A voice message, sticker or file: say kindly how to reach us instead."""
    kind = ctx.args if ctx.args in ("voice", "sticker") else "other"
    ctx.reply(f"media_{kind}")


@on("pick")
def pick(ctx: Context) -> None:
    """The resident chose a topic after an unsure parse: handle their original words with it."""
    pending = ctx.state.pop("pending", None)
    parse = dict(pending["parse"]) if pending else {"text": "", "entities": []}
    parse["intent"] = {"name": ctx.args, "confidence": 1.0}
    ctx.parse = parse
    ctx.args = ""
    dispatch(ctx)


@on("handover")
def handover(ctx: Context) -> None:
    """Pass the resident's words to the community's staff chat."""
    pending = ctx.state.pop("pending", None)
    community_id = home_community_id(ctx.session, ctx.person)
    chat = staff_chat_for(ctx.session, community_id=community_id,
                          configured=ctx.settings.staff_chat_id)
    if chat is None:
        ctx.reply("handover_nothing")
        return
    text = pending["text"] if pending else ctx.t("handover_no_message")
    who = ctx.person.label()
    address = ctx.person.address() or ctx.t("fallback_unregistered")
    ctx.notify(chat, ctx.t("handover_staff", who=who, address=address, text=text))
    ctx.reply("handover_done")


# words that ask (没怎么涨 asks nothing): a question about a benefit is the FAQ's
ASKING = re.compile(r"吗|(?<!没)怎|如何|哪|什么|啥|几|多少|能不能|可不可以|是不是|有没有|"
                    r"要不要|问|咨询|想知道|想了解|[?？]")
LETTER_LENGTH = 8  # 养老金认证 names a topic; a grievance says more


def grievance_read_as_faq(ctx: Context) -> bool:
    """养老金十年没怎么涨 日子越过越紧: words about an FAQ topic that ask nothing, and read as
    a letter too, are a letter to the community, not a how-to."""
    text = normalize(ctx.text.strip())
    ranking = {r.get("name"): float(r.get("confidence", 0.0))
               for r in ctx.parse.get("intent_ranking", [])}
    return (ctx.intent == "faq" and not ctx.parse.get("explicit") and len(text) >= LETTER_LENGTH
            and ranking.get("feedback", 0.0) >= 0.05 and not ASKING.search(text))


def faq_answers(data_dir: str) -> dict[str, dict[str, str]]:
    """data/faq.yml: sub-intent key -> question and answer."""
    return load_yaml(data_dir, "faq.yml", dict)


@on("faq")
def faq(ctx: Context) -> None:
    """Answer a how-to / office question from data/faq.yml."""
    if grievance_read_as_faq(ctx):
        ctx.parse["intent"] = {"name": "feedback", "confidence": 1.0}
        feedback(ctx)
        return
    answers = faq_answers(ctx.settings.data_dir)
    key = _faq_key(ctx.parse) or ctx.args
    if key in answers:
        ctx.say(faq_answer(ctx, answers[key]))  # the canteen's from its rules
        return
    faq_menu(ctx)


@on("faq_menu")
def faq_menu(ctx: Context) -> None:
    """The list of FAQ topics as buttons."""
    answers = faq_answers(ctx.settings.data_dir)
    rows = [[Button(item["question"], f"/faq:{key}")] for key, item in answers.items()]
    ctx.reply("faq_menu", buttons=rows)


def _faq_key(parse: dict[str, Any]) -> str | None:
    selector = parse.get("response_selector", {}).get("faq", {})
    key = selector.get("response", {}).get("intent_response_key")
    return str(key).split("/", 1)[1] if key and "/" in str(key) else None
