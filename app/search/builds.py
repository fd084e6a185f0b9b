"""The index on disk: one folder per build, the live one named by a symlink swapped atomically.

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
import os
import shutil
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from .schema import SCHEMA_VERSION

CURRENT = "current"
BUILDS = "builds"
BUILD_INFO = "build.json"
KEEP_OLD_BUILDS = 1  # a previous build stays for readers that still have it open


class IndexBusy(RuntimeError):
    """Another index build holds the lock."""


class IndexCorrupt(RuntimeError):
    """The files of a build are not those it was built with (its checksums do not match)."""


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
    found = checksums(build)
    if found != expected:
        changed = sorted(name for name in set(found) | set(expected) if found.get(name) != expected.get(name))
        raise IndexCorrupt(f"{build.name}: files changed since the build: {', '.join(changed) or '?'}")


def file_signature(build: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time of each file of a build: a cheap look for a change on disk."""
    return {path.name: (path.stat().st_size, path.stat().st_mtime_ns) for path in data_files(build)}


def data_files(build: Path) -> list[Path]:
    """Every file of a build but build.json and Whoosh's (empty) write lock."""
    return [
        path
        for path in sorted(build.iterdir())
        if path.name != BUILD_INFO and not path.name.endswith("WRITELOCK") and path.is_file()
    ]


def checksums(build: Path) -> dict[str, str]:
    """SHA-256 of each file of a build."""
    sums = {}
    for path in data_files(build):
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


def swap_current(index_dir: Path, build: Path) -> None:
    # A new symlink beside the old one, renamed over it: rename is atomic on POSIX.
    temporary = index_dir / f".{CURRENT}.{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    os.symlink(Path(BUILDS) / build.name, temporary)
    os.replace(temporary, index_dir / CURRENT)
    fsync_dir(index_dir)


def remove_old_builds(builds: Path, keep: set[Path]) -> None:
    old = sorted((p for p in builds.iterdir() if p.is_dir() and p not in keep), key=lambda p: p.stat().st_mtime)
    for path in old[: max(0, len(old) - KEEP_OLD_BUILDS)]:
        shutil.rmtree(path, ignore_errors=True)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
