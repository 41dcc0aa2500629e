"""`linli checkin invites --building N`: deep links and a QR code image per person."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from actions.db import session_scope
from actions.db.community import Resident
from bot.cli.checkin import deep_link
from bot.cli.main import app
from bot.wiring import Linli

DATA = Path(__file__).resolve().parents[3] / "data"


def test_deep_link() -> None:
    assert deep_link("@linli_bot", "abc") == "https://t.me/linli_bot?start=abc"


def test_invites_print_links_and_write_qr_codes(linli: Linli, db_url: str, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("DATA_DIR", str(DATA))
    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    out_dir = tmp_path / "qr"
    result = CliRunner().invoke(app, ["checkin", "invites", "--building", "9", "--bot",
                                      "xingfuli_bot", "--out", str(out_dir)])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert any(line.startswith("钱淑珍\t老人（钱淑珍）\t已绑定") for line in lines)
    assert any(line.startswith("钱小燕\t家属（钱淑珍）\t已绑定") for line in lines)
    nephew = next(line for line in lines if line.startswith("钱志刚"))
    link = nephew.split("\t")[2]
    assert link.startswith("https://t.me/xingfuli_bot?start=")
    png = Path(nephew.split("\t")[3])
    assert png.parent == out_dir and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with session_scope(linli.sessions) as session:
        code = session.scalars(select(Resident.invite_code).where(
            Resident.name == "钱志刚")).one()
    assert link.endswith(f"start={code}")
    again = CliRunner().invoke(app, ["checkin", "invites", "--building", "9", "--out",
                                     str(out_dir)])
    assert f"start={code}" in again.output  # the same code until it is used


def test_a_building_without_enrolments(linli: Linli, db_url: str, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("DATA_DIR", str(DATA))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["checkin", "invites", "--building", "5"])
    assert result.exit_code == 0
    assert "5号楼没有登记平安问候的老人" in result.output
