"""A long job in the terminal says what it does, shows it is still going, and ends with the
counts and the time: NLU training (`linli nlu train`, and the training `linli run` / `linli chat`
start when the model is missing or its data changed).

The NLU itself reports nothing while it fits, so "still going" is a line every few seconds
with the time spent; the counts come from the model it wrote.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from actions.core.pipeline import Parser
from actions.core.settings import Settings

EVERY = 5.0  # seconds between "still going" lines


@contextmanager
def working(what: str, *, out: TextIO = sys.stderr, every: float = EVERY) -> Iterator[None]:
    """Say `what` now, then every `every` seconds how long it has taken, until the block ends."""
    started = time.monotonic()
    done = threading.Event()
    out.write(f"{what}……\n")
    out.flush()

    def tick() -> None:
        while not done.wait(every):
            out.write(f"  ……还在进行，已用 {time.monotonic() - started:.0f} 秒\n")
            out.flush()

    ticker = threading.Thread(target=tick, name="linli-progress", daemon=True)
    ticker.start()
    try:
        yield
    finally:
        done.set()
        ticker.join()


def model_summary(meta: dict[str, Any] | None) -> str:
    """The counts of a trained model, in words."""
    if not meta:
        return "没有模型"

    def count(key: str) -> object:
        value = meta.get(key, "?")
        return len(value) if isinstance(value, list | dict) else value

    return (f"{count('examples')} 条例句，{count('intents')} 个意图，"
            f"{count('faq_keys')} 个常见问题，{count('vocabulary')} 个特征")


def train_with_progress(settings: Settings, *, out: TextIO = sys.stderr) -> str:
    """`linli nlu train`: train, showing progress; return the report's line (for stdout)."""
    from nlu import train_model

    data = Path(settings.data_dir) / "nlu"
    files = sorted(data.glob("*.yml"))
    started = time.monotonic()
    with working(f"训练 NLU 模型：读入 {data} 的 {len(files)} 个文件，写到 {settings.model_dir}",
                 out=out):
        report = train_model(Path(settings.data_dir), Path(settings.model_dir))
    out.write(f"训练完成，用时 {time.monotonic() - started:.1f} 秒\n")
    return str(report)


def parser_with_progress(settings: Settings, *, out: TextIO = sys.stderr) -> Parser:
    """The configured NLU for the bot, saying whether it was trained (and how long it took) or
    only loaded."""
    from bot.wiring import build_parser
    from nlu.model import read_meta

    model_dir = Path(settings.model_dir)
    before = read_meta(model_dir)
    started = time.monotonic()
    with working("准备 NLU 模型（第一次运行或训练数据改过时要先训练一会儿）", out=out):
        parser = build_parser(settings)
    after = read_meta(model_dir)
    seconds = time.monotonic() - started
    if after != before:
        out.write(f"NLU 模型训练好了：{model_summary(after)}，用时 {seconds:.1f} 秒\n")
    else:
        out.write(f"NLU 模型已载入（训练数据没变，不用重新训练），用时 {seconds:.1f} 秒\n")
    out.flush()
    return parser
