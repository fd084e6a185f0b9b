"""Faults: the index deleted while serving, a full disk during a build, a killed worker.
The kiosk keeps serving content and recovers by itself when the fault is gone."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time

import pytest
import requests
from conftest import write_config_file

from app.config import PROJECT_ROOT
from app.search import current_build


def search(base, q="deposit", lang="en"):
    response = requests.get(f"{base}/api/search?q={q}&lang={lang}", timeout=10)
    assert response.status_code == 200
    return [r["article"] for r in response.json()["results"]]


def test_index_deleted_while_serving_then_rebuilt(gunicorn_server, tmp_path):
    index_dir = tmp_path / "index"
    assert search(gunicorn_server) == ["rental-deposit"]
    shutil.rmtree(index_dir)
    for _ in range(6):  # every worker, whatever it had open
        assert requests.get(gunicorn_server + "/en/housing/rental-deposit", timeout=10).status_code == 200
        page = requests.get(gunicorn_server + "/en/search?q=deposit", timeout=10)
        assert page.status_code == 200
        assert search(gunicorn_server) in ([], ["rental-deposit"])
    env = os.environ | {"KIOSK_CONFIG": str(tmp_path / "kiosk_config.yaml")}
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "index", "build"],
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    assert all(search(gunicorn_server) == ["rental-deposit"] for _ in range(6))


def _limit_file_size():
    # Writing past 2 KiB fails with EFBIG, as a full disk fails with ENOSPC.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))


@pytest.mark.slow
def test_full_disk_during_a_build_leaves_the_live_index(content_dir, tmp_path):
    config_path = write_config_file(tmp_path, content_dir)
    env = os.environ | {"KIOSK_CONFIG": str(config_path)}
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "index", "build"]
    subprocess.run(command, cwd=PROJECT_ROOT, env=env, check=True, capture_output=True)
    live = current_build(tmp_path / "index")
    failed = subprocess.run(
        command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, preexec_fn=_limit_file_size
    )
    assert failed.returncode == 1, failed.stderr
    assert "index build failed: File too large; the live index is unchanged" in failed.stderr
    assert current_build(tmp_path / "index") == live
    assert sorted(p.name for p in (tmp_path / "index" / "builds").iterdir()) == [live.name]
    # With room again, the next build succeeds.
    subprocess.run(command, cwd=PROJECT_ROOT, env=env, check=True, capture_output=True)
    assert current_build(tmp_path / "index") != live


def worker_pids(master: int) -> list[int]:
    children = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()
    return [int(pid) for pid in children]


@pytest.mark.server
def test_a_killed_worker_is_replaced_and_nothing_is_lost(content_dir, tmp_path):
    from conftest import Gunicorn

    config_path = write_config_file(tmp_path, content_dir)
    server = Gunicorn(tmp_path / "gunicorn.log", KIOSK_CONFIG=str(config_path))
    base = server.wait_until_ready()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(worker_pids(server.process.pid)) < 2:
            time.sleep(0.2)  # the second worker may still be booting
        before = worker_pids(server.process.pid)
        assert len(before) == 2
        os.kill(before[0], signal.SIGKILL)
        for _ in range(20):
            assert requests.get(base + "/fr/housing/rental-deposit", timeout=10).status_code == 200
            assert search(base) == ["rental-deposit"]
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(worker_pids(server.process.pid)) < 2:
            time.sleep(0.2)
        after = worker_pids(server.process.pid)
        assert len(after) == 2 and before[0] not in after
    finally:
        server.stop()
