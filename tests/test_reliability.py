"""
Builds that survive faults: atomic swaps, kills at any point, readable and reproducible output.
"""

from __future__ import annotations

import _socket
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo.build import build_site, staged
from tests.conftest import MINI, ROOT, need


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def geo(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "geo", *args],
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}."))


READER = """
import os, sys, time
marker, stop = sys.argv[1], sys.argv[2]
misses = checks = 0
while not os.path.exists(stop):
    checks += 1
    try:
        os.stat(marker)
    except FileNotFoundError:
        misses += 1
print(checks, misses)
"""


def test_a_reader_never_finds_the_site_missing_during_a_swap(tmp_path: Path) -> None:
    site = tmp_path / "site"
    stop = tmp_path / "stop"
    with staged(site) as first:
        (first / "index.html").write_text("0", "utf-8")
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(site / "index.html"), str(stop)],
        stdout=subprocess.PIPE,
        text=True,
    )
    time.sleep(0.2)  # let the reader start polling
    for n in range(1, 1500):
        with staged(site) as staging:
            (staging / "index.html").write_text(str(n), "utf-8")
    stop.touch()
    out, _ = reader.communicate(timeout=30)
    checks, misses = map(int, out.split())
    assert checks > 1000, "the reader did not run alongside the swaps"
    assert misses == 0, f"the site was missing {misses} times in {checks} looks"
    assert (site / "index.html").read_text("utf-8") == "1499"
    assert leftovers(site) == []


@pytest.fixture
def two_versions(tmp_path: Path) -> tuple[Path, Path]:
    """Mini, and mini with one name changed: their sites differ."""
    old = tmp_path / "old"
    new = tmp_path / "new"
    shutil.copytree(MINI, old)
    shutil.copytree(MINI, new)
    path = new / "localities.geojson"
    path.write_text(path.read_text("utf-8").replace("Vùng Aquitaine", "Vùng Nouvelle"), "utf-8")
    return old, new


def test_a_build_killed_at_any_point_leaves_a_whole_site(
    tmp_path: Path, two_versions: tuple[Path, Path]
) -> None:
    old_layers, new_layers = two_versions
    site = tmp_path / "site"
    build_site(layers_dir=old_layers, out_dir=site)
    old = digest(site)
    ref = tmp_path / "ref"
    build_site(layers_dir=new_layers, out_dir=ref)
    new = digest(ref)
    assert old != new

    started = time.monotonic()
    proc = geo("build", "--layers", str(new_layers), "--out", str(site))
    proc.communicate(timeout=300)
    assert proc.returncode == 0
    duration = time.monotonic() - started
    outcomes = set()
    for fraction in (0.05, 0.2, 0.35, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99):
        build_site(layers_dir=old_layers, out_dir=site)
        proc = geo("build", "--layers", str(new_layers), "--out", str(site))
        time.sleep(duration * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        after = digest(site)
        assert after in (old, new), f"killed at {fraction:.0%}: the site is neither old nor new"
        outcomes.add("new" if after == new else "old")
    assert "old" in outcomes, "no kill landed before the swap"
    # The next build cleans whatever a killed one left.
    build_site(layers_dir=new_layers, out_dir=site)
    assert digest(site) == new
    assert leftovers(site) == []


def test_the_site_is_readable_by_a_web_server_running_as_another_user(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        site = tmp_path / "site"
        build_site(layers_dir=MINI, out_dir=site)
    finally:
        os.umask(previous)
    for path in [site, *site.rglob("*")]:
        mode = path.stat().st_mode & 0o777
        wanted = 0o755 if path.is_dir() else 0o644
        assert mode == wanted, f"{path.relative_to(tmp_path)} is {oct(mode)}"


def test_rebuilds_are_byte_identical_under_other_hash_seeds_and_time_zones(tmp_path: Path) -> None:
    envs = (
        {"PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C.UTF-8"},
        {"PYTHONHASHSEED": "4242", "TZ": "Asia/Ho_Chi_Minh", "LC_ALL": "C.UTF-8"},
        {"PYTHONHASHSEED": "random", "TZ": "America/Los_Angeles", "LC_ALL": "C.UTF-8"},
    )
    digests = []
    for n, env in enumerate(envs):
        site = tmp_path / f"site{n}"
        proc = geo("build", "--layers", str(ROOT / "layers"), "--out", str(site), env=env)
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
        digests.append(digest(site))
    assert "data/border-atlas.gpkg" in digests[0]
    for other in digests[1:]:
        differ = sorted(
            k for k in digests[0].keys() | other.keys() if digests[0].get(k) != other.get(k)
        )
        assert differ == []


def _only_loopback() -> bool:
    return [name for _, name in socket.if_nameindex()] == ["lo"]


def test_the_suite_runs_with_only_loopback_networking() -> None:
    need(_only_loopback(), "the tests are not in a network namespace (scripts/test.sh makes one)")
    with socket.socket() as sock:
        sock.settimeout(5)
        with pytest.raises(OSError, match="unreachable"):
            # past the in-process guard of conftest: the operating system refuses
            _socket.socket.connect(sock, ("192.0.2.1", 80))
    # and a child process (a browser, QGIS) is cut off too, not just this one
    probe = "import socket; socket.create_connection(('192.0.2.1', 80), timeout=5)"
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=False)
    assert b"unreachable" in proc.stderr
