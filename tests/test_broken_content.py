"""A folder full of malformed content files: `content check` names each one with its path and
line, and a server started on that folder serves every valid page."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import requests
from conftest import Gunicorn, article_file, make_content, write_config_file

from app.config import PROJECT_ROOT

GOOD = article_file("T", "S")
ALIAS_BOMB = (
    "---\n"
    + "\n".join([f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" if n else "l0: &l0 [lol]" for n in range(9)])
    + "\ntitle: x\nsummary: y\n---\n"
)

# name: (relative path, bytes, expected line or None for "any line")
BROKEN = {
    "yaml-syntax": ("housing/yaml-syntax/en.md", b"---\ntitle: T\nsummary: [oops\n---\n", 3),
    "missing-title": ("housing/missing-title/en.md", b"---\nsummary: S\n---\nbody\n", 1),
    "missing-summary": ("housing/missing-summary/en.md", b"---\ntitle: T\n---\nbody\n", 1),
    "title-not-text": ("housing/title-not-text/en.md", b"---\ntitle: {a: b}\nsummary: S\n---\n", 2),
    "invalid-utf8": ("housing/invalid-utf8/en.md", GOOD.encode() + b"\n\xff\xfe broken\n", 10),
    "windows-1252": ("housing/windows-1252/fr.md", "---\ntitle: Café\nsummary: S\n---\n".encode("cp1252"), 2),
    "binary": ("housing/binary/en.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 3),
    "empty": ("housing/empty/en.md", b"", 1),
    "only-spaces": ("housing/only-spaces/en.md", b"   \n\n  \n", 1),
    "five-megabytes": ("housing/five-megabytes/en.md", GOOD.encode() + b"x" * (5 * 1024 * 1024), 1),
    "nested-brackets": ("housing/nested-brackets/en.md", b"---\ntitle: " + b"[" * 20_000 + b"\n---\n", None),
    "duplicate-keys": ("housing/duplicate-keys/en.md", b"---\ntitle: A\nsummary: S\ntitle: B\n---\n", 4),
    "alias-bomb": ("housing/alias-bomb/en.md", ALIAS_BOMB.encode(), 3),
    "python-tag": ("housing/python-tag/en.md", b"---\ntitle: !!python/object:os.system ls\nsummary: S\n---\n", 2),
    "tab-indent": ("housing/tab-indent/en.md", b"---\ntitle: T\nsummary: S\nkeywords:\n\t- a\n---\n", 5),
    "list-front-matter": ("housing/list-front-matter/en.md", b"---\n- a\n- b\n---\n", 2),
    "no-front-matter": ("housing/no-front-matter/en.md", b"# Title\n\nText.\n", 1),
    "unclosed-front-matter": ("housing/unclosed-front-matter/en.md", b"---\ntitle: T\nsummary: S\n", 1),
    "unknown-topic": ("cooking/pasta/en.md", GOOD.encode(), 1),
    "unknown-language": ("housing/unknown-language/xx.md", GOOD.encode(), 1),
    "wrong-place": ("housing/en.md", GOOD.encode(), 1),
    "too-deep": ("housing/too/deep/en.md", GOOD.encode(), 1),
    "bad-slug": ("housing/Bad Slug/en.md", GOOD.encode(), 1),
    "bad-date": ("housing/bad-date/en.md", GOOD.replace("2026-11-20", "2026-13-45").encode(), 6),
    "bad-source": (
        "housing/bad-source/en.md",
        GOOD.replace("https://www.belgium.be/", "javascript:alert(1)").encode(),
        5,
    ),
    "bad-translation": (
        "housing/bad-translation/fr.md",
        b"---\ntitle: T\nsummary: S\ntranslation: {from: en, revision: two}\n---\n",
        4,
    ),
    "synonyms-not-list": ("synonyms/en.yaml", b"cpas: ocmw\n", 1),
    "bad-opening-hours": (
        "places/broken-hours.yaml",
        b"name: Office\ntopics: [housing]\nopening_hours: Mo-Fr 25:00-99:00 every day\n",
        3,
    ),
    "unknown-place": (
        "housing/unknown-place/en.md",
        GOOD.replace("updated: 2026-11-20", "updated: 2026-11-20\nplaces: [nowhere]").encode(),
        None,
    ),
    "synonyms-language": ("synonyms/zz.yaml", b"- [a, b]\n", 1),
}


@pytest.fixture(scope="module")
def broken_folder(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("broken")
    root = make_content(tmp_path / "content")
    for relative, data, _ in BROKEN.values():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return tmp_path, root


def test_there_are_at_least_25_kinds_of_broken_file():
    assert len(BROKEN) >= 25


@pytest.mark.slow
def test_content_check_reports_every_broken_file(broken_folder):
    tmp_path, root = broken_folder
    config_path = write_config_file(tmp_path, root)
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "content", "check"],
        cwd=PROJECT_ROOT,
        env=os.environ | {"KIOSK_CONFIG": str(config_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert all(re.match(r"^content/\S.*:\d+: \S", line) for line in lines), lines
    for name, (relative, _, line) in BROKEN.items():
        reported = [x for x in lines if x.startswith(f"content/{relative}:")]
        assert reported, name
        if line is not None:
            assert any(x.startswith(f"content/{relative}:{line}:") for x in reported), (name, reported)
    # The good files are not blamed.
    assert not [x for x in lines if "rental-deposit" in x or "finding-a-doctor" in x]


@pytest.mark.server
def test_a_server_on_the_broken_folder_serves_every_valid_page(broken_folder):
    tmp_path, root = broken_folder
    config_path = write_config_file(tmp_path, root)
    server = Gunicorn(tmp_path / "gunicorn.log", KIOSK_CONFIG=str(config_path))
    base = server.wait_until_ready()
    try:
        for path in [
            "/",
            "/fr/",
            "/ar/housing/",
            "/fr/housing/rental-deposit",
            "/ar/housing/rental-deposit",
            "/nl/health/finding-a-doctor",
            "/en/search?q=deposit",
        ]:
            assert requests.get(base + path, timeout=10).status_code == 200, path
        for path in ["/en/housing/yaml-syntax", "/en/housing/binary", "/en/cooking/pasta"]:
            assert requests.get(base + path, timeout=10).status_code == 404, path
        results = requests.get(base + "/api/search?q=deposit&lang=en", timeout=10).json()["results"]
        assert [r["article"] for r in results] == ["rental-deposit"]
    finally:
        server.stop()
