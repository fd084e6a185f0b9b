"""The public pages' site header (base.html), rendered once per language and kind of browser and
given each page's search words.

The header is the same on every page of one language, for a counter or not, but for the words in
its search box: its links, the header tools, the interface strings and the icons. Rendering it
was a tenth of an uncached search page's time. Its HTML is kept cut at the search words, which
are escaped into it for every page, as the template escaped them.

What the header shows is in the key: the mount point, the page's language and Babel locale, the
endpoint (before a language is chosen, words are said in every language, with the attract
screen's rhythm on its own page) and whether the browser is a counter. The header must read
nothing else: no content, no clock, no form token (tests/test_site_header.py compares it with the
template's rendering).
"""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_babel import get_locale
from jinja2 import pass_context
from markupsafe import Markup, escape

from .kept_fragments import KeptFragments

# Headers kept: every language × counter or not × endpoint many times over; emptied when full.
MAX_HEADERS = 2000


class SiteHeaders:
    """Rendered headers, each cut at its search words."""

    def __init__(self, size: int = MAX_HEADERS):
        self._headers = KeptFragments("search-words", size)

    def header(self, context, words: str, caller) -> Markup:
        """The header ``caller`` renders (given where the words go), with ``words`` escaped in."""
        lang = context.get("lang")
        key = (
            request.script_root,
            lang.code if lang else None,
            context.get("babel_locale_name") or str(get_locale()),
            request.endpoint,
            bool(context.get("on_counter")),
        )
        before, after = self._headers.cut(key, caller)
        return Markup(f"{before}{escape(words)}{after}")

    def __len__(self) -> int:
        return len(self._headers)


def install(app: Flask) -> None:
    """Templates' site_header() (base.html): the header kept per app."""
    app.extensions["site_headers"] = SiteHeaders()
    app.jinja_env.globals["site_header"] = _site_header


@pass_context
def _site_header(context, words: str = "", caller=None) -> Markup:
    return current_app.extensions["site_headers"].header(context, words, caller)
