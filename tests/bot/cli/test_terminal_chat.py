"""The console chat at a terminal: jobs on their own timer, who speaks, errors said plainly."""

from __future__ import annotations

import io
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from actions.core.clock import ManualClock
from bot.terminal import Terminal, looks_like_a_name, split_speaker
from bot.wiring import Linli

SHANGHAI = ZoneInfo("Asia/Shanghai")


def nobody(_handle: str) -> bool:
    return False


@pytest.mark.parametrize(("line", "speaker", "text"), [
    ("下午3:30有人来修吗", None, "下午3:30有人来修吗"),
    ("下午3：30有人来修吗", None, "下午3：30有人来修吗"),
    ("请问：几点开门", None, "请问：几点开门"),
    ("时间：明天上午", None, "时间：明天上午"),
    ("注意: 明天停水", None, "注意: 明天停水"),
    ("王丽: 我妈回了吗", "王丽", "我妈回了吗"),
    ("李建国：你好", "李建国", "你好"),
    ("欧阳明: 你好", "欧阳明", "你好"),
    ("小刘: 你好", "小刘", "你好"),
    ("孙阿姨：在吗", "孙阿姨", "在吗"),
    ("Anna: hello", "Anna", "hello"),
    ("王丽:", None, "王丽:"),
])
def test_only_a_name_before_a_colon_changes_the_speaker(line: str, speaker: str | None,
                                                        text: str) -> None:
    assert split_speaker(line, nobody) == (speaker, text)


def test_a_person_of_the_community_speaks_whatever_the_name_looks_like() -> None:
    assert not looks_like_a_name("阿花")
    assert split_speaker("阿花: 你好", lambda h: h == "阿花") == ("阿花", "你好")


def wait_for(out: io.StringIO, text: str, seconds: float = 20.0) -> str:
    deadline = time.monotonic() + seconds
    while text not in out.getvalue() and time.monotonic() < deadline:
        time.sleep(0.05)
    return out.getvalue()


def test_the_evening_check_in_arrives_without_anyone_typing(linli: Linli,
                                                            clock: ManualClock) -> None:
    clock.set(datetime(2026, 11, 18, 19, 58, tzinfo=SHANGHAI))
    out = io.StringIO()
    terminal = Terminal(linli, who="王秀英", out=out, jobs_every=0.05, outbox_every=0.05)
    terminal.start()
    try:
        assert "◂ 王秀英 | " not in out.getvalue()
        clock.set(datetime(2026, 11, 18, 20, 0, tzinfo=SHANGHAI))
        assert "◂ 王秀英 | 王秀英，" in wait_for(out, "◂ 王秀英 | 王秀英，")
        terminal.line("[平安]")
        assert "王秀英 ▸ [平安]" in out.getvalue()
    finally:
        terminal.stop()
    assert "▸" not in out.getvalue().split("王秀英 ▸ [平安]")[0]  # nobody typed before it


def test_a_time_is_a_message_and_a_name_switches_person(linli: Linli) -> None:
    out = io.StringIO()
    terminal = Terminal(linli, who="王秀英", out=out)
    terminal.line("下午3:30有人来修吗")
    terminal.line("李建国: 你好")
    terminal.line("谢谢")
    said = out.getvalue()
    assert "王秀英 ▸ 下午3:30有人来修吗" in said
    assert "李建国 ▸ 你好" in said and "李建国 ▸ 谢谢" in said
    assert "下午3 ▸" not in said


def test_an_error_is_one_plain_line_and_the_details_go_to_the_log(
        linli: Linli, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    if linli.engine.dialect.name != "sqlite":
        pytest.skip("breaks the database by removing its SQLite file")
    out = io.StringIO()
    terminal = Terminal(linli, who="王秀英", out=out, log_file=tmp_path / "linli.log")
    linli.engine.dispose()
    Path(str(linli.engine.url.database)).unlink()  # the next connection finds an empty file
    terminal.line("你好")
    said = out.getvalue()
    assert "  ! 出错了：OperationalError" in said and f"详情见 {tmp_path / 'linli.log'}" in said
    assert "Traceback" not in said
    assert any(r.exc_info for r in caplog.records if r.name == "bot.terminal")
