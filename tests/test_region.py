"""A real region on loopback: a publishing server, a second server and two counters, each a real
gunicorn with its own folders, database and port, each follower with its own `content sync
--repeat` process every second. Publish, stop the publishing server, kill a sync, tamper with a
publication, roll back, and a counter's offline day of counts, all through real HTTP."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
import requests
import yaml
from conftest import LANGUAGES, Gunicorn, free_port, make_content
from test_staff import PASSWORD, csrf_token

from app.config import PROJECT_ROOT
from app.content.history import Author, ContentHistory, run_git

pytestmark = pytest.mark.server
# Seconds between syncs: 1 in the suite. The default period (60) is measured by hand with
# REGION_SYNC_SECONDS=60 REGION_MEASURE_ONLY=1 (the publish-to-every-follower figure only).
PERIOD = int(os.environ.get("REGION_SYNC_SECONDS", "1"))
MEASURE_ONLY = os.environ.get("REGION_MEASURE_ONLY") == "1"
ARTICLE = "/en/housing/rental-deposit"
AMINA = Author("amina", "Amina Benali")


@dataclass
class Machine:
    name: str
    root: Path
    config: Path
    port: int
    server: Gunicorn | None = None
    sync: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environ(self, **more) -> dict:
        return os.environ | {"KIOSK_CONFIG": str(self.config), "KIOSK_WORKERS": "1"} | more


def _write_config(root: Path, content_dir: Path, **settings) -> Path:
    path = root / "kiosk_config.yaml"
    raw = {
        "languages": LANGUAGES,
        "default_language": "en",
        "fallback_languages": ["en", "fr"],
        "content_dir": str(content_dir),
        "index_dir": str(root / "index"),
        "database_url": f"sqlite:///{root / 'kiosk.sqlite3'}",
        "public_base_url": "http://kiosk.example",
        "speech_cache_dir": str(root / "speech"),
        "sync_dir": str(root / "sync"),
        "sync_seconds": PERIOD,
    } | settings
    root.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(raw), "utf-8")
    return path


def _flask(machine: Machine, *args: str, input_text: str | None = None, **environ) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=PROJECT_ROOT,
        env=machine.environ(**environ),
        capture_output=True,
        text=True,
        input=input_text,
        timeout=120,
    )


def _start(machine: Machine, **environ) -> None:
    machine.server = _gunicorn(machine, **environ)
    machine.server.wait_until_ready(60)


def _gunicorn(machine: Machine, **environ) -> Gunicorn:
    server = Gunicorn.__new__(Gunicorn)  # the conftest launcher, on this machine's own fixed port
    server.port, server.base = machine.port, machine.base
    server.log = open(machine.root / "gunicorn.log", "a+")  # noqa: SIM115 - closed by stop()
    server.process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(PROJECT_ROOT / "gunicorn.conf.py"), "wsgi:app"],
        cwd=PROJECT_ROOT,
        env=machine.environ(KIOSK_BIND=f"127.0.0.1:{machine.port}", **environ),
        stdout=server.log,
        stderr=subprocess.STDOUT,
    )
    return server


def _start_sync(machine: Machine, publisher: Machine, **environ) -> None:
    if machine.sync is not None:
        machine.sync.stdout_log.close()
    log = open(machine.root / "sync.log", "a+")  # noqa: SIM115 - closed when the machine stops
    machine.sync = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "content", "sync", "--from", publisher.base, "--repeat"],
        cwd=PROJECT_ROOT,
        env=machine.environ(**environ),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    machine.sync.stdout_log = log


def _title(machine: Machine) -> str | None:
    try:
        page = requests.get(machine.base + ARTICLE, timeout=5)
    except requests.RequestException:
        return None
    found = re.search(r"<h1[^>]*>(.*?)</h1>", page.text, re.S)
    return found.group(1).strip() if page.status_code == 200 and found else None


def _wait_for(machines, title: str, seconds: float) -> float:
    """Seconds until every machine serves ``title``; fails with what each serves."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if all(_title(machine) == title for machine in machines):
            return time.monotonic() - started
        time.sleep(0.05)
    pytest.fail(
        f"not all serve {title!r} after {seconds} s: " + ", ".join(f"{m.name}: {_title(m)!r}" for m in machines)
    )


def _edit(history: ContentHistory, title: str) -> None:
    path = "housing/rental-deposit/en.md"
    text = history.read(path)
    history.save({path: re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1)}, AMINA, f"Title: {title}")


def _staff_session(publisher: Machine) -> requests.Session:
    session = requests.Session()
    page = session.get(publisher.base + "/staff/login").text
    answer = session.post(
        publisher.base + "/staff/login",
        data={"csrf_token": csrf_token(page), "username": "root", "password": PASSWORD},
        allow_redirects=False,
    )
    assert answer.status_code == 302
    return session


def _press(session: requests.Session, publisher: Machine, path: str) -> requests.Response:
    token = csrf_token(session.get(publisher.base + "/staff/publish").text)
    return session.post(publisher.base + path, data={"csrf_token": token})


def _views(database: Path, counter: str) -> list[tuple]:
    with sqlite3.connect(database) as connection:
        return sorted(
            connection.execute(
                "SELECT day, lang, topic, article, count FROM daily_page_views WHERE counter = ?", (counter,)
            ).fetchall()
        )


def test_a_region_follows_its_publishing_server(tmp_path):
    publisher = Machine("publishing", tmp_path / "publishing", Path(), free_port())
    content = make_content(publisher.root / "content")
    publisher.config = _write_config(
        publisher.root,
        content,
        publications_dir=str(publisher.root / "publications.git"),
        publishing_key_file=str(publisher.root / "keys" / "signing_key"),
    )
    history = ContentHistory(content)
    history.ensure_repository()
    assert _flask(publisher, "db", "upgrade").returncode == 0
    made = _flask(publisher, "content", "publish")
    assert made.returncode == 0, made.stderr
    public_key = (publisher.root / "keys" / "signing_key.pub").read_text().strip()
    assert _flask(publisher, "staff", "add-user", "root", "--role", "admin", input_text=PASSWORD + "\n").returncode == 0
    followers = []
    for name in ("server-2", "counter-1", "counter-2"):
        key = _flask(publisher, "counters", "add", name).stdout.split()[-1]
        root = tmp_path / name
        machine = Machine(
            name, root, _write_config(root, root / "content", publishing_public_key=public_key), free_port()
        )
        machine.environ_extra = {"KIOSK_SYNC_NAME": name, "KIOSK_SYNC_KEY": key}
        if name.startswith("counter"):
            machine.environ_extra["KIOSK_COUNTER_ID"] = name
        followers.append(machine)
    server_2, counter_1, counter_2 = followers
    try:
        _start(publisher)
        for machine in followers:  # the first sync gives a new machine its content
            first = _flask(machine, "content", "sync", "--from", publisher.base, **machine.environ_extra)
            assert first.returncode == 0, first.stderr
            _start(machine, **machine.environ_extra)
            _start_sync(machine, publisher, **machine.environ_extra)
        everyone = [publisher, *followers]
        _wait_for(everyone, "Rental deposit", 10)

        # Publish from the studio: this server at once, every follower within two periods.
        staff = _staff_session(publisher)
        _edit(history, "Rental guarantee")
        pressed = time.monotonic()
        assert _press(staff, publisher, "/staff/publish").status_code == 200
        button = time.monotonic() - pressed
        on_publisher = _wait_for([publisher], "Rental guarantee", 10) + button
        on_all = _wait_for(followers, "Rental guarantee", 2 * PERIOD + 10) + on_publisher
        print(f"\nPublish button → this server's visitors: {on_publisher:.1f} s (the button's answer: {button:.1f} s)")
        print(f"Publish button → every follower (sync every {PERIOD} s): {on_all:.1f} s")
        assert on_publisher < 10
        if MEASURE_ONLY:
            return

        # The publishing server stops: everyone keeps serving, says why, and catches up later.
        publisher.server.stop()
        _edit(history, "Deposit while offline")
        assert _flask(publisher, "content", "publish").returncode == 0
        # A counter counts visitors meanwhile; one day of them was counted yesterday (its clock).
        for _ in range(3):
            requests.get(counter_1.base + ARTICLE, timeout=5)
        yesterday = (date.today() - timedelta(days=1)).isoformat()
        # As a counter offline since yesterday has it: its last acknowledged heartbeat was yesterday.
        (counter_1.root / "sync" / "counts.json").write_text(f'{{"from": "{yesterday}"}}')
        with sqlite3.connect(counter_1.root / "kiosk.sqlite3") as connection:
            connection.execute(
                "INSERT INTO daily_page_views (day, lang, topic, article, counter, count) VALUES (?, 'fr', 'housing', "
                "'rental-deposit', 'counter-1', 11)",
                (yesterday,),
            )
        time.sleep(3 * PERIOD)
        assert all(_title(machine) == "Rental guarantee" for machine in followers)
        state = (counter_2.root / "sync" / "state.json").read_text()
        assert "could not be fetched" in state
        _start(publisher)
        _wait_for(followers, "Deposit while offline", 2 * PERIOD + 10)
        # The counts of the offline day arrive, once, however often they are sent again.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and _views(publisher.root / "kiosk.sqlite3", "counter-1") != _views(
            counter_1.root / "kiosk.sqlite3", "counter-1"
        ):
            time.sleep(0.2)
        local = _views(counter_1.root / "kiosk.sqlite3", "counter-1")
        assert (yesterday, "fr", "housing", "rental-deposit", 11) in local
        assert any(row[0] == date.today().isoformat() and row[4] >= 3 for row in local)
        time.sleep(3 * PERIOD)  # sent again at each sync
        assert _views(publisher.root / "kiosk.sqlite3", "counter-1") == _views(
            counter_1.root / "kiosk.sqlite3", "counter-1"
        )

        # A sync killed midway: the last good content stays, the next sync finishes and says so.
        counter_2.sync.terminate()
        counter_2.sync.wait(10)
        _edit(history, "Deposit after a kill")
        assert _flask(publisher, "content", "publish").returncode == 0
        sync = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "content", "sync", "--from", publisher.base],
            cwd=PROJECT_ROOT,
            env=counter_2.environ(**counter_2.environ_extra),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        state_file = counter_2.root / "sync" / "state.json"
        while sync.poll() is None and '"pid"' not in state_file.read_text():
            time.sleep(0.005)
        sync.send_signal(signal.SIGKILL)
        sync.wait()
        assert _title(counter_2) in ("Deposit while offline", "Deposit after a kill")  # never a half
        _start_sync(counter_2, publisher, **counter_2.environ_extra)
        _wait_for([counter_2], "Deposit after a kill", 2 * PERIOD + 10)
        if sync.returncode == -signal.SIGKILL:
            assert "was interrupted" in (counter_2.root / "sync.log").read_text()

        # A tampered publication: refused everywhere, shown on the Counters page.
        served = publisher.root / "publications.git"
        latest = run_git(served, "rev-parse", "refs/heads/published").strip()
        tree = run_git(served, "rev-parse", f"{latest}^{{tree}}").strip()
        message = run_git(served, "log", "-1", "--format=%B", latest)
        number = int(re.search(r"Kiosk-Publication: (\d+)", message).group(1))
        message = message.replace(f"Publication: {number}", f"Publication: {number + 1}")
        person = {
            "GIT_AUTHOR_NAME": "x",
            "GIT_AUTHOR_EMAIL": "x@x",
            "GIT_COMMITTER_NAME": "x",
            "GIT_COMMITTER_EMAIL": "x@x",
        }
        forged = run_git(served, "commit-tree", tree, "-p", latest, "-F", "-", input_text=message, env=person).strip()
        run_git(served, "update-ref", "refs/heads/published", forged)
        run_git(served, "update-server-info")
        deadline = time.monotonic() + 2 * PERIOD + 15
        page = ""
        while time.monotonic() < deadline and page.count("is not signed") < 3:
            time.sleep(0.5)
            page = staff.get(publisher.base + "/staff/counters").text
        assert page.count("is not signed") == 3, page
        assert all(_title(machine) == "Deposit after a kill" for machine in followers)

        # Roll back from the studio: a new signed publication every follower takes.
        assert _press(staff, publisher, "/staff/publish/rollback").status_code == 200
        _wait_for(everyone, "Deposit while offline", 2 * PERIOD + 10)
        deadline = time.monotonic() + 15  # heartbeats are written a few seconds after they arrive
        while time.monotonic() < deadline and "is not signed" in page:
            time.sleep(0.5)
            page = staff.get(publisher.base + "/staff/counters").text
        assert "is not signed" not in page
    finally:
        for machine in [publisher, *followers]:
            if machine.sync is not None:
                if machine.sync.poll() is None:
                    machine.sync.terminate()
                    machine.sync.wait(10)
                machine.sync.stdout_log.close()
            if machine.server is not None and machine.server.process.poll() is None:
                machine.server.stop()
