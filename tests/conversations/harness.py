"""The conversation suite's instrument: load situations, play each on a fresh database, check.

A situation (docs/conversation-suite.md) is replayed through the real pipeline: a fresh
migrated database with the demo community seeded at the script's start time, the facts of
`given` made with the capabilities' own functions, the `script` played by a console chat that
records what each chat received, then every `expect` entry checked against the database.

    load_situations(path)     -> list of situations (SuiteError on broken YAML or twin ids)
    Runner(model, template)   -> .run(situation) -> Result(passed, reasons)

Mistakes in a suite (unknown keys, missing fields, a check that names nobody) never pass: they
fail the situation with a reason starting "suite error:".
"""

from __future__ import annotations

import io
import shutil
import tempfile
import traceback
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from actions.core.clock import ManualClock
from actions.core.outbox import pending_messages
from actions.core.settings import load_settings
from actions.core.texts import keyboard_from_json
from actions.db import make_engine, session_scope
from bot.console import ConsoleChat
from bot.wiring import Linli, build
from nlu import NluModel
from nlu.yamlfile import parse_yaml
from tests.conversations.checks import CHECKS, check
from tests.conversations.given import GIVEN, apply_given
from tests.pgschema import Snapshot, drop_snapshot, empty_schema, restore_snapshot, take_snapshot

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
SHANGHAI = ZoneInfo("Asia/Shanghai")
DEFAULT_START = "2026-11-18 09:00"
CAPABILITIES = ("repairs", "help", "emergency", "mailbox", "canteen", "checkins", "volunteers",
                "timebank", "events", "announcements", "votes", "registration", "basics",
                "staff")
TOP_KEYS = {"id", "capability", "about", "given", "script", "expect"}
REQUIRED_KEYS = {"id", "capability", "script", "expect"}


class SuiteError(Exception):
    """A suite file that cannot be read at all (YAML, not a list, twin ids)."""


@dataclass
class Received:
    """One message the bot sent during the play: to which chat, what, when."""

    chat_id: int
    text: str
    at: datetime


@dataclass
class Result:
    """How one situation went: passed, or one line per failed check."""

    id: str
    capability: str
    passed: bool
    reasons: list[str] = field(default_factory=list)


def load_situations(path: Path) -> list[dict[str, Any]]:
    """The situations of one suite file (or of every .yml file in a folder, in name order)."""
    files = sorted(path.glob("*.yml")) if path.is_dir() else [path]
    situations: list[dict[str, Any]] = []
    for one in files:
        loaded = parse_yaml(one.read_text(encoding="utf-8")) or []
        if not isinstance(loaded, list) or not all(isinstance(s, dict) for s in loaded):
            raise SuiteError(f"{one}: expected a list of situations")
        situations += loaded
    seen: set[str] = set()
    for situation in situations:
        sid = str(situation.get("id", ""))
        if not sid or sid in seen:
            raise SuiteError(f"{path}: missing or repeated id {sid!r}")
        seen.add(sid)
    return situations


def problems(situation: dict[str, Any]) -> list[str]:
    """What is wrong with a situation's shape (unknown keys, fields, capability)."""
    found = [f"unknown key {k!r}" for k in sorted(set(situation) - TOP_KEYS)]
    found += [f"missing key {k!r}" for k in sorted(REQUIRED_KEYS - set(situation))]
    if situation.get("capability") not in CAPABILITIES:
        found.append(f"unknown capability {situation.get('capability')!r}")
    for kind, table, entries in (("given", GIVEN, situation.get("given") or []),
                                 ("expect", CHECKS, situation.get("expect") or [])):
        if not isinstance(entries, list):
            found.append(f"{kind} must be a list")
            continue
        for entry in entries:
            found += _entry_problems(kind, table, entry)
    return found


def _entry_problems(kind: str, table: dict[str, Any], entry: Any) -> list[str]:
    if not isinstance(entry, dict) or len(entry) != 1:
        return [f"{kind} entry must be one key: {entry!r}"]
    key, fields = next(iter(entry.items()))
    if key not in table:
        return [f"unknown {kind} key {key!r}"]
    if not isinstance(fields, dict):
        return [f"{kind} {key}: fields must be a mapping"]
    spec = table[key]
    out = [f"{kind} {key}: unknown field {f!r}" for f in sorted(set(fields) - spec.fields)]
    out += [f"{kind} {key}: missing field {f!r}" for f in sorted(spec.required - set(fields))]
    return out


def start_of(script: str) -> datetime:
    """When the play starts: its first @at when that comes before anyone speaks."""
    for raw in script.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        stamp = line[4:].strip() if line.startswith("@at ") else DEFAULT_START
        return datetime.strptime(stamp, "%Y-%m-%d %H:%M").replace(tzinfo=SHANGHAI)
    return datetime.strptime(DEFAULT_START, "%Y-%m-%d %H:%M").replace(tzinfo=SHANGHAI)


class RecordingChat(ConsoleChat):
    """A console chat that also keeps every message delivered while recording is on."""

    def __init__(self, linli: Linli, out: TextIO | None = None) -> None:
        super().__init__(linli, out=out or io.StringIO())
        self.received: list[Received] = []
        self.recording = False

    def deliver(self) -> None:
        """Record what is about to be delivered, then deliver it as the console does."""
        if self.recording:
            with session_scope(self.linli.sessions) as session:
                now = self.linli.clock.now()
                self.received += [Received(m.chat_id, _with_labels(m.text, m.buttons), now)
                                  for m in pending_messages(session, now=now)]
        super().deliver()


def _with_labels(text: str, buttons: list[Any]) -> str:
    """A message as the person sees it: its text, then its buttons' labels."""
    labels = [b.label for row in keyboard_from_json(buttons) for b in row]
    return "\n".join([text, *(f"[{label}]" for label in labels)])


class Runner:
    """Plays situations, each on its own database, with one shared NLU model.

    `template` is a migrated SQLite file, or a PostgreSQL URL whose schema is refilled for
    every situation. What the seeding made is kept per start time: a copied SQLite file, or a
    PostgreSQL snapshot schema (dropped by close()).
    """

    def __init__(self, model: NluModel, template: str, workdir: Path | None = None,
                 show: TextIO | None = None) -> None:
        self.model = model
        self.show = show
        self.template = template
        self.workdir = workdir or scratch()
        self._seeded: dict[datetime, Path] = {}
        self._snapshots: dict[datetime, Snapshot] = {}
        self._engine: Engine | None = None

    def run(self, situation: dict[str, Any]) -> Result:
        """Play one situation and check it."""
        sid, capability = str(situation.get("id")), str(situation.get("capability"))
        wrong = problems(situation)
        if wrong:
            return Result(sid, capability, False, [f"suite error: {w}" for w in wrong])
        try:
            reasons = self._play(situation)
        except Exception as exc:  # a crash is a failed situation, with where it happened
            where = traceback.extract_tb(exc.__traceback__)[-1]
            reasons = [f"error: {type(exc).__name__}: {exc} "
                       f"({Path(where.filename).name}:{where.lineno})"]
        return Result(sid, capability, not reasons, reasons)

    def _play(self, situation: dict[str, Any]) -> list[str]:
        script = str(situation["script"])
        start = start_of(script)
        with self._linli(start) as linli:
            chat = RecordingChat(linli, self.show)
            apply_given(linli, chat, situation.get("given") or [], start=start)
            chat.deliver()
            chat.recording = True
            chat.run_script(script.splitlines())
            reasons: list[str] = []
            for entry in situation["expect"]:
                key, fields = next(iter(entry.items()))
                reasons += check(linli, chat, key, fields)
            return reasons

    @contextmanager
    def _linli(self, start: datetime) -> Iterator[Linli]:
        url = self._fresh_database(start)
        settings = load_settings(database_url=url, data_dir=str(DATA),
                                 model_dir=str(self.workdir / "model"), _env_file=None)
        # every play's database has the same URL, so one engine serves them all and its
        # statement cache is compiled once, not once a situation (a fifth of a play's time)
        if self._engine is None:
            self._engine = make_engine(url)
        app = build(settings, clock=ManualClock(start), parser=self.model, migrate=False,
                    engine=self._engine)
        try:
            yield app
        finally:
            self._engine.dispose()  # closes the connections; the engine and its cache stay

    def _fresh_database(self, start: datetime) -> str:
        if self.template.startswith("postgresql"):
            restore_snapshot(self.template, self._seeded_snapshot(start))
            return self.template
        seeded = self._seeded.get(start)
        if seeded is None:
            seeded = self.workdir / f"seeded-{len(self._seeded)}.db"
            shutil.copy(self.template, seeded)
            self._seed(f"sqlite:///{seeded}", start)
            self._seeded[start] = seeded
        path = self.workdir / "play.db"
        for leftover in (path, path.with_name("play.db-wal"), path.with_name("play.db-shm")):
            leftover.unlink(missing_ok=True)
        shutil.copy(seeded, path)
        return f"sqlite:///{path}"

    def _seeded_snapshot(self, start: datetime) -> Snapshot:
        snap = self._snapshots.get(start)
        if snap is None:
            empty_schema(self.template)
            self._seed(self.template, start)
            snap = take_snapshot(self.template, f"linli_seed_{uuid.uuid4().hex[:8]}")
            self._snapshots[start] = snap
        return snap

    def _seed(self, url: str, start: datetime) -> None:
        settings = load_settings(database_url=url, data_dir=str(DATA),
                                 model_dir=str(self.workdir / "model"), _env_file=None)
        linli = build(settings, clock=ManualClock(start), parser=self.model, migrate=False)
        linli.engine.dispose()

    def close(self) -> None:
        """Drop what the runner made: PostgreSQL snapshots, the scratch folder."""
        if self._engine is not None:
            self._engine.dispose()
        for snap in self._snapshots.values():
            drop_snapshot(self.template, snap)
        self._snapshots.clear()
        shutil.rmtree(self.workdir, ignore_errors=True)


def scratch() -> Path:
    """A folder for the databases of a run: in memory (/dev/shm) where there is one, since
    every commit of a play is an fsync on a disk."""
    shm = Path("/dev/shm")
    return Path(tempfile.mkdtemp(prefix="linli-conv-", dir=shm if shm.is_dir() else None))
