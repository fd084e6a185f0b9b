"""YAML (front matter and data files) parsed once per text: kept in the cache folder (in memory
when a load has none), so that a load parses only the YAML it has not seen.

Parsing was some 45 % of loading the shipped content (0.29 of 0.65 s on a slow day), although
a publication changes a few files and a server start none. Kept per hash of the YAML text itself,
as the rendered bodies are (rendered_bodies.py). What is kept is the data, written with marshal
(no code can come out of the file) with dates as tagged tuples; every load gets objects of its
own, never one an earlier load may have changed. The node marks (for the line of a field in a
problem) are not kept: a document asked for a line parses its text again, which only files with
problems or with places do. Data of other kinds than plain YAML gives (an !!omap's pairs) is
parsed every time. The file is a cache: deleted or damaged, it is made again by the next load.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import marshal
import threading
import zlib
from datetime import date, datetime
from importlib import metadata
from pathlib import Path

from . import yamlsafe
from .cache_files import cache_file, replacing
from .yamlsafe import YamlDocument, read_yaml

log = logging.getLogger(__name__)

_MAGIC = b"KIOSKPY1"
_PLAIN = (str, int, float, bool, type(None), bytes)


@functools.cache
def _parser_fingerprint() -> bytes:
    """What kept data depends on besides the text: the reading code and PyYAML's version."""
    digest = hashlib.blake2b(Path(yamlsafe.__file__).read_bytes(), digest_size=16)
    digest.update(f"PyYAML {metadata.version('PyYAML')};".encode())
    return digest.digest()


def store_file(cache_dir: Path, content_root: Path) -> Path:
    return cache_file(cache_dir, content_root, "parsed-yaml")


class _NotKept(Exception):
    """Data marshal cannot hold as it is, or that a tagged tuple would make ambiguous."""


def _encode(value, dated: list):
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list:
        return [_encode(item, dated) for item in value]
    if kind is dict:
        if any(type(key) not in _PLAIN for key in value):
            raise _NotKept
        return {key: _encode(item, dated) for key, item in value.items()}
    if kind is date or kind is datetime:
        dated.append(True)
        return (kind is datetime, value.isoformat())
    raise _NotKept


def _decode(value):
    kind = type(value)
    if kind is list:
        return [_decode(item) for item in value]
    if kind is dict:
        return {key: _decode(item) for key, item in value.items()}
    if kind is tuple:
        return (datetime if value[0] else date).fromisoformat(value[1])
    return value


class _ReparsedDocument(YamlDocument):
    """A document read from kept data: its node marks are made only if a line is asked for."""

    def __init__(self, data, text: str, first_line: int):
        self.data = data
        self.first_line = first_line
        self._text = text

    @functools.cached_property
    def _root(self):
        return read_yaml(self._text, self.first_line)._root


class ParsedYaml:
    """The parsed YAML of the latest load, per text (only what that load used is kept): in the
    cache file when the load has one, else in memory."""

    def __init__(self):
        self._lock = threading.Lock()
        self._entries: dict[bytes, tuple[bool, bytes]] = {}
        self.parsed = 0  # texts parsed since this was made (for tests and profiles)

    def load(self, store: Path | None = None) -> ParsedYaml.Load:
        return ParsedYaml.Load(self, store)

    class Load:
        def __init__(self, cache: ParsedYaml, store: Path | None):
            self.cache = cache
            self.store = store
            self.used: dict[bytes, tuple[bool, bytes]] = {}
            self._stored: dict | None = None
            self._parsed = 0

        def read(self, text: str, first_line: int = 1) -> YamlDocument:
            """As yamlsafe.read_yaml (YamlProblem for text that is not good YAML)."""
            key = hashlib.blake2b(f"{first_line}\0{text}".encode("utf-8", "surrogatepass"), digest_size=16).digest()
            found = self.used.get(key) or self.cache._entries.get(key) or self._from_store(key)
            if found is not None:
                self.used[key] = found
                dated, packed = found
                data = marshal.loads(packed)
                return _ReparsedDocument(_decode(data) if dated else data, text, first_line)
            document = read_yaml(text, first_line)
            self._parsed += 1
            with self.cache._lock:
                self.cache.parsed += 1
            dated: list = []
            try:
                packed = marshal.dumps(_encode(document.data, dated))
            except _NotKept:
                return document
            self.used[key] = (bool(dated), packed)
            return document

        def _from_store(self, key: bytes):
            if self.store is None:
                return None
            if self._stored is None:
                self._stored = _read_store(self.store)
            return self._stored.get(key)

        def finish(self) -> None:
            # With a cache file, nothing stays in memory: the next load reads the file (a few
            # milliseconds), and every worker of a server holds no copy of all the content's
            # YAML (some 15 MB at 24,000 documents).
            with self.cache._lock:
                self.cache._entries = self.used if self.store is None else {}
            if self.store is None:
                return
            stale = self._stored is not None and self._stored.keys() != self.used.keys()
            if self._parsed or stale:
                try:
                    _write_store(self.store, self.used)
                except OSError as error:  # a read-only or full disk: kept in memory only
                    log.warning("parsed YAML not kept in %s: %s", self.store, error)


def _read_store(path: Path) -> dict:
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as error:
        log.warning("parsed YAML not read from %s (%s): it is parsed again", path, error)
        return {}
    head = len(_MAGIC) + 16
    if blob[: len(_MAGIC)] != _MAGIC or blob[len(_MAGIC) : head] != _parser_fingerprint():
        return {}  # no file yet, another format or other reading code: everything is parsed again
    if zlib.crc32(blob[head + 4 :]) != int.from_bytes(blob[head : head + 4], "little"):
        log.warning("parsed YAML in %s is damaged: it is parsed again", path)
        return {}
    try:
        entries = marshal.loads(blob[head + 4 :])
    except (ValueError, EOFError, TypeError):
        return {}
    return entries if isinstance(entries, dict) else {}


def _write_store(path: Path, entries: dict) -> None:
    body = marshal.dumps(entries)
    with replacing(path) as file:
        file.write(_MAGIC + _parser_fingerprint() + zlib.crc32(body).to_bytes(4, "little"))
        file.write(body)
