"""Slow clients (slowloris) never hold gunicorn's sync workers: the served configuration puts
nginx in front (deploy/kiosk-proxy.conf), and gunicorn refuses to face other machines alone."""

from __future__ import annotations

import getpass
import importlib.util
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests
from conftest import Gunicorn, free_port, write_config_file

from app.config import PROJECT_ROOT

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"  # Debian's nginx (make system-deps)


def _gunicorn_conf():
    spec = importlib.util.spec_from_file_location("kiosk_gunicorn_conf", PROJECT_ROOT / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "address, reachable",
    [
        ("127.0.0.1:8000", False),
        ("[::1]:8000", False),
        ("localhost:8000", False),
        ("unix:/run/kiosk.sock", False),
        ("0.0.0.0:8000", True),
        ("[::]:8000", True),
        ("192.168.1.10:8000", True),
        ("kiosk.example:8000", True),
    ],
)
def test_which_bind_addresses_face_other_machines(address, reachable):
    assert _gunicorn_conf()._reachable_from_other_machines(address) is reachable


class SlowClients:
    """Connections that send a request's headers one line a second and never finish them."""

    def __init__(self, port: int, count: int):
        self.stop = threading.Event()
        self.sockets = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(count)]
        for sock in self.sockets:
            sock.sendall(b"GET /fr/ HTTP/1.1\r\nHost: kiosk\r\n")
        self.thread = threading.Thread(target=self._trickle, daemon=True)
        self.thread.start()

    def _trickle(self):
        while not self.stop.wait(1):
            for sock in self.sockets:
                try:
                    sock.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    pass

    def close(self):
        self.stop.set()
        self.thread.join()
        for sock in self.sockets:
            sock.close()


def _answered(base: str, n: int, timeout: float) -> list[int | None]:
    statuses = []
    for path in ["/fr/", "/en/housing/", "/fr/housing/rental-deposit", "/healthz", "/nl/", "/en/search?q=deposit"][:n]:
        try:
            statuses.append(requests.get(base + path, timeout=timeout).status_code)
        except requests.RequestException:
            statuses.append(None)
    return statuses


def _nginx_conf(folder: Path, listen: int, upstream: int) -> Path:
    """A whole nginx configuration around the shipped deploy/kiosk-proxy.conf."""
    temp = "\n".join(
        f"    {name}_temp_path {folder / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    path = folder / "nginx.conf"
    path.write_text(
        f"""
daemon off;
user {getpass.getuser()};
worker_processes 1;
pid {folder / "nginx.pid"};
events {{ worker_connections 512; }}
http {{
{temp}
    upstream kiosk {{ server 127.0.0.1:{upstream}; }}
    server {{
        listen 127.0.0.1:{listen};
        include {PROJECT_ROOT / "deploy" / "kiosk-proxy.conf"};
    }}
}}
""",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def gunicorn_behind_proxy(tmp_path, content_dir):
    server = Gunicorn(
        tmp_path / "gunicorn.log", KIOSK_CONFIG=str(write_config_file(tmp_path, content_dir)), KIOSK_TRUSTED_PROXIES="1"
    )
    server.wait_until_ready()
    yield server
    server.stop()


@pytest.fixture
def nginx(tmp_path, gunicorn_behind_proxy):
    folder = tmp_path / "nginx"
    folder.mkdir()
    port = free_port()
    conf = _nginx_conf(folder, port, gunicorn_behind_proxy.port)
    log = folder / "error.log"
    process = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(conf), "-e", str(log)])
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            requests.get(base + "/healthz", timeout=2)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(timeout=15)


@pytest.mark.server
@pytest.mark.slow
def test_slow_clients_hold_nginx_not_gunicorn(gunicorn_behind_proxy, nginx):
    # The attack itself: 4 slow connections straight to gunicorn's 2 sync workers starve everyone.
    direct = SlowClients(gunicorn_behind_proxy.port, 4)
    try:
        time.sleep(1)
        assert _answered(gunicorn_behind_proxy.base, 1, timeout=5) == [None]
    finally:
        direct.close()

    # Through nginx, 40 slow connections are held while real visitors are answered.
    slow = SlowClients(int(nginx.rsplit(":", 1)[1]), 40)
    try:
        time.sleep(2)
        assert _answered(nginx, 6, timeout=20) == [200] * 6
        assert not slow.stop.is_set()
    finally:
        slow.close()


@pytest.mark.server
def test_gunicorn_alone_refuses_to_face_other_machines(tmp_path, content_dir):
    server = Gunicorn(
        tmp_path / "gunicorn.log",
        KIOSK_CONFIG=str(write_config_file(tmp_path, content_dir)),
        KIOSK_BIND=f"0.0.0.0:{free_port()}",
    )
    try:
        returncode = server.process.wait(timeout=120)
    except subprocess.TimeoutExpired:
        returncode = None
    finally:
        server.stop()
    log = Path(server.log.name).read_text("utf-8")
    assert returncode == 1, log
    assert "refusing to listen on 0.0.0.0" in log and "KIOSK_TRUSTED_PROXIES=1" in log
