"""The search index broken from inside (issue 20, items 9 and 11).

Item 9: a server whose index cannot be built (a folder it cannot write, a full disk) still
starts and serves every page that needs no search; search says politely that it is
unavailable (never a 500), and the index is built again later, by itself.
Item 11: a build carries SHA-256 checksums of its files; a build whose files changed (part of
the live segment overwritten) is "search unavailable", `index build --if-stale` rebuilds it,
and a running server rebuilds it by itself.
"""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
import requests
from conftest import LANGUAGES, Gunicorn, article_file, write, write_config_file

from app import create_app
from app.content import load_content
from app.search import IndexUpkeep, Searcher, build_index, current_build, is_stale

# Common searches of the test content, in several languages and scripts.
COMMON = [
    ("deposit", "en"),
    ("rental", "en"),
    ("guarantee", "en"),
    ("cash", "en"),
    ("account", "en"),
    ("garantie", "fr"),
    ("locative", "fr"),
    ("compte", "fr"),
    ("médecin", "fr"),
    ("généraliste", "fr"),
    ("huisarts", "nl"),
    ("dossier", "nl"),
    ("buurt", "nl"),
    ("الإيجار", "ar"),
    ("ضمان", "ar"),
    ("бюджет", "uk"),
    ("оренди", "uk"),
    ("Брюсселі", "uk"),
    ("doctor", "en"),
    ("blocked", "en"),
]
UNAVAILABLE = "Search is not available at the moment. Please choose a topic."


def eventually(check, seconds: float = 60.0):
    """Wait until ``check()`` is true (it is polled, not timed); fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    pytest.fail(f"still not true after {seconds} s: {check.__doc__ or check}")


def corrupt_live_segment(index_dir) -> None:
    """Overwrite the middle third of the live build's segment file, as a disk error would."""
    segment = next(current_build(index_dir).glob("*.seg"))
    size = segment.stat().st_size
    with open(segment, "r+b") as handle:
        handle.seek(size // 3)
        handle.write(bytes(range(256)) * (size // 3 // 256 + 1))
        handle.truncate(size)


# -- item 11: checksums ---------------------------------------------------------------------


def test_a_corrupted_build_is_unavailable_not_an_error(content_dir, tmp_path):
    index_dir = tmp_path / "index"
    content = load_content(content_dir, LANGUAGES)
    build_index(content, index_dir)
    assert not is_stale(index_dir, content.fingerprint)
    corrupt_live_segment(index_dir)
    searcher = Searcher(index_dir)
    outcomes = [searcher.search(word, lang) for word, lang in COMMON]  # no exception
    assert [o.available for o in outcomes] == [False] * len(COMMON)
    assert is_stale(index_dir, content.fingerprint)  # so --if-stale and the start rebuild it


def test_index_build_if_stale_rebuilds_a_corrupted_build(app, runner, indexed_config):
    client = app.test_client()
    assert client.get("/api/search?q=deposit&lang=en").get_json()["results"]
    corrupt_live_segment(indexed_config.index_dir)
    result = runner.invoke(args=["index", "build", "--if-stale"])
    assert result.exit_code == 0, result.output
    assert "Indexed 6 documents" in result.output and "up to date" not in result.output
    response = client.get("/api/search?q=deposit&lang=en")
    assert [r["article"] for r in response.get_json()["results"]] == ["rental-deposit"]


@pytest.mark.slow  # waits for the rebuild it triggers (2-3 s)
def test_a_build_corrupted_while_serving_answers_unavailable_then_is_rebuilt(indexed_config):
    app = create_app(replace(indexed_config, index_retry_seconds=1))
    app.config.update(TESTING=True)
    client = app.test_client()
    assert client.get("/api/search?q=deposit&lang=en").get_json()["results"]  # the build is open
    live = current_build(indexed_config.index_dir)
    corrupt_live_segment(indexed_config.index_dir)
    time.sleep(2.1)  # the open build's files are looked at every 2 s (FILES_CHECK_SECONDS)
    first = client.get("/api/search?q=deposit&lang=en")
    assert first.status_code == 200
    assert first.get_json() == {"available": False, "message": UNAVAILABLE, "results": []}
    for word, lang in COMMON:  # meanwhile (unavailable, or already rebuilt): never a 500
        assert client.get(f"/api/search?q={word}&lang={lang}").status_code == 200, word
        assert client.get(f"/{lang}/search?q={word}").status_code == 200, word

    def rebuilt():
        """a new, intact build answers the search"""
        results = client.get("/api/search?q=deposit&lang=en").get_json()["results"]
        return current_build(indexed_config.index_dir) != live and [r["article"] for r in results] == ["rental-deposit"]

    eventually(rebuilt)
    app.extensions["kiosk"].searcher.upkeep.wait(30)


# -- item 9: no index at start, or a stale one -------------------------------------------------


def test_a_stale_index_is_built_again_in_the_background(content_dir, tmp_path):
    index_dir = tmp_path / "index"
    build_index(load_content(content_dir, LANGUAGES), index_dir)
    write(content_dir / "health" / "dentist" / "en.md", article_file("Dentist", "Teeth.", revision=1))
    newer = load_content(content_dir, LANGUAGES)  # what a server started now serves
    upkeep = IndexUpkeep(index_dir, lambda: newer, LANGUAGES, retry_seconds=1)
    searcher = Searcher(index_dir, upkeep=upkeep)
    assert searcher.search("dentist", "en").hits == ()  # the stale index is searched meanwhile
    upkeep.wait(60)
    assert not is_stale(index_dir, newer.fingerprint)
    assert [h.article for h in searcher.search("dentist", "en").hits] == ["health/dentist"]


def test_a_build_published_after_the_start_is_never_undone(content_dir, tmp_path):
    """A worker that has not reloaded its content yet must not rebuild the index from it."""
    index_dir = tmp_path / "index"
    older = load_content(content_dir, LANGUAGES)
    build_index(older, index_dir)
    upkeep = IndexUpkeep(index_dir, lambda: older, LANGUAGES, retry_seconds=1)
    write(content_dir / "health" / "dentist" / "en.md", article_file("Dentist", "Teeth.", revision=1))
    published = build_index(load_content(content_dir, LANGUAGES), index_dir)
    assert upkeep.poke()
    upkeep.wait(60)
    assert current_build(index_dir) == published.path


@pytest.mark.server
@pytest.mark.slow
def test_a_server_whose_index_cannot_be_built_serves_pages_then_search(content_dir, tmp_path):
    # A file where the index folder should be: it cannot be created or written (as root, a
    # folder without write permission would still be written).
    blocked = tmp_path / "var" / "index"
    write(blocked, "not a folder\n")
    server = Gunicorn(
        tmp_path / "gunicorn.log",
        KIOSK_CONFIG=str(write_config_file(tmp_path, content_dir)),
        KIOSK_INDEX_DIR=str(blocked),
        KIOSK_INDEX_RETRY_SECONDS="1",
    )
    base = server.wait_until_ready(seconds=90)
    try:
        for path in ("/", "/en/", "/fr/housing/", "/en/housing/rental-deposit", "/nl/health/finding-a-doctor"):
            assert requests.get(base + path, timeout=10).status_code == 200, path
        page = requests.get(base + "/en/search?q=deposit", timeout=10)
        assert page.status_code == 200 and UNAVAILABLE in page.text
        response = requests.get(base + "/api/search?q=deposit&lang=en", timeout=10)
        assert response.status_code == 200
        assert response.json() == {"available": False, "message": UNAVAILABLE, "results": []}
        log = (tmp_path / "gunicorn.log").read_text("utf-8")
        assert "search index could not be built (FileExistsError" in log

        # The folder can be written again: the next searches bring the index back.
        blocked.unlink()
        blocked.mkdir()

        def search_works():
            """search finds the article again"""
            answer = requests.get(base + "/api/search?q=deposit&lang=en", timeout=10).json()
            return [r["article"] for r in answer["results"]] == ["rental-deposit"]

        eventually(search_works)
        assert current_build(blocked) is not None
    finally:
        server.stop()


@pytest.mark.server
@pytest.mark.slow
def test_a_server_whose_stale_index_cannot_be_rebuilt_serves_it_then_rebuilds(content_dir, tmp_path):
    index_dir = tmp_path / "index"
    build_index(load_content(content_dir, LANGUAGES), index_dir)
    write(content_dir / "health" / "dentist" / "en.md", article_file("Dentist", "Teeth.", revision=1))
    # No build can take the lock: a folder where the lock file should be.
    (index_dir / "build.lock").unlink()
    (index_dir / "build.lock").mkdir()
    server = Gunicorn(
        tmp_path / "gunicorn.log",
        KIOSK_CONFIG=str(write_config_file(tmp_path, content_dir)),
        KIOSK_INDEX_RETRY_SECONDS="1",
    )
    base = server.wait_until_ready(seconds=90)
    try:
        assert "search index could not be built (IsADirectoryError" in (tmp_path / "gunicorn.log").read_text("utf-8")
        assert requests.get(base + "/en/health/dentist", timeout=10).status_code == 200
        # The older index is searched meanwhile.
        answer = requests.get(base + "/api/search?q=deposit&lang=en", timeout=10).json()
        assert [r["article"] for r in answer["results"]] == ["rental-deposit"]

        (index_dir / "build.lock").rmdir()

        def dentist_found():
            """the rebuilt index finds the newer article"""
            answer = requests.get(base + "/api/search?q=dentist&lang=en", timeout=10).json()
            return [r["article"] for r in answer["results"]] == ["dentist"]

        eventually(dentist_found)
    finally:
        server.stop()


def test_the_retry_setting_has_a_default_a_variable_and_a_check(tmp_path):
    from app.config import ConfigError, config_from_mapping

    raw = {"languages": ["en"]}
    assert config_from_mapping(raw, base_dir=tmp_path).index_retry_seconds == 60
    assert config_from_mapping(raw | {"index_retry_seconds": 5}, base_dir=tmp_path).index_retry_seconds == 5
    environ = {"KIOSK_INDEX_RETRY_SECONDS": "2"}
    assert config_from_mapping(raw, base_dir=tmp_path, environ=environ).index_retry_seconds == 2
    with pytest.raises(ConfigError, match="KIOSK_INDEX_RETRY_SECONDS must be a whole number of seconds"):
        config_from_mapping(raw, base_dir=tmp_path, environ={"KIOSK_INDEX_RETRY_SECONDS": "soon"})
    message = r"'index_retry_seconds' \(KIOSK_INDEX_RETRY_SECONDS\) must be a whole number of seconds, at least 1"
    with pytest.raises(ConfigError, match=message):
        config_from_mapping(raw | {"index_retry_seconds": 0}, base_dir=tmp_path)


def test_a_stale_index_does_not_make_every_request_reload_the_content(content_dir, tmp_path):
    """While a stale index is served (it cannot be rebuilt), the content is loaded once, not at
    every check; a build published later is still picked up."""
    from conftest import make_config

    config = make_config(tmp_path, content_dir)
    build_index(load_content(content_dir, config.languages), config.index_dir)
    write(content_dir / "health" / "dentist" / "en.md", article_file("Dentist", "Teeth.", revision=1))
    app = create_app(config)
    kiosk = app.extensions["kiosk"]
    loaded = kiosk.content
    assert "health/dentist" in loaded.articles
    assert not kiosk.refresh() and not kiosk.refresh()  # what the watcher does every few seconds
    assert kiosk.content is loaded
    build_index(load_content(content_dir, config.languages), config.index_dir)  # from the content served: no reload
    assert not kiosk.refresh()
    assert kiosk.content is loaded
    write(content_dir / "health" / "dentist" / "fr.md", article_file("Dentiste", "Dents.", translation=("en", 1, True)))
    build_index(load_content(content_dir, config.languages), config.index_dir)
    assert kiosk.refresh()
    assert "fr" in kiosk.content.articles["health/dentist"].versions
