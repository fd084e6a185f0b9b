"""Rate limits shared by every gunicorn worker of one server, kept in memory only.

Counts live in a shared-memory array created before the workers fork (gunicorn preloads the
app), so a limit holds across workers. A client is a bucket number derived from its address
with a secret made at start: no address is stored, logged or recoverable, and nothing outlives
the server.
"""

from __future__ import annotations

import hashlib
import ipaddress
import mmap
import multiprocessing
import os
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    name: str
    per_minute: int


# Generous enough for an office of counters behind one address, tight enough for a script.
SEARCH = Limit("search", 120)
FEEDBACK = Limit("feedback", 20)
# A counter sends one a minute; an office of counters behind one address sends a few.
HEARTBEAT = Limit("heartbeat", 60)
# Each costs a worker real time: a QR code made on the server, audio made by espeak-ng.
QR_CODES = Limit("qr", 60)
SPEECH = Limit("speech", 10)


class SharedRateLimiter:
    def __init__(self, buckets: int = 8192, window_seconds: int = 60):
        self.buckets = buckets
        self.window_seconds = window_seconds
        self._secret = os.urandom(16)
        # Per bucket: the window it counts, and the count. An anonymous shared mapping: inherited
        # by forked workers, backed by no file (nothing on disk, no file-size limit).
        self._memory = mmap.mmap(-1, buckets * 2 * 8)
        self._counts = memoryview(self._memory).cast("q")
        self._lock = multiprocessing.get_context("fork").Lock()

    def _bucket(self, limit: Limit, client: str) -> int:
        digest = hashlib.blake2b(f"{limit.name}\0{client}".encode(), key=self._secret, digest_size=8).digest()
        return int.from_bytes(digest, "big") % self.buckets

    def allow(self, limit: Limit, client: str, now: float | None = None) -> bool:
        """Count one request of ``client``; False once it is over the limit for this minute."""
        window = int((time.time() if now is None else now) // self.window_seconds)
        slot = self._bucket(limit, client) * 2
        with self._lock:
            counts = self._counts
            if counts[slot] != window:
                counts[slot], counts[slot + 1] = window, 0
            counts[slot + 1] += 1
            return counts[slot + 1] <= limit.per_minute


_USUAL_LOOPBACK = frozenset({"127.0.0.1", "::1"})


def is_local(address: str | None) -> bool:
    """Whether ``address`` is this machine's own (loopback)."""
    if address in _USUAL_LOOPBACK:
        return True  # without parsing it: a counter's own browser asks this on every search
    try:
        return ipaddress.ip_address(address or "").is_loopback
    except ValueError:
        return False
