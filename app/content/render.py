"""Markdown to safe HTML, done once when content is loaded."""

from __future__ import annotations

import html as html_lib
import re

import nh3
from markdown_it import MarkdownIt

# html=False: raw HTML in a content file is shown as text, never passed through.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")

_ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "bdi",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "bdi": {"dir"}}
_TAG = re.compile(r"<[^>]+>")
_INLINE_TAG = re.compile(r"</?(?:bdi|a|strong|em|code)\b")
_TAG_OR_TEXT = re.compile(r"(<[^>]+>)")
# Phone numbers and dates: digit groups that a right-to-left paragraph would reorder.
_NUMBER_RUN = re.compile(r"(?<![\w+])\+?\d[\d\u00a0 ./-]{2,}\d(?![\w])")
# Runs of Latin-script words (names, addresses, web addresses) inside right-to-left text.
_LATIN = "A-Za-z0-9\u00c0-\u024f"
_LATIN_RUN = re.compile(rf"[{_LATIN}]+(?:[ ./@:'’&+-]+[{_LATIN}]+)*")


def render_markdown(text: str, rtl: bool = False) -> str:
    """Render Markdown and keep only harmless tags, attributes and link schemes.

    Numbers (and, in right-to-left text, Latin names) are isolated in <bdi dir="ltr"> so that
    "070 245 245" or "Actiris Brussels" read the right way round inside Arabic or Pashto.
    """
    html = _markdown.render(text)
    # A content "# heading" would compete with the page title: articles start at level 2.
    html = re.sub(r"<(/?)h1>", r"<\1h2>", html)
    html = _isolate_ltr_runs(html, rtl)
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )


def _isolate_ltr_runs(html: str, rtl: bool) -> str:
    pattern = _LATIN_RUN if rtl else _NUMBER_RUN
    parts = _TAG_OR_TEXT.split(html)
    for n, part in enumerate(parts):
        if part and not part.startswith("<"):
            parts[n] = _isolate_in_text(part, pattern)
    return "".join(parts)


def _isolate_in_text(escaped: str, pattern: re.Pattern) -> str:
    # Runs are looked for in the text as read, not in its HTML escaping: otherwise the "quot"
    # of "&quot;" is a Latin word, gets isolated, and visitors see "&quot;".
    text = html_lib.unescape(escaped)
    pieces, position = [], 0
    for match in pattern.finditer(text):
        pieces.append(html_lib.escape(text[position : match.start()], quote=False))
        pieces.append(f'<bdi dir="ltr">{html_lib.escape(match.group(0), quote=False)}</bdi>')
        position = match.end()
    pieces.append(html_lib.escape(text[position:], quote=False))
    return "".join(pieces)


def html_to_text(html: str) -> str:
    """Plain text of rendered HTML, for the search index."""
    # Inline tags join the words around them ("O'<bdi>Brien</bdi>:"); block tags separate them.
    joined = _TAG.sub(lambda tag: "" if _INLINE_TAG.match(tag.group(0)) else " ", html)
    return re.sub(r"\s+", " ", html_lib.unescape(joined)).strip()
