"""Registration in a street office that runs several communities."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from actions.db import session_scope
from actions.db.community import Building, Community, Grid, Resident, StaffRole, Unit
from actions.registration_names import name_in, name_said
from bot.console import ConsoleChat
from bot.wiring import Linli
from tests.factories import NOW
from tests.helpers import play


def add_community(linli: Linli) -> None:
    """红星社区 next door: one building, one grid worker (王强)."""
    with session_scope(linli.sessions) as session:
        red = Community(name="红星社区", street_office="幸福里街道", city="天津市河西区")
        session.add(red)
        session.flush()
        grid = Grid(community_id=red.id, name="红星网格")
        session.add(grid)
        session.flush()
        building = Building(community_id=red.id, grid_id=grid.id, number="1")
        session.add(building)
        session.flush()
        session.add(Unit(building_id=building.id, number="1"))
        worker = Resident(name="王强", telegram_id=20099, community_id=red.id, created_at=NOW)
        session.add(worker)
        session.flush()
        session.add(StaffRole(person_id=worker.id, community_id=red.id, role="grid_worker",
                              grid_id=grid.id))


def test_a_newcomer_picks_the_community_then_its_grid_worker_verifies(
        console: ConsoleChat, linli: Linli) -> None:
    add_community(linli)
    console.run_script([
        "小陈: 我要登记住址", "小陈: 陈红", "小陈: 光明社区", "小陈: [红星社区]",
        "小陈: 1号楼", "小陈: 1单元", "小陈: 302", "小陈: 跳过", "小陈: [确认]",
        "王强: [核实通过]",
    ])
    out = str(console.out.getvalue())  # type: ignore[attr-defined]
    assert "您住在哪个社区" in out and "[幸福里社区]" in out and "[红星社区]" in out
    assert "没找到「光明社区」这个社区" in out
    assert "住址：红星社区1号楼1单元302" in out
    assert "◂ 王强 | 【新登记待核实】陈红" in out and "◂ 刘芳 | 【新登记" not in out
    with session_scope(linli.sessions) as session:
        chen = session.scalars(select(Resident).where(Resident.name == "陈红")).one()
        assert chen.verified and chen.community_id is not None
        assert session.get_one(Community, chen.community_id).name == "红星社区"


def test_in_a_single_community_nobody_is_asked_which_one(console: ConsoleChat) -> None:
    console.run_script(["小陈: 我要登记住址", "小陈: 陈红"])
    out = str(console.out.getvalue())  # type: ignore[attr-defined]
    assert "哪个社区" not in out and "您住几号楼" in out


def test_asking_whether_one_must_register_is_answered(console: ConsoleChat) -> None:
    out = play(console, "新住户: 我一定要登记吗 不登记行不行")
    assert "不登记也能问我事情" in out and "不办了" not in out and "怎么称呼" not in out


def test_a_grid_worker_verifies_in_words(console: ConsoleChat) -> None:
    out = play(console, "新住户: 我叫赵春生 住3号楼1单元302 想登记一下\n新住户: 跳过\n新住户: 对\n"
                        "刘芳: 核实过了")
    assert "已核实：赵春生" in out and "◂ 赵春生 | 您好，您的住址" in out


def test_words_of_a_verdict_from_someone_else_are_no_verdict(console: ConsoleChat) -> None:
    out = play(console, "新住户: 我叫赵春生 住3号楼1单元302 想登记一下\n新住户: 跳过\n新住户: 对\n"
                        "赵磊: 通过")
    assert "已核实" not in out


@pytest.mark.parametrize(("words", "name"), [
    ("陈小红 大小的小", "陈小红"), ("我叫张丽华 弓长张", "张丽华"), ("李明，明天的明", "李明"),
    ("我姓张 弓长张 叫张丽华", "张丽华"), ("我叫 王秀英", "王秀英"), ("叫我孙阿姨就行", "孙阿姨"),
    ("春天的春 李春兰", "李春兰"), ("彩虹的虹 张晓虹", "张晓虹")])
def test_the_name_without_how_a_character_is_written(words: str, name: str) -> None:
    assert name_in(words) == name


@pytest.mark.parametrize(("words", "name"), [
    ("我叫孟繁华住在3号楼2单元", "孟繁华"), ("龚振邦家住5号楼", "龚振邦"),
    ("邵一鸣电话13800001111", "邵一鸣")])
def test_a_dictated_run_on_keeps_the_name_before_the_address(words: str, name: str) -> None:
    assert name_in(words) == name


@pytest.mark.parametrize(("words", "name"), [
    ("喂 我是新来的我叫孟繁华住在一号楼", "孟繁华"),
    ("那个我是新搬来的叫邝子健家在6号楼", "邝子健"),
    ("我是新搬来的 想登记", ""), ("我要登记", "")])
def test_the_name_inside_a_longer_message(words: str, name: str) -> None:
    assert name_said(words) == name


def test_a_traditional_name_is_stored_as_the_registry_writes_it(
        console: ConsoleChat, linli: Linli) -> None:
    out = play(console, "新住戶: 我叫蘇麗雲 住3號樓1單元302\n新住戶: 跳過\n新住戶: 對")
    assert "◂ 刘芳 | 【新登记待核实】苏丽云" in out
    with session_scope(linli.sessions) as session:
        assert session.scalar(select(Resident).where(Resident.name == "苏丽云")) is not None


def test_a_traditional_writer_stays_traditional_after_a_name_common_to_both(
        console: ConsoleChat) -> None:
    out = play(console, "新住戶: 我想登記\n新住戶: 王美玲")
    assert "您住幾號樓" in out.split("王美玲")[-1], out
