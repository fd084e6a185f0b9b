"""Build the index into a new folder, then swap it in atomically (the folders and the swap are
in builds.py). A build starts from a copy of the live one when only a few documents changed."""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from whoosh import index as whoosh_index

from ..content import ContentSet
from .builds import (
    BUILD_INFO,
    BUILDS,
    IndexCorrupt,
    build_lock,
    checksums,
    current_build,
    data_files,
    fsync_dir,
    remove_old_builds,
    swap_current,
    verify_build,
)
from .bulk import BulkWriter
from .documents import article_document, article_parts, count_words, digest, indexed_versions, spelling_vocabulary
from .schema import SCHEMA_VERSION, build_schema

DOCUMENTS = "documents.json"  # a digest of each document of a build: what the next build compares
# More documents changed than this share of them: a full build (as quick, no deleted documents).
INCREMENTAL_SHARE = 0.3
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildResult:
    path: Path
    documents: int
    seconds: float
    fingerprint: str
    rewritten: int | None = None  # documents written again on a copy of the live build; None: full build


def build_index(
    content: ContentSet,
    index_dir: Path,
    wait: bool = False,
    progress: Callable[[int, int], None] | None = None,
    languages=None,
    on_wait: Callable[[], None] | None = None,
    full: bool = False,
) -> BuildResult:
    """Index every article version of ``content`` in a new folder and make it the live one.

    A build starts from a copy of the live one when it can: only the documents that changed
    since are written again (a publication of one article takes a second, not a full build).
    ``full`` (the nightly path) builds every document anew, as does a live build of another
    schema or other languages, one that fails its checksums, or a change to most documents.

    ``languages``: the languages to make fields for (default: those the content has).
    A full build is one process writing one segment with the bulk writer (bulk.py), quicker
    than Whoosh's own writers in parallel processes.
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
            versions = indexed_versions(content, date.today())
            languages = sorted(set(languages or ()) | {v.lang for _, v in versions})
            documents = {}
            texts = []  # (language, parts) of each document: its spelling words
            for article, version in versions:
                parts = article_parts(content, article, version)
                document = article_document(content, article, version, parts)
                documents[document["key"]] = document
                texts.append((version.lang, parts))
            digests = {key: digest(document) for key, document in documents.items()}
            rewritten = None if full else _update_from_live(index_dir, build, languages, documents, digests)
            writer = _write_every_document(build, languages, documents, progress) if rewritten is None else None
            if writer is None and progress:
                progress(len(documents), len(documents))
            try:
                # Counted while the bulk writer's other process, if any, indexes its fields.
                vocabulary = _spelling_vocabulary(texts, languages)
            except BaseException:
                if writer is not None:
                    writer.cancel()
                raise
            if writer is not None:
                writer.commit()
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
                "checksums": checksums(build),
            }
            (build / BUILD_INFO).write_text(json.dumps(info), encoding="utf-8")
            fsync_dir(build)
        except BaseException:
            # A failed build (full disk, an error) leaves nothing behind; the live index stays.
            shutil.rmtree(build, ignore_errors=True)
            raise
        swap_current(index_dir, build)
        remove_old_builds(builds, keep={build})
    return BuildResult(build, len(versions), time.monotonic() - started, content.fingerprint, rewritten)


def _write_every_document(build: Path, languages, documents: dict[str, dict], progress) -> BulkWriter:
    """Add every document to a new index: the writer to commit."""
    index = whoosh_index.create_in(build, build_schema(languages))
    # One segment, written by the bulk writer (bulk.py), several times quicker than Whoosh's
    # writer; a query searches one segment rather than one per writer process. The bulk writer
    # indexes some languages' fields in a second process when the build is large enough.
    writer = BulkWriter(index)
    writer.add_documents(list(documents.values()), progress)
    return writer


def _spelling_vocabulary(texts: list[tuple[str, dict[str, str]]], languages) -> dict[str, Counter]:
    """Each language's spelling words and their counts, from (language, parts) of each document."""
    words: dict[str, Counter] = {lang: Counter() for lang in languages}  # as found, counted
    for lang, parts in texts:
        count_words(parts, words[lang])
    return {lang: spelling_vocabulary(counts, lang) for lang, counts in words.items()}


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
        for path in data_files(live):
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
