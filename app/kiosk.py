"""The running kiosk's state: configuration, languages, content and search, no Flask.

Content is loaded once and rendered once. It is reloaded when a new index build (made from
newer content) is swapped in, so one ``flask index build`` publishes an edit to every worker.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from .config import PROJECT_ROOT, ConfigError, KioskConfig
from .content import ContentSet, load_content
from .languages import LanguageSet, UnknownLanguage, missing_catalogs
from .pictograms import Pictograms
from .search import Searcher, build_info
from .search.suggest import Suggester

log = logging.getLogger(__name__)
RELOAD_CHECK_SECONDS = 2.0


@dataclass
class Kiosk:
    config: KioskConfig
    languages: LanguageSet
    pictograms: Pictograms
    searcher: Searcher
    _content: ContentSet | None = None
    suggester: Suggester | None = None
    _checked_at: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def from_config(cls, config: KioskConfig, translations_dir=PROJECT_ROOT / "translations") -> Kiosk:
        """Refuses to start on a language that CLDR does not know or that has no catalog."""
        try:
            languages = LanguageSet.from_codes(config.languages)
        except UnknownLanguage as error:
            raise ConfigError(f"{config.source_path or 'configuration'}: 'languages': {error}") from None
        missing = missing_catalogs(languages, translations_dir)
        if missing:
            raise ConfigError(
                f"{config.source_path or 'configuration'}: no compiled interface catalog for "
                f"{', '.join(missing)} in {translations_dir}: add translations/<locale>/LC_MESSAGES/"
                "messages.po (see translations/STATUS.md) and run 'make translations', or remove "
                "the language from 'languages'"
            )
        if config.public_url_is_loopback:
            log.warning(
                "public_base_url is %s, a loopback address: QR codes will not open on a visitor's phone, "
                "and counters refuse to start. Set public_base_url or KIOSK_PUBLIC_URL to the site's public address.",
                config.public_base_url,
            )
        kiosk = cls(
            config=config,
            languages=languages,
            pictograms=Pictograms(),
            searcher=Searcher(config.index_dir),
        )
        kiosk.reload_content()
        return kiosk

    def fallbacks_for(self, code: str | None) -> tuple[str, ...]:
        """The fallback chain of a language: its own (registry or configuration), then the general one."""
        if code is None:
            return self.config.fallback_languages
        return self.languages.fallback_chain(code, self.config.fallback_languages, self.config.language_fallbacks)

    def own_articles(self, code: str) -> list:
        """The articles written in a language (not shown through a fallback), in content order."""
        return [article for article in self.content.articles.values() if code in article.versions]

    def has_few_articles(self, code: str) -> bool:
        return len(self.own_articles(code)) < self.config.few_articles

    def offered_languages(self) -> list:
        """The languages on the language choice: all, or only those with enough articles to read."""
        if self.config.offer_languages_with_few_articles:
            return list(self.languages)
        return [
            language
            for language in self.languages
            if language.code == self.config.default_language or not self.has_few_articles(language.code)
        ]

    def load_content(self) -> ContentSet:
        """Read the content folder as configured (used by the app and the CLI)."""
        return load_content(self.config.content_dir, self.languages.codes, self.pictograms.exists)

    def reload_content(self) -> ContentSet:
        content = self.load_content()
        for problem in content.problems:
            log.warning("content problem: %s", problem.format(self.config.content_dir))
        self._content = content
        self.suggester = Suggester(content)
        self._checked_at = time.monotonic()
        return content

    @property
    def content(self) -> ContentSet:
        if time.monotonic() - self._checked_at > RELOAD_CHECK_SECONDS:
            with self._lock:
                self._checked_at = time.monotonic()
                info = build_info(self.config.index_dir)
                if info and info.get("fingerprint") != self._content.fingerprint:
                    log.info("a new index build was published: reloading content")
                    self.reload_content()
        return self._content
