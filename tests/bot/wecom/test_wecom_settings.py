"""WECOM_* settings: all or nothing, a real EncodingAESKey, robots as name=key pairs."""

from __future__ import annotations

import pytest

from actions.core.settings import SettingsError
from bot.channels import choices_text, fit_text
from bot.wecom.settings import load_wecom_settings
from bot.wiring import Linli

KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
FULL = {"corp_id": "ww1", "agent_id": 1000002, "secret": "s", "token": "t", "aes_key": KEY,
        "_env_file": None}


def test_nothing_set_means_wecom_is_off() -> None:
    assert not load_wecom_settings(_env_file=None).enabled


def test_a_full_app_with_robots() -> None:
    found = load_wecom_settings(**FULL, robots="居民群=k1, 工作群=k2")
    assert found.enabled and found.robot_keys == {"居民群": "k1", "工作群": "k2"}


@pytest.mark.parametrize(("change", "said"), [
    ({"secret": None}, "WECOM_SECRET"),
    ({"aes_key": "too-short"}, "EncodingAESKey"),
    ({"robots": "居民群"}, "name=key"),
])
def test_mistakes_are_explained(change: dict[str, object], said: str) -> None:
    with pytest.raises(SettingsError, match=said):
        load_wecom_settings(**{**FULL, **change})


def test_choices_and_long_text(linli: Linli) -> None:
    texts = linli.conversation.texts
    assert choices_text("派给谁", [[["刘芳", "=1"]], [["陈伟", "=2"]]], texts).splitlines()[2:4] \
        == ["1. 刘芳", "2. 陈伟"]
    assert choices_text("打个分", [[["5分", "/s:5"], ["4分", "/s:4"]]], texts).splitlines()[2:4] \
        == ["· 5分", "· 4分"]  # 5 means 5分, so no numbers in front
    parts = fit_text("一" * 700 + "\n" + "二" * 10, 600)
    assert [len(p) for p in parts] == [600, 111]
