"""The canteen FAQ is written from the canteen's rules, so the two cannot disagree."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from actions.core.clock import ManualClock
from actions.core.settings import Settings
from bot.console import ConsoleChat
from bot.wiring import build
from nlu import NluModel
from tests.helpers import play

DATA = Path(__file__).resolve().parents[3] / "data"
RULES_Q = "王秀英: 长者食堂哪些人吃饭不花钱"
INFO_Q = "王秀英: 长者食堂在哪 几点开门"


def test_the_answers_carry_the_rules_figures(console: ConsoleChat) -> None:
    out = play(console, RULES_Q)
    assert "80岁以上、行动不便的老人免费，80岁以上老人8元，60岁以上老人10元，其他居民18元" in out
    assert "给家里人多订的份按18元算。一人一顿最多订3份。" in out
    assert "当天的午餐9:00前订、9:00前退" in out and "最早可以提前14天订" in out
    assert "周一到周五开，法定节假日休息" in out and "022-2833 5577" in out
    out = play(console, INFO_Q)
    assert "幸福里长者食堂在社区服务中心一楼，周一到周五开，法定节假日休息；" \
        "电话 022-2833 5577。" in out
    assert "午餐 11:30-12:30。" in out and "60岁以上的老人有优惠" in out


@pytest.fixture
def changed(tmp_path: Path, settings: Settings, clock: ManualClock,
            nlu_model: NluModel) -> Iterator[ConsoleChat]:
    """The demo with other canteen rules: a copy of data/ with canteen.yml changed."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    spec = yaml.safe_load((data / "canteen.yml").read_text(encoding="utf-8"))
    canteen = spec["幸福里社区"]
    canteen.update(place="3号楼底商", weekdays=[1, 3, 5], public_holidays=False, max_portions=2,
                   book_ahead_days=7)
    canteen["meals"]["午餐"].update(serve="11:00-13:00", cutoff="08:30")
    canteen["meals"]["晚餐"] = {"serve": "17:00-18:00", "cutoff": "14:00", "capacity": 30}
    canteen["prices"].update(full=20, extra_portions="same")
    canteen["prices"]["tiers"] = [{"label": "七十岁以上", "min_age": 70, "price": 6}]
    (data / "canteen.yml").write_text(yaml.safe_dump(spec, allow_unicode=True),
                                      encoding="utf-8")
    linli = build(settings.model_copy(update={"data_dir": str(data)}), clock=clock,
                  parser=nlu_model, migrate=False)
    yield ConsoleChat(linli, out=io.StringIO())
    linli.engine.dispose()


def test_changing_a_rule_changes_the_answer(changed: ConsoleChat) -> None:
    out = play(changed, RULES_Q)
    assert "在食堂吃一份饭：70岁以上老人6元，其他居民20元。" in out
    assert "按20元算" not in out and "一人一顿最多订2份" in out
    assert "当天的午餐8:30前订、8:30前退" in out and "最早可以提前7天订" in out
    assert "周一、周三、周五开。" in out
    assert "18元" not in out and "9:00" not in out and "免费" not in out
    out = play(changed, INFO_Q)
    assert "在3号楼底商，周一、周三、周五开；" in out
    assert "午餐 11:00-13:00，晚餐 17:00-18:00。" in out and "70岁以上的老人有优惠" in out


def test_a_community_without_a_canteen_gets_the_faqs_own_answer(console: ConsoleChat) -> None:
    from actions.db import session_scope
    from actions.db.community import Community

    with session_scope(console.linli.sessions) as session:
        session.query(Community).one().name = "没有食堂的社区"
    out = play(console, RULES_Q)
    assert "请打社区电话 022-2833 5566 问一下" in out
