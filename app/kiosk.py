"""The running kiosk's state: configuration, languages, content and search, no Flask.

Content is loaded once per published revision and rendered once. Each process has a
background thread that notices a new index build (made from newer content) and loads the
content then, off the request path: one ``flask index build`` publishes an edit to every
worker, and no visitor waits for a load.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from datetime import time as dt_time

from .config import PROJECT_ROOT, ConfigError, KioskConfig
from .content import ContentSet, content_fingerprint, load_content
from .languages import LanguageSet, missing_catalogs
from .pictograms import Pictograms
from .process import process_id
from .search import IndexUpkeep, Searcher, build_info
from .search.suggest import Suggester

log = logging.getLogger(__name__)
RELOAD_CHECK_SECONDS = 2.0


@dataclass(frozen=True)
class Loaded:
    """One load of the content folder, and what is made from it, swapped in as one."""

    content: ContentSet
    suggester: Suggester
    files_fingerprint: str  # of the files on disk when the load began
    build_fingerprint: str | None  # of the index build that made us load it, if any


@dataclass(frozen=True)
class ShownToday:
    """What visitors see on one day, worked out from one load: the content with drafts and dates
    applied, its suggester, and the day's bounds on the clock (epoch seconds)."""

    loaded: Loaded
    content: ContentSet
    suggester: Suggester
    starts: float
    ends: float


@dataclass
class Kiosk:
    config: KioskConfig
    languages: LanguageSet
    pictograms: Pictograms
    searcher: Searcher
    _loaded: Loaded | None = None
    _on_disk: ContentSet | None = None  # files edited since the last publication (staff pages)
    _on_disk_fingerprint: str = ""
    _today: ShownToday | None = None
    _watcher_pid: int | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def from_config(cls, config: KioskConfig, translations_dir=PROJECT_ROOT / "translations") -> Kiosk:
        """Refuses to start on a language that has no catalog (one CLDR does not know the
        'languages' setting refuses already, with its line)."""
        languages = LanguageSet.from_codes(config.languages)
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
        # A missing, corrupt or stale index is built again in the background (a server that
        # could not build it at start gets its search back by itself).
        kiosk.searcher.upkeep = IndexUpkeep(
            config.index_dir, lambda: kiosk._loaded.content, languages.codes, config.index_retry_seconds
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
        return load_content(
            self.config.content_dir, self.languages.codes, self.pictograms.exists, cache_dir=self.config.cache_dir
        )

    def reload_content(self, build_fingerprint: str | None = None) -> ContentSet:
        """Load the content folder now and serve it from the next request on."""
        files_fingerprint = content_fingerprint(self.config.content_dir)
        content = self.load_content()
        for problem in content.problems:
            log.warning("content problem: %s", problem.format(self.config.content_dir))
        if build_fingerprint is None:
            info = build_info(self.config.index_dir)
            build_fingerprint = info.get("fingerprint") if info else None
        self._loaded = Loaded(content, Suggester(content), files_fingerprint, build_fingerprint)
        return content

    def refresh(self) -> bool:
        """Load the content again when a new index build was published since the last load."""
        info = build_info(self.config.index_dir)
        fingerprint = info.get("fingerprint") if info else None
        if fingerprint is None or fingerprint == self._loaded.build_fingerprint:
            return False
        if fingerprint == self._loaded.content.fingerprint:
            # Built from the content already served (a stale index caught up): nothing to load.
            self._loaded = replace(self._loaded, build_fingerprint=fingerprint)
            return False
        log.info("a new index build was published: reloading content")
        self.reload_content(build_fingerprint=fingerprint)
        return True

    def catch_up(self) -> None:
        """``refresh``, for a watcher or a starting worker: a failed load is logged, and the
        content served until then is served on."""
        try:
            self.refresh()
        except Exception:  # noqa: BLE001 - a failed load keeps the last good content serving
            log.exception("reloading the content failed; the previous content is still served")

    @property
    def content(self) -> ContentSet:
        """The published content that visitors see today, as last loaded (never loaded inside a
        request): without drafts, articles before their publication date or after their expiry."""
        self.watch_publications()
        return self._shown_today()[0]

    def _shown_today(self) -> tuple[ContentSet, Suggester]:
        # Asked several times by every page: the clock is compared with the day's bounds
        # (date.today() reads the local time zone each time); both, as a clock may be set back.
        loaded, now, known = self._loaded, time.time(), self._today
        if known is not None and known.loaded is loaded and known.starts <= now < known.ends:
            return known.content, known.suggester
        today = date.today()
        shown = loaded.content.shown_on(today)
        suggester = loaded.suggester if shown is loaded.content else Suggester(shown)
        self._today = ShownToday(
            loaded,
            shown,
            suggester,
            starts=datetime.combine(today, dt_time.min).timestamp(),
            ends=datetime.combine(today + timedelta(days=1), dt_time.min).timestamp(),
        )
        return shown, suggester

    def content_as_loaded(self) -> ContentSet:
        """The content loaded at start, without starting a watcher thread (for gunicorn's master,
        whose threads would not survive the fork into workers)."""
        return self._loaded.content

    @property
    def suggester(self) -> Suggester:
        """Search suggestions from what visitors see today (no draft's title is ever suggested)."""
        return self._shown_today()[1]

    def content_on_disk(self) -> ContentSet:
        """The files as they are now, for staff: loaded again only when a file changed."""
        fingerprint = content_fingerprint(self.config.content_dir)
        if fingerprint == self._loaded.files_fingerprint:
            return self._loaded.content
        with self._lock:
            if fingerprint != self._on_disk_fingerprint:
                self._on_disk, self._on_disk_fingerprint = self.load_content(), fingerprint
            return self._on_disk

    def watch_publications(self) -> None:
        """Check for a new publication every few seconds from now on, in this process.

        One watcher thread per process, started in the process that serves: threads do not
        survive gunicorn's fork, so each worker starts its own when it starts (gunicorn.conf.py),
        or on its first visitor's request under another server."""
        if self._watcher_pid == process_id():
            return
        with self._lock:
            if self._watcher_pid == process_id():
                return
            self._watcher_pid = process_id()
            thread = threading.Thread(
                target=_watch, args=(weakref.ref(self),), name="kiosk-content-watcher", daemon=True
            )
            thread.start()


def _watch(kiosk_ref: weakref.ref) -> None:
    """Check for a new publication every few seconds until the kiosk is gone."""
    while True:
        time.sleep(RELOAD_CHECK_SECONDS)
        kiosk = kiosk_ref()
        if kiosk is None:
            return
        kiosk.catch_up()
        del kiosk
