"""The search index on disk: build, swap, lock, queries. No app."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from conftest import LANGUAGES, article_file, write

from app.content import load_content
from app.search import IndexBusy, Searcher, build_index, build_info, current_build, is_stale, present
from app.search.builds import build_lock


@pytest.fixture
def content(content_dir):
    return load_content(content_dir, LANGUAGES)


def test_build_writes_a_complete_index_and_points_current_at_it(content, tmp_path):
    result = build_index(content, tmp_path / "index")
    assert result.documents == 6
    assert current_build(tmp_path / "index") == result.path
    assert build_info(tmp_path / "index")["fingerprint"] == content.fingerprint
    assert not is_stale(tmp_path / "index", content.fingerprint)
    assert is_stale(tmp_path / "index", "other")
    assert is_stale(tmp_path / "empty", content.fingerprint)


def test_rebuild_swaps_atomically_and_readers_follow(content, content_dir, tmp_path):
    index_dir = tmp_path / "index"
    first = build_index(content, index_dir)
    searcher = Searcher(index_dir)
    assert searcher.search("doctor", "en").hits == ()
    write(
        content_dir / "health" / "finding-a-doctor" / "en.md",
        article_file("Find a doctor", "The general practitioner.", translation=("fr", 1, False)),
    )
    second = build_index(load_content(content_dir, LANGUAGES), index_dir)
    assert second.path != first.path and os.path.islink(index_dir / "current")
    assert [h.article for h in searcher.search("doctor", "en").hits] == ["health/finding-a-doctor"]
    # Only the previous build is kept for readers that still have it open.
    build_index(load_content(content_dir, LANGUAGES), index_dir)
    assert len(list((index_dir / "builds").iterdir())) == 2


def test_a_second_build_is_refused_while_one_runs(content, tmp_path):
    index_dir = tmp_path / "index"
    with build_lock(index_dir):
        with pytest.raises(IndexBusy):
            build_index(content, index_dir)
    assert build_index(content, index_dir).documents == 6


def test_a_half_written_build_is_never_live(content, tmp_path):
    index_dir = tmp_path / "index"
    good = build_index(content, index_dir)
    crashed = index_dir / "builds" / "crashed-build"
    crashed.mkdir()
    (crashed / "_MAIN_1.toc").write_bytes(b"partial")
    assert current_build(index_dir) == good.path
    assert Searcher(index_dir).search("deposit", "en").hits


def test_search_prefers_the_visitor_language_and_collapses_languages(content, tmp_path):
    build_index(content, tmp_path / "index")
    searcher = Searcher(tmp_path / "index")
    outcome = searcher.search("garantie locative", "fr")
    assert [(h.article, h.lang) for h in outcome.hits] == [("housing/rental-deposit", "fr")]
    # English words with Arabic chosen: found in English, shown in Arabic where it exists.
    outcome = searcher.search("rental deposit", "ar")
    assert [h.article for h in outcome.hits] == ["housing/rental-deposit"]
    shown = present(outcome, content, "ar", ("en",))
    assert [(a.key, v.lang) for a, v, _ in shown] == [("housing/rental-deposit", "ar")]


def test_accents_and_case_do_not_matter(content, tmp_path):
    build_index(content, tmp_path / "index")
    searcher = Searcher(tmp_path / "index")
    assert searcher.search("MEDECIN", "fr").hits[0].article == "health/finding-a-doctor"
    assert searcher.search("ضمان", "ar").hits[0].article == "housing/rental-deposit"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "title:deposit",
        "NOT AND (",
        "dep*",
        "[a TO z]",
        "deposit^100",
        '"unclosed',
        "a" * 10_000,
        "\x00\x01",
        "<script>alert(1)</script>",
        "'; DROP TABLE x; --",
        "ﷺ" * 50,
    ],
)
def test_hostile_queries_never_raise(content, tmp_path, text):
    build_index(content, tmp_path / "index")
    outcome = Searcher(tmp_path / "index").search(text, "en")
    assert outcome.available
    assert len(outcome.words) <= 12


def test_no_index_means_unavailable_not_an_error(tmp_path):
    outcome = Searcher(tmp_path / "nothing").search("deposit", "en")
    assert outcome.available is False and outcome.hits == ()


def test_a_title_word_outweighs_the_same_word_in_a_shorter_summary(tmp_path):
    # Title, keywords, topic and summary share one field, each word weighed by its part when
    # indexed: without the weights, the shorter card would win on length alone.
    root = tmp_path / "content"
    write(root / "topics.yaml", "- id: employment\n  pictogram: briefcase\n  title: {en: Work}\n")
    write(
        root / "employment" / "titled" / "en.md",
        article_file(
            "Work permit for people from outside the European Union",
            "Which papers you need before you start a job here, and where to ask for them.",
            revision=1,
        ),
    )
    write(root / "employment" / "summed" / "en.md", article_file("Papers", "A permit.", revision=1))
    build_index(load_content(root, LANGUAGES), tmp_path / "index")
    hits = Searcher(tmp_path / "index").search("permit", "en").hits
    assert [hit.article for hit in hits] == ["employment/titled", "employment/summed"]


def test_a_build_of_another_schema_is_stale(content, tmp_path):
    index_dir = tmp_path / "index"
    build = build_index(content, index_dir).path
    assert not is_stale(index_dir, content.fingerprint, verify=False)
    info = json.loads((build / "build.json").read_text("utf-8"))
    (build / "build.json").write_text(json.dumps(info | {"schema": 1}), encoding="utf-8")
    assert is_stale(index_dir, content.fingerprint, verify=False)


def test_a_publication_writes_again_only_the_documents_that_changed(content, content_dir, tmp_path):
    index_dir = tmp_path / "index"
    first = build_index(content, index_dir)
    assert first.rewritten is None  # nothing live: a full build
    searcher = Searcher(index_dir)
    write(
        content_dir / "health" / "finding-a-doctor" / "en.md",
        article_file("Find a doctor", "The general practitioner.", "Ask for a zanzibar.", translation=("fr", 1, False)),
    )
    second = build_index(load_content(content_dir, LANGUAGES), index_dir)
    assert second.rewritten == 1 and second.documents == first.documents + 1
    assert [h.article for h in searcher.search("zanzibar", "en").hits] == ["health/finding-a-doctor"]
    assert [h.article for h in searcher.search("deposit", "en").hits][:1] == ["housing/rental-deposit"]  # copied

    shutil.rmtree(content_dir / "health" / "finding-a-doctor")
    # Three of seven documents go: too many to copy the rest (a full build).
    assert build_index(load_content(content_dir, LANGUAGES), index_dir).rewritten is None
    write(content_dir / "health" / "finding-a-doctor" / "en.md", article_file("Doctor", "Zanzibar.", revision=1))
    assert build_index(load_content(content_dir, LANGUAGES), index_dir).rewritten == 1
    shutil.rmtree(content_dir / "health" / "finding-a-doctor")
    third = build_index(load_content(content_dir, LANGUAGES), index_dir)
    assert third.rewritten == 1 and third.documents == 4
    assert searcher.search("zanzibar", "en").hits == ()
    assert searcher.search("médecin", "fr").hits == ()

    nightly = build_index(load_content(content_dir, LANGUAGES), index_dir, full=True)
    assert nightly.rewritten is None
    assert [h.article for h in searcher.search("deposit", "en").hits][:1] == ["housing/rental-deposit"]


def test_a_damaged_live_build_or_other_languages_mean_a_full_build(content, tmp_path):
    index_dir = tmp_path / "index"
    build = build_index(content, index_dir).path
    assert build_index(content, index_dir).rewritten == 0
    assert build_index(content, index_dir, languages=[*LANGUAGES, "de"]).rewritten is None
    segment = next(build_index(content, index_dir, languages=[*LANGUAGES, "de"]).path.glob("*.seg"))
    segment.write_bytes(segment.read_bytes()[:-10] + b"0123456789")
    rebuilt = build_index(content, index_dir, languages=[*LANGUAGES, "de"])
    assert rebuilt.rewritten is None and rebuilt.path != build
    assert not is_stale(index_dir, content.fingerprint)
