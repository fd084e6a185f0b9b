"""The content as the rest of the kiosk sees it: plain, immutable dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..events import Event
    from ..notices import Notice
    from ..places import Place
    from .recordings import Recording


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


@dataclass(frozen=True)
class Translation:
    """Where a translated file comes from, so outdated translations can be found."""

    source_lang: str
    source_revision: int
    machine: bool  # machine-assisted and not yet reviewed by a native speaker


@dataclass(frozen=True)
class ArticleVersion:
    """One article in one language: the rendered content of one file."""

    lang: str
    title: str
    summary: str
    keywords: tuple[str, ...]
    source: str | None
    updated: date | None
    body_html: str
    body_text: str
    path: Path
    revision: int | None = None  # set on the original only
    translation: Translation | None = None  # set on translations only
    places: tuple[str, ...] = ()

    @property
    def card_only(self) -> bool:
        """A translation of the title, summary and keywords only (its body is empty).

        It makes the article findable and listed in its language; the text is read in a fallback.
        """
        return self.translation is not None and not self.body_text.strip()


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
