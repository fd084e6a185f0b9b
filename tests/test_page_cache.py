"""The page cache answers every kind of client with the page as rendered: gzipped or plain, with
a new form token in each answer of a page with a form; it holds a bounded number of bytes, and
only search pages depend on the index build."""

from __future__ import annotations

import gzip
import re

import pytest

from app.content import load_content
from app.public_forms import FormTokens, fill_split, slot, split_at_slots
from app.search import build_index
from app.web.caching import CachedPage, PageCache

TOPIC = "/en/housing/"  # no form on it
ARTICLE = "/en/housing/rental-deposit"  # the "was this helpful?" form
TOKEN = re.compile(rb'name="token" value="([^"]+)"')
GZIP = {"Accept-Encoding": "gzip"}


@pytest.mark.parametrize("page", [TOPIC, "/en/search?q=deposit+rent"])  # a search: gzipped at level 1
def test_a_cached_page_is_the_rendered_page_for_clients_with_and_without_gzip(client, page):
    rendered = client.get(page).get_data()
    assert b"rental-deposit" in rendered
    client.get(page)  # a search is kept from its second asking on
    plain = [client.get(page) for _ in range(2)]  # from the cache, decompressed once
    zipped = client.get(page, headers=GZIP)
    assert [answer.get_data() for answer in plain] == [rendered, rendered]
    assert plain[0].headers["Content-Length"] == str(len(rendered))
    assert "Content-Encoding" not in plain[0].headers
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.get_data()) == rendered
    assert plain[0].headers["ETag"] == zipped.headers["ETag"]


def test_a_cached_page_with_a_form_differs_from_the_rendered_one_only_by_its_token(client):
    rendered = client.get(ARTICLE).get_data()
    answers = [client.get(ARTICLE).get_data(), gzip.decompress(client.get(ARTICLE, headers=GZIP).get_data())]
    tokens = [TOKEN.search(body).group(1) for body in (rendered, *answers)]
    assert len(set(tokens)) == 3
    for body, token in zip(answers, tokens[1:], strict=True):
        assert body.replace(token, tokens[0]) == rendered


def test_slots_are_filled_where_they_are_each_time_they_occur():
    tokens, slots = FormTokens("secret"), {}
    first, second = slot(slots, "/en/a/feedback"), slot(slots, "/en/search/missing")
    body = f"<a>{first}</a><b>{second}</b>{first}".encode()
    pieces = split_at_slots(body, slots)
    filled = fill_split(pieces, slots, tokens).decode()
    made = re.fullmatch(r"<a>([^<]+)</a><b>([^<]+)</b>(.+)", filled).groups()
    assert made[0] == made[2] != made[1]
    assert tokens.check(made[0], "/en/a/feedback") and tokens.check(made[1], "/en/search/missing")
    assert fill_split(split_at_slots(b"no form", {}), {}, tokens) == b"no form"


def test_the_cache_holds_a_bounded_number_of_bytes():
    def page(size: int) -> CachedPage:
        return CachedPage.of(b"x" * size, [("Content-Type", "text/html")], (0, float("inf")), None, {"s": "/f"})

    cache = PageCache(size=10, max_bytes=25_000)
    for key in "abc":
        cache.put(key, page(10_000))
    assert len(cache) == 2 and cache.get("a") is None  # the page asked for least recently went
    cache.get("b")
    cache.put("d", page(10_000))
    assert cache.get("b") is not None and cache.get("c") is None
    cache.put("b", page(10_000))  # kept again: counted once
    assert len(cache) == 2


def test_only_search_pages_are_kept_per_index_build(app, client):
    cache = app.extensions["page_cache"]
    for path in (TOPIC, "/en/search?q=deposit", "/en/search?q=deposit"):
        client.get(path)
    assert len(cache) == 2
    config = app.extensions["kiosk"].config
    build_index(load_content(config.content_dir, config.languages), config.index_dir)
    for path in (TOPIC, "/en/search?q=deposit", "/en/search?q=deposit"):
        client.get(path)
    assert len(cache) == 3  # the search page rendered again from the new index, the topic page not


def test_a_search_page_is_kept_from_its_second_asking_and_answered_alike_each_time(app, client):
    cache, search = app.extensions["page_cache"], "/en/search?q=rent+deposit"
    first = client.get(search)
    assert len(cache) == 0  # a search asked once: answered, not kept
    client.get(TOPIC)
    assert len(cache) == 1  # any other page: kept from its first asking
    second, third = client.get(search, headers=GZIP), client.get(search)
    assert len(cache) == 2  # the second asking kept it; the third came from the cache
    assert second.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(second.get_data()) == first.get_data() == third.get_data()
    assert first.headers["ETag"] == second.headers["ETag"] == third.headers["ETag"]
    assert first.headers["Content-Length"] == str(len(first.get_data()))
    zipped_once = client.get("/en/search?q=deposit", headers=GZIP)  # not kept, compressed for its client
    assert zipped_once.headers["Content-Encoding"] == "gzip" and b"rental-deposit" in gzip.decompress(
        zipped_once.get_data()
    )


def test_the_searches_asked_once_are_remembered_up_to_a_bound(monkeypatch):
    monkeypatch.setattr("app.web.caching.ASKED_ONCE_REMEMBERED", 3)
    cache = PageCache()
    assert [cache.asked_before(key) for key in "abcd"] == [False] * 4  # "a", the oldest, forgotten
    assert [cache.asked_before(key) for key in "dab"] == [True, False, True]
