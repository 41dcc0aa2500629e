"""Settings are validated once, with messages a person can act on."""

from __future__ import annotations

import pytest

from actions.core.settings import SettingsError, load_settings


def test_defaults() -> None:
    settings = load_settings(_env_file=None)
    assert settings.database_url == "sqlite:///linli.db"
    assert settings.timezone == "Asia/Shanghai" and settings.nlu_backend == "embedded"


@pytest.mark.parametrize(("field", "value", "words"), [
    ("database_url", "notaurl", "DATABASE_URL"),
    ("database_url", "mysql://x@y/z", "only sqlite"),
    ("timezone", "Mars/Olympus", "unknown time zone"),
    ("nlu_backend", "spacy", "NLU_BACKEND"),
])
def test_bad_values_are_explained(field: str, value: str, words: str) -> None:
    with pytest.raises(SettingsError) as err:
        load_settings(_env_file=None, **{field: value})
    assert words in str(err.value)


def test_webhook_needs_a_secret() -> None:
    with pytest.raises(SettingsError, match="WEBHOOK_SECRET"):
        load_settings(_env_file=None, webhook_url="https://bot.example.org/hook")


def test_environment_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://127.0.0.1:5432/test")
    monkeypatch.setenv("STAFF_CHAT_ID", "-100123")
    settings = load_settings(_env_file=None)
    assert settings.database_url.startswith("postgresql://")
    assert settings.staff_chat_id == -100123
