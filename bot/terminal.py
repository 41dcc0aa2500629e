"""The console chat for a person at a terminal (`linli chat`, `linli run` without a messenger).

As in the real bot, the scheduled jobs (check-ins, reminders, SLA, menus) and the retries run
on their own timer (APScheduler in a background thread), not only when someone types; what they
send is printed as it comes. Log lines go to a file, never into the chat; an error is said in
one plain line.

`名字: 话` speaks as someone else, but only when 名字 is someone: a person of the community, or a
name as people write them (a surname and a given name, 小刘, 孙阿姨). 下午3:30有人来修吗 and
请问：几点开门 are messages, not new people.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import select

from actions.db import session_scope
from actions.db.community import Resident
from bot.console import ConsoleChat
from bot.wiring import Linli
from nlu.names import SURNAMES, SURNAMES_2, TITLES, find_person

log = logging.getLogger(__name__)

LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z ]{1,19}")
HAN = re.compile(r"[\u4e00-\u9fff·]{2,5}")


def looks_like_a_name(handle: str) -> bool:
    """王秀英 / 欧阳明 / 小刘 / 老王 / 孙阿姨 / Anna: a name someone could be called by."""
    if LATIN_NAME.fullmatch(handle):
        return True
    if not HAN.fullmatch(handle):
        return False
    if handle[0] in "小老" and len(handle) == 2 and handle[1] in SURNAMES:
        return True
    if handle[0] in SURNAMES and handle[1:] in TITLES:
        return True
    found = find_person(handle, [])
    return found is not None and found[2] == handle and (
        handle[0] in SURNAMES or handle[:2] in SURNAMES_2)


def split_speaker(line: str, known: Callable[[str], bool]) -> tuple[str | None, str]:
    """("王丽", "你好") for 王丽: 你好; (None, line) when the part before a colon is no name."""
    cut = min((i for i in (line.find(":"), line.find("：")) if i >= 0), default=-1)
    if cut <= 0:
        return None, line
    handle, rest = line[:cut].strip(), line[cut + 1:].strip()
    if rest and (known(handle) or looks_like_a_name(handle)):
        return handle, rest
    return None, line


class Terminal:
    """One person at a terminal, the jobs on a timer, everything printed in one place."""

    def __init__(self, linli: Linli, *, who: str, out: TextIO = sys.stdout,
                 log_file: Path | None = None, jobs_every: float | None = None,
                 outbox_every: float | None = None) -> None:
        self.console = ConsoleChat(linli, out=out)
        self.linli = linli
        self.who = who
        self.out = out
        self.log_file = log_file
        self.lock = threading.Lock()  # one line or one tick at a time, never interleaved
        self.scheduler = BackgroundScheduler(timezone="UTC")
        once = {"coalesce": True, "max_instances": 1}
        self.scheduler.add_job(self._jobs, "interval", id="linli-jobs", **once,
                               seconds=jobs_every or linli.settings.jobs_every_seconds)
        self.scheduler.add_job(self._outbox, "interval", id="linli-outbox", **once,
                               seconds=outbox_every or linli.settings.outbox_every_seconds)

    def start(self) -> None:
        """Run due jobs once now, then on the timer."""
        self._jobs()
        self.scheduler.start()

    def stop(self) -> None:
        self.scheduler.shutdown(wait=True)

    def run(self, lines: Iterable[str]) -> None:
        """Read lines until the end of input; each is said by the current person."""
        self.start()
        try:
            for line in lines:
                self.line(line)
        finally:
            self.stop()

    def line(self, raw: str) -> None:
        """One typed line: maybe a new speaker, then the message; an error in one line."""
        text = raw.strip()
        if not text:
            return
        speaker, text = split_speaker(text, self._known)
        self.who = speaker or self.who
        self._guarded(lambda: self.console.say(self.who, text))

    # -- the timer -----------------------------------------------------------------------------
    def _jobs(self) -> None:
        self._guarded(self.console.tick)

    def _outbox(self) -> None:
        def retries() -> None:
            self.linli.conversation.process()
            self.console.deliver()

        self._guarded(retries)

    def _guarded(self, work: Callable[[], None]) -> None:
        with self.lock:
            try:
                work()
            except Exception as exc:  # the chat goes on; the details are in the log file
                log.exception("console chat: %s", type(exc).__name__)
                where = f"，详情见 {self.log_file}" if self.log_file else ""
                self.out.write(f"  ! 出错了：{type(exc).__name__}: {exc}{where}\n")
            self.out.flush()

    def _known(self, handle: str) -> bool:
        with session_scope(self.linli.sessions) as session:
            return session.scalar(select(Resident.id).where(Resident.name == handle)
                                  .limit(1)) is not None
