"""Queries that meet few documents are answered without Whoosh's matcher trees
(app/search/small_queries.py): every search must find the same documents, in the same order,
with the same scores, as Whoosh's own search. Compared on the shipped content (one segment) and
on a build updated by a publication (two segments, one with deleted documents).

The same scores: equal to the last bit on one segment; on several, within a few units of the
last bit, as Whoosh's collector may regroup a sum when it rearranges its matchers to skip
documents that cannot reach the top (it did for one document of one search in 602 in the test below)."""

from __future__ import annotations

import random
import re
import shutil

import pytest

from app.config import PROJECT_ROOT
from app.content import load_content
from app.search import Searcher, build_index, opened_build, small_queries
from app.search.query import Hit

SEARCHED_IN = ["fr", "en", "ar", "uk", "nl", "ti", "ps", "so"]


def _queries(content, count: int, seed: int) -> list[tuple[str, str]]:
    """Words of the articles' titles, as visitors type them: pairs, single words, misspelt words,
    and words of one language searched from a page in another."""
    rng = random.Random(seed)
    titles = [
        (lang, re.findall(r"[^\W\d_]{3,}", version.title))
        for article in content.articles.values()
        for lang, version in article.versions.items()
    ]
    titles = [(lang, words) for lang, words in titles if words]
    queries = []
    while len(queries) < count:
        lang, words = rng.choice(titles)
        word = rng.choice(words)
        kind = rng.randrange(4)
        if kind == 0:
            queries.append((f"{word} {rng.choice(words)}", lang))
        elif kind == 1:
            queries.append((word, lang))
        elif kind == 2 and len(word) > 3:
            cut = rng.randrange(len(word))
            queries.append((word[:cut] + word[cut + 1 :], lang))  # a letter missing: a correction
        else:
            queries.append((f"{word} {rng.choice(rng.choice(titles)[1])}", rng.choice(SEARCHED_IN)))
    return queries


def _hits(searcher: Searcher, queries, synonyms, exact: bool = True) -> list[list[Hit]]:
    searcher._results.clear()  # searched again, not answered from the outcomes kept
    return [
        [
            (h.article, h.lang, h.score if exact else round(h.score, 9), h.document)
            for h in searcher.search(q, lang, synonyms=synonyms).hits
        ]
        for q, lang in queries
    ]


def _whoosh_only(monkeypatch):
    def refuse(*args):
        raise small_queries.QueryTooBroad("compared with Whoosh's own search")

    monkeypatch.setattr(opened_build, "top_documents", refuse)


def _answered_here(monkeypatch) -> list[int]:
    answered = []
    real = opened_build.top_documents

    def counting(*args):
        found = real(*args)
        answered.append(len(found))
        return found

    monkeypatch.setattr(opened_build, "top_documents", counting)
    return answered


# Some searches in the tier run all day; thousands in the whole suite.
@pytest.mark.parametrize("count", [60, pytest.param(3000, marks=pytest.mark.slow)])
def test_searches_of_the_shipped_content_find_what_whoosh_finds(real_search, monkeypatch, count):
    content, searcher = real_search
    queries = _queries(content, count, seed=7)
    answered = _answered_here(monkeypatch)
    here = _hits(searcher, queries, content.synonyms)
    assert len(answered) > count * 0.8  # nearly every search was answered here
    assert sum(map(len, here)) > count * 4  # and found something
    monkeypatch.undo()
    _whoosh_only(monkeypatch)
    assert _hits(searcher, queries, content.synonyms) == here


@pytest.fixture(scope="module")
def published_twice(tmp_path_factory):
    """The shipped content in five languages, built, then one article changed and published:
    the live build is the first one plus a segment with the changed documents."""
    root = tmp_path_factory.mktemp("two-segments")
    content_dir, index_dir, languages = root / "content", root / "index", ["en", "fr", "nl", "ar", "uk"]
    shutil.copytree(PROJECT_ROOT / "content", content_dir)
    build_index(load_content(content_dir, languages), index_dir, languages=languages)
    article = next(content_dir.glob("*/*/fr.md"))
    article.write_text(article.read_text("utf-8") + "\nUn guichet ouvert le samedi matin.\n", "utf-8")
    content = load_content(content_dir, languages)
    build_index(content, index_dir, languages=languages)
    return content, Searcher(index_dir)


@pytest.mark.slow  # two builds of the shipped content
def test_a_build_of_two_segments_with_deleted_documents_finds_what_whoosh_finds(published_twice, monkeypatch):
    content, searcher = published_twice
    searcher.search("samedi", "fr")
    reader = searcher._open.reader
    assert not reader.is_atomic() and reader.has_deletions()  # what this test is about
    queries = [("guichet samedi", "fr"), ("samedi", "fr"), *_queries(content, 600, seed=11)]
    answered = _answered_here(monkeypatch)
    here = _hits(searcher, queries, content.synonyms, exact=False)
    assert len(answered) > 500
    assert here[0] and here[0][0][0] == here[1][0][0]  # the words added are found in the new segment
    monkeypatch.undo()
    _whoosh_only(monkeypatch)
    assert _hits(searcher, queries, content.synonyms, exact=False) == here


def test_a_query_meeting_many_documents_is_left_to_whoosh(real_search, monkeypatch):
    content, searcher = real_search
    monkeypatch.setattr(small_queries, "MOST_POSTINGS", 5)
    queries = [("logement social", "fr"), ("bank account", "en")]
    broad = [small_queries.QueryTooBroad]
    real = opened_build.top_documents

    def noting(*args):
        try:
            return real(*args)
        except small_queries.QueryTooBroad as refused:
            broad.append(refused)
            raise

    monkeypatch.setattr(opened_build, "top_documents", noting)
    here = _hits(searcher, queries, content.synonyms)
    assert len(broad) > 1 and all(here)  # refused here, found by Whoosh
