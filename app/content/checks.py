"""Checks across the loaded content that staff need, beyond what makes a single file unusable:
links to kiosk pages that do not exist, topic titles and place or event texts missing in an
offered language, HTML entities left in text. Run by `content check` and the staff content
page, not at every load (they are advice to staff; visitors are served either way).

Merge conflict markers are found by the loader itself (loader.conflict_marker): such a file is
never served, so that check cannot wait for this one.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .model import ArticleVersion, ContentSet, Problem

LINK = "link"
TOPIC_TITLE = "topic-title"
UNTRANSLATED = "untranslated"
ENTITY = "entity"
# What one line of a grouped summary says about each kind of warning.
KIND_SUMMARIES = {
    TOPIC_TITLE: "topics without a title in some offered languages",
    UNTRANSLATED: "texts of places or events not in every offered language",
    ENTITY: "texts with an HTML entity left in them (&quot;, &amp;nbsp;…)",
}

# A Markdown link or image target: [text](target "title") or <target> forms are not used.
_MARKDOWN_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
# An entity as HTML writes it: &quot; &nbsp; &#39; &#x27; (what an export or a copy leaves).
_ENTITY = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
# Paths of the visitor's pages under a language (views/pages.py and views/places.py).
_OTHER_PAGES = {"search", "my-pages", "feedback", "missing"}


def check_content(content: ContentSet, languages: Collection[str]) -> list[Problem]:
    """Everything this module finds in ``content``, for the ``languages`` the kiosk offers."""
    problems = [
        *_broken_links(content, set(languages)),
        *_topic_titles(content, languages),
        *_untranslated_places_and_events(content, languages),
        *_entities(content),
    ]
    return sorted(problems, key=lambda p: (str(p.path), p.line))


def _line_of(path: Path, needle: str, text: str | None = None) -> int:
    """The first line of ``path`` (or of its ``text``) holding ``needle``; 1 when it cannot be
    found or read."""
    try:
        text = path.read_text("utf-8") if text is None else text
    except (OSError, UnicodeDecodeError):
        return 1
    position = text.find(needle)
    return 1 if position < 0 else text.count("\n", 0, position) + 1


# -- links ---------------------------------------------------------------------------------


def check_article_version(
    content: ContentSet, languages: Collection[str], key: str, version: ArticleVersion, text: str
) -> list[Problem]:
    """What this module finds in one article file whose ``text`` is not saved yet (the studio)."""
    return [*_links_in(content, set(languages), key, version, text), *_entities_in_version(version, text)]


def _broken_links(content: ContentSet, languages: set[str]) -> list[Problem]:
    problems = []
    for article in content.articles.values():
        for version in article.versions.values():
            try:
                text = version.path.read_text("utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # the loader reported it already
            problems += _links_in(content, languages, article.key, version, text)
    return problems


def _links_in(content: ContentSet, languages: set[str], key: str, version: ArticleVersion, text: str) -> list[Problem]:
    problems = []
    here = f"/{version.lang}/{key}"
    for found in _MARKDOWN_LINK.finditer(text):
        target = found.group(1)
        reason = _missing_page(content, languages, urljoin(here, target), target)
        if reason:
            line = text.count("\n", 0, found.start()) + 1
            problems.append(Problem(version.path, line, f"link to {target}: {reason}", False, kind=LINK))
    return problems


def _missing_page(content: ContentSet, languages: set[str], address: str, written: str) -> str | None:
    """Why the kiosk page at ``address`` does not exist, or None (it does, or it is elsewhere)."""
    parts = urlsplit(address)
    if parts.scheme or parts.netloc or written.startswith(("#", "mailto:", "tel:")):
        return None  # another site, a phone number or a place on the same page
    segments = [segment for segment in parts.path.split("/") if segment]
    if not segments:
        return None
    lang, rest = segments[0], segments[1:]
    if lang not in languages:
        return f"no language {lang!r} on this kiosk (kiosk links start with /<language>/, e.g. /en/housing/)"
    if not rest or rest[0] in _OTHER_PAGES:
        return None
    if rest[0] == "places":
        if len(rest) > 1 and rest[1] not in content.places:
            return f"no place {rest[1]!r} (content/places/{rest[1]}.yaml)"
        return None
    if rest[0] == "events":
        return None  # calendar files, made from events that the loader checks
    if content.topic(rest[0]) is None:
        return f"no topic {rest[0]!r} in topics.yaml"
    if len(rest) > 1 and content.article(rest[0], rest[1]) is None and not content.new_address("/".join(rest[:2])):
        return f"no article {rest[0]}/{rest[1]}"
    return None


# -- texts in every offered language -------------------------------------------------------


def _missing(values: dict[str, str], languages: Collection[str]) -> list[str]:
    """The offered languages without a text in ``values`` ("*": one text for every language)."""
    return [] if "*" in values else [code for code in languages if code not in values]


def _listed(codes: list[str], languages: Collection[str]) -> str:
    return f"{', '.join(codes)} ({len(codes)} of {len(languages)} languages)"


def _topic_titles(content: ContentSet, languages: Collection[str]) -> list[Problem]:
    path = content.root / "topics.yaml"
    problems = []
    for topic in content.topics:
        missing = _missing(topic.titles, languages)
        if topic.titles and missing:
            message = f"topic {topic.id!r} has no title in {_listed(missing, languages)}"
            problems.append(Problem(path, _line_of(path, f"id: {topic.id}"), message, False, True, TOPIC_TITLE))
    return problems


def _untranslated_places_and_events(content: ContentSet, languages: Collection[str]) -> list[Problem]:
    problems = []
    texts = [("places", place.id, {"name": place.names, "about": place.about}) for place in content.places.values()]
    texts += [("events", event.id, {"title": event.titles, "about": event.about}) for event in content.events.values()]
    for folder, item_id, fields in texts:
        path = content.root / folder / f"{item_id}.yaml"
        for field, values in fields.items():
            missing = _missing(values, languages)
            if values and missing:
                message = f"'{field}' is not translated into {_listed(missing, languages)}"
                problems.append(Problem(path, _line_of(path, f"{field}:"), message, False, True, UNTRANSLATED))
    return problems


# -- HTML entities -------------------------------------------------------------------------


def _entities(content: ContentSet) -> list[Problem]:
    """Entities a visitor would read as such: in titles, summaries and keywords (shown as plain
    text) and left in a body after Markdown rendering (such as &amp;nbsp; which shows &nbsp;)."""
    problems = []
    for article in content.articles.values():
        for version in article.versions.values():
            problems += _entities_in_version(version)
    for place in content.places.values():
        path = content.root / "places" / f"{place.id}.yaml"
        problems += _entities_in(path, {"name": place.names, "address": place.addresses, "about": place.about})
    for event in content.events.values():
        path = content.root / "events" / f"{event.id}.yaml"
        problems += _entities_in(path, {"title": event.titles, "about": event.about})
    return problems


def _entities_in_version(version: ArticleVersion, file_text: str | None = None) -> list[Problem]:
    fields = {"title": version.title, "summary": version.summary, "keywords": " ".join(version.keywords)}
    fields["text"] = version.body_text
    problems = []
    for field, text in fields.items():
        found = _ENTITY.search(text)
        if found:
            entity = found.group(0)
            line = _line_of(version.path, entity, file_text)
            if line == 1 and field == "text":  # the file has it escaped once more: &amp;nbsp;
                line = _line_of(version.path, "&amp;" + entity[1:], file_text)
            message = f"HTML entity {entity} in the {field}: write the character itself"
            problems.append(Problem(version.path, line, message, False, True, ENTITY))
    return problems


def _entities_in(path: Path, fields: dict[str, dict[str, str]]) -> list[Problem]:
    problems = []
    for field, values in fields.items():
        for lang, text in values.items():
            found = _ENTITY.search(text)
            if found:
                message = f"HTML entity {found.group(0)} in '{field}' ({lang}): write the character itself"
                problems.append(Problem(path, _line_of(path, found.group(0)), message, False, True, ENTITY))
    return problems


def summarise(warnings: list[Problem]) -> list[tuple[str, int, Problem]]:
    """(what, how many, the first) per kind of warning, for a check that stays readable."""
    kinds: dict[str, list[Problem]] = {}
    for warning in warnings:
        kinds.setdefault(warning.kind, []).append(warning)
    return [(KIND_SUMMARIES.get(kind, kind or "other warnings"), len(found), found[0]) for kind, found in kinds.items()]
