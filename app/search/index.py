"""Build the index into a new folder, then swap it in atomically.

Layout under ``index_dir``::

    builds/<id>/      one complete Whoosh index per build, with build.json
    current           symlink to the live build; replaced with one atomic rename
    build.lock        held (flock) by the one build that may run at a time

Readers resolve ``current`` and never see a half-written index; a build that dies leaves
``current`` pointing at the previous, complete build. build.json holds a SHA-256 of every file
of the build: a reader checks them when it opens the build, and a build whose files changed
since (a disk error, a careless copy) is treated as no index and built again.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import threading
import time
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from whoosh import index as whoosh_index

from ..content import ContentSet
from .analysis import ROOTED, WORD_PATTERN, fold_word
from .schema import SCHEMA_VERSION, build_schema, head_value

CURRENT = "current"
BUILDS = "builds"
BUILD_INFO = "build.json"
KEEP_OLD_BUILDS = 1  # a previous build stays for readers that still have it open
DOCUMENTS = "documents.json"  # a digest of each document of a build: what the next build compares
# More documents changed than this share of them: a full build (as quick, no deleted documents).
INCREMENTAL_SHARE = 0.3
log = logging.getLogger(__name__)


class IndexBusy(RuntimeError):
    """Another index build holds the lock."""


class IndexCorrupt(RuntimeError):
    """The files of a build are not those it was built with (its checksums do not match)."""


@dataclass(frozen=True)
class BuildResult:
    path: Path
    documents: int
    seconds: float
    fingerprint: str
    rewritten: int | None = None  # documents written again on a copy of the live build; None: full build


def current_build(index_dir: Path) -> Path | None:
    """The live build folder, or None when no index has been built."""
    link = Path(index_dir) / CURRENT
    try:
        target = os.readlink(link)
    except OSError:
        return None
    path = (link.parent / target).resolve()
    return path if (path / "build.json").is_file() else None


def build_info(index_dir: Path) -> dict | None:
    """What build.json says of the live build (fingerprint, documents, time)."""
    build = current_build(index_dir)
    if build is None:
        return None
    try:
        return json.loads((build / "build.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None


def is_stale(index_dir: Path, fingerprint: str, verify: bool = True) -> bool:
    """True when there is no index, it was built from other content, or (``verify``) its files
    are not those it was built with."""
    info = build_info(index_dir)
    if info is None or info.get("fingerprint") != fingerprint or info.get("schema") != SCHEMA_VERSION:
        return True
    if verify:
        try:
            verify_build(current_build(index_dir))
        except (IndexCorrupt, OSError, TypeError):
            return True
    return False


def verify_build(build: Path) -> None:
    """Raise IndexCorrupt unless every file of ``build`` has the checksum written at build time."""
    try:
        info = json.loads((build / BUILD_INFO).read_text("utf-8"))
        expected = info["checksums"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise IndexCorrupt(f"{build.name}: no readable checksums in {BUILD_INFO} ({error})") from None
    if not isinstance(expected, dict):
        raise IndexCorrupt(f"{build.name}: the checksums in {BUILD_INFO} are not a mapping")
    found = _checksums(build)
    if found != expected:
        changed = sorted(name for name in set(found) | set(expected) if found.get(name) != expected.get(name))
        raise IndexCorrupt(f"{build.name}: files changed since the build: {', '.join(changed) or '?'}")


def file_signature(build: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time of each file of a build: a cheap look for a change on disk."""
    return {path.name: (path.stat().st_size, path.stat().st_mtime_ns) for path in _data_files(build)}


def _data_files(build: Path) -> list[Path]:
    """Every file of a build but build.json and Whoosh's (empty) write lock."""
    return [
        path
        for path in sorted(build.iterdir())
        if path.name != BUILD_INFO and not path.name.endswith("WRITELOCK") and path.is_file()
    ]


def _checksums(build: Path) -> dict[str, str]:
    """SHA-256 of each file of a build."""
    sums = {}
    for path in _data_files(build):
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        sums[path.name] = digest.hexdigest()
    return sums


@contextmanager
def build_lock(index_dir: Path, wait: bool = False, on_wait: Callable[[], None] | None = None):
    """Hold the one-writer lock; raise IndexBusy at once unless ``wait``.

    ``on_wait`` is called once when another build holds the lock and this one starts waiting,
    so a person at a terminal knows why nothing happens.
    """
    Path(index_dir).mkdir(parents=True, exist_ok=True)
    with open(Path(index_dir) / "build.lock", "a+") as lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise IndexBusy("another index build is running; try again when it has finished") from None
            if on_wait:
                on_wait()
            fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def build_index(
    content: ContentSet,
    index_dir: Path,
    wait: bool = False,
    progress: Callable[[int, int], None] | None = None,
    languages=None,
    processes: int = 1,
    on_wait: Callable[[], None] | None = None,
    full: bool = False,
) -> BuildResult:
    """Index every article version of ``content`` in a new folder and make it the live one.

    A build starts from a copy of the live one when it can: only the documents that changed
    since are written again (a publication of one article takes a second, not a full build).
    ``full`` (the nightly path) builds every document anew, as does a live build of another
    schema or other languages, one that fails its checksums, or a change to most documents.

    ``languages``: the languages to make fields for (default: those the content has).
    ``processes``: Whoosh writer processes; more than one builds segments in parallel.
    ``on_wait``: called when ``wait`` is set and another build holds the lock.
    """
    index_dir = Path(index_dir)
    started = time.monotonic()
    with build_lock(index_dir, wait=wait, on_wait=on_wait):
        builds = index_dir / BUILDS
        builds.mkdir(parents=True, exist_ok=True)
        build = builds / f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        build.mkdir()
        try:
            versions = _indexed_versions(content, date.today())
            languages = sorted(set(languages or ()) | {v.lang for _, v in versions})
            documents = {}
            vocabulary: dict[str, Counter] = {lang: Counter() for lang in languages}
            for article, version in versions:
                document = article_document(content, article, version)
                documents[document["key"]] = document
                vocabulary[version.lang].update(_words(_parts(content, article, version), version.lang))
            digests = {key: _digest(document) for key, document in documents.items()}
            rewritten = None if full else _update_from_live(index_dir, build, languages, documents, digests)
            if rewritten is None:
                _write_every_document(build, languages, documents, processes, progress)
            elif progress:
                progress(len(documents), len(documents))
            (build / "vocabulary.json").write_text(
                json.dumps({lang: dict(words) for lang, words in vocabulary.items() if words}, ensure_ascii=False),
                encoding="utf-8",
            )
            (build / DOCUMENTS).write_text(json.dumps(digests), encoding="utf-8")
            info = {
                "fingerprint": content.fingerprint,
                "schema": SCHEMA_VERSION,
                "documents": len(versions),
                "built_at": time.time(),
                "languages": languages,
                "rewritten": rewritten,
                "checksums": _checksums(build),
            }
            (build / BUILD_INFO).write_text(json.dumps(info), encoding="utf-8")
            _fsync_dir(build)
        except BaseException:
            # A failed build (full disk, an error) leaves nothing behind; the live index stays.
            shutil.rmtree(build, ignore_errors=True)
            raise
        _swap_current(index_dir, build)
        _remove_old_builds(builds, keep={build})
    return BuildResult(build, len(versions), time.monotonic() - started, content.fingerprint, rewritten)


def _indexed_versions(content: ContentSet, today: date) -> list:
    """(article, version) of every file visitors may find: no draft and nothing expired (their words
    would reach spelling suggestions). Files published later are indexed now; a search shows
    them from their day on (query.present only shows what the day's content has)."""
    found = []
    for article in content.articles.values():
        original = article.original
        if original is not None and not original.shown_on_or_after(today):
            continue
        found += [(article, v) for v in article.versions.values() if v.shown_on_or_after(today)]
    return found


def _write_every_document(build: Path, languages, documents: dict[str, dict], processes: int, progress) -> None:
    index = whoosh_index.create_in(build, build_schema(languages))
    if processes > 1:
        writer = index.writer(procs=processes, limitmb=96, multisegment=True)
    else:
        writer = index.writer(limitmb=128)
    for done, document in enumerate(documents.values(), start=1):
        writer.add_document(**document)
        if progress:
            progress(done, len(documents))
    writer.commit()


def _update_from_live(index_dir: Path, build: Path, languages, documents: dict[str, dict], digests) -> int | None:
    """Copy the live build into ``build`` and write again the documents that differ from it:
    the number of documents written or deleted, or None when a full build is needed."""
    live = current_build(index_dir)
    if live is None:
        return None
    try:
        info = json.loads((live / BUILD_INFO).read_text("utf-8"))
        if info.get("schema") != SCHEMA_VERSION or info.get("languages") != languages:
            return None
        before = json.loads((live / DOCUMENTS).read_text("utf-8"))
        verify_build(live)  # never build on a copy of damaged files
    except (OSError, ValueError, TypeError, IndexCorrupt):
        return None
    if not isinstance(before, dict):
        return None
    changed = [key for key, digest in digests.items() if before.get(key) != digest]
    removed = [key for key in before if key not in digests]
    if len(changed) + len(removed) > len(digests) * INCREMENTAL_SHARE:
        return None  # most of the index changes: a new build is as quick and has no deleted documents
    try:
        for path in _data_files(live):
            if path.name not in (DOCUMENTS, "vocabulary.json"):
                shutil.copy2(path, build / path.name)
        writer = whoosh_index.open_dir(str(build)).writer(limitmb=128)
        for key in removed:
            writer.delete_by_term("key", key)
        for key in changed:
            writer.update_document(**documents[key])  # "key" is unique: its old document goes
        writer.commit()
    except OSError:
        raise  # a full disk is no reason to try a bigger build
    except Exception as error:  # noqa: BLE001 - whatever Whoosh refuses, a full build follows
        log.warning("index update from the live build failed (%s: %s); building anew", type(error).__name__, error)
        for path in build.iterdir():
            path.unlink()
        return None
    return len(changed) + len(removed)


def _digest(document: dict) -> str:
    """What a document is made of, in a few bytes: a changed article has another digest."""
    return hashlib.sha256(json.dumps(document, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


def _parts(content: ContentSet, article, version) -> dict[str, str]:
    """The texts of one article version, by part (title, keywords, topic, summary, body)."""
    topic = content.topic(article.topic)
    return {
        "title": version.title,
        "keywords": " ".join(version.keywords),
        "topic": topic.titles.get(version.lang, "") if topic else "",
        "summary": version.summary,
        "body": version.body_text,
    }


def article_document(content: ContentSet, article, version) -> dict:
    """The Whoosh document of one article version: its text in its own language's fields."""
    lang = version.lang
    parts = _parts(content, article, version)
    fields = {f"head_{lang}": head_value(parts), f"body_{lang}": parts["body"]}
    if lang in ROOTED:
        fields[f"roots_{lang}"] = " ".join(parts.values())
    return {
        "key": f"{article.key}/{lang}",
        "article": article.key,
        "topic": article.topic,
        "lang": lang,
        "text": version.body_text,
        **fields,
    }


_WORD = re.compile(WORD_PATTERN)


def _words(parts: dict[str, str], lang: str):
    """Words as written (lower-cased, not folded or stemmed), for spelling correction: a correction
    is analysed like the visitor's words, and Turkish stems and Albanian lemmas need the letters
    as written (a folded "saglıgı" is not stemmed like "sağlığı")."""
    for text in parts.values():
        for word in _WORD.findall(text):
            folded = fold_word(word, lang)
            if len(folded) >= 3 and not folded.isdigit():
                yield word.lower().replace("i\u0307", "i")  # Turkish İ lower-cased: i + a dot above


def _swap_current(index_dir: Path, build: Path) -> None:
    # A new symlink beside the old one, renamed over it: rename is atomic on POSIX.
    temporary = index_dir / f".{CURRENT}.{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    os.symlink(Path(BUILDS) / build.name, temporary)
    os.replace(temporary, index_dir / CURRENT)
    _fsync_dir(index_dir)


def _remove_old_builds(builds: Path, keep: set[Path]) -> None:
    old = sorted((p for p in builds.iterdir() if p.is_dir() and p not in keep), key=lambda p: p.stat().st_mtime)
    for path in old[: max(0, len(old) - KEEP_OLD_BUILDS)]:
        shutil.rmtree(path, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
