"""Markdown to safe HTML, done once when content is loaded."""

from __future__ import annotations

import hashlib
import html as html_lib
import re
import threading
import zlib

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


class RenderedBody:
    """An article body rendered once: its safe HTML and its plain text, kept zlib-compressed.

    Every worker holds every body of the content (24,000 on the benchmark corpus: ~120 MB as
    strings, Arabic and Ethiopic text taking 2-4 bytes a letter); compressed they take about a
    quarter of that. A page is cached once rendered, so a body is rarely decompressed (~10 µs).
    """

    __slots__ = ("_packed", "_html_bytes", "blank")

    def __init__(self, html: str, text: str):
        html_bytes = html.encode("utf-8", "surrogatepass")
        self._packed = zlib.compress(html_bytes + text.encode("utf-8", "surrogatepass"), 6)
        self._html_bytes = len(html_bytes)
        self.blank = not text.strip()  # a card (title, summary, keywords) without a text

    def _unpacked(self) -> bytes:
        return zlib.decompress(self._packed)

    @property
    def html(self) -> str:
        return self._unpacked()[: self._html_bytes].decode("utf-8", "surrogatepass")

    @property
    def text(self) -> str:
        return self._unpacked()[self._html_bytes :].decode("utf-8", "surrogatepass")


class RenderedBodies:
    """Rendered Markdown (HTML and its plain text) kept per file revision, so that loading the
    content again after a publication renders only the files that changed.

    Keyed by a hash of the Markdown itself (and the direction), not by path and time: a file
    touched but unchanged costs nothing, and a rename keeps its rendering. Only what the latest
    load used is kept, so the cache never holds more than one content folder's bodies.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._entries: dict[tuple[bytes, bool], RenderedBody] = {}
        self.rendered = 0  # bodies rendered since this was made (for tests and profiles)

    def load(self) -> RenderedBodies.Load:
        return RenderedBodies.Load(self)

    class Load:
        """The bodies one content load asks for; ``finish`` drops every other entry."""

        def __init__(self, cache: RenderedBodies):
            self.cache = cache
            self.used: dict[tuple[bytes, bool], RenderedBody] = {}

        def render(self, markdown: str, rtl: bool) -> RenderedBody:
            """The safe HTML and plain text of ``markdown``."""
            key = (hashlib.blake2b(markdown.encode("utf-8", "surrogatepass"), digest_size=16).digest(), rtl)
            found = self.used.get(key) or self.cache._entries.get(key)
            if found is None:
                html = render_markdown(markdown, rtl=rtl)
                found = RenderedBody(html, html_to_text(html))
                with self.cache._lock:
                    self.cache.rendered += 1
            self.used[key] = found
            return found

        def finish(self) -> None:
            with self.cache._lock:
                self.cache._entries = self.used
