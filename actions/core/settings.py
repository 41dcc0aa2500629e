"""Settings, read once from the environment and `.env`, validated at start, then passed around."""

from __future__ import annotations

from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from nlu.model import DEFAULT_THRESHOLD


class SettingsError(Exception):
    """The configuration is wrong; the message says what to fix."""


class Settings(BaseSettings):
    """Everything Linli reads from its environment."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    database_url: str = "sqlite:///linli.db"
    # full: every SQLite commit reaches the disk before it returns (what the messenger is told
    # arrived survives a power cut); normal: it survives the process dying, not a power cut,
    # and a commit costs ~0.01 ms instead of a disk flush (~4 ms here). PostgreSQL: its own
    # synchronous_commit (in the URL: ?options=-csynchronous_commit%3Doff)
    sqlite_synchronous: Literal["full", "normal"] = "full"
    # PostgreSQL: a receiver's batch is handled on this many threads, the chats shared out,
    # each thread with its own connection and commit, so one thread's Python runs while
    # another waits for the server (SQLite has one writer: always one). A turn's writes to
    # the dialogue of a chat another thread handles wait for its thread's commit
    # (actions/core/state.py, Later), so two threads do not deadlock on them (stop 26's
    # reason for one thread by default; bench/RESULTS.md, scale2)
    batch_threads: int = Field(default=2, ge=1, le=8)
    telegram_bot_token: str | None = None
    telegram_api_url: str | None = None
    timezone: str = "Asia/Shanghai"
    nlu_backend: Literal["embedded", "rasa"] = "embedded"
    rasa_url: str = "http://127.0.0.1:5005"
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_listen: str = "127.0.0.1:8443"
    staff_chat_id: int | None = None
    data_dir: str = "data"
    model_dir: str = "models/nlu"
    form_expiry_minutes: int = 30
    retention_days: int = Field(default=90, ge=1)  # done inbox, sent outbox, idle dialogues
    # below it: nlu_fallback; the NLU owns the figure (the curve in `linli nlu evaluate`)
    nlu_threshold: float = DEFAULT_THRESHOLD
    jobs_every_seconds: float = Field(default=60.0, gt=0)  # the scheduled jobs' tick
    outbox_every_seconds: float = Field(default=5.0, gt=0)  # retries of turns and sends
    console_url: str = "http://127.0.0.1:8600"  # the staff console's address, as links show it
    console_listen: str = "127.0.0.1:8600"

    @field_validator("database_url")
    @classmethod
    def _valid_database_url(cls, value: str) -> str:
        try:
            url = make_url(value)
        except ArgumentError as exc:
            raise ValueError(f"不是有效的数据库地址 (not a database URL): {value!r}") from exc
        if url.get_backend_name() not in {"sqlite", "postgresql"}:
            raise ValueError("only sqlite:/// and postgresql:// URLs are supported")
        return value

    @field_validator("timezone")
    @classmethod
    def _valid_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (e.g. Asia/Shanghai)") from exc
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.webhook_url and not self.webhook_secret:
            raise ValueError("WEBHOOK_URL is set but WEBHOOK_SECRET is not: set both")
        return self

    @property
    def tz(self) -> ZoneInfo:
        """The community's time zone."""
        return ZoneInfo(self.timezone)


def load_settings(**overrides: object) -> Settings:
    """Read and validate settings once; raise SettingsError with a readable message."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"]).upper() or "settings"
            lines.append(f"  {field}: {err['msg']}")
        raise SettingsError("Linli settings are invalid:\n" + "\n".join(lines)) from None
