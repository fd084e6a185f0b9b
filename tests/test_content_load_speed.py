"""What makes loading the content cheap, checked for what it must not change: libyaml reads the
front matter as the pure-Python reader does, and a load after a publication renders only the
Markdown that changed."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml
from conftest import LANGUAGES

from app.config import PROJECT_ROOT
from app.content import load_content, loader, rendered_bodies
from app.content.frontmatter import split_front_matter
from app.content.loader import RENDERED
from app.content.rendered_bodies import RenderedBodies, store_file
from app.content.yamlsafe import StrictLoader, parse_yaml

SHIPPED = PROJECT_ROOT / "content"


def _shipped_yaml():
    for path in sorted(SHIPPED.rglob("*")):
        if path.suffix == ".yaml" or (path.suffix == ".md" and path.name != "README.md"):
            text = path.read_text("utf-8")
            yield path, split_front_matter(text).front if path.suffix == ".md" else text


@pytest.mark.slow  # every shipped file, twice
def test_every_shipped_file_reads_the_same_with_libyaml_and_pure_python():
    # The locked PyYAML wheel carries libyaml; an install without it would load content in pure
    # Python, several times slower, so that is a failure here, not a reason to skip.
    assert yaml.__with_libyaml__, "PyYAML was installed without libyaml (make setup installs the locked wheel)"
    checked = 0
    for path, text in _shipped_yaml():
        fast = parse_yaml(text)
        slow = yaml.load(text, Loader=StrictLoader)  # noqa: S506 - StrictLoader is a SafeLoader
        assert fast == slow and type(fast) is type(slow), path
        checked += 1
    assert checked > 900


def test_a_load_after_one_edit_renders_only_the_edited_file(content_dir):
    first = load_content(content_dir, LANGUAGES)
    rendered = RENDERED.rendered
    again = load_content(content_dir, LANGUAGES)
    assert RENDERED.rendered == rendered  # nothing changed: nothing rendered
    assert again.article("housing", "rental-deposit").versions["en"].body_html == (
        first.article("housing", "rental-deposit").versions["en"].body_html
    )

    path = content_dir / "housing" / "rental-deposit" / "en.md"
    path.write_text(path.read_text("utf-8") + "\nA **new** line.\n", encoding="utf-8")
    edited = load_content(content_dir, LANGUAGES)
    assert RENDERED.rendered == rendered + 1
    english = edited.article("housing", "rental-deposit").versions["en"]
    assert "<strong>new</strong>" in english.body_html and "A new line." in english.body_text
    # The other languages' bodies are those of the first load, not rendered again.
    assert edited.article("housing", "rental-deposit").versions["fr"].body is (
        first.article("housing", "rental-deposit").versions["fr"].body
    )


# Rendered bodies kept in the cache folder between processes (app/content/rendered_bodies.py).

_LOAD_IN_A_FRESH_PROCESS = """
import json, sys
sys.path.insert(0, {root!r})
from app.content import load_content
from app.content import loader, rendered_bodies
from app.content.loader import RENDERED
from app.content.rendered_bodies import RenderedBodies, store_file
content = load_content({content!r}, {languages!r}, cache_dir={cache!r})
english = content.article("housing", "rental-deposit").versions["en"]
print(json.dumps([RENDERED.rendered, english.body_html, english.body_text]))
"""


def _load_in_a_fresh_process(content_dir, cache):
    script = _LOAD_IN_A_FRESH_PROCESS.format(
        root=str(PROJECT_ROOT), content=str(content_dir), languages=list(LANGUAGES), cache=str(cache)
    )
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


@pytest.mark.slow  # four fresh processes
def test_a_fresh_process_reads_the_bodies_an_earlier_one_rendered(content_dir, tmp_path):
    cache = tmp_path / "cache"
    rendered, html, text = _load_in_a_fresh_process(content_dir, cache)
    assert rendered > 3 and store_file(cache, content_dir).is_file()
    assert _load_in_a_fresh_process(content_dir, cache) == [0, html, text]

    # An edited file is rendered again, in the next process too; the others are read.
    path = content_dir / "housing" / "rental-deposit" / "en.md"
    path.write_text(path.read_text("utf-8") + "\nA **new** line.\n", encoding="utf-8")
    rendered, edited_html, _ = _load_in_a_fresh_process(content_dir, cache)
    assert rendered == 1 and "<strong>new</strong>" in edited_html
    assert _load_in_a_fresh_process(content_dir, cache)[:2] == [0, edited_html]


def _fresh_cache(monkeypatch) -> RenderedBodies:
    """The bodies a new process starts with: none in memory."""
    cache = RenderedBodies()
    monkeypatch.setattr(loader, "RENDERED", cache)
    return cache


def test_bodies_read_from_the_cache_folder_are_not_copied_into_memory(content_dir, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    load_content(content_dir, LANGUAGES, cache_dir=cache)
    _fresh_cache(monkeypatch)
    content = load_content(content_dir, LANGUAGES, cache_dir=cache)
    bodies = [version.body for article in content.articles.values() for version in article.versions.values()]
    assert bodies and all(body._packed is None for body in bodies)
    assert "<h2" in content.article("housing", "rental-deposit").versions["en"].body_html


@pytest.mark.parametrize("damage", ["empty", "cut short", "garbage index", "garbage bodies", "other renderer"])
def test_a_damaged_cache_file_costs_a_rendering_and_is_made_again(content_dir, tmp_path, monkeypatch, damage):
    cache = tmp_path / "cache"
    counted = _fresh_cache(monkeypatch)
    reference = load_content(content_dir, LANGUAGES, cache_dir=cache)
    expected = {key: [v.body_html for v in a.versions.values()] for key, a in reference.articles.items()}
    total = counted.rendered  # every distinct body
    file = store_file(cache, content_dir)
    data = file.read_bytes()
    if damage == "empty":
        file.write_bytes(b"")
    elif damage == "cut short":
        file.write_bytes(data[: len(data) // 2])
    elif damage == "garbage index":
        file.write_bytes(data[:36] + bytes(range(256)) * 4 + data[36 + 1024 :])
    elif damage == "garbage bodies":
        file.write_bytes(data[: len(data) - 4000] + b"\xff" * 4000)
    else:
        monkeypatch.setattr(rendered_bodies, "_renderer_fingerprint", lambda: b"\x01" * 16)

    fresh = _fresh_cache(monkeypatch)
    content = load_content(content_dir, LANGUAGES, cache_dir=cache)
    assert fresh.rendered == total
    assert {key: [v.body_html for v in a.versions.values()] for key, a in content.articles.items()} == expected
    again = _fresh_cache(monkeypatch)
    load_content(content_dir, LANGUAGES, cache_dir=cache)
    assert again.rendered == 0  # the file was written again, whole


def test_a_cache_folder_that_cannot_be_written_loses_nothing(content_dir, tmp_path, caplog, monkeypatch):
    _fresh_cache(monkeypatch)  # a new process: its bodies are rendered, then to be kept
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    content = load_content(content_dir, LANGUAGES, cache_dir=blocked)
    assert "<h2" in content.article("housing", "rental-deposit").versions["en"].body_html
    assert "rendered bodies not kept" in caplog.text
