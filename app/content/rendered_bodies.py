"""Rendered article bodies, made once per file revision: kept compressed in memory, and kept on
disk between starts so that a server (re)started renders only the Markdown it has not seen.

Rendering was about half of loading the shipped content in a fresh process (0.4 of 0.8 s): every
start, and every worker of a server without preloading, rendered the same 1,155 files again.
The file on disk is also where a worker reads a body from: the bodies of the content stay in
the file, mapped, not copied into each worker (24 MB per worker at 24,000 documents), and the
operating system keeps the pages that pages read. The file is a cache: deleted or damaged, it
is made again by the next load, and nothing is lost.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import marshal
import mmap
import threading
import zlib
from importlib import metadata
from pathlib import Path

from . import render
from .cache_files import cache_file, replacing

log = logging.getLogger(__name__)

Key = tuple[bytes, bool]  # a hash of the Markdown, and whether it is read right to left
_MAGIC = b"KIOSKRB1"
_HEADER = len(_MAGIC) + 16 + 8 + 4  # magic, renderer fingerprint, length of the index, CRC-32


@functools.cache
def _renderer_fingerprint() -> bytes:
    """What stored HTML depends on besides the Markdown: the rendering code and its libraries.
    With another version of either, every body is rendered again."""
    digest = hashlib.blake2b(Path(render.__file__).read_bytes(), digest_size=16)
    for library in ("markdown-it-py", "nh3"):
        digest.update(f"{library} {metadata.version(library)};".encode())
    return digest.digest()


def store_file(cache_dir: Path, content_root: Path) -> Path:
    """The file of one content folder's bodies in a cache folder."""
    return cache_file(cache_dir, content_root, "rendered")


class RenderedBody:
    """An article body rendered once: its safe HTML and its plain text, zlib-compressed together,
    in memory or in the mapped store file.

    Every worker holds every body of the content (24,000 on the benchmark corpus: ~120 MB as
    strings, Arabic and Ethiopic text taking 2-4 bytes a letter); compressed they take about a
    quarter of that, and in the store file nothing. A page is cached once rendered, so a body is
    rarely decompressed (~10 µs).
    """

    # _packed: the compressed bytes in memory, or None once they are in a store file;
    # _where: (mapped file, offset, length) there, one value so that another thread reads a whole
    # place while a load moves the body to a new file.
    __slots__ = ("_packed", "_where", "_html_bytes", "blank")

    def __init__(self, html: str, text: str):
        html_bytes = html.encode("utf-8", "surrogatepass")
        self._packed = zlib.compress(html_bytes + text.encode("utf-8", "surrogatepass"), 6)
        self._where = None
        self._html_bytes = len(html_bytes)
        self.blank = not text.strip()  # a card (title, summary, keywords) without a text

    @classmethod
    def stored(cls, mapped: mmap.mmap, offset: int, length: int, html_bytes: int, blank: bool) -> RenderedBody:
        body = cls.__new__(cls)
        body._packed = None
        body._where = (mapped, offset, length)
        body._html_bytes, body.blank = html_bytes, blank
        return body

    def packed(self) -> bytes:
        packed = self._packed
        if packed is not None:
            return packed
        mapped, offset, length = self._where
        return mapped[offset : offset + length]

    def move_to(self, mapped: mmap.mmap, offset: int, length: int) -> None:
        """Read from now on from ``mapped`` at ``offset``, which holds the same bytes (in this
        order: a reader in another thread finds the bytes in one place or the other)."""
        self._where = (mapped, offset, length)
        self._packed = None

    def _unpacked(self) -> bytes:
        return zlib.decompress(self.packed())

    @property
    def html(self) -> str:
        return self._unpacked()[: self._html_bytes].decode("utf-8", "surrogatepass")

    @property
    def text(self) -> str:
        return self._unpacked()[self._html_bytes :].decode("utf-8", "surrogatepass")


class _StoreFile:
    """A store file opened for one load: its index, and the file mapped.

    The file is checked whole (a CRC-32 of everything after the header) before it is used: a
    file cut short or overwritten costs a rendering of every body, never a page that cannot be
    shown. It is read for the check, not through the mapping: a worker's memory then holds only
    the bodies its pages read.
    """

    def __init__(self, path: Path):
        self.path = path
        self.index: dict = {}
        self.mapped: mmap.mmap | None = None
        try:
            with open(path, "rb") as file:
                head = file.read(_HEADER)
                if head[: len(_MAGIC)] != _MAGIC or head[len(_MAGIC) : len(_MAGIC) + 16] != _renderer_fingerprint():
                    return  # no file yet, another format or another renderer: everything is rendered again
                length = int.from_bytes(head[-12:-4], "little")
                checksum = 0
                while chunk := file.read(1 << 20):
                    checksum = zlib.crc32(chunk, checksum)
                if checksum != int.from_bytes(head[-4:], "little"):
                    log.warning("rendered bodies in %s are damaged: they are rendered again", path)
                    return
                mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
            index = marshal.loads(mapped[_HEADER : _HEADER + length])
        except FileNotFoundError:
            return
        except (OSError, ValueError, EOFError, TypeError) as error:
            log.warning("rendered bodies not read from %s (%s): they are rendered again", path, error)
            return
        if isinstance(index, dict):
            self.index, self.mapped, self._blob = index, mapped, _HEADER + length

    def body(self, key: Key) -> RenderedBody | None:
        entry = self.index.get(key)
        if entry is None:
            return None
        offset, length, html_bytes, blank = entry
        return RenderedBody.stored(self.mapped, self._blob + offset, length, html_bytes, blank)


def _write_store(path: Path, bodies: dict[Key, RenderedBody]) -> None:
    """Write every body of a load to ``path`` (atomically: a worker reading the old file keeps
    it), then read them from there."""
    index, pieces, offset = {}, [], 0
    for key, body in bodies.items():
        packed = body.packed()
        index[key] = (offset, len(packed), body._html_bytes, body.blank)
        pieces.append(packed)
        offset += len(packed)
    head = marshal.dumps(index)
    checksum = zlib.crc32(head)
    for piece in pieces:
        checksum = zlib.crc32(piece, checksum)
    with replacing(path) as file:
        file.write(_MAGIC + _renderer_fingerprint() + len(head).to_bytes(8, "little"))
        file.write(checksum.to_bytes(4, "little"))
        file.write(head)
        file.writelines(pieces)
        file.flush()
        # Mapped before it gets its name: another process replacing it at once cannot hand
        # these bodies its file.
        mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    blob = _HEADER + len(head)
    for key, body in bodies.items():
        offset, length, _, _ = index[key]
        body.move_to(mapped, blob + offset, length)


class RenderedBodies:
    """Rendered Markdown (HTML and its plain text) kept per file revision, so that loading the
    content again after a publication renders only the files that changed.

    Keyed by a hash of the Markdown itself (and the direction), not by path and time: a file
    touched but unchanged costs nothing, and a rename keeps its rendering. Only what the latest
    load used is kept, so the cache never holds more than one content folder's bodies.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._entries: dict[Key, RenderedBody] = {}
        self.rendered = 0  # bodies rendered since this was made (for tests and profiles)

    def load(self, store: Path | None = None) -> RenderedBodies.Load:
        """The bodies of one load; with ``store``, those rendered by earlier loads and processes
        are read from that file, and the file is brought up to date when the load finishes."""
        return RenderedBodies.Load(self, store)

    class Load:
        """The bodies one content load asks for; ``finish`` drops every other entry."""

        def __init__(self, cache: RenderedBodies, store: Path | None):
            self.cache = cache
            self.used: dict[Key, RenderedBody] = {}
            self.store = store
            self._stored: _StoreFile | None = None
            self._rendered = 0

        def render(self, markdown: str, rtl: bool) -> RenderedBody:
            """The safe HTML and plain text of ``markdown``."""
            key = (hashlib.blake2b(markdown.encode("utf-8", "surrogatepass"), digest_size=16).digest(), rtl)
            found = self.used.get(key) or self.cache._entries.get(key) or self._from_store(key)
            if found is None:
                html = render.render_markdown(markdown, rtl=rtl)
                found = RenderedBody(html, render.html_to_text(html))
                self._rendered += 1
                with self.cache._lock:
                    self.cache.rendered += 1
            self.used[key] = found
            return found

        def _from_store(self, key: Key) -> RenderedBody | None:
            if self.store is None:
                return None
            if self._stored is None:
                self._stored = _StoreFile(self.store)
            return self._stored.body(key)

        def finish(self) -> None:
            with self.cache._lock:
                self.cache._entries = self.used
            if self.store is None:
                return
            # Written when this load rendered something, or read a file holding other bodies. A
            # load that found every body in memory does not read the file just to compare: it
            # was written or read by the load before (bodies of deleted files stay in it until
            # the next write; a cache folder emptied by hand is filled at the next rendering).
            stale = self._stored is not None and self._stored.index.keys() != self.used.keys()
            if self._rendered or stale:
                try:
                    _write_store(self.store, self.used)
                except OSError as error:  # a read-only or full disk: the bodies stay in memory
                    log.warning("rendered bodies not kept in %s: %s", self.store, error)
