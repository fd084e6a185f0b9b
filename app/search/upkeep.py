"""Building the index again by itself, in the background, when search finds it missing,
broken or stale. No Flask."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from ..content import ContentSet
from .builds import IndexBusy, build_info
from .index import build_index

log = logging.getLogger(__name__)


class IndexUpkeep:
    """Builds the index again, in a background thread, when it is missing, broken, or built
    before this server started from other content than it serves: a server that could not build
    it at start (a full disk, a folder it cannot write) gets its search back by itself. A build
    made after the start is a publication (the workers reload their content from it), never
    undone. At most one attempt per ``retry_seconds`` in a process; the build lock keeps it to
    one build at a time in all.
    """

    def __init__(
        self,
        index_dir: Path,
        content: Callable[[], ContentSet],
        languages=(),
        retry_seconds: float = 60.0,
    ):
        self.index_dir = Path(index_dir)
        self.content = content
        self.languages = tuple(languages)
        self.retry_seconds = retry_seconds
        self._lock = threading.Lock()
        self._last_attempt: float | None = None
        self._thread: threading.Thread | None = None
        self.started_at = time.time()  # made with the app: when its content was loaded

    def poke(self, broken: bool = False) -> bool:
        """Look (in the background) whether a build is needed, unless looked at lately.

        ``broken``: the caller found the live build missing or corrupt; build without asking.
        Returns whether a look was started.
        """
        now = time.monotonic()
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return False
            if self._last_attempt is not None and now - self._last_attempt < self.retry_seconds:
                return False
            self._last_attempt = now
            self._thread = threading.Thread(target=self._run, args=(broken,), name="index-upkeep", daemon=True)
            self._thread.start()
            return True

    def wait(self, seconds: float | None = None) -> None:
        """Wait for a look in progress to end (for tests and the CLI)."""
        thread = self._thread
        if thread is not None:
            thread.join(seconds)

    def _run(self, broken: bool) -> None:
        try:
            content = self.content()
            info = build_info(self.index_dir)
            if not broken and info is not None:
                if info.get("fingerprint") == content.fingerprint or info.get("built_at", 0) >= self.started_at:
                    return
            result = build_index(content, self.index_dir, wait=False, languages=self.languages)
            log.info("search index built again: %d documents in %.1f s", result.documents, result.seconds)
        except IndexBusy:
            pass  # another process is building it
        except Exception as error:  # noqa: BLE001 - a failed attempt is logged and tried again later
            log.warning(
                "search index could not be built (%s: %s); search stays unavailable, trying again in %d s",
                type(error).__name__,
                error,
                self.retry_seconds,
            )
