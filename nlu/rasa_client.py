"""Rasa as an optional NLU backend: a Rasa 3.6 server's /model/parse, with the embedded engine
as the fallback when the server is down.

Rasa runs as its own process from its own environment (`make rasa`: .venv-rasa, Python 3.10),
never inside Linli's. The resident's text goes to Rasa as written; what comes back gets the
shared normalization (numerals, dates against the day the message was sent, canonical names)
so actions see the same contract from both backends.

When Rasa cannot answer (refused, timed out, 5xx, not JSON) the message is parsed by the
embedded engine instead: the resident never sees an error. The outage is logged and one staff
alert is queued (`take_alerts()`: the pipeline reads it after the turn and sends it to the
staff chat); Rasa is tried again after `retry_after` seconds, not on every message, so an
outage costs no timeout per message. When it answers again, one more alert says so.

Errors: none escape `parse`.
    httpx.HTTPError      (transport failure, bad status)  -> fallback
    ValueError           (the answer is not a parse)        -> fallback
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import date
from typing import Any, Protocol

import httpx

from nlu import normalize_entities

log = logging.getLogger(__name__)

DOWN_ALERT = ("Rasa 语义服务（{url}）无法访问：{reason}。已自动改用内置引擎，居民不受影响；"
              "请技术人员检查。")
UP_ALERT = "Rasa 语义服务（{url}）已恢复，重新使用 Rasa。"


class EmbeddedParser(Protocol):
    """The embedded engine as this module uses it."""

    def parse(self, text: str, *, ref_date: date | None = None, tz: str = "Asia/Shanghai",
              context: str | None = None) -> dict[str, Any]: ...


class RasaWithFallback:
    """A `Parser` that asks a Rasa server and falls back to the embedded engine."""

    def __init__(self, url: str, embedded: EmbeddedParser, *, timeout: float = 3.0,
                 retry_after: float = 30.0, client: httpx.Client | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.url = url.rstrip("/")
        self.embedded = embedded
        self.retry_after = retry_after
        self._client = client or httpx.Client(timeout=timeout)
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._down_since: float | None = None
        self._next_try = 0.0
        self._alerts: list[str] = []
        self.fallbacks = 0  # messages parsed by the embedded engine because Rasa was down

    @property
    def degraded(self) -> bool:
        """Whether Rasa is considered down (messages go to the embedded engine)."""
        return self._down_since is not None

    def take_alerts(self) -> list[str]:
        """Staff alerts not yet delivered (at most one per outage and one per recovery)."""
        with self._lock:
            alerts, self._alerts = self._alerts, []
        return alerts

    def parse(self, text: str, *, ref_date: date | None = None, tz: str = "Asia/Shanghai",
              context: str | None = None) -> dict[str, Any]:
        """Rasa's parse with normalized entities, or the embedded engine's when Rasa is down."""
        if self.degraded and self._monotonic() < self._next_try:
            return self._fallback(text, ref_date=ref_date, tz=tz, context=context)
        try:
            raw = self._ask(text)
        except (httpx.HTTPError, ValueError) as exc:
            self._went_down(exc)
            return self._fallback(text, ref_date=ref_date, tz=tz, context=context)
        self._came_back()
        return self.contract(raw, text, ref_date=ref_date, tz=tz)

    def contract(self, raw: dict[str, Any], text: str, *, ref_date: date | None = None,
                 tz: str = "Asia/Shanghai") -> dict[str, Any]:
        """Rasa's answer with the shared normalization applied to its entities."""
        entities = _dedupe(raw.get("entities") or [])
        intent = (raw.get("intent") or {}).get("name")
        own = getattr(self.embedded, "normalize_entities", None)
        if callable(own):  # the embedded model's synonyms too (感应灯 -> 楼道灯)
            values: list[dict[str, Any]] = own(entities, text=text, ref_date=ref_date, tz=tz,
                                               intent=intent)
        else:
            values = normalize_entities(entities, text=text, ref_date=ref_date, tz=tz,
                                        intent=intent)
        return {**raw, "text": text, "entities": values}

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self._client.close()

    def _ask(self, text: str) -> dict[str, Any]:
        response = self._client.post(f"{self.url}/model/parse", json={"text": text})
        response.raise_for_status()
        body = response.json()
        if not isinstance(body, dict) or not isinstance(body.get("intent"), dict):
            raise ValueError(f"not a parse: {str(body)[:200]}")
        return body

    def _fallback(self, text: str, *, ref_date: date | None, tz: str,
                  context: str | None) -> dict[str, Any]:
        self.fallbacks += 1
        return self.embedded.parse(text, ref_date=ref_date, tz=tz, context=context)

    def _went_down(self, exc: Exception) -> None:
        reason = f"{type(exc).__name__}: {exc}"[:200]
        with self._lock:
            self._next_try = self._monotonic() + self.retry_after
            if self._down_since is not None:
                return
            self._down_since = self._monotonic()
            self._alerts.append(DOWN_ALERT.format(url=self.url, reason=reason))
        log.warning("Rasa at %s is down (%s); parsing with the embedded engine", self.url,
                    reason)

    def _came_back(self) -> None:
        with self._lock:
            if self._down_since is None:
                return
            down_for = self._monotonic() - self._down_since
            self._down_since = None
            self._alerts.append(UP_ALERT.format(url=self.url))
        log.warning("Rasa at %s is back after %.0f s", self.url, down_for)


def _dedupe(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entity per span: DIET and the regex extractor may both find 501室."""
    kept: list[dict[str, Any]] = []
    for e in sorted(entities, key=lambda e: (int(e.get("start", 0)) - int(e.get("end", 0)))):
        start, end = int(e.get("start", 0)), int(e.get("end", 0))
        if not any(k["entity"] == e["entity"] and start < int(k.get("end", 0))
                   and int(k.get("start", 0)) < end for k in kept):
            kept.append(e)
    return sorted(kept, key=lambda e: (int(e.get("start", 0)), int(e.get("end", 0))))
