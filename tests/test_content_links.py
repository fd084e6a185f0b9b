"""The shipped articles never send a counter visitor to a website they cannot reach.

On a counter a Markdown link in an article body becomes a QR code the visitor scans; a website
named in plain text does not. So every paragraph, list item or table cell of the English, French
and Dutch bodies that tells the reader to use a website carries a link, and every link of every
body language is https to a named host.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from markdown_it import MarkdownIt

from app.config import load_config
from app.content.frontmatter import split_front_matter

CONTENT_DIR = load_config(environ={}).content_dir
# Parsed as app/content/render.py does, so a "link" here is a link on the page.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

# A web address written out (social.brussels, www.unia.be), not an e-mail address.
_DOMAIN = r"(?<![\w@/.-])(?:[a-z0-9-]+\.)+(?:be|brussels|eu|com|org)\b"
# Words that send the reader to the web, per language checked.
WEB_WORDS = {
    "en": re.compile(rf"\bweb ?sites?\b|\bonline\b|\bofficial site\b|{_DOMAIN}", re.IGNORECASE),
    "fr": re.compile(
        rf"\bsites? (?:web|internet)\b|\ben ligne\b|\bsur le site\b|\bsite officiel\b|{_DOMAIN}", re.IGNORECASE
    ),
    "nl": re.compile(rf"\bwebsites?\b|\bonline\b|{_DOMAIN}", re.IGNORECASE),
}
# Mentions of the web in general that name no one site to link: the reader's own doctor, the
# school they picked (its place card carries its website), property sites in general.
GENERAL_MENTIONS = {
    ("health/finding-a-doctor", "en"): ["book online"],
    ("health/finding-a-doctor", "fr"): ["en ligne"],
    ("health/finding-a-doctor", "nl"): ["online"],
    ("housing/finding-a-rental", "en"): ["Property websites"],
    ("housing/finding-a-rental", "fr"): ["Sites"],
    ("housing/finding-a-rental", "nl"): ["websites"],
    ("language-courses/french-courses", "en"): ["look at its website"],
    ("language-courses/french-courses", "fr"): ["site internet"],
    ("language-courses/french-courses", "nl"): ["website"],
}


def _bodies(languages=None):
    for path in sorted(CONTENT_DIR.glob("*/*/*.md")):
        if languages and path.stem not in languages:
            continue
        body = split_front_matter(path.read_text(encoding="utf-8")).body
        if body.strip():  # a card (title, summary, keywords) has no body
            yield path, body


def _article(path: Path) -> str:
    return f"{path.parent.parent.name}/{path.parent.name}"


def _text_blocks(body: str):
    """Each paragraph, list item line and table cell: (its text without link targets, its links)."""
    tokens = _markdown.parse(body)
    for n, token in enumerate(tokens):
        if token.type != "inline" or (n and tokens[n - 1].type == "heading_open"):
            continue
        children = token.children or []
        text = "".join(child.content for child in children if child.type in ("text", "code_inline"))
        links = [child.attrGet("href") for child in children if child.type == "link_open"]
        yield text, links


def unlinked_web_mentions(path: Path, body: str) -> list[str]:
    """The blocks of ``body`` that send the reader to the web without a link to follow."""
    words = WEB_WORDS[path.stem]
    general = GENERAL_MENTIONS.get((_article(path), path.stem), [])
    found = []
    for text, links in _text_blocks(body):
        mentions = [m.group(0) for m in words.finditer(text)]
        if mentions and not links and not any(phrase in text for phrase in general):
            found.append(text)
    return found


def bad_links(body: str) -> list[str]:
    """Links of ``body`` that a QR code should not carry: not https, or no host."""
    found = []
    for _, links in _text_blocks(body):
        for href in links:
            parts = urlsplit(href or "")
            if parts.scheme != "https" or not parts.hostname or "." not in parts.hostname:
                found.append(href)
    return found


@pytest.mark.parametrize("language", sorted(WEB_WORDS))
def test_every_mention_of_a_website_carries_a_link(language):
    offenders = {
        str(path.relative_to(CONTENT_DIR)): mentions
        for path, body in _bodies({language})
        if (mentions := unlinked_web_mentions(path, body))
    }
    assert offenders == {}


def test_every_link_of_every_body_is_https_to_a_host():
    offenders = {str(path.relative_to(CONTENT_DIR)): links for path, body in _bodies() if (links := bad_links(body))}
    assert offenders == {}


def test_the_check_sees_a_named_website_without_a_link():
    # The check itself, on text written for it: a named site is caught, a linked one is not.
    path = CONTENT_DIR / "daily-life" / "example" / "en.md"
    assert unlinked_web_mentions(path, "Look on social.brussels.\n") == ["Look on social.brussels."]
    assert unlinked_web_mentions(path, "Register on the Actiris website.\n") == ["Register on the Actiris website."]
    assert unlinked_web_mentions(path, "Look on [social.brussels](https://social.brussels).\n") == []
    assert unlinked_web_mentions(path, "Write to info@unia.be.\n") == []
    assert bad_links("[x](http://example.be) [y](https://example.be) [z](https:///nohost)\n") == [
        "http://example.be",
        "https:///nohost",
    ]
