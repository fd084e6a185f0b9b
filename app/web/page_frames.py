"""The public pages' frame (base.html), rendered once per language and kind of browser and given
each page's own parts: its title, its header and its main part.

Around every public page's own parts stands the same document: the head with its fonts, styles
and scripts, the body's attributes, the skip link and the tools at the end (on a counter: its
dialogs and the on-screen keyboard). Rendering it was a fifth of an uncached search page's time.
It is kept cut at four slots: the title, the header (kept on its own, app/web/site_header.py),
the main part, and a counter's reset token (a form token, new for every page).

What the frame shows is in the key: the mount point, the endpoint (before a language is chosen,
words are said in every language, with the attract screen's rhythm on its own page), the Babel
locale, the page's language and the language its text is set in, whether the browser is a
counter and which, the counter's settings and the software version; the content's revision
drops every kept frame. The frame must read nothing else (tests/test_page_frames.py compares
every kind of page, with the frame kept, with the page rendered anew).
"""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_babel import get_locale
from jinja2 import pass_context
from markupsafe import Markup

from .kept_fragments import KeptFragments

# Frames kept: every language × counter or not, many times over; emptied when full.
MAX_FRAMES = 2000
SLOTS = ("title", "header", "main", "reset_token")
# What the frame shows of the template context, besides the locale and the mount point.
SHOWN = ("on_counter", "counter_id", "idle_seconds", "warning_seconds", "software_version", "content_revision")


class PageFrames:
    def __init__(self, size: int = MAX_FRAMES):
        self._frames = KeptFragments("page-frame", size, SLOTS)

    def frame(self, context, caller) -> Markup:
        """The page: the frame ``caller`` renders (given its slots), with the page's blocks in it."""
        lang, page_language = context.get("lang"), context.get("page_language")
        key = (
            request.script_root,
            request.endpoint,
            context.get("babel_locale_name") or str(get_locale()),
            lang.code if lang else None,
            page_language.code if page_language else None,
            *(context.get(name) for name in SHOWN),
        )
        # The content's revision as the context processor read it for this rendering: asking the
        # kiosk again would look for a publication and at the date once more on every page.
        revision = context.get("content_revision")
        pieces = self._frames.pieces(key, lambda: caller(self._frames.slots), revision)
        blocks = context.blocks
        return KeptFragments.fill(
            pieces,
            {
                "title": lambda: Markup("".join(blocks["title"][0](context))),
                "header": lambda: Markup("".join(blocks["header"][0](context))),
                "main": lambda: Markup("".join(blocks["main"][0](context))),
                "reset_token": lambda: context["form_token"]("/kiosk/reset"),
            },
        )

    def __len__(self) -> int:
        return len(self._frames)


def install(app: Flask) -> None:
    """Templates' page_frame() (base.html): the frames kept per app."""
    app.extensions["page_frames"] = PageFrames()
    app.jinja_env.globals["page_frame"] = _page_frame


@pass_context
def _page_frame(context, caller=None) -> Markup:
    return current_app.extensions["page_frames"].frame(context, caller)
