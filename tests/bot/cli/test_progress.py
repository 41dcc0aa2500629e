"""NLU training says what it does, that it is still going, and the counts and time at the end."""

from __future__ import annotations

import io
import time

from actions.core.settings import Settings
from bot.cli.progress import parser_with_progress, train_with_progress, working


def test_a_long_job_says_it_is_still_going() -> None:
    out = io.StringIO()
    with working("训练 NLU 模型", out=out, every=0.02):
        deadline = time.monotonic() + 20
        while "还在进行" not in out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)
    lines = out.getvalue().splitlines()
    assert lines[0] == "训练 NLU 模型……"
    assert lines[1].startswith("  ……还在进行，已用 ") and lines[1].endswith(" 秒")


def test_training_names_its_files_and_ends_with_counts_and_time(settings: Settings) -> None:
    out = io.StringIO()
    report = train_with_progress(settings, out=out)
    said = out.getvalue()
    assert f"训练 NLU 模型：读入 {settings.data_dir}/nlu 的 " in said and " 个文件，写到 " in said
    assert "训练完成，用时 " in said
    assert report.startswith("trained the NLU on ") and " examples (" in report


def test_the_bot_says_whether_it_trained_or_only_loaded(settings: Settings) -> None:
    out = io.StringIO()
    parser_with_progress(settings, out=out)
    assert "NLU 模型训练好了：" in out.getvalue() and " 条例句，" in out.getvalue()
    again = io.StringIO()
    parser_with_progress(settings, out=again)
    assert "NLU 模型已载入（训练数据没变，不用重新训练）" in again.getvalue()
