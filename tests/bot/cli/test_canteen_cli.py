"""`linli canteen menu import` (YAML, CSV) and `linli canteen export --date` (CSV)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from actions.core.seed import seed_demo
from actions.db import make_engine, make_session_factory, session_scope
from actions.db.canteen import CanteenBooking, CanteenMenu
from actions.db.community import Resident
from actions.db.conversation import OutboxMessage
from bot.cli.main import app

DATA = Path(__file__).resolve().parents[3] / "data"
NOW = datetime(2026, 11, 18, 2, 0, tzinfo=UTC)


@pytest.fixture
def demo_db(db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """The demo community in the test database, and the CLI's environment pointing at it."""
    engine = make_engine(db_url)
    with session_scope(make_session_factory(engine)) as session:
        seed_demo(session, data_dir=DATA, now=NOW)
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("DATA_DIR", str(DATA))
    monkeypatch.chdir(tmp_path)  # no .env from the working tree
    return db_url


def query(db_url: str, statement):  # type: ignore[no-untyped-def]
    engine = make_engine(db_url)
    try:
        with session_scope(make_session_factory(engine)) as session:
            return list(session.scalars(statement))
    finally:
        engine.dispose()


def book(db_url: str, name: str, day: date, portions: int, delivery: bool = False) -> None:
    engine = make_engine(db_url)
    with session_scope(make_session_factory(engine)) as session:
        person = session.scalars(select(Resident).where(Resident.name == name)).one()
        session.add(CanteenBooking(community_id=person.community_id, resident_id=person.id,
                                   day=day, meal="午餐", portions=portions, delivery=delivery,
                                   address=person.address() if delivery else "",
                                   total_fen=1800 * portions, booked_at=NOW))
    engine.dispose()


def test_import_yaml_publishes_and_tells_those_who_booked(demo_db: str, tmp_path: Path) -> None:
    book(demo_db, "李建国", date(2026, 11, 23), 1)
    menu = tmp_path / "menu.yml"
    menu.write_text("meal: 午餐\ndays:\n  2026-11-23: [炖排骨, 醋溜白菜, 米饭]\n"
                    "  2026-11-28: [饺子]\n  2026-11-30: 红烧肉、米饭\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["canteen", "menu", "import", str(menu)])
    assert result.exit_code == 0, result.output
    assert "skipped: 11月28日（周六）是周末，食堂不开门，跳过" in result.output
    assert "published 2 day(s) for 幸福里社区; changed 1, residents notified 1" in result.output
    dishes = {m.day: m.dishes for m in query(demo_db, select(CanteenMenu))}
    assert dishes[date(2026, 11, 23)] == ["炖排骨", "醋溜白菜", "米饭"]
    assert dishes[date(2026, 11, 30)] == ["红烧肉", "米饭"]
    assert date(2026, 11, 28) not in dishes
    (notice,) = query(demo_db, select(OutboxMessage).where(OutboxMessage.chat_id == 10002))
    assert "换菜了" in notice.text and "炖排骨、醋溜白菜、米饭" in notice.text


def test_import_csv_and_dry_run(demo_db: str, tmp_path: Path) -> None:
    menu = tmp_path / "menu.csv"
    menu.write_text("日期,餐次,菜\n2026-12-01,午餐,糖醋里脊,烧茄子,米饭\n", encoding="utf-8-sig")
    result = CliRunner().invoke(app, ["canteen", "menu", "import", str(menu), "--dry-run"])
    assert result.exit_code == 0 and "2026-12-01 午餐: 糖醋里脊、烧茄子、米饭" in result.output
    assert not query(demo_db, select(CanteenMenu).where(CanteenMenu.day == date(2026, 12, 1)))
    result = CliRunner().invoke(app, ["canteen", "menu", "import", str(menu)])
    assert result.exit_code == 0
    (row,) = query(demo_db, select(CanteenMenu).where(CanteenMenu.day == date(2026, 12, 1)))
    assert row.dishes == ["糖醋里脊", "烧茄子", "米饭"]


def test_import_rejects_a_bad_file(demo_db: str, tmp_path: Path) -> None:
    menu = tmp_path / "menu.csv"
    menu.write_text("12/01,红烧肉\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["canteen", "menu", "import", str(menu)])
    assert result.exit_code == 1 and "bad date in CSV row" in result.output


def test_export_a_days_kitchen_list(demo_db: str, tmp_path: Path) -> None:
    day = date(2026, 11, 19)
    book(demo_db, "赵磊", day, 2)
    book(demo_db, "钱淑珍", day, 1, delivery=True)
    book(demo_db, "王秀英", day, 1, delivery=True)
    result = CliRunner().invoke(app, ["canteen", "export", "--date", "2026-11-19"])
    assert result.exit_code == 0, result.output
    rows = result.output.strip().splitlines()
    assert rows[0].startswith("日期,餐次,姓名,电话,楼栋,地址")
    assert [r.split(",")[2] for r in rows[1:]] == ["赵磊", "王秀英", "钱淑珍"]  # by building
    assert "2026-11-19,午餐,钱淑珍,13602211005,9,9栋2单元102,1,送餐" in rows[3]
    out = tmp_path / "kitchen.csv"
    result = CliRunner().invoke(app, ["canteen", "export", "--date", "2026-11-19",
                                      "--out", str(out)])
    assert result.exit_code == 0
    assert out.read_bytes().startswith("\ufeff日期".encode())
    assert CliRunner().invoke(app, ["canteen", "export", "--date", "19/11"]).exit_code == 2
