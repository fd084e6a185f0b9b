"""Markdown to safe HTML, done once when content is loaded."""

from __future__ import annotations

import html as html_lib
import re

import nh3
from markdown_it import MarkdownIt

# html=False: raw HTML in a content file is shown as text, never passed through.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    "table"
)

_ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "code", "pre",
    "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
_TAG = re.compile(r"<[^>]+>")


def render_markdown(text: str) -> str:
    """Render Markdown and keep only harmless tags, attributes and link schemes."""
    html = _markdown.render(text)
    # A content "# heading" would compete with the page title: articles start at level 2.
    html = re.sub(r"<(/?)h1>", r"<\1h2>", html)
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )


def html_to_text(html: str) -> str:
    """Plain text of rendered HTML, for the search index."""
    return re.sub(r"\s+", " ", html_lib.unescape(_TAG.sub(" ", html))).strip()
