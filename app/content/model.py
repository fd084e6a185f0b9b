"""The content as the rest of the kiosk sees it: plain, immutable dataclasses."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..events import Event
    from ..notices import Notice
    from ..places import Place
    from .recordings import Recording
    from .rendered_bodies import RenderedBody


# A short name: a topic, an article's folder, the file of a place, an event or a notice; the
# last part of an address, so lower-case letters and digits with single hyphens (rental-deposit).
SHORT_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Problem:
    """Something wrong in a content file. ``fatal`` problems make the file unusable; a
    ``warning`` is worth a look but does not fail `content check`. ``kind`` groups warnings of
    one sort, so a long list of them reads as one line with a count."""

    path: Path
    line: int
    message: str
    fatal: bool = True
    warning: bool = False
    kind: str = ""

    def format(self, root: Path | None = None) -> str:
        shown = self.path
        if root is not None:
            try:
                shown = self.path.relative_to(root.parent)
            except ValueError:
                pass
        return f"{shown}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Topic:
    id: str
    pictogram: str
    titles: dict[str, str]

    def title(self, lang: str, fallbacks: tuple[str, ...] = ()) -> str:
        for code in (lang, *fallbacks):
            if code in self.titles:
                return self.titles[code]
        return next(iter(self.titles.values()), self.id.replace("-", " ").capitalize())


@dataclass(frozen=True, slots=True)
class Translation:
    """Where a translated file comes from, so outdated translations can be found."""

    source_lang: str
    source_revision: int
    machine: bool  # machine-assisted and not yet reviewed by a native speaker


@dataclass(frozen=True, slots=True)
class ArticleVersion:
    """One article in one language: the rendered content of one file."""

    lang: str
    title: str
    summary: str
    keywords: tuple[str, ...]
    source: str | None
    updated: date | None
    body: RenderedBody  # its HTML and plain text, compressed: read through body_html and body_text
    path: Path
    revision: int | None = None  # set on the original only
    translation: Translation | None = None  # set on translations only
    places: tuple[str, ...] = ()
    # Staff decide when visitors see a file: a draft never; otherwise from ``publish_on`` (that
    # day included) until ``expires_on`` (from that day on it is gone).
    draft: bool = False
    publish_on: date | None = None
    expires_on: date | None = None

    def shown_on(self, day: date) -> bool:
        """Whether visitors see this file on ``day``."""
        if self.draft:
            return False
        if self.publish_on is not None and day < self.publish_on:
            return False
        return self.expires_on is None or day < self.expires_on

    def shown_on_or_after(self, day: date) -> bool:
        """Whether visitors see this file on ``day`` or later without anyone editing it."""
        return not self.draft and (self.expires_on is None or day < self.expires_on)

    @property
    def scheduled(self) -> bool:
        """A draft or a file with dates: what a visitor sees of it depends on the day."""
        return self.draft or self.publish_on is not None or self.expires_on is not None

    @property
    def card_only(self) -> bool:
        """A translation of the title, summary and keywords only (its body is empty).

        It makes the article findable and listed in its language; the text is read in a fallback.
        """
        return self.translation is not None and self.body.blank

    @property
    def body_html(self) -> str:
        return self.body.html

    @property
    def body_text(self) -> str:
        return self.body.text


@dataclass
class Article:
    topic: str
    slug: str
    versions: dict[str, ArticleVersion] = field(default_factory=dict)
    # Audio recorded by staff, per language (<lang>.mp3 beside <lang>.md): read aloud where no
    # synthetic voice speaks the language.
    recordings: dict[str, Recording] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.topic}/{self.slug}"

    @property
    def original(self) -> ArticleVersion | None:
        return next((v for v in self.versions.values() if v.translation is None), None)

    def best_version(self, lang: str, fallbacks: tuple[str, ...]) -> ArticleVersion | None:
        """The version in ``lang``, else the first fallback language present, else the original."""
        for code in (lang, *fallbacks):
            if code in self.versions:
                return self.versions[code]
        return self.original or next(iter(self.versions.values()), None)

    def readable_versions(self) -> list[ArticleVersion]:
        """The versions with a text to read: every one but card-only translations."""
        return [v for v in self.versions.values() if not v.card_only]

    def readable_version(self, lang: str, fallbacks: tuple[str, ...]) -> ArticleVersion | None:
        """Like ``best_version``, passing over card-only translations: the text an article page shows."""
        for code in (lang, *fallbacks):
            version = self.versions.get(code)
            if version is not None and not version.card_only:
                return version
        return self.original or next(iter(self.readable_versions()), None) or self.best_version(lang, fallbacks)

    def recording(self, *langs: str) -> Recording | None:
        """The first of ``langs`` that has a recording (the visitor's, then the text's shown)."""
        return next((self.recordings[lang] for lang in langs if lang in self.recordings), None)

    def translation_state(self, lang: str) -> str:
        """'original', 'current', 'outdated' or 'missing' for one language."""
        version = self.versions.get(lang)
        if version is None:
            return "missing"
        if version.translation is None:
            return "original"
        original = self.original
        if original is None or original.revision is None:
            return "current"
        return "current" if version.translation.source_revision >= original.revision else "outdated"


@dataclass
class ContentSet:
    topics: list[Topic]
    articles: dict[str, Article]
    problems: list[Problem]
    root: Path
    fingerprint: str
    # Per language, groups of words or phrases that searchers use for the same thing.
    synonyms: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    # Offices and services (places/<id>.yaml) and what happens there (events/<id>.yaml).
    places: dict[str, Place] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    # Old article addresses ("topic/slug") and where the article went (redirects.yaml, written
    # by the studio on a rename or move); articles archived by staff, whose address says "gone".
    moved: dict[str, str] = field(default_factory=dict)
    archived: frozenset[str] = frozenset()
    # Short texts pinned to the topics page and the counters between two dates (notices/<id>.yaml).
    notices: dict[str, Notice] = field(default_factory=dict)

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    def articles_in(self, topic_id: str) -> list[Article]:
        return [a for a in self.articles.values() if a.topic == topic_id]

    def article(self, topic_id: str, slug: str) -> Article | None:
        return self.articles.get(f"{topic_id}/{slug}")

    def places_serving(self, topic_id: str) -> list[Place]:
        return [place for place in self.places.values() if topic_id in place.topics]

    def _followed(self, key: str) -> tuple[str, bool]:
        """The last address of a chain of moves from ``key``, and whether it moved at all."""
        seen = [key]
        while key in self.moved and key not in self.articles:
            key = self.moved[key]
            if key in seen:
                break  # a loop in redirects.yaml (the loader reports it)
            seen.append(key)
        return key, len(seen) > 1

    def new_address(self, key: str) -> str | None:
        """Where the article that was at ``key`` ("topic/slug") is now, following moves one after
        another; None when it did not move, or moved to nothing that exists."""
        last, moved = self._followed(key)
        return last if moved and last in self.articles else None

    def was_archived(self, key: str) -> bool:
        """Whether the article at ``key`` (or where it moved) was archived by staff."""
        last, _ = self._followed(key)
        return last in self.archived and last not in self.articles

    def shown_on(self, day: date) -> ContentSet:
        """The content visitors see on ``day``: no drafts, nothing before its publication date or
        from its expiry date on. An article goes with its original; a translation that is not
        shown leaves its language to the fallbacks. Returns ``self`` when nothing is hidden."""
        hidden: list[str] = []
        articles: dict[str, Article] = {}
        for key, article in self.articles.items():
            if not any(version.scheduled for version in article.versions.values()):
                articles[key] = article
                continue
            shown = {lang: v for lang, v in article.versions.items() if v.shown_on(day)}
            original = article.original
            if not shown or (original is not None and original.lang not in shown):
                hidden.append(key)
                continue
            hidden += [f"{key}/{lang}" for lang in article.versions if lang not in shown]
            articles[key] = article if len(shown) == len(article.versions) else replace(article, versions=shown)
        if not hidden:
            return self
        digest = hashlib.blake2b("\0".join(hidden).encode("utf-8"), digest_size=8).hexdigest()
        # The fingerprint names what visitors see: cached pages change when an article appears.
        return replace(self, articles=articles, fingerprint=f"{self.fingerprint}+{digest}")
