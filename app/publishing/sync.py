"""Following the publishing server: take its newest signed publication, all or nothing. No Flask here.

Layout under ``sync_dir`` (a follower's own disk)::

    mirror.git/          bare repository: the publications fetched, nothing else
    releases/<n>-<tree>/ the files of one publication, as checked out (never changed after)
    state.json           what is served and the last problem, for the heartbeat and the log
    sync.lock            held by the one sync that may run at a time

and ``content_dir`` is a symbolic link to the release being served. One sync:

1. fetch ``published`` from ``<server>/content.git`` (git over plain HTTP, so any web server
   can serve it as static files);
2. verify its signature with the configured public key (unsigned, tampered or signed by another
   key: refused), and refuse a lower number than the one served (an old publication replayed);
3. check it out into a new folder and run the full content check (errors: refused);
4. point ``content_dir`` at it (one atomic rename), build the index and swap it (another).
   The kiosk's workers load content only when a new index build appears, so visitors see the
   old publication until the index of the new one is live, then the new one;
5. write state.json (atomically) last.

Any failure, or a kill at any point, leaves the last good content served: before step 4 nothing
served has changed; after it, the next sync finds state.json still naming the old publication
and does steps 3-5 again. A sync interrupted by a kill is reported by the next one.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..content import ContentSet
from ..content.frontmatter import save_text
from ..content.history import HistoryError, run_git
from ..search import build_index
from ..spool import process_alive
from .publications import PUBLISHED_REF, Publication, read_publication
from .publish import content_errors, extract_tree
from .signing import PublicationRefused, SigningError, verify_signature

log = logging.getLogger(__name__)
STATE = "state.json"
RELEASES = "releases"
MIRROR = "mirror.git"
KEEP_RELEASES = 2  # the one served and the one before, whose files a worker may still read
# A server that stops answering mid-fetch is given up on after this many seconds below 1 KB/s.
STALL_SECONDS = 20
FETCH_TIMEOUT_SECONDS = 300


class SyncBusy(RuntimeError):
    """Another sync holds the lock."""


@dataclass
class SyncState:
    """What a follower serves and how its last sync went (state.json)."""

    publication: int | None = None
    tree: str = ""
    published_at: str = ""  # ISO, UTC
    synced_at: str = ""  # when the publication served was taken
    checked_at: str = ""  # the last sync that reached the server
    problem: str = ""  # why the last sync did not take the newest publication ("" when it did)
    problem_at: str = ""
    running: dict = field(default_factory=dict)  # a sync in progress: pid, publication, started_at

    @classmethod
    def read(cls, sync_dir: Path) -> SyncState:
        try:
            data = json.loads((Path(sync_dir) / STATE).read_text("utf-8"))
            known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
            return cls(**known)
        except (OSError, ValueError, TypeError):
            return cls()

    def write(self, sync_dir: Path) -> None:
        save_text(Path(sync_dir) / STATE, json.dumps(asdict(self), indent=1))


@dataclass(frozen=True)
class SyncOutcome:
    taken: Publication | None  # the publication taken by this sync, if any
    state: SyncState

    @property
    def ok(self) -> bool:
        return not self.state.problem


def repository_url(server: str) -> str:
    """Where a server serves its publications: ``<server>/content.git`` (a path is used as is)."""
    if server.startswith(("http://", "https://")) and not server.rstrip("/").endswith(".git"):
        return server.rstrip("/") + "/content.git"
    return server


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Follower:
    sync_dir: Path
    content_dir: Path
    index_dir: Path
    languages: tuple[str, ...]
    load: Callable[[Path], ContentSet]
    public_key: str

    @classmethod
    def from_config(cls, config, load: Callable[[Path], ContentSet]) -> Follower:
        """A follower as configured (app/settings.py); SigningError without a public key."""
        if not config.publishing_public_key:
            raise SigningError(
                "no publishing_public_key (KIOSK_PUBLISHING_PUBLIC_KEY) is set: copy it from /staff/publish "
                "on the publishing server; without it nothing can be taken"
            )
        return cls(
            config.sync_dir,
            config.content_dir,
            config.index_dir,
            tuple(config.languages),
            load,
            config.publishing_public_key,
        )

    @property
    def mirror(self) -> Path:
        return Path(self.sync_dir) / MIRROR

    def state(self) -> SyncState:
        return SyncState.read(self.sync_dir)

    def sync(self, server: str, on_step: Callable[[str], None] | None = None) -> SyncOutcome:
        """Take the newest publication of ``server`` if it is newer than the one served."""
        Path(self.sync_dir).mkdir(parents=True, exist_ok=True)
        with self._locked():
            state = self.state()
            if state.running and not process_alive(int(state.running.get("pid", 0))):
                # Killed midway: say so until a sync gets through.
                state.problem = (
                    f"the sync of publication {state.running.get('publication')} started at "
                    f"{state.running.get('started_at')} was interrupted; the last good content is still served"
                )
                state.problem_at, state.running = _now(), {}
                state.write(self.sync_dir)
                log.warning("%s; trying again", state.problem)
            try:
                taken = self._sync(server, state, on_step or (lambda step: None))
            except (PublicationRefused, SigningError, HistoryError, OSError) as error:
                state = self.state()
                state.running = {}
                state.problem, state.problem_at = _problem_text(error), _now()
                state.write(self.sync_dir)
                log.warning("sync from %s failed, the last good content is still served: %s", server, state.problem)
                return SyncOutcome(None, state)
            return SyncOutcome(taken, self.state())

    def _sync(self, server: str, state: SyncState, step: Callable[[str], None]) -> Publication | None:
        self._check_content_link()
        step("fetch")
        self._fetch(repository_url(server))
        revision = run_git(self.mirror, "rev-parse", "--verify", "--quiet", PUBLISHED_REF, check=False).strip()
        if not revision:
            raise PublicationRefused(f"{server} has published nothing yet")
        verify_signature(self.mirror, revision, self.public_key)
        publication = read_publication(self.mirror, revision)
        state.checked_at = _now()
        if state.publication is not None:
            if publication.number < state.publication:
                raise PublicationRefused(
                    f"{server} offers publication {publication.number}, older than publication "
                    f"{state.publication} served here: refused"
                )
            if publication.number == state.publication and publication.tree == state.tree and self._serving(state):
                state.problem = state.problem_at = ""
                state.running = {}
                state.write(self.sync_dir)
                return None
        state.running = {"pid": os.getpid(), "publication": publication.number, "started_at": _now()}
        state.write(self.sync_dir)

        step("checkout")
        release = self._release(publication)
        content = self.load(release)
        errors = content_errors(content, self.languages)
        if errors:
            shutil.rmtree(release, ignore_errors=True)
            shown = "; ".join(errors[:5]) + (f" (and {len(errors) - 5} more)" if len(errors) > 5 else "")
            raise PublicationRefused(f"publication {publication.number} has errors: {shown}")

        step("swap")
        self._point_content_at(release)
        step("index")
        build_index(content, self.index_dir, wait=True, languages=self.languages)

        state.publication, state.tree = publication.number, publication.tree
        state.published_at = publication.published_at.astimezone(UTC).isoformat(timespec="seconds")
        state.synced_at = _now()
        state.problem = state.problem_at = ""
        state.running = {}
        state.write(self.sync_dir)
        self._remove_old_releases(release)
        log.info("publication %d (published %s) is served now", publication.number, state.published_at)
        return publication

    def _serving(self, state: SyncState) -> bool:
        """True when content_dir still points at the release of the state's publication."""
        try:
            return Path(os.readlink(self.content_dir)).name == f"{state.publication}-{state.tree[:12]}"
        except OSError:
            return False

    def _check_content_link(self) -> None:
        link = Path(self.content_dir)
        if link.exists() and not link.is_symlink():
            raise OSError(
                f"{link} is a folder: on a follower, content_dir (KIOSK_CONTENT_DIR) must be a path "
                "the sync manages, such as var/content"
            )

    def _fetch(self, url: str) -> None:
        if not (self.mirror / "HEAD").exists():
            self.mirror.mkdir(parents=True, exist_ok=True)
            run_git(self.mirror, "init", "--quiet", "--bare")
        try:
            run_git(
                self.mirror,
                "fetch",
                "--quiet",
                "--no-tags",
                url,
                f"+{PUBLISHED_REF}:{PUBLISHED_REF}",
                timeout=FETCH_TIMEOUT_SECONDS,
                env={"GIT_HTTP_LOW_SPEED_LIMIT": "1000", "GIT_HTTP_LOW_SPEED_TIME": str(STALL_SECONDS)},
            )
        except HistoryError as error:
            raise HistoryError(f"the publications at {url} could not be fetched: {error}") from None

    def _release(self, publication: Publication) -> Path:
        """The folder of a publication's files; made in a temporary folder, then renamed, so a
        release folder that exists is complete."""
        releases = Path(self.sync_dir) / RELEASES
        releases.mkdir(parents=True, exist_ok=True)
        release = releases / f"{publication.number}-{publication.tree[:12]}"
        if not release.is_dir():
            partial = releases / f".partial-{os.getpid()}-{time.monotonic_ns()}"
            try:
                extract_tree(self.mirror, publication.revision, partial)
                os.replace(partial, release)
            finally:
                shutil.rmtree(partial, ignore_errors=True)
        return release.resolve()

    def _point_content_at(self, release: Path) -> None:
        link = Path(self.content_dir)
        link.parent.mkdir(parents=True, exist_ok=True)
        temporary = link.parent / f".{link.name}.{os.getpid()}"
        if temporary.is_symlink() or temporary.exists():
            temporary.unlink()
        os.symlink(release, temporary)
        os.replace(temporary, link)  # atomic: readers see the old release or the new one

    def _remove_old_releases(self, keep: Path) -> None:
        releases = Path(self.sync_dir) / RELEASES
        for partial in releases.glob(".partial-*"):
            shutil.rmtree(partial, ignore_errors=True)  # left by a killed sync
        old = sorted((p for p in releases.iterdir() if p.is_dir() and p != keep), key=lambda p: p.stat().st_mtime)
        for path in old[: max(0, len(old) - (KEEP_RELEASES - 1))]:
            shutil.rmtree(path, ignore_errors=True)

    def _locked(self):
        return _SyncLock(Path(self.sync_dir) / "sync.lock")


class _SyncLock:
    def __init__(self, path: Path):
        self.path = path

    def __enter__(self):
        self.file = open(self.path, "a+")  # noqa: SIM115 - held until __exit__
        try:
            fcntl.flock(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.file.close()
            raise SyncBusy("another sync is running") from None
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.file, fcntl.LOCK_UN)
        self.file.close()


def _problem_text(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text[:500]
