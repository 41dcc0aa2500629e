"""The WeCom channel's settings (WECOM_* in the environment or `.env`), validated at start.

Set WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET, WECOM_TOKEN and WECOM_AES_KEY to serve the
self-built app; WECOM_KF_OPEN_KFID (and WECOM_KF_SECRET when 微信客服 has its own secret) for
residents writing from ordinary WeChat; WECOM_ROBOTS (name=key,name=key) for 居民群 notices.
"""

from __future__ import annotations

import base64
import binascii

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from actions.core.settings import SettingsError

API_URL = "https://qyapi.weixin.qq.com"
REQUIRED = ("corp_id", "agent_id", "secret", "token", "aes_key")


class WeComSettings(BaseSettings):
    """Everything the WeCom channel reads from its environment."""

    model_config = SettingsConfigDict(env_file=".env", env_prefix="WECOM_", extra="ignore",
                                      frozen=True)

    corp_id: str | None = None
    agent_id: int | None = None
    secret: str | None = None
    token: str | None = None
    aes_key: str | None = None
    kf_open_kfid: str | None = None
    kf_secret: str | None = None  # 微信客服's own secret; the app's when not set
    robots: str = ""  # name=key,name=key: the group robots' webhook keys
    api_url: str = API_URL
    listen: str = "127.0.0.1:8088"
    callback_path: str = "/wecom/callback"
    timeout: float = Field(default=10.0, gt=0)
    report_import: bool = False  # poll 居民上报 orders into tickets
    report_every_seconds: float = Field(default=300.0, gt=0)

    @field_validator("robots")
    @classmethod
    def _robot_pairs(cls, value: str) -> str:
        pairs = [p.strip() for p in value.split(",") if p.strip()]
        if any(not p.partition("=")[0] or not p.partition("=")[2] for p in pairs):
            raise ValueError("WECOM_ROBOTS must be name=key pairs separated by commas")
        return value

    @field_validator("aes_key")
    @classmethod
    def _valid_aes_key(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            ok = len(value) == 43 and len(base64.b64decode(value + "=", validate=True)) == 32
        except binascii.Error:
            ok = False
        if not ok:
            raise ValueError("EncodingAESKey must be the 43 characters shown in the app's "
                             "接收消息 settings")
        return value

    @model_validator(mode="after")
    def _all_or_nothing(self) -> WeComSettings:
        given = [name for name in REQUIRED if getattr(self, name) not in (None, "")]
        if given and len(given) < len(REQUIRED):
            missing = ", ".join(f"WECOM_{n.upper()}" for n in REQUIRED if n not in given)
            raise ValueError(f"WeCom is half configured: also set {missing}")
        return self

    @property
    def enabled(self) -> bool:
        """Whether the app is configured (the channel runs)."""
        return self.corp_id is not None and bool(self.corp_id)

    @property
    def robot_keys(self) -> dict[str, str]:
        """The group robots: name -> webhook key."""
        pairs = [p.strip().partition("=") for p in self.robots.split(",") if p.strip()]
        return {name.strip(): key.strip() for name, _, key in pairs}

    @property
    def host_port(self) -> tuple[str, int]:
        """Where the callback endpoint listens."""
        host, _, port = self.listen.rpartition(":")
        if not port.isdigit():
            raise SettingsError(f"WECOM_LISTEN must be host:port, not {self.listen!r}")
        return host or "127.0.0.1", int(port)


def load_wecom_settings(**overrides: object) -> WeComSettings:
    """Read and validate the WeCom settings; raise SettingsError with a readable message."""
    try:
        return WeComSettings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = [f"  WECOM_{'.'.join(str(p) for p in e['loc']).upper() or 'settings'}: "
                 f"{e['msg']}" for e in exc.errors()]
        raise SettingsError("WeCom settings are invalid:\n" + "\n".join(lines)) from None
