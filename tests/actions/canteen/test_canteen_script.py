"""The issue's story (docs/scripts/canteen.txt): a canteen's Friday morning."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from actions.db import session_scope
from actions.db.canteen import CanteenBooking
from bot.console import ConsoleChat
from bot.wiring import Linli

SCRIPT = Path(__file__).resolve().parents[3] / "docs" / "scripts" / "canteen.txt"


def test_canteen_script(console: ConsoleChat, linli: Linli) -> None:
    console.run_script(SCRIPT.read_text(encoding="utf-8").splitlines())
    out = str(console.out.getvalue())  # type: ignore[attr-defined]
    # the manager publishes next week's menu (read back, then confirmed)
    assert "菜单已发布：11月30日（周一）到12月4日（周五），共5天" in out
    # three residents of different ages: free and delivered, the elders' price, full price
    assert "送到家：3栋2单元501" in out and "您这份免费" in out and "失能" not in out
    assert "每天10元，5天一共50元（老人优惠价）" in out
    assert "一共36元" in out
    # "我订了什么" (typed as the button offered with the booking) lists the week
    assert "您订的饭：\n" in out and "合计50元" in out
    # one cancels a day
    assert "12月2日（周三）的午餐已经取消了" in out
    # the kitchen list at the cut-off: counts, eat-in vs delivery, the delivery round
    assert "◂ [长者食堂后厨群] | 【11月27日（周五）午餐 备餐单】共3份" in out
    assert "堂食2份，送餐1份（1户），应收36元" in out
    assert "王秀英　3栋2单元501　13602211001　1份" in out
    # a late booking is refused with what is still possible
    assert "今天的午餐9:00就截止预订了。11月30日（周一）的还可以订。" in out
    # next week's menu goes to the residents' group at 10:00
    assert "◂ [幸福里社区居民群] | 【幸福里长者食堂下周菜单】11月30日（周一）到12月4日" in out
    with session_scope(linli.sessions) as session:
        active = session.scalars(select(CanteenBooking).where(
            CanteenBooking.status == "booked")).all()
    assert sorted((b.day.isoformat(), b.portions) for b in active) == [
        ("2026-11-27", 1), ("2026-11-27", 2), ("2026-11-30", 1), ("2026-12-01", 1),
        ("2026-12-03", 1), ("2026-12-04", 1)]
