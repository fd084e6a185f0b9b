"""The key that signs staff sessions and public form tokens. No Flask here.

Several servers of a region must share it: set ``KIOSK_SECRET_KEY``. A single counter needs no
setting: a random key is made once and kept in a file only its owner can read.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def load_secret_key(configured: str, key_file: Path) -> str:
    """The configured key (KIOSK_SECRET_KEY), else the key in ``key_file`` (created on first use)."""
    if configured:
        return configured
    key_file = Path(key_file)
    try:
        return key_file.read_text("ascii").strip()
    except FileNotFoundError:
        pass
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    try:
        # O_EXCL: when two processes start at once, one writes and both read the same key.
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text("ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key
