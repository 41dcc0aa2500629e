"""The canteen's FAQ answers, written from its rules (data/canteen.yml) so the two cannot
disagree: where it is, when it opens, who pays what, booking and cancelling deadlines, portions.

data/faq.yml names the template (`from_rules: canteen_faq_info`); the wording is in
data/responses/canteen.yml and every figure comes from the rules of the asker's community. A
community without a canteen gets the FAQ's own `answer`.
"""

from __future__ import annotations

from typing import Any

from actions.canteen.rules import Rules, hhmm, tier_words, to_fen, yuan
from actions.canteen.service import canteen_of_community
from actions.core.context import Context
from actions.core.dates import WEEKDAYS
from actions.core.people import home_community_id
from actions.core.texts import Texts


def faq_answer(ctx: Context, item: dict[str, Any]) -> str:
    """The FAQ entry's answer: rendered from the canteen's rules when it says so."""
    key = item.get("from_rules")
    if not key:
        return str(item["answer"])
    community_id = home_community_id(ctx.session, ctx.person)
    canteen = canteen_of_community(ctx.session, community_id=community_id,
                                   data_dir=ctx.settings.data_dir) if community_id else None
    if canteen is None:
        return str(item["answer"])
    return render_faq(ctx.texts, str(key), canteen.rules)


def render_faq(texts: Texts, key: str, rules: Rules) -> str:
    """A canteen FAQ template filled with the rules' figures."""
    first = next(iter(rules.meals.values()))
    return texts.render(
        key, name=rules.name, place=rules.place, phone=rules.phone, days=open_days(rules),
        holidays=texts.render("canteen_faq_holidays") if rules.public_holidays else "",
        meals="，".join(texts.render("canteen_faq_meal", meal=m.name, serve=m.serve)
                       for m in rules.meals.values()),
        meal=first.name, cutoff=hhmm(first.cutoff), ahead=rules.book_ahead_days,
        most=rules.max_portions, full=yuan(rules.full_fen),
        youngest=min((int(t.get("min_age", 0)) for t in rules.tiers), default=60),
        tiers="，".join(texts.render("canteen_faq_tier", who=tier_words(texts, t),
                                    price=yuan(to_fen(t["price"]))) for t in rules.tiers),
        extra=texts.render("canteen_faq_extra_full", full=yuan(rules.full_fen))
        if rules.extra_full else "")


def open_days(rules: Rules) -> str:
    """周一到周五 for a run of days, else 周一、周三、周五."""
    days = sorted(rules.weekdays)
    names = [f"周{WEEKDAYS[d - 1]}" for d in days]
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{names[0]}到{names[-1]}"
    return "、".join(names)
