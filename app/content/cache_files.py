"""The files a content load keeps in the server's cache folder (rendered bodies, parsed YAML):
one per content folder and kind, each written whole under a temporary name and then renamed, so
that a process reading the old file keeps it and none ever reads half a file. No Flask."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def cache_file(cache_dir: Path, content_root: Path, kind: str) -> Path:
    """The file of one content folder's ``kind`` in a cache folder (a server, its tests and its
    benchmarks may load several folders)."""
    name = hashlib.blake2b(str(Path(content_root).resolve()).encode(), digest_size=6).hexdigest()
    return Path(cache_dir) / f"{kind}-{name}.bin"


@contextmanager
def replacing(path: Path) -> Iterator[BinaryIO]:
    """A new file, written in the block and given ``path``'s name only when the block ends
    without an error (no fsync: a file torn by a power cut fails its check at the next load)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-")
    try:
        with os.fdopen(descriptor, "w+b") as file:
            yield file
            file.flush()
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
