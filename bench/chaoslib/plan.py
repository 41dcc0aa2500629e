"""What a chaos run is (its plan) and what it measured (its figures and missed targets)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from bench.chaoslib import ROOT  # noqa: F401

TOKEN = "770001:chaos-bench"
SECRET = "chaos-bench-secret"
TZ = ZoneInfo("Asia/Shanghai")
VENV_BIN = ROOT / ".venv" / "bin"
REPLY_WAIT = 240.0  # a resident waits this long for an answer (a 60 s outage, restarts, ...)
DRAIN_LIMIT = 180.0  # seconds to reach quiet after the traffic, else the run fails
FIRST_TG_ID = 7_100_000



# -- what a run is -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Plan:
    """One run: database, receiving mode, processes, traffic and kills."""

    db: str  # sqlite | postgresql
    mode: str  # polling | webhook
    processes: int = 1
    kills: int = 6
    outage: bool = False  # stop the database for OUTAGE seconds
    outage_seconds: float = 60.0
    talkers: int = 8  # per kind of conversation: greeting, repair, booking, letter
    elders: int = 30
    broadcast: int = 120

    @property
    def name(self) -> str:
        """How the run is called in the output."""
        extra = " x2" if self.processes > 1 else ""
        return f"{self.db}/{self.mode}{extra}" + (" +outage" if self.outage else "")


@dataclass
class Figures:
    """What a run measured."""

    plan: Plan
    kills: int = 0
    kills_round: int = 0
    kills_outbox: int = 0
    exits: int = 0  # processes that ended on their own (e.g. started while the db was down)
    created: int = 0
    stored: int = 0
    done: int = 0
    parked: int = 0
    pending: int = 0
    lost: int = 0
    retried: int = 0  # items done after more than one try
    twice: int = 0
    missing: int = 0
    sends: int = 0
    rows_sent: int = 0
    extra_sends: int = 0
    extra_by_cause: Counter[str] = field(default_factory=Counter)
    repeated_sends: int = 0
    handed_out_again: int = 0
    checkins: Counter[int] = field(default_factory=Counter)  # elder -> check-ins received
    checkins_repeated: Counter[int] = field(default_factory=Counter)  # ... copies after a kill
    rounds: Counter[int] = field(default_factory=Counter)  # elder -> rounds (rows) tonight
    answers_lost: int = 0
    stuck: int = 0
    drain: float = 0.0
    seconds: float = 0.0
    drained: bool = True
    detail: list[str] = field(default_factory=list)

    def misses(self) -> list[str]:
        """The targets missed."""
        out = []
        checks = [(self.lost == 0, f"{self.lost} update(s) lost"),
                  (self.pending == 0, f"{self.pending} update(s) not handled"),
                  (self.parked == 0, f"{self.parked} turn(s) parked"),
                  (self.twice == 0, f"{self.twice} effect(s) twice"),
                  (self.missing == 0, f"{self.missing} effect(s) missing"),
                  (self.extra_sends <= self.kills, f"{self.extra_sends} extra sends for "
                                                   f"{self.kills} kills"),
                  (all(n <= 1 for cause, n in self.extra_by_cause.items()
                       if cause.startswith("kill")), "a kill repeated more than one send"),
                  (all(n == 1 for n in self.rounds.values())
                   and len(self.rounds) == self.plan.elders, "check-in rounds not one per elder"),
                  (all(n - self.checkins_repeated[tg] == 1 for tg, n in self.checkins.items()),
                   "check-ins received not one per elder (beyond copies a kill repeated)"),
                  (self.answers_lost == 0, f"{self.answers_lost} 平安 answer(s) lost"),
                  (self.stuck == 0, f"{self.stuck} conversation(s) stuck"),
                  (self.drained, "did not drain")]
        for ok, what in checks:
            if not ok:
                out.append(what)
        return out
