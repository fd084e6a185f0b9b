"""Special files in the content folder (issue 20, item 8): a symbolic link to /dev/zero, a FIFO,
a link to a file outside content/. Each is reported as a content problem with its path and never
read; `content check`, `index build` and the server start finish, and nothing outside is served.

Every command here runs with its address space capped and a time limit, so that a regression
(reading /dev/zero until memory runs out, waiting on a FIFO for ever) fails the test instead of
taking the machine down with it.
"""

from __future__ import annotations

import functools
import os
import resource
import subprocess
import sys

import pytest
import requests
from conftest import Gunicorn, article_file, make_content, write, write_config_file

from app.config import PROJECT_ROOT
from app.content import content_fingerprint, load_content

MEMORY_CAP = 3 * 1024**3  # far more than the kiosk needs, far less than /dev/zero gives
SECRET = "Zanzibarquokka"  # a word only the file outside content/ holds


def _cap_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


@pytest.fixture
def special_folder(tmp_path):
    """The test content plus a link to /dev/zero, a FIFO, and a link to a file outside."""
    root = make_content(tmp_path / "content")
    outside = write(tmp_path / "elsewhere" / "secret.md", article_file("Secret", "Private.", f"{SECRET} text."))
    (root / "housing" / "zero").mkdir()
    os.symlink("/dev/zero", root / "housing" / "zero" / "en.md")
    (root / "housing" / "pipe").mkdir()
    os.mkfifo(root / "housing" / "pipe" / "en.md")
    (root / "housing" / "outside").mkdir()
    os.symlink(outside, root / "housing" / "outside" / "en.md")
    (root / "places").mkdir()
    os.symlink("/dev/zero", root / "places" / "zero.yaml")
    (root / "events").mkdir()
    os.mkfifo(root / "events" / "pipe.yaml")
    return tmp_path, root, outside


def _flask(tmp_path, root, *args):
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=PROJECT_ROOT,
        env=os.environ | {"KIOSK_CONFIG": str(write_config_file(tmp_path, root))},
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_cap_memory,
    )


@pytest.mark.slow
def test_content_check_and_index_build_report_special_files_and_finish(special_folder):
    tmp_path, root, _ = special_folder
    check = _flask(tmp_path, root, "content", "check")
    assert check.returncode == 1, check.stderr
    lines = check.stdout.splitlines()
    outside = "a symbolic link to a file outside the content folder: not read"
    fifo = "not a regular file (a named pipe (FIFO)): only ordinary text files are read"
    assert f"content/housing/zero/en.md:1: {outside}" in lines
    assert f"content/housing/pipe/en.md:1: {fifo}" in lines
    assert f"content/places/zero.yaml:1: {outside}" in lines
    assert f"content/events/pipe.yaml:1: {fifo}" in lines
    assert f"content/housing/outside/en.md:1: {outside}" in lines
    assert "6 files read" in check.stderr  # the good files, and only those

    build = _flask(tmp_path, root, "index", "build")
    assert build.returncode == 0, build.stderr
    assert "Indexed 6 documents" in build.stderr


def test_a_file_outside_is_not_loaded_and_does_not_change_the_fingerprint(tmp_path):
    root = make_content(tmp_path / "content")
    outside = write(tmp_path / "elsewhere" / "secret.md", article_file("Secret", "Private.", f"{SECRET} text."))
    (root / "housing" / "outside").mkdir()
    os.symlink(outside, root / "housing" / "outside" / "en.md")
    content = load_content(root, ["en", "fr", "nl", "ar", "uk"])
    assert "housing/outside" not in content.articles
    assert [p.message for p in content.problems if p.path.parent.name == "outside"] == [
        "a symbolic link to a file outside the content folder: not read"
    ]
    before = content_fingerprint(root)
    write(outside, article_file("Secret", "Changed.", "Other text."))
    assert content_fingerprint(root) == before  # never read, so its changes are not seen


def test_a_link_inside_the_folder_is_read(tmp_path):
    root = make_content(tmp_path / "content")
    (root / "housing" / "alias").mkdir()
    os.symlink(root / "health" / "finding-a-doctor" / "fr.md", root / "housing" / "alias" / "fr.md")
    content = load_content(root, ["en", "fr", "nl", "ar", "uk"])
    assert content.articles["housing/alias"].versions["fr"].title == "Trouver un médecin"


@pytest.mark.server
@pytest.mark.slow
def test_the_server_starts_and_serves_without_reading_special_files(special_folder, monkeypatch):
    tmp_path, root, _ = special_folder
    # The Gunicorn helper starts its process with subprocess.Popen: give it the memory cap.
    monkeypatch.setattr(subprocess, "Popen", functools.partial(subprocess.Popen, preexec_fn=_cap_memory))
    server = Gunicorn(tmp_path / "gunicorn.log", KIOSK_CONFIG=str(write_config_file(tmp_path, root)))
    monkeypatch.undo()
    base = server.wait_until_ready(seconds=90)
    try:
        assert requests.get(base + "/en/housing/rental-deposit", timeout=10).status_code == 200
        for name in ("zero", "pipe", "outside"):
            assert requests.get(f"{base}/en/housing/{name}", timeout=10).status_code == 404, name
        results = requests.get(f"{base}/api/search?q={SECRET}&lang=en", timeout=10).json()["results"]
        assert results == []
        results = requests.get(base + "/api/search?q=deposit&lang=en", timeout=10).json()["results"]
        assert [r["article"] for r in results] == ["rental-deposit"]
    finally:
        server.stop()


def test_the_content_repository_and_hidden_files_are_not_content(tmp_path):
    """The studio keeps the content folder's git history in content/.git: a commit there, or an
    editor's swap file, must not look like new content to publish."""
    root = make_content(tmp_path / "content")
    before = content_fingerprint(root)
    write(root / ".git" / "objects" / "ab" / "cdef", "a git object")
    write(root / "housing" / ".en.md.swp", "an editor's swap file")
    assert content_fingerprint(root) == before
    write(root / "housing" / "notes.txt", "a visible file")
    assert content_fingerprint(root) != before
