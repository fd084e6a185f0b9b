"""The index's life: rebuilt under load, picked up by running workers, one build at a time,
a killed build harmless, and a stale index rebuilt at start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest
import requests
from conftest import LANGUAGES, Gunicorn, article_file, write, write_config_file

from app.config import PROJECT_ROOT
from app.content import load_content
from app.kiosk import RELOAD_CHECK_SECONDS
from app.search import Searcher, build_index, current_build
from app.search.builds import build_lock


def flask(*args, config_path, timeout=120):
    env = os.environ | {"KIOSK_CONFIG": str(config_path)}
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_searches_never_see_an_empty_index_while_it_is_rebuilt(content_dir, tmp_path):
    content = load_content(content_dir, LANGUAGES)
    index_dir = tmp_path / "index"
    build_index(content, index_dir)
    searcher = Searcher(index_dir)
    done = threading.Event()

    def rebuild():
        for _ in range(5):
            build_index(content, index_dir, wait=True)
        done.set()

    thread = threading.Thread(target=rebuild)
    thread.start()
    searches = 0
    while not done.is_set() or searches == 0:
        outcome = searcher.search("deposit", "en")
        assert outcome.available and [h.article for h in outcome.hits] == ["housing/rental-deposit"]
        searches += 1
    thread.join()
    assert searches > 5


def test_a_worker_starting_while_the_index_is_deleted_still_starts(content_dir, tmp_path):
    index_dir = tmp_path / "index"
    build_index(load_content(content_dir, LANGUAGES), index_dir)
    build = current_build(index_dir)
    for path in build.iterdir():  # half-way through a deletion: build.json is there, the index files are not
        if path.name != "build.json":
            path.unlink()
    searcher = Searcher(index_dir)
    searcher.warm()
    assert not searcher.search("deposit", "en").available
    build_index(load_content(content_dir, LANGUAGES), index_dir)
    assert [h.article for h in searcher.search("deposit", "en").hits] == ["housing/rental-deposit"]


def test_running_workers_pick_up_a_new_index(gunicorn_server, content_dir, tmp_path):
    url = gunicorn_server + "/api/search?q=pharmacy&lang=en"
    assert requests.get(url, timeout=10).json()["results"] == []
    write(
        content_dir / "health" / "pharmacy" / "en.md",
        article_file("Pharmacy on duty", "Find the pharmacy open tonight.", revision=1),
    )
    result = flask("index", "build", config_path=tmp_path / "kiosk_config.yaml")
    assert result.returncode == 0, result.stderr
    deadline = time.monotonic() + 10
    found = []
    while time.monotonic() < deadline and not found:
        # Both workers must answer with the new article, without a restart.
        found = [requests.get(url, timeout=10).json()["results"] for _ in range(4)]
        if not all(found):
            found = []
            time.sleep(0.3)
    assert found and all(r[0]["article"] == "pharmacy" for r in found)


def test_workers_that_served_no_visitor_show_a_publication_on_their_first_page(gunicorn_server, content_dir, tmp_path):
    """A worker that has only answered /healthz (or staff) since it started must not serve its
    first visitors the content the master loaded at start: it watches for publications from
    its own start, not from its first visitor's request."""
    url = gunicorn_server + "/en/health/pharmacy"
    write(
        content_dir / "health" / "pharmacy" / "en.md",
        article_file("Pharmacy on duty", "Find the pharmacy open tonight.", revision=1),
    )
    result = flask("index", "build", config_path=tmp_path / "kiosk_config.yaml")
    assert result.returncode == 0, result.stderr
    time.sleep(RELOAD_CHECK_SECONDS + 2)  # every worker's watcher has looked at least once
    answers = [requests.get(url, timeout=10) for _ in range(12)]
    assert [answer.status_code for answer in answers] == [200] * 12
    assert all("Pharmacy on duty" in answer.text for answer in answers)


@pytest.mark.slow
def test_a_second_build_is_refused_or_waits(content_dir, tmp_path):
    config_path = write_config_file(tmp_path, content_dir)
    index_dir = tmp_path / "index"
    with build_lock(index_dir):
        refused = flask("index", "build", config_path=config_path)
    assert refused.returncode == 75
    assert "another index build is running" in refused.stderr
    assert current_build(index_dir) is None

    # --wait: the CLI says it waits while the lock is held, builds nothing meanwhile, and builds
    # once the lock is free. The lock is released only after the CLI has said it waits, so a CLI
    # that slept through the whole hold (or ignored the lock) cannot pass.
    env = os.environ | {"KIOSK_CONFIG": str(config_path)}
    with build_lock(index_dir):
        waiting = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "index", "build", "--wait"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        said = waiting.stderr.readline()
        assert "waiting for it to finish" in said, said + waiting.stderr.read()
        assert waiting.poll() is None and current_build(index_dir) is None
    assert waiting.wait(timeout=120) == 0, waiting.stderr.read()
    waiting.stderr.close()
    assert current_build(index_dir) is not None


@pytest.mark.slow
def test_a_killed_build_leaves_the_live_index_serving(content_dir, tmp_path):
    for n in range(120):  # more documents than the build indexes before it stops half-way
        write(
            content_dir / "housing" / f"generated-{n}" / "en.md",
            article_file(f"Generated {n}", "A generated article.", "word " * 50, revision=1),
        )
    index_dir = tmp_path / "index"
    first = build_index(load_content(content_dir, LANGUAGES), index_dir)
    write(content_dir / "housing" / "newer" / "en.md", article_file("Newer", "Newer.", revision=1))

    # The build runs in its own process and stops itself half-way (after 100 of its documents,
    # its new folder written to but not swapped in), says so, and is killed there: the kill
    # always lands mid-build, however fast the machine.
    halfway = textwrap.dedent(
        f"""
        import os, sys, time
        from app.content import load_content
        from app.search import build_index

        def progress(done, total):
            if done == 100:
                print("halfway", flush=True)
                time.sleep(600)

        build_index(
            load_content({str(content_dir)!r}, {LANGUAGES!r}), {str(index_dir)!r}, progress=progress, full=True
        )
        """
    )
    build = subprocess.Popen([sys.executable, "-c", halfway], cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True)
    assert build.stdout.readline().strip() == "halfway"
    assert len(list((index_dir / "builds").iterdir())) == 2  # the live build and the unfinished one
    build.send_signal(signal.SIGKILL)
    build.wait()
    build.stdout.close()

    assert current_build(index_dir) == first.path
    assert [h.article for h in Searcher(index_dir).search("deposit", "en").hits] == ["housing/rental-deposit"]
    # The lock died with the process: the next build runs, and swaps in the newer content.
    again = build_index(load_content(content_dir, LANGUAGES), index_dir)
    assert current_build(index_dir) == again.path
    assert Searcher(index_dir).search("newer", "en").hits


@pytest.mark.slow
def test_index_build_if_stale(content_dir, tmp_path):
    config_path = write_config_file(tmp_path, content_dir)
    assert "Indexed 6 documents" in flask("index", "build", "--if-stale", config_path=config_path).stderr
    assert "up to date" in flask("index", "build", "--if-stale", config_path=config_path).stderr
    write(
        content_dir / "housing" / "rental-deposit" / "nl.md",
        article_file("Huurwaarborg", "S", translation=("en", 2, True)),
    )
    assert "Indexed 7 documents" in flask("index", "build", "--if-stale", config_path=config_path).stderr


@pytest.mark.slow
def test_the_server_rebuilds_a_stale_index_at_start(content_dir, tmp_path):
    config_path = write_config_file(tmp_path, content_dir)
    build_index(load_content(content_dir, LANGUAGES), tmp_path / "index")
    write(content_dir / "health" / "dentist" / "en.md", article_file("Dentist", "Teeth.", revision=1))
    server = Gunicorn(tmp_path / "gunicorn.log", KIOSK_CONFIG=str(config_path), KIOSK_WORKERS="1")
    base = server.wait_until_ready()
    try:
        results = requests.get(base + "/api/search?q=dentist&lang=en", timeout=10).json()["results"]
        assert [r["article"] for r in results] == ["dentist"]
    finally:
        server.stop()


def test_a_snippet_comes_from_the_build_that_was_searched(content_dir, tmp_path):
    content = load_content(content_dir, LANGUAGES)
    index_dir = tmp_path / "index"
    build_index(content, index_dir)
    searcher = Searcher(index_dir)
    outcome = searcher.search("deposit", "en")
    assert "<mark>" in searcher.snippet(outcome, outcome.hits[0])
    build_index(content, index_dir)  # a new build: its document numbers mean other things
    searcher.search("landlord", "en")  # the searcher follows the new build
    assert searcher.snippet(outcome, outcome.hits[0]) == ""
    fresh = searcher.search("deposit", "en")
    assert "<mark>" in searcher.snippet(fresh, fresh.hits[0])
