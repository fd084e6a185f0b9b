"""Recorded audio of an article, attached by staff where no synthetic voice reads a language
(Pashto, Tigrinya, Somali, Sorani): ``<topic>/<article>/<lang>.mp3`` (or .ogg, .wav) beside the
text files. It is played with the same Listen controls as the voice's audio.

A recording is checked as the loader finds it, never trusted by its name: a regular file inside
the content folder, of a type browsers play, whose first bytes say the type its name says, no
larger than MAX_RECORDING_BYTES.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

# The types every browser the kiosk meets plays (MP3 also on older iPhones, which play no Ogg).
AUDIO_TYPES = {".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".wav": "audio/wav"}
# About 25 minutes of speech in MP3 at 64 kbit/s: far more than an article, far less than a film.
MAX_RECORDING_BYTES = 12 * 1024 * 1024


@dataclass(frozen=True)
class Recording:
    lang: str
    path: Path
    mimetype: str


def _looks_like(suffix: str, head: bytes) -> bool:
    """Whether a file's first bytes are those of its type (its name is only a claim)."""
    if suffix == ".ogg":
        return head.startswith(b"OggS")
    if suffix == ".wav":
        return head[:4] == b"RIFF" and head[8:12] == b"WAVE"
    # MP3: an ID3 tag, or straight away an MPEG audio frame (11 sync bits set).
    return head.startswith(b"ID3") or (len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)


def recording_problem(root: Path, path: Path) -> str | None:
    """Why the recording at ``path`` cannot be played, or None when it can."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    if os.path.commonpath([real_root, real]) != real_root:
        return "a symbolic link to a file outside the content folder: not played"
    try:
        # Opened without blocking and checked on the opened file, as the text files are.
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
        try:
            status = os.fstat(fd)
            if not stat.S_ISREG(status.st_mode):
                return "not a regular file: only ordinary audio files are played"
            head = os.read(fd, 12)
        finally:
            os.close(fd)
    except OSError as error:
        return f"cannot read the recording ({error.strerror or error})"
    if status.st_size == 0:
        return "the recording is empty"
    if status.st_size > MAX_RECORDING_BYTES:
        return (
            f"the recording is {status.st_size // (1024 * 1024)} MiB; the limit is "
            f"{MAX_RECORDING_BYTES // (1024 * 1024)} MiB (record in mono, MP3 at 64 kbit/s)"
        )
    suffix = path.suffix.lower()
    if not _looks_like(suffix, head):
        return f"this is not {suffix[1:].upper()} audio (its first bytes say otherwise): save or export it again"
    return None
