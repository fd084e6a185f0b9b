"""YAML parsed once per text (app/content/parsed_yaml.py): a load from kept data gives the content
and the problems (with their lines) a load that parses everything gives, in this process and in a
fresh one reading the cache folder."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta, timezone

from conftest import LANGUAGES, article_file, make_content, write

from app.content import load_content, loader
from app.content.parsed_yaml import ParsedYaml, store_file
from app.content.yamlsafe import read_yaml

DATA = """\
title: Permanence
when: 2026-12-03
at: 2026-12-03 09:30:00+01:00
open: true
seats: 12
share: 0.5
nothing: null
days: [mon, tue]
rooms:
  - {name: A, floor: 1}
  - name: B
    opens: 2027-01-04
"""


def _content(tmp_path):
    root = make_content(tmp_path / "content")
    # An article whose fields hold problems found from the node marks: a bad date, dates in the
    # wrong order and a place the content does not have.
    write(
        root / "housing" / "late-rent" / "en.md",
        article_file(
            "Late rent",
            "What to do when the rent is late.",
            extra="publish_on: 2026-12-10\nexpires_on: 2026-12-01\nreviewed: someday\nplaces:\n  - no-such-place",
        ),
    )
    return root


def _everything(content) -> tuple:
    return (content.topics, content.articles, content.synonyms, content.places, content.events, content.problems)


def test_a_load_from_kept_data_is_a_load_that_parses_everything(tmp_path, monkeypatch):
    root, cache = _content(tmp_path), tmp_path / "cache"
    monkeypatch.setattr(loader, "PARSED", ParsedYaml())
    parsing = load_content(root, LANGUAGES, cache_dir=cache)
    assert loader.PARSED.parsed > 5 and parsing.problems  # the late-rent article's
    lines = {(problem.path.name, problem.line, problem.message) for problem in parsing.problems}
    assert any("expires_on" in message for _, _, message in lines)
    again = load_content(root, LANGUAGES, cache_dir=cache)  # kept in this process
    monkeypatch.setattr(loader, "PARSED", ParsedYaml())  # a fresh process: read from the cache folder
    fresh = load_content(root, LANGUAGES, cache_dir=cache)
    assert loader.PARSED.parsed == 0
    assert _everything(again) == _everything(fresh) == _everything(parsing)
    assert store_file(cache, root).is_file()


def test_a_changed_text_is_parsed_again(tmp_path, monkeypatch):
    root, cache = _content(tmp_path), tmp_path / "cache"
    monkeypatch.setattr(loader, "PARSED", ParsedYaml())
    load_content(root, LANGUAGES, cache_dir=cache)
    before = loader.PARSED.parsed
    article = root / "housing" / "late-rent" / "en.md"
    article.write_text(article.read_text(encoding="utf-8").replace("Late rent", "Rent paid late"), encoding="utf-8")
    content = load_content(root, LANGUAGES, cache_dir=cache)
    assert loader.PARSED.parsed == before + 1
    assert content.articles["housing/late-rent"].versions["en"].title == "Rent paid late"


def test_kept_data_is_the_data_yaml_gives_and_each_read_has_its_own():
    parsed = ParsedYaml()
    first = parsed.load().read(DATA, first_line=2)
    load = parsed.load()
    load.read(DATA, first_line=2)
    load.finish()
    kept, other = parsed.load().read(DATA, first_line=2), parsed.load().read(DATA, first_line=2)
    assert parsed.parsed == 2  # the first two loads parsed, the last two did not
    assert kept.data == first.data == read_yaml(DATA, 2).data
    assert kept.data["at"] == datetime(2026, 12, 3, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    assert kept.data["rooms"][1]["opens"] == date(2027, 1, 4)
    kept.data["rooms"].append("changed")  # a load may change what it was given
    assert other.data["rooms"] == first.data["rooms"] and len(other.data["rooms"]) == 2
    # Lines come from the text parsed again when asked: the same as from the first parse.
    assert kept.line("rooms", 1, "opens") == first.line("rooms", 1, "opens") == 13


def test_data_marshal_cannot_hold_is_parsed_every_time():
    parsed = ParsedYaml()
    pairs = "order: !!omap [{a: 1}, {b: 2}]\n"
    for _ in range(3):
        load = parsed.load()
        assert load.read(pairs).data == {"order": [("a", 1), ("b", 2)]}
        load.finish()
    assert parsed.parsed == 3


def test_a_damaged_or_foreign_cache_file_is_parsed_again(tmp_path, monkeypatch, caplog):
    root, cache = _content(tmp_path), tmp_path / "cache"
    monkeypatch.setattr(loader, "PARSED", ParsedYaml())
    expected = _everything(load_content(root, LANGUAGES, cache_dir=cache))
    store = store_file(cache, root)
    blob = store.read_bytes()
    for damaged in (blob[:-20] + b"x" * 20, b"KIOSKPY0" + blob[8:], b""):
        store.write_bytes(damaged)
        monkeypatch.setattr(loader, "PARSED", ParsedYaml())
        with caplog.at_level(logging.WARNING):
            assert _everything(load_content(root, LANGUAGES, cache_dir=cache)) == expected
        assert loader.PARSED.parsed > 5
        assert store.read_bytes()[:8] == b"KIOSKPY1"  # written again


def test_a_field_missing_from_an_entry_is_reported_on_the_entry_s_line(tmp_path, monkeypatch):
    root, cache = _content(tmp_path), tmp_path / "cache"
    topics = root / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8") + "- id: work\n  pictogram: briefcase\n", encoding="utf-8")
    entry_line = topics.read_text(encoding="utf-8").splitlines().index("- id: work") + 1
    for _ in range(2):  # parsed, then from the cache file in a fresh process
        monkeypatch.setattr(loader, "PARSED", ParsedYaml())
        problems = load_content(root, LANGUAGES, cache_dir=cache).problems
        assert [problem.line for problem in problems if problem.path == topics and "title" in problem.message] == [
            entry_line
        ]
