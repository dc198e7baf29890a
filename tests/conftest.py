"""Shared fixtures: outputs go to tmp_path, the network is blocked, real parts are found."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ROOT / "layers"
MINI = ROOT / "tests" / "data" / "mini"
ARTICLES = ROOT.parent / "shared" / "articles"
IN_CI = os.environ.get("CI", "").lower() == "true"


def need(condition: bool, why: str) -> None:
    """Skip for a user without the real part; fail in CI, where it must be there."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true and {why}", pytrace=False)
    pytest.skip(why)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only loopback connections: no test may depend on the outside world."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else str(address)
        if self.family == socket.AF_UNIX or host in {"127.0.0.1", "::1", "localhost"}:
            return real_connect(self, address)  # type: ignore[arg-type]
        msg = f"test tried to reach the network: {address!r}"
        raise RuntimeError(msg)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def _outputs_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Relative outputs (site/, docs/) land in the test's own folder."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small fixture dataset."""
    dst = tmp_path / "layers"
    shutil.copytree(MINI, dst)
    return dst


@pytest.fixture(scope="session")
def articles() -> Path:
    """The source articles: present in CI, absent in a user's clone."""
    need(ARTICLES.is_dir(), f"the source articles are not at {ARTICLES}")
    return ARTICLES
