"""Publishing on the publishing server: check, build and swap, then mark the revision published.

The studio's Publish button and ``flask content publish`` call ``Publisher.publish``; "go back to
the previous publication" calls ``Publisher.rollback``. No Flask here.

1. Edits made outside the studio are committed, so what is published is a git revision.
2. The full content check runs: a publication with errors is refused (path:line: message).
3. The new content is compared with what visitors see now: a page that would disappear, or be
   shown in another language because its own one is gone, refuses the publication unless staff
   confirm it.
4. The search index is built in a new folder and swapped in (app/search/index.py): every worker
   of this server loads the new content within seconds (app/kiosk.py).
5. A signed publication commit is added to the ``published`` branch and pushed to the
   repository followers fetch (``publications_dir``, served at /content.git/).
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..content import ContentSet, Problem
from ..content.checks import check_content
from ..content.history import GIT_TIMEOUT_SECONDS, Author, ContentHistory, HistoryError, held_lock, run_git
from ..search import build_index
from .publications import (
    PUBLISHED_REF,
    PUBLISHER_EMAIL,
    PUBLISHER_NAME,
    Publication,
    latest_publication,
    publication_history,
    publication_message,
    read_publication,
)
from .signing import ensure_signing_key, signing_options

LoadContent = Callable[[Path], ContentSet]


class PublishRefused(RuntimeError):
    """The content has errors: ``problems`` as ``path:line: message``, nothing was published."""

    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s) in the content: nothing was published")
        self.problems = problems


class NothingToRollBack(RuntimeError):
    """There is no earlier publication to go back to."""


@dataclass(frozen=True)
class PageAtRisk:
    """A page visitors see today that the new content would take away or show in another language."""

    kind: str  # article, topic, place, event
    key: str
    lang: str  # "" when the whole page goes
    gone: bool  # True: the page disappears; False: its language falls back to another one

    def describe(self) -> str:
        if self.gone:
            return f"{self.kind} {self.key} disappears"
        return f"{self.kind} {self.key} in {self.lang} would be shown in another language"


class NeedsConfirmation(RuntimeError):
    """Publishing would take pages away from visitors: ``risks`` lists them; publish again with confirm."""

    def __init__(self, risks: list[PageAtRisk]):
        super().__init__(f"{len(risks)} page(s) visitors see today would disappear or change language")
        self.risks = risks


def pages_at_risk(before: ContentSet, after: ContentSet) -> list[PageAtRisk]:
    """Pages of ``before`` (what visitors see) that ``after`` loses, whole or in one language."""
    risks = []
    for key, article in before.articles.items():
        new = after.articles.get(key)
        if new is None:
            risks.append(PageAtRisk("article", key, "", True))
            continue
        risks += [PageAtRisk("article", key, lang, False) for lang in article.versions if lang not in new.versions]
    new_topics = {topic.id: topic for topic in after.topics}
    for topic in before.topics:
        new = new_topics.get(topic.id)
        if new is None:
            risks.append(PageAtRisk("topic", topic.id, "", True))
            continue
        risks += [PageAtRisk("topic", topic.id, lang, False) for lang in topic.titles if lang not in new.titles]
    for kind, old, new in (("place", before.places, after.places), ("event", before.events, after.events)):
        risks += [PageAtRisk(kind, key, "", True) for key in old if key not in new]
    return risks


def content_errors(content: ContentSet, languages: Collection[str]) -> list[str]:
    """What fails ``flask content check``, as ``path:line: message`` relative to the content folder."""
    found = [*content.problems, *check_content(content, languages)]
    errors = sorted((problem for problem in found if not problem.warning), key=lambda p: (str(p.path), p.line))
    return [_where(problem, content.root) for problem in errors]


def _where(problem: Problem, root: Path) -> str:
    try:
        shown = Path(problem.path).relative_to(root)
    except ValueError:
        shown = problem.path
    return f"{shown}:{problem.line}: {problem.message}"


def extract_tree(repository: Path, revision: str, target: Path) -> None:
    """Write the files of ``revision`` into the new folder ``target`` (no .git, no work tree of git's)."""
    archive = _git_bytes(repository, "archive", "--format=tar", revision)
    target.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:") as tar:
        tar.extractall(target, filter="data")  # refuses links and paths out of the folder


def _git_bytes(repository: Path, *args: str) -> bytes:
    result = subprocess.run(
        ["git", "-c", f"safe.directory={repository}", *args],
        cwd=repository,
        capture_output=True,
        timeout=GIT_TIMEOUT_SECONDS,
        check=False,
    )
    if result.returncode != 0:
        raise HistoryError(f"git {args[0]}: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout


@dataclass
class Publisher:
    """The publishing server's side: its content repository, key, index and served repository."""

    content_dir: Path
    publications_dir: Path
    key_file: Path
    index_dir: Path
    languages: tuple[str, ...]
    load: LoadContent

    @classmethod
    def from_config(cls, config, load: LoadContent) -> Publisher:
        """The publishing server as configured (app/settings.py)."""
        return cls(
            config.content_dir,
            config.publications_dir,
            config.publishing_key_file,
            config.index_dir,
            tuple(config.languages),
            load,
        )

    @property
    def history(self) -> ContentHistory:
        return ContentHistory(self.content_dir)

    def latest(self) -> Publication | None:
        if not self.history.is_repository():
            return None
        return latest_publication(self.content_dir)

    def publications(self, limit: int = 20) -> list[Publication]:
        if not self.history.is_repository():
            return []
        return publication_history(self.content_dir, limit)

    def public_key(self) -> str:
        """The key followers are configured with (made now if this server has none yet)."""
        return ensure_signing_key(self.key_file)

    def publish(
        self,
        author: Author,
        published: ContentSet | None = None,
        confirm: bool = False,
        restores: int | None = None,
        now: datetime | None = None,
    ) -> Publication:
        """Check, build and swap, then sign and hand the publication to followers.

        ``published``: what visitors see now (the serving process's content); by default the
        content of the last publication. Raises PublishRefused or NeedsConfirmation.
        """
        history = self.history
        history.ensure_repository()
        with self._locked():
            ensure_signing_key(self.key_file)  # a key problem refuses before anything changes
            history.commit_all(author, "Edits made outside the studio, published")
            candidate = self.load(self.content_dir)
            errors = content_errors(candidate, self.languages)
            if errors:
                raise PublishRefused(errors)
            if published is None:
                published = self._published_content()
            risks = pages_at_risk(published, candidate) if published is not None else []
            if risks and not confirm:
                raise NeedsConfirmation(risks)
            build_index(candidate, self.index_dir, wait=True, languages=self.languages)
            return self._mark(history.head(), restores, now or datetime.now(UTC))

    def rollback(self, author: Author, now: datetime | None = None) -> Publication:
        """Publish again the content of the publication before the one visitors see now.

        The content folder goes back to it as a new commit (history is never rewritten, and edits
        made since stay in it), then it is published as a new publication, so followers, which
        only ever move to a higher number, simply take it at their next sync."""
        current = self.latest()
        if current is None:
            raise NothingToRollBack("nothing has been published yet")
        target = self._before(current.restores or current.number)
        if target is None:
            raise NothingToRollBack(f"publication {current.restores or current.number} is the first one")
        self.history.restore_tree(
            target.tree, author, f"Back to publication {target.number} (undoing publication {current.number})"
        )
        return self.publish(author, confirm=True, restores=target.number, now=now)

    def _before(self, number: int) -> Publication | None:
        """The newest publication older than ``number`` that is not itself a rollback."""
        for publication in self.publications(limit=1000):
            if publication.number < number and not publication.is_rollback:
                return publication
        return None

    def _published_content(self) -> ContentSet | None:
        latest = self.latest()
        if latest is None:
            return None
        with tempfile.TemporaryDirectory(prefix="kiosk-published-") as folder:
            extract_tree(self.content_dir, latest.revision, Path(folder) / "content")
            return self.load(Path(folder) / "content")

    def _mark(self, source: str, restores: int | None, now: datetime) -> Publication:
        previous = self.latest()
        tree = self.history.tree_of(source)
        if previous is not None and previous.tree == tree and restores is None:
            self._hand_to_followers()
            return previous  # nothing new: followers already have this content
        number = previous.number + 1 if previous else 1
        when = now.astimezone(UTC).replace(microsecond=0)
        stamp = f"{int(when.timestamp())} +0000"
        environment = {
            "GIT_AUTHOR_NAME": PUBLISHER_NAME,
            "GIT_AUTHOR_EMAIL": PUBLISHER_EMAIL,
            "GIT_COMMITTER_NAME": PUBLISHER_NAME,
            "GIT_COMMITTER_EMAIL": PUBLISHER_EMAIL,
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_DATE": stamp,
        }
        parents = ["-p", previous.revision] if previous else []
        revision = run_git(
            self.content_dir,
            *signing_options(self.key_file),
            "commit-tree",
            "-S",
            tree,
            *parents,
            "-F",
            "-",
            input_text=publication_message(number, source, when, restores),
            env=environment,
        ).strip()
        # Compare-and-swap: two publishers at once cannot both become number n.
        run_git(self.content_dir, "update-ref", PUBLISHED_REF, revision, previous.revision if previous else "")
        self._hand_to_followers()
        return read_publication(self.content_dir, revision)

    def _hand_to_followers(self) -> None:
        """Push the ``published`` branch (publication commits and their content only) to the
        repository served at /content.git/, and write the index files git's plain-HTTP clients read."""
        served = Path(self.publications_dir)
        if not (served / "HEAD").exists():
            served.mkdir(parents=True, exist_ok=True)
            run_git(served, "init", "--quiet", "--bare")
            # Never repacked behind our back: plain-HTTP clients read objects/info/packs,
            # which only update-server-info (below) writes.
            run_git(served, "config", "gc.auto", "0")
            run_git(served, "config", "receive.autogc", "false")
            run_git(served, "symbolic-ref", "HEAD", PUBLISHED_REF)
        run_git(self.content_dir, "push", "--quiet", str(served.resolve()), f"+{PUBLISHED_REF}:{PUBLISHED_REF}")
        run_git(served, "update-server-info")

    def _locked(self):
        """One publication at a time, across workers and the command line."""
        return held_lock(self.content_dir / ".git" / "kiosk-publish.lock")
