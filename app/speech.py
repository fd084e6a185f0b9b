"""Read aloud: audio of an article made with espeak-ng, cached per article, language and revision.

espeak-ng is a Debian package (make system-deps). Which languages it can speak is asked of
espeak-ng itself (``--voices``), so a newer espeak-ng with, say, a Tigrinya voice is used as
soon as it is installed, and a language without a voice is reported, never guessed.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .content.model import Article, ArticleVersion
from .languages import facts_of

ESPEAK = "espeak-ng"
# Well below gunicorn's 30 s worker timeout (gunicorn.conf.py): a synthesis that takes longer is
# stopped and the visitor told to try again, instead of the worker being killed mid-request.
SYNTHESIS_TIMEOUT_SECONDS = 20
# The audio cache is bounded: the files least recently listened to are removed beyond this size.
DEFAULT_CACHE_BYTES = 500 * 1024 * 1024


class NoVoice(LookupError):
    """espeak-ng has no voice for this language."""


class SpeechFailed(RuntimeError):
    """espeak-ng is missing, failed on a text or took too long."""


@functools.cache
def installed_voices(espeak: str = ESPEAK) -> frozenset[str]:
    """Language names of the voices espeak-ng offers ("fr-fr", "ar", "uk"…); empty if not installed."""
    if shutil.which(espeak) is None:
        return frozenset()
    listing = subprocess.run([espeak, "--voices"], capture_output=True, text=True, timeout=30, check=False).stdout
    return frozenset(line.split()[1] for line in listing.splitlines()[1:] if len(line.split()) > 1)


def voice_for(lang: str, voices: frozenset[str] | None = None) -> str | None:
    """The espeak-ng voice that reads ``lang``, or None when there is none."""
    voices = installed_voices() if voices is None else voices
    name = facts_of(lang).voice or lang  # the language's record names the voice when it differs
    return name if name in voices else None


def spoken_text(version: ArticleVersion) -> str:
    """What is read: the title, the summary, then the body, each as its own sentence."""
    return f"{version.title}.\n\n{version.summary}\n\n{version.body_text}"


@dataclass(frozen=True)
class Speech:
    """Audio files of articles in one cache folder."""

    cache_dir: Path
    espeak: str = ESPEAK
    cache_bytes: int = DEFAULT_CACHE_BYTES

    def cache_path(self, article: Article, version: ArticleVersion) -> Path:
        """One file per article, language and revision; the text's hash catches unrevised edits."""
        revision = version.revision if version.translation is None else version.translation.source_revision
        digest = hashlib.sha256(spoken_text(version).encode("utf-8")).hexdigest()[:12]
        return self.cache_dir / version.lang / article.topic / f"{article.slug}.r{revision or 0}.{digest}.wav"

    def cached(self, article: Article, version: ArticleVersion) -> Path | None:
        """The audio file of ``version`` if it was made already (and note it was listened to)."""
        path = self.cache_path(article, version)
        try:
            # Its last use, as its access time (the modification time stays when it was made).
            os.utime(path, ns=(time.time_ns(), path.stat().st_mtime_ns))
        except OSError:
            return None
        return path

    def audio(self, article: Article, version: ArticleVersion) -> Path:
        """The WAV file reading ``version`` aloud, made on first request; raises NoVoice or SpeechFailed."""
        voice = voice_for(version.lang, installed_voices(self.espeak))
        if voice is None:
            raise NoVoice(version.lang)
        path = self.cached(article, version)
        if path is not None:
            return path
        path = self.cache_path(article, version)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written to a private file then renamed: two workers asked at once never serve half a file.
        handle, partial = tempfile.mkstemp(dir=path.parent, prefix=".partial-", suffix=".wav")
        os.close(handle)
        try:
            result = subprocess.run(
                [self.espeak, "-v", voice, "-w", partial, "--stdin"],
                input=spoken_text(version),
                capture_output=True,
                text=True,
                timeout=SYNTHESIS_TIMEOUT_SECONDS,
                check=False,
            )
            if result.returncode != 0 or os.path.getsize(partial) == 0:
                raise SpeechFailed(f"espeak-ng failed for {article.key} ({version.lang}): {result.stderr.strip()}")
            os.replace(partial, path)
        except subprocess.TimeoutExpired:
            raise SpeechFailed(f"espeak-ng took over {SYNTHESIS_TIMEOUT_SECONDS} s for {article.key}") from None
        except OSError as error:
            raise SpeechFailed(f"espeak-ng could not run for {article.key}: {error}") from None
        finally:
            if os.path.exists(partial):
                os.unlink(partial)
        self._remove_older_revisions(path, article.slug)
        self._evict(keep=path)
        return path

    def _evict(self, keep: Path) -> None:
        """Remove the files least recently listened to until the cache fits in ``cache_bytes``."""
        files = []
        for wav in self.cache_dir.rglob("*.wav"):
            try:
                stat = wav.stat()
            except OSError:
                continue  # removed meanwhile by another worker
            files.append((stat.st_atime, stat.st_size, wav))
        total = sum(size for _, size, _ in files)
        for _, size, wav in sorted(files, key=lambda item: item[0]):
            if total <= self.cache_bytes:
                break
            if wav != keep and not wav.name.startswith(".partial-"):
                wav.unlink(missing_ok=True)
                total -= size

    def _remove_older_revisions(self, current: Path, slug: str) -> None:
        for old in current.parent.glob(f"{slug}.r*.wav"):
            if old != current:
                old.unlink(missing_ok=True)
