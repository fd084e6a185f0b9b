"""Fixtures in the flaskr shape: a small real content folder in tmp_path, an app built on it,
its test client and CLI runner, a gunicorn server and a headless Chromium."""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import requests

from app import create_app, staff_accounts
from app.config import PROJECT_ROOT, config_from_mapping
from app.content import load_content
from app.content.files import content_fingerprint
from app.search import build_index

# Real texts copied into the repository (tests/data/udhr/SOURCES.md says where from).
TEST_DATA = Path(__file__).resolve().parent / "data"
LANGUAGES = ["fr", "nl", "en", "ar", "uk", "ti", "ps"]


# -- tiers: a test is marked by what it needs, so a new test using a fixture is marked too -----

_MARK_BY_FIXTURE = {
    "browser": "browser",
    "postgres": "postgres",
    "gunicorn_server": "server",
    "real_server": "server",
}


def pytest_collection_modifyitems(config, items):
    """Mark tests by the fixtures they use: Chromium, PostgreSQL, a real gunicorn."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        for fixture, marker in _MARK_BY_FIXTURE.items():
            if fixture in fixtures:
                item.add_marker(marker)
        # Database tests run on each engine in turn; the PostgreSQL half needs the server.
        callspec = getattr(item, "callspec", None)
        if callspec is not None and "postgresql" in callspec.params.values():
            item.add_marker("postgres")


def udhr(lang: str, article: int) -> str:
    """Real text from the Universal Declaration of Human Rights, for non-Latin scripts."""
    return (TEST_DATA / "udhr" / lang / f"article_{article:02d}.txt").read_text("utf-8")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def article_file(title, summary, body="Some text.", *, revision=None, translation=None, extra=""):
    lines = [
        "---",
        f"title: {title}",
        f"summary: {summary}",
        "keywords: [a, b, c]",
        "source: https://www.belgium.be/",
        "updated: 2026-11-20",
    ]
    if revision is not None:
        lines.append(f"revision: {revision}")
    if translation:
        source_lang, source_revision, machine = translation
        lines += [
            "translation:",
            f"  from: {source_lang}",
            f"  revision: {source_revision}",
            f"  machine: {'true' if machine else 'false'}",
        ]
    if extra:
        lines.append(extra)
    return "\n".join(lines) + "\n---\n" + body + "\n"


def make_content(root: Path) -> Path:
    """A small content folder: two topics, articles with originals, translations, gaps."""
    write(
        root / "topics.yaml",
        """
        - id: housing
          pictogram: home
          title: {en: Housing, fr: Logement, ar: السكن, uk: Житло}
        - id: health
          pictogram: stethoscope
          title: {en: Health, fr: Santé, ar: الصحة}
    """,
    )
    flat = root / "housing" / "rental-deposit"
    write(
        flat / "en.md",
        article_file(
            "Rental deposit",
            "How the rental guarantee works in Brussels.",
            "## Steps\n\n1. Open a blocked account.\n2. Never pay the deposit in cash.\n\n"
            "More: [official page](https://logement.brussels/)\n\n<script>alert(1)</script>",
            revision=2,
        ),
    )
    write(
        flat / "fr.md",
        article_file(
            "Garantie locative",
            "Comment fonctionne la garantie locative à Bruxelles.",
            "Ouvrez un compte bloqué.",
            translation=("en", 2, False),
        ),
    )
    write(
        flat / "ar.md",
        article_file("ضمان الإيجار", "كيف يعمل ضمان الإيجار في بروكسل.", udhr("ar", 25), translation=("en", 1, True)),
    )
    write(
        flat / "uk.md",
        article_file(
            "Гарантія оренди", "Як працює гарантія оренди в Брюсселі.", udhr("uk", 25), translation=("en", 2, True)
        ),
    )
    doctor = root / "health" / "finding-a-doctor"
    write(
        doctor / "fr.md",
        article_file(
            "Trouver un médecin",
            "Le médecin généraliste et le dossier médical global.",
            "Choisissez un médecin généraliste près de chez vous.",
            revision=1,
        ),
    )
    write(
        doctor / "nl.md",
        article_file(
            "Een huisarts vinden",
            "De huisarts en het globaal medisch dossier.",
            "Kies een huisarts in uw buurt.",
            translation=("fr", 1, True),
        ),
    )
    return root


def make_config(tmp_path: Path, content_dir: Path, **overrides):
    raw = {
        "languages": LANGUAGES,
        "default_language": "en",
        "fallback_languages": ["en", "fr"],
        "content_dir": str(content_dir),
        "index_dir": str(tmp_path / "index"),
        "database_url": f"sqlite:///{tmp_path / 'kiosk.sqlite3'}",
        "public_base_url": "http://kiosk.example",
    } | overrides
    return config_from_mapping(raw, base_dir=tmp_path)


@pytest.fixture
def content_dir(tmp_path) -> Path:
    return make_content(tmp_path / "content")


@pytest.fixture
def config(tmp_path, content_dir):
    return make_config(tmp_path, content_dir)


@pytest.fixture
def indexed_config(config, prepared):
    prepared.index(config)
    return config


@pytest.fixture
def app(indexed_config):
    app = create_app(indexed_config)
    app.config.update(TESTING=True)
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# -- set-ups made once per test process and copied: each test still gets files of its own -------
#
# Building the test content's index, migrating a SQLite database and hashing staff passwords
# were most of the fast tier's time, repeated identically for hundreds of tests. The results
# are the same files a test would make itself, so they are made once per process and copied.


class Prepared:
    """Search indexes and SQLite databases made once per test process, copied for each test."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._indexes: dict[tuple, Path] = {}
        self._databases: dict[tuple, Path] = {}

    def index(self, config) -> None:
        """Put into ``config.index_dir`` the index ``build_index`` makes of its content folder.

        Keyed by the content's fingerprint, the languages and the day (a build leaves out what
        is not published that day): a test that changed its content gets an index of its own.
        """
        from datetime import date

        if Path(config.index_dir).exists():  # something there already: build over it, as before
            build_index(load_content(config.content_dir, config.languages), config.index_dir)
            return
        key = (content_fingerprint(config.content_dir), tuple(config.languages), date.today())
        built = self._indexes.get(key)
        if built is None:
            built = self.folder / f"index-{len(self._indexes)}"
            build_index(load_content(config.content_dir, config.languages), built)
            self._indexes[key] = built
        # The live build is a relative link to its folder: the copy works where it lands.
        shutil.copytree(built, config.index_dir, symlinks=True)

    def database(self, path: Path, accounts: tuple = (), password: str = "") -> str:
        """A SQLite database at ``path`` brought up to date by the migrations, with ``accounts``
        ((username, role, languages) made by ``create_user`` with ``password``); its URL."""
        key = (accounts, password)
        template = self._databases.get(key)
        if template is None:
            template = self.folder / f"database-{len(self._databases)}.sqlite3"
            migrated(f"sqlite:///{template}", accounts, password)
            # Everything into the main file (nothing left in a write-ahead log): copying it is enough.
            with sqlite3.connect(template) as connection:
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.close()
            self._databases[key] = template
        shutil.copyfile(template, path)
        return f"sqlite:///{path}"


def migrated(database_url: str, accounts: tuple = (), password: str = "") -> str:
    """Bring the database up to date by the migrations and add ``accounts`` ((username, role,
    comma-separated languages) made by ``create_user`` with ``password``); its URL."""
    from sqlalchemy.orm import Session

    from app.database import make_engine, upgrade
    from app.staff_accounts import create_user

    upgrade(database_url)
    if accounts:
        engine = make_engine(database_url)
        try:
            with Session(engine) as session:
                for username, role, languages in accounts:
                    codes = [code for code in languages.split(",") if code]
                    create_user(session, username, password, role=role, languages=codes)
                session.commit()
        finally:
            engine.dispose()
    return database_url


@pytest.fixture(scope="session")
def prepared(tmp_path_factory) -> Prepared:
    return Prepared(tmp_path_factory.mktemp("prepared"))


@pytest.fixture(autouse=True)
def _cheaper_password_hashes(request, monkeypatch):
    """Staff passwords hashed with the production algorithm (scrypt) at a 32nd of its cost: at
    the full cost each hash takes a tenth of a second or more on purpose, and the tier run all
    day made some 250 (6 of its 60 seconds). A stored hash carries its cost, so checking follows
    it. Tests marked real_password_cost keep the production cost (tests/test_staff.py)."""
    if "real_password_cost" not in request.keywords:
        monkeypatch.setattr(staff_accounts, "PASSWORD_METHOD", "scrypt:1024:8:1")


def _remember_scrypt() -> None:
    """Compute each scrypt key once per test process.

    A key is a pure function of password, salt and cost, so signing in again with the same
    stored hash (an account copied from a prepared database) gives the same answer without
    computing it again.
    """
    scrypt = hashlib.scrypt
    remembered = functools.lru_cache(maxsize=4096)(scrypt)

    @functools.wraps(scrypt)
    def scrypt_once(*args, **kwargs):
        try:
            return remembered(*args, **kwargs)
        except TypeError:  # unhashable arguments (a bytearray): computed as usual
            return scrypt(*args, **kwargs)

    hashlib.scrypt = scrypt_once


_remember_scrypt()


@pytest.fixture(scope="session")
def real_search(tmp_path_factory):
    """The shipped content and a Searcher on its index: the search tests on real content only
    read it, so it is built once per run (the workers of `pytest -n` share it)."""
    import fcntl

    from app.config import load_config
    from app.search import Searcher

    config = load_config(environ={})
    content = load_content(config.content_dir, config.languages)
    # A worker's temporary folder is inside the run's own: the parent is shared by this run only.
    run_folder = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run_folder = run_folder.parent
    index_dir = run_folder / "shipped-index"
    with open(run_folder / "shipped-index.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other worker waits for the build, then reads it
        if not (index_dir / "built").exists():
            build_index(content, index_dir, languages=config.languages)
            (index_dir / "built").touch()
    return content, Searcher(index_dir)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_config_file(tmp_path: Path, content_dir: Path, languages=LANGUAGES) -> Path:
    import yaml

    path = tmp_path / "kiosk_config.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "languages": list(languages),
                "default_language": "en",
                "fallback_languages": ["en", "fr"],
                "content_dir": str(content_dir),
                "index_dir": str(tmp_path / "index"),
                "database_url": f"sqlite:///{tmp_path / 'kiosk.sqlite3'}",
                "public_base_url": "http://kiosk.example",
            }
        ),
        encoding="utf-8",
    )
    return path


class Gunicorn:
    """A real gunicorn (the project's gunicorn.conf.py) on a free loopback port."""

    def __init__(self, log_path: Path, **environ: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(log_path, "w+")
        env = os.environ | {"KIOSK_BIND": f"127.0.0.1:{self.port}", "KIOSK_WORKERS": "2"} | environ
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(PROJECT_ROOT / "gunicorn.conf.py"), "wsgi:app"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_ready(self, seconds: float = 180) -> str:
        """Wait for /healthz (the index may be built at start); fail with the server's log."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if requests.get(self.base + "/healthz", timeout=5).status_code == 200:
                    return self.base
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        self.stop()
        pytest.fail("gunicorn did not start:\n" + Path(self.log.name).read_text("utf-8", "replace"))

    def stop(self) -> None:
        if self.process.poll() is not None:
            # It stopped by itself: show why, next to the failing test's output.
            print(
                f"gunicorn exited with {self.process.returncode}:\n" + Path(self.log.name).read_text("utf-8", "replace")
            )
        else:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


@pytest.fixture
def gunicorn_server(tmp_path, content_dir):
    """gunicorn serving the small test content folder."""
    config_path = write_config_file(tmp_path, content_dir)
    server = Gunicorn(tmp_path / "gunicorn.log", KIOSK_CONFIG=str(config_path))
    yield server.wait_until_ready()
    server.stop()


@pytest.fixture(scope="session")
def real_server(tmp_path_factory):
    """gunicorn on the real content set and configuration, with its own index folder."""
    folder = tmp_path_factory.mktemp("real-server")
    server = Gunicorn(folder / "gunicorn.log", KIOSK_INDEX_DIR=str(folder / "index"))
    yield server.wait_until_ready()
    server.stop()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# -- databases: every database test runs on SQLite and on a real PostgreSQL server ----------


@pytest.fixture(scope="session")
def postgres():
    """A throwaway PostgreSQL 15 server for the whole session (tests/postgres.py)."""
    from postgres import PostgresServer

    server = PostgresServer(free_port()).start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """An empty database brought up to date by the migrations, on each engine in turn."""
    from app.database import upgrade

    if request.param == "sqlite":
        return request.getfixturevalue("prepared").database(tmp_path / "kiosk.sqlite3")
    url = request.getfixturevalue("postgres").new_database()
    upgrade(url)
    return url


@pytest.fixture
def db_app(indexed_config, database_url):
    """The app on the test content with a migrated database (SQLite or PostgreSQL)."""
    from dataclasses import replace

    app = create_app(replace(indexed_config, database_url=database_url))
    app.config.update(TESTING=True)
    yield app
    close_database(app)


def close_database(app) -> None:
    """Write what the recorder holds and close every connection (before the server stops)."""
    from app.web.extensions import db

    app.extensions["recorder"].close()
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose()


def stored(database_url: str, model) -> list:
    """Every row of a table, read through a connection of its own (what really landed)."""
    from app.database import make_engine

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(model.__table__.select()))
    finally:
        engine.dispose()
