"""The content folder as a git repository: every save from the studio is a commit by its author.

Content stays plain files; git records who changed what and when, lets staff go back to an
earlier version, and is what other servers and counters follow (issue 16). We drive the ``git``
program rather than a Python git library: it is on every machine that clones the project, it is
what staff who prefer a terminal already use on the same folder, and its on-disk format is the one
followers fetch over HTTP. No Flask here.

Two people at once: an editor remembers the ``text_token`` of the file it opened; a save whose
file has changed since is refused with who changed it and when (``EditConflict``), so nobody's
work is silently overwritten. Saves are serialised by a lock file, so two gunicorn workers never
commit over each other.
"""

from __future__ import annotations

import fcntl
import hashlib
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from ..config import child_environment
from .frontmatter import save_text

# The committer of every studio commit; the author is the staff member.
COMMITTER_NAME = "Kiosk studio"
COMMITTER_EMAIL = "studio@kiosk.invalid"
# Staff accounts have user names, not e-mail addresses: git wants one, so each gets a local one.
AUTHOR_EMAIL_DOMAIN = "staff.kiosk.invalid"
GIT_TIMEOUT_SECONDS = 60


class HistoryError(RuntimeError):
    """git failed or is missing; the message says what it printed."""


@dataclass(frozen=True)
class Author:
    username: str
    display_name: str = ""

    @property
    def name(self) -> str:
        return self.display_name or self.username

    @property
    def email(self) -> str:
        return f"{self.username}@{AUTHOR_EMAIL_DOMAIN}"


@dataclass(frozen=True)
class Change:
    """One commit, as staff see it."""

    revision: str
    author: str  # the name recorded as author
    username: str | None  # the staff account, when the studio made the commit
    when: datetime  # aware, UTC
    message: str
    paths: tuple[str, ...] = ()

    @property
    def short(self) -> str:
        return self.revision[:10]


class EditConflict(Exception):
    """The file changed since the editor opened it. ``change`` is the last commit to it, or None
    when it was changed on disk outside the studio and not yet committed."""

    def __init__(self, path: str, change: Change | None, current_text: str | None):
        who = f"{change.author} at {change.when:%Y-%m-%d %H:%M} UTC" if change else "someone outside the studio"
        super().__init__(f"{path} was changed by {who} after you opened it")
        self.path = path
        self.change = change
        self.current_text = current_text


def text_token(text: str | None) -> str:
    """What an editor remembers of the file it opened: a hash of its text ("" for no file)."""
    return "" if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()


def run_git(
    directory: Path,
    *args: str,
    check: bool = True,
    input_text: str | None = None,
    env: dict | None = None,
    timeout: float = GIT_TIMEOUT_SECONDS,
) -> str:
    """Run the git program in ``directory`` (a work tree or a bare repository) and return what it
    printed; HistoryError with git's own words when it fails. app/publishing uses it too."""
    command = ["git", "-c", f"safe.directory={directory}", "-c", "core.quotepath=off", *args]
    # Never ask on a terminal (a sync runs unattended); git's messages in English, for the log.
    environment = child_environment({"GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", **(env or {})})
    try:
        result = subprocess.run(
            command,
            cwd=directory,
            capture_output=True,
            text=True,
            input=input_text,
            env=environment,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:
        raise HistoryError("the git program is not installed (apt-get install git)") from None
    except subprocess.TimeoutExpired:
        raise HistoryError(f"git {args[0]} took longer than {timeout:.0f} s") from None
    if check and result.returncode != 0:
        raise HistoryError(f"git {' '.join(args[:2])}: {result.stderr.strip() or result.stdout.strip()}")
    return result.stdout


class ContentHistory:
    """The git repository whose top level is the content folder."""

    def __init__(self, root: Path):
        self.root = Path(root)

    # -- git -----------------------------------------------------------------------------------
    def _git(self, *args: str, check: bool = True, input_text: str | None = None, env: dict | None = None) -> str:
        # The committer is the studio whoever runs it (no global git identity is needed).
        identity = ("-c", f"user.name={COMMITTER_NAME}", "-c", f"user.email={COMMITTER_EMAIL}")
        return run_git(self.root, *identity, *args, check=check, input_text=input_text, env=env)

    def is_repository(self) -> bool:
        """True when the content folder itself is the top of a git repository (not a subfolder of one)."""
        if not (self.root / ".git").exists():
            return False
        top = self._git("rev-parse", "--show-toplevel", check=False).strip()
        return bool(top) and Path(top).resolve() == self.root.resolve()

    def ensure_repository(self) -> None:
        """Make the content folder a repository of its own, with what is there as the first commit."""
        with self._locked():
            if self.is_repository():
                return
            self._git("init", "--quiet", "--initial-branch=main")
            self._git("add", "--all", ".")
            self._commit(Author("kiosk", "Kiosk"), "Content as it was when the studio started keeping its history")

    def head(self) -> str | None:
        out = self._git("rev-parse", "--verify", "--quiet", "HEAD", check=False).strip()
        return out or None

    # -- reading -------------------------------------------------------------------------------
    def read(self, path: str) -> str | None:
        """The file's text on disk now, or None."""
        file = self._file(path)
        return file.read_text("utf-8") if file.is_file() else None

    def log(self, path: str | None = None, limit: int = 50) -> list[Change]:
        """The newest ``limit`` commits (touching ``path``, following renames), newest first."""
        if self.head() is None:
            return []
        fields = "%x1e%H%x1f%an%x1f%ae%x1f%at%x1f%s"
        args = ["log", f"--max-count={limit}", f"--format={fields}", "--name-only"]
        if path is not None:
            args += ["--follow", "--", self._relative(path)]
        return _parse_log(self._git(*args))

    def last_change(self, path: str) -> Change | None:
        changes = self.log(path, limit=1)
        return changes[0] if changes else None

    def text_at(self, path: str, revision: str) -> str | None:
        """The file's text as it was at ``revision``, or None when it did not exist then."""
        self._check_revision(revision)
        out = subprocess.run(
            ["git", "-c", f"safe.directory={self.root}", "show", f"{revision}:{self._relative(path)}"],
            cwd=self.root,
            capture_output=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
        return out.stdout.decode("utf-8") if out.returncode == 0 else None

    def has_uncommitted(self, path: str | None = None) -> bool:
        args = ["status", "--porcelain", "--untracked-files=all"]
        if path is not None:
            args += ["--", self._relative(path)]
        return bool(self._git(*args).strip())

    # -- writing -------------------------------------------------------------------------------
    def save(
        self,
        files: dict[str, str | None],
        author: Author,
        message: str,
        expected: dict[str, str] | None = None,
    ) -> Change:
        """Write (text) or delete (None) each file atomically, then commit them as one change.

        ``expected`` maps a path to the ``text_token`` the editor saw; a file that differs now is
        refused with ``EditConflict`` and nothing is written.
        """
        with self._locked():
            for path, token in (expected or {}).items():
                current = self.read(path)
                if text_token(current) != token:
                    change = self.last_change(path)
                    if self.has_uncommitted(path):
                        change = None
                    raise EditConflict(path, change, current)
            for path, text in files.items():
                file = self._file(path)
                if text is None:
                    file.unlink(missing_ok=True)
                else:
                    file.parent.mkdir(parents=True, exist_ok=True)
                    save_text(file, text)
            relative = [self._relative(path) for path in files]
            self._git("add", "--all", "--", *relative)
            return self._commit(author, message, relative)

    def move(self, old_folder: str, new_folder: str, author: Author, message: str) -> Change:
        """Rename a folder (an article moved or renamed) as one commit."""
        with self._locked():
            source, target = self._file(old_folder), self._file(new_folder)
            if not source.is_dir():
                raise FileNotFoundError(old_folder)
            if target.exists():
                raise FileExistsError(new_folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            self._git("add", "--all", "--", self._relative(old_folder))
            self._git("mv", self._relative(old_folder), self._relative(new_folder))
            return self._commit(author, message, [self._relative(old_folder), self._relative(new_folder)])

    def commit_all(self, author: Author, message: str) -> Change | None:
        """Commit whatever changed on disk outside the studio (an editor, a copy); None if nothing did."""
        with self._locked():
            if not self.has_uncommitted():
                return None
            self._git("add", "--all", ".")
            return self._commit(author, message)

    def restore_tree(self, tree: str, author: Author, message: str) -> Change:
        """Make the whole folder as it was in ``tree`` (a revision or tree id), as one new commit.
        What was not committed is committed first, so nothing is lost: it stays in the history."""
        self._check_revision(tree)
        self.commit_all(author, "Edits kept before going back to an earlier version")
        with self._locked():
            # --reset -u: index and files become the tree's, files added since are removed.
            self._git("read-tree", "--reset", "-u", tree)
            return self._commit(author, message)

    def tree_of(self, revision: str = "HEAD") -> str:
        """The id of the tree (the folder's content) of a revision."""
        return self._git("rev-parse", f"{revision}^{{tree}}").strip()

    def restore(self, path: str, revision: str, author: Author, expected: str | None = None) -> Change:
        """Bring one file back as it was at ``revision``, as a new commit (history is never rewritten)."""
        text = self.text_at(path, revision)
        message = f"Restore {self._relative(path)} as of {revision[:10]}"
        return self.save({path: text}, author, message, {path: expected} if expected is not None else None)

    # -- helpers -------------------------------------------------------------------------------
    def _commit(self, author: Author, message: str, paths: list[str] | None = None) -> Change:
        name = " ".join(author.name.replace("<", " ").replace(">", " ").split()) or author.username
        args = ["commit", "--quiet", "--allow-empty", "--no-verify", "--file=-", f"--author={name} <{author.email}>"]
        if paths:
            args += ["--", *paths]
        self._git(*args, input_text=message)
        return self.log(limit=1)[0]

    def _relative(self, path: str) -> str:
        relative = PurePosixPath(path)
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            raise ValueError(f"not a path inside the content folder: {path!r}")
        return str(relative)

    def _file(self, path: str) -> Path:
        return self.root / self._relative(path)

    def _check_revision(self, revision: str) -> None:
        if not (4 <= len(revision) <= 64 and all(c in "0123456789abcdef" for c in revision)):
            raise ValueError(f"not a revision: {revision!r}")

    def _locked(self):
        """One writer at a time across processes (gunicorn workers, the CLI)."""
        lock_path = self.root / ".git" / "kiosk-studio.lock" if (self.root / ".git").is_dir() else None
        if lock_path is None:
            lock_path = self.root.parent / f".{self.root.name}.studio.lock"
        return held_lock(lock_path)


@contextmanager
def held_lock(lock_path: Path):
    """The block runs while this process holds the lock file (waiting for it): one process at a
    time across gunicorn workers and the command line. app/publishing uses it too."""
    with open(lock_path, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _parse_log(out: str) -> list[Change]:
    changes = []
    for record in out.split("\x1e"):
        record = record.strip("\n")
        if not record.strip():
            continue
        header, _, names = record.partition("\n")
        revision, author, email, timestamp, subject = header.split("\x1f")
        username = email.removesuffix(f"@{AUTHOR_EMAIL_DOMAIN}") if email.endswith(AUTHOR_EMAIL_DOMAIN) else None
        when = datetime.fromtimestamp(int(timestamp), tz=UTC)
        paths = tuple(line for line in names.splitlines() if line.strip())
        changes.append(Change(revision, author, username, when, subject, paths))
    return changes
