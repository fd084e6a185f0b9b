"""The search page's result cards, rendered once and filled with each search's snippet
(app/web/result_cards.py): the very cards the article_card macro renders, the snippet escaped,
renewed when the content is published, and a bounded number of them kept."""

from __future__ import annotations

import re

import pytest
from conftest import article_file, write
from flask import render_template_string

from app.web.result_cards import ResultCards

RESULTS = re.compile(r"<ol class=\"article-list\"[^>]*>(.*?)</ol>", re.S)
# The cards as the page rendered them before they were kept: the macro, with the search page's
# summary (the snippet when the hit is in the language of the version shown).
REFERENCE = """{% from "_article_card.html" import article_items with context %}
{%- macro summary(article, version, hit) %}{{ snippet(hit) | safe if hit.lang == version.lang }}{% endmacro -%}
{{ article_items(results, summary=summary) }}"""


def _cards(text: str) -> str:
    """The result list's items, whitespace between tags and runs of spaces made one."""
    listed = RESULTS.search(text)
    assert listed, "no result list"
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", listed.group(1))).strip()


def _reference(app, path: str) -> str:
    from app.search import present
    from app.web import kiosk

    with app.test_request_context(path):
        app.preprocess_request()  # the language from the address, as for the page
        state, lang, words = kiosk(), path.split("/")[1], path.split("q=")[1]
        outcome = state.searcher.search(words, lang, synonyms=state.content.synonyms)
        results = present(outcome, state.content, lang, state.fallbacks_for(lang))
        snippet = lambda hit: state.searcher.snippet(outcome, hit)  # noqa: E731
        items = render_template_string(REFERENCE, results=results, snippet=snippet)
    return _cards(f'<ol class="article-list">{items}</ol>')


@pytest.mark.parametrize(
    "path",
    [
        "/en/search?q=deposit",  # a snippet in the page's language
        "/fr/search?q=garantie",
        "/ar/search?q=deposit",  # found in English, shown in Arabic: the summary, not a snippet
        "/uk/search?q=deposit",  # a version in another language than the page's: its label
    ],
)
def test_kept_cards_are_the_macro_s_cards(app, client, path):
    cards = app.extensions["result_cards"]
    first = client.get(path).get_data(as_text=True)
    assert len(cards)  # kept
    app.extensions["page_cache"].__init__()  # the page rendered again, its cards from memory
    again = client.get(path).get_data(as_text=True)
    assert _cards(first) == _cards(again) == _reference(app, path)


def test_no_card_is_kept_while_templates_are_read_again(app, client):
    """In development (templates read again from disk) every card is rendered anew: a kept one
    would hide the template's change."""
    cards = app.extensions["result_cards"]
    app.jinja_env.auto_reload = True
    try:
        page = client.get("/en/search?q=deposit").get_data(as_text=True)
    finally:
        app.jinja_env.auto_reload = False
    assert len(cards) == 0 and _cards(page) == _reference(app, "/en/search?q=deposit")


def test_the_snippet_in_a_kept_card_is_escaped_and_hostile_words_stay_text(app, client, content_dir):
    write(
        content_dir / "housing" / "rental-deposit" / "en.md",
        article_file("Rental deposit", "Deposit <b>rules</b>.", 'The deposit <img src=x onerror="alert(1)"> & more.'),
    )
    app.extensions["kiosk"].reload_content()
    for path in ("/en/search?q=deposit", '/en/search?q=deposit+"><script>alert(1)</script>'):
        for _ in range(2):  # rendered, then from the kept cards
            app.extensions["page_cache"].__init__()
            text = client.get(path).get_data(as_text=True)
            assert "<script>alert" not in text and "<img src=x" not in text and "<b>rules" not in text
            assert _cards(text) == _reference(app, path.replace('"', "%22"))


def test_cards_follow_the_published_content(app, client, content_dir):
    assert "Rental deposit" in _cards(client.get("/en/search?q=deposit").get_data(as_text=True))
    write(
        content_dir / "housing" / "rental-deposit" / "en.md",
        article_file("Deposit for a rented home", "How the rental guarantee works in Brussels.", "Text.", revision=2),
    )
    app.extensions["kiosk"].reload_content()
    cards = _cards(client.get("/en/search?q=deposit").get_data(as_text=True))
    assert "Deposit for a rented home" in cards and "Rental deposit" not in cards


def test_a_bounded_number_of_cards_is_kept(app, client):
    app.extensions["result_cards"] = cards = ResultCards(size=2)
    for words in ("deposit", "garantie", "doctor", "housing", "rental"):
        for lang in ("en", "fr", "ar"):
            client.get(f"/{lang}/search?q={words}")
            assert len(cards) <= 2
    assert len(cards)
