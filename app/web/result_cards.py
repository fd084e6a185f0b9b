"""The cards of a search's results, each rendered once and filled with every search's snippet.

A result card (_article_card.html) is the same on every search that finds its article, in one
page language, but for its summary: the snippet of that search (words in context, with the
matches marked). Rendering the macro was a fifth of an uncached search page's time; here it is
rendered once per (page language, article, version shown, snippet or summary), with a slot
where the snippet goes, and kept until the content changes.
"""

from __future__ import annotations

from flask import g, request
from markupsafe import Markup

from . import kiosk
from .kept_fragments import KeptFragments

# Cards kept: every article in every page language, twice (with a snippet, with its summary), for
# a large content; emptied when full (and whenever the content changes).
MAX_CARDS = 20_000


class ResultCards:
    """Rendered cards, with a slot for the snippet, of one content revision."""

    def __init__(self, size: int = MAX_CARDS):
        self._cards = KeptFragments("snippet", size)

    def items(self, results, card_macro, snippet) -> Markup:
        """The list items of ``results`` ((article, version, hit) tuples), as
        _article_card.html's article_items renders them with the search page's summaries:
        the hit's snippet (already escaped) when the hit is in the language of the version
        shown, else the version's summary. ``card_macro``: the article_card macro, imported
        with the page's context (it renders a card whenever none is kept)."""
        revision = kiosk().content.fingerprint  # published content: every card may have changed
        page_lang, root = g.lang, request.script_root
        reuse = self._cards.reusable()
        pieces = []
        for article, version, hit in results:
            snippet_html = snippet(hit) if hit.lang == version.lang else ""
            key = (root, page_lang, article.topic, article.slug, version.lang, bool(snippet_html))
            render = _card(card_macro, article, version, bool(snippet_html))
            before, after = self._cards.cut(key, render, revision, reuse)
            pieces.append(f"\n  <li>{before}{snippet_html}{after}</li>")
        return Markup("".join(pieces))

    def __len__(self) -> int:
        return len(self._cards)


def _card(card_macro, article, version, with_snippet: bool):
    """How a card is rendered when none is kept: with the slot where a snippet goes, or with
    the version's summary."""
    return lambda slot: card_macro(article, version, slot if with_snippet else "")
