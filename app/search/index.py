"""Build the index into a new folder, then swap it in atomically.

Layout under ``index_dir``::

    builds/<id>/      one complete Whoosh index per build, with build.json
    current           symlink to the live build; replaced with one atomic rename
    build.lock        held (flock) by the one build that may run at a time

Readers resolve ``current`` and never see a half-written index; a build that dies leaves
``current`` pointing at the previous, complete build.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import time
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index

from ..content import ContentSet
from .analysis import ROOTED, WORD_PATTERN, fold_word
from .schema import build_schema

CURRENT = "current"
BUILDS = "builds"
KEEP_OLD_BUILDS = 1  # a previous build stays for readers that still have it open


class IndexBusy(RuntimeError):
    """Another index build holds the lock."""


@dataclass(frozen=True)
class BuildResult:
    path: Path
    documents: int
    seconds: float
    fingerprint: str


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


def is_stale(index_dir: Path, fingerprint: str) -> bool:
    """True when there is no index or it was built from other content."""
    info = build_info(index_dir)
    return info is None or info.get("fingerprint") != fingerprint


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
) -> BuildResult:
    """Index every article version of ``content`` in a new folder and make it the live one.

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
            versions = [(a, v) for a in content.articles.values() for v in a.versions.values()]
            languages = sorted(set(languages or ()) | {v.lang for _, v in versions})
            index = whoosh_index.create_in(build, build_schema(languages))
            if processes > 1:
                writer = index.writer(procs=processes, limitmb=96, multisegment=True)
            else:
                writer = index.writer(limitmb=128)
            vocabulary: dict[str, Counter] = {lang: Counter() for lang in languages}
            for done, (article, version) in enumerate(versions, start=1):
                document = article_document(content, article, version)
                writer.add_document(**document)
                vocabulary[version.lang].update(_words(document, version.lang))
                if progress:
                    progress(done, len(versions))
            writer.commit()
            (build / "vocabulary.json").write_text(
                json.dumps({lang: dict(words) for lang, words in vocabulary.items() if words}, ensure_ascii=False),
                encoding="utf-8",
            )
            info = {
                "fingerprint": content.fingerprint,
                "documents": len(versions),
                "built_at": time.time(),
                "languages": languages,
            }
            (build / "build.json").write_text(json.dumps(info), encoding="utf-8")
            _fsync_dir(build)
        except BaseException:
            # A failed build (full disk, an error) leaves nothing behind; the live index stays.
            shutil.rmtree(build, ignore_errors=True)
            raise
        _swap_current(index_dir, build)
        _remove_old_builds(builds, keep={build})
    return BuildResult(build, len(versions), time.monotonic() - started, content.fingerprint)


def article_document(content: ContentSet, article, version) -> dict:
    """The Whoosh document of one article version: its text in its own language's fields."""
    lang = version.lang
    topic = content.topic(article.topic)
    fields = {
        f"title_{lang}": version.title,
        f"keywords_{lang}": " ".join(version.keywords),
        f"topic_{lang}": topic.titles.get(lang, "") if topic else "",
        f"summary_{lang}": version.summary,
        f"body_{lang}": version.body_text,
    }
    if lang in ROOTED:
        fields[f"roots_{lang}"] = " ".join(fields.values())
    return {
        "key": f"{article.key}/{lang}",
        "article": article.key,
        "topic": article.topic,
        "lang": lang,
        "text": version.body_text,
        **fields,
    }


_WORD = re.compile(WORD_PATTERN)


def _words(document: dict, lang: str):
    """Words as typed (folded, not stemmed), for spelling correction."""
    for name in ("title", "keywords", "topic", "summary", "body"):
        for word in _WORD.findall(document[f"{name}_{lang}"]):
            folded = fold_word(word, lang)
            if len(folded) >= 3 and not folded.isdigit():
                yield folded


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
