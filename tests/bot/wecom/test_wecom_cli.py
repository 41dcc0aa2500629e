"""`linli run` serving WeCom from settings, `linli wecom link / group / check`, and settings
errors: the console script as an operator runs it, against the WeCom peer."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from actions.core.settings import Settings
from bot.wecom.settings import WeComSettings
from tests.peers.wecom.client import WeComPeerClient
from tests.peers.wecom.conftest import wecom, wecom_peer  # noqa: F401 (fixtures)
from tests.peers.wecom.peer import WeComPeer

LINLI = Path(sys.executable).with_name("linli")
DATA = Path(__file__).resolve().parents[3] / "data"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def env(tmp_path: Path, nlu_model_dir: Path, wecom_peer: WeComPeer,  # noqa: F811
        wecom: WeComPeerClient) -> dict[str, str]:  # noqa: F811
    """A clean environment with the peer's corp as WECOM_* settings."""
    names = {n.upper() for n in Settings.model_fields} | {
        f"WECOM_{n.upper()}" for n in WeComSettings.model_fields}
    cfg = wecom.config()
    return {**{k: v for k, v in os.environ.items() if k not in names},
            "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "DATA_DIR": str(DATA),
            "MODEL_DIR": str(nlu_model_dir), "WECOM_CORP_ID": cfg["corp_id"],
            "WECOM_AGENT_ID": str(cfg["agent_id"]), "WECOM_SECRET": cfg["secret"],
            "WECOM_TOKEN": cfg["token"], "WECOM_AES_KEY": cfg["encoding_aes_key"],
            "WECOM_KF_OPEN_KFID": cfg["open_kfid"], "WECOM_API_URL": wecom_peer.base_url,
            "WECOM_ROBOTS": f"居民群={cfg['robot_key']}",
            "WECOM_LISTEN": f"127.0.0.1:{free_port()}"}


def linli(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINLI), *args], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=180, check=False)


@pytest.fixture
def served(env: dict[str, str], tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """`linli run` in the background, with WeCom settings only."""
    process = subprocess.Popen([str(LINLI), "run"], env=env, cwd=tmp_path, text=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    yield process
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=30)  # and close the pipe


def test_linli_run_serves_wecom_from_the_settings(served: subprocess.Popen[str],
                                                  env: dict[str, str],
                                                  wecom: WeComPeerClient) -> None:  # noqa: F811
    wecom.set_app(callback_url=f"http://{env['WECOM_LISTEN']}/wecom/callback")
    deadline = time.monotonic() + 120  # migrating and seeding first
    while not wecom.verify_url()["verified"]:
        assert served.poll() is None, served.stderr.read() if served.stderr else ""
        assert time.monotonic() < deadline, "the callback URL never answered"
        time.sleep(0.5)
    wecom.add_member("zhangsan", "张三")
    wecom.member_says("zhangsan", "你好")
    while not wecom.sent_to_member("zhangsan"):
        assert time.monotonic() < deadline, "no reply"
        time.sleep(0.2)
    assert "您好" in wecom.sent_to_member("zhangsan")[0]["body"]["content"]


def test_check_link_and_group(env: dict[str, str], tmp_path: Path) -> None:
    assert linli("seed", "demo", env=env, cwd=tmp_path).returncode == 0
    checked = linli("wecom", "check", env=env, cwd=tmp_path)
    assert checked.returncode == 0 and "token OK" in checked.stdout, checked.stderr
    linked = linli("wecom", "link", "刘芳", "liufang", env=env, cwd=tmp_path)
    assert linked.returncode == 0 and "liufang" in linked.stdout, linked.stderr
    grouped = linli("wecom", "group", "居民群", "--title", "幸福里居民群", env=env, cwd=tmp_path)
    assert grouped.returncode == 0 and "幸福里居民群" in grouped.stdout, grouped.stderr
    nobody = linli("wecom", "link", "无名氏", "x", env=env, cwd=tmp_path)
    assert nobody.returncode == 1 and "无名氏" in nobody.stderr


def test_half_configured_wecom_is_explained_without_a_traceback(env: dict[str, str],
                                                               tmp_path: Path) -> None:
    env = {**env, "WECOM_SECRET": "", "WECOM_AES_KEY": "short"}
    done = linli("run", env=env, cwd=tmp_path)
    assert done.returncode == 2
    assert "WECOM_AES_KEY" in done.stderr and "Traceback" not in done.stderr
    del env["WECOM_AES_KEY"]
    done = linli("wecom", "check", env=env, cwd=tmp_path)
    assert done.returncode == 2 and "WECOM_SECRET" in done.stderr, done.stderr
