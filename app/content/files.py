"""Reading the content folder's files safely: regular files inside the folder only, never more
than a size limit, and a fingerprint of them all. No Flask."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

MAX_FILE_BYTES = 256 * 1024


def content_fingerprint(root: Path) -> str:
    """A hash of every file under ``root``: it changes whenever any content changes.

    Read as the loader reads: regular files inside ``root`` only, each up to the size limit
    (a link to /dev/zero or a FIFO is hashed by name, never read).
    """
    root = Path(root)
    digest = hashlib.sha256()
    for path in visible_files(root):
        digest.update(str(path.relative_to(root)).encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(read_content_file(root, path))
        except (UnusableFile, OSError) as error:
            digest.update(b"\0unusable:" + str(error).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def visible_files(root: Path) -> list[Path]:
    """Every file under ``root`` but hidden ones: the content's git repository (.git), the
    studio's temporary files (.name.tmp) and editors' swap files are not content."""
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        found.extend(Path(folder) / name for name in files if not name.startswith("."))
    return sorted(found)


class UnusableFile(Exception):
    """A content path that is not read: a link out of the folder, a special file, too large."""


def read_content_file(root: Path, path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path``, a regular file inside ``root``, read no further than ``limit``.

    Raises UnusableFile (with the reason for staff) for a path that resolves outside ``root``
    (a symbolic link out of the folder), for anything but a regular file (a FIFO would block,
    /dev/zero never ends) and for a file over ``limit``; OSError when it cannot be read.
    """
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    if os.path.commonpath([real_root, real]) != real_root:
        raise UnusableFile("a symbolic link to a file outside the content folder: not read")
    # O_NONBLOCK: opening a FIFO with no writer would otherwise wait for ever. The checks are
    # made on the opened file (fstat), so it cannot be swapped between the check and the read.
    fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise UnusableFile(f"not a regular file ({_file_kind(status.st_mode)}): only ordinary text files are read")
        if status.st_size > limit:
            raise UnusableFile(f"file is {status.st_size // 1024} KiB; the limit is {limit // 1024} KiB")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(64 * 1024, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        # It grew while it was read: still no more than the limit was read.
        raise UnusableFile(f"file is over {limit // 1024} KiB; the limit is {limit // 1024} KiB")
    return b"".join(chunks)


def _file_kind(mode: int) -> str:
    kinds = {
        stat.S_ISFIFO: "a named pipe (FIFO)",
        stat.S_ISCHR: "a character device",
        stat.S_ISBLK: "a block device",
        stat.S_ISSOCK: "a socket",
        stat.S_ISDIR: "a folder",
    }
    return next((name for test, name in kinds.items() if test(mode)), "a special file")


# The lines git writes around a merge conflict (|||||||: the common ancestor, in diff3 style).
_CONFLICT_MARKER = re.compile(r"^(<{7}|\|{7}|={7}|>{7})(?: |$)", re.MULTILINE)


def conflict_marker(text: str) -> tuple[int, str] | None:
    """(line, marker) of the first merge conflict marker in ``text``, or None.

    "=======" alone on a line is also a Markdown heading underline; a conflict is more likely
    in a kiosk's files, and "# Heading" says the same, so it is reported too.
    """
    found = _CONFLICT_MARKER.search(text)
    return None if found is None else (text.count("\n", 0, found.start()) + 1, found.group(1))
