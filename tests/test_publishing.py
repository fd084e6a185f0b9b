"""Publishing and following, domain only (no app, no server): a real content repository, real
signatures made and checked by git and ssh-keygen, a real follower with its own folders fetching
from the publishing server's repository by path, real Whoosh indexes on disk."""

from __future__ import annotations

import os
import re
import stat
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import LANGUAGES, article_file, make_content, write

from app.content import load_content
from app.content.history import Author, run_git
from app.publishing import (
    Follower,
    NeedsConfirmation,
    NothingToRollBack,
    PublicationRefused,
    Publisher,
    PublishRefused,
    SigningError,
    normalised_public_key,
    pages_at_risk,
    verify_signature,
)
from app.publishing.signing import ensure_signing_key
from app.search import build_info

AMINA = Author("amina", "Amina Benali")


def _load(root: Path):
    return load_content(root, LANGUAGES)


@pytest.fixture
def publisher(tmp_path) -> Publisher:
    content = make_content(tmp_path / "office" / "content")
    return Publisher(
        content_dir=content,
        publications_dir=tmp_path / "office" / "publications.git",
        key_file=tmp_path / "office" / "keys" / "signing_key",
        index_dir=tmp_path / "office" / "index",
        languages=tuple(LANGUAGES),
        load=_load,
    )


def _follower(tmp_path: Path, name: str, public_key: str) -> Follower:
    root = tmp_path / name
    return Follower(root / "sync", root / "content", root / "index", tuple(LANGUAGES), _load, public_key)


def _title(root: Path, article: str, lang: str = "en") -> str:
    return _load(root).articles[article].versions[lang].title


def _edit_title(publisher: Publisher, title: str) -> None:
    path = "housing/rental-deposit/en.md"
    text = publisher.history.read(path)
    publisher.history.save({path: re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1)}, AMINA, "Edit")


# -- signing ---------------------------------------------------------------------------------


def test_the_key_is_made_once_readable_by_its_owner_only(publisher):
    public = publisher.public_key()
    assert public.startswith("ssh-ed25519 ")
    assert stat.S_IMODE(publisher.key_file.stat().st_mode) == 0o600
    assert publisher.public_key() == public  # the same key, not a new one
    assert normalised_public_key(public + " a comment") == public
    for wrong in ("", "ssh-rsa AAAAB3NzaC1yc2E", "ssh-ed25519 short"):
        with pytest.raises(SigningError):
            normalised_public_key(wrong)


def test_a_publication_is_a_signed_commit_that_only_its_key_verifies(publisher, tmp_path):
    publication = publisher.publish(AMINA)
    assert (publication.number, publication.restores, publication.previous) == (1, None, None)
    assert publication.source == publisher.history.head()
    served = publisher.publications_dir
    verify_signature(served, publication.revision, publisher.public_key())
    other = ensure_signing_key(tmp_path / "other" / "key")
    with pytest.raises(PublicationRefused, match="not signed by the publishing server"):
        verify_signature(served, publication.revision, other)
    # The served repository holds publications only: no staff commit, no staff name.
    log = run_git(served, "log", "--all", "--format=%an %ae %cn|%s")
    assert log.strip() == "Kiosk publishing publishing@kiosk.invalid Kiosk publishing|Publication 1"
    assert (
        "amina"
        not in subprocess.run(
            ["git", "cat-file", "--batch-all-objects", "--batch-check"], cwd=served, capture_output=True, text=True
        ).stdout
    )
    assert (served / "info" / "refs").read_text().endswith("\trefs/heads/published\n")


# -- what publishing refuses ---------------------------------------------------------------------


def test_content_with_errors_is_refused_with_path_and_line(publisher):
    publisher.publish(AMINA)
    path = "housing/rental-deposit/en.md"
    publisher.history.save({path: "---\ntitle: [unclosed\n---\nBody\n"}, AMINA, "Broken")
    with pytest.raises(PublishRefused) as refused:
        publisher.publish(AMINA)
    assert any(problem.startswith("housing/rental-deposit/en.md:") for problem in refused.value.problems)
    assert publisher.latest().number == 1  # nothing published


def test_pages_visitors_would_lose_are_named_and_need_confirmation(publisher):
    before = _load(publisher.content_dir)
    publisher.publish(AMINA)
    publisher.history.save(
        {
            "housing/rental-deposit/fr.md": None,
            "health/finding-a-doctor/fr.md": None,
            "health/finding-a-doctor/nl.md": None,
        },
        AMINA,
        "Remove",
    )
    risks = pages_at_risk(before, _load(publisher.content_dir))
    assert {risk.describe() for risk in risks} == {
        "article housing/rental-deposit in fr would be shown in another language",
        "article health/finding-a-doctor disappears",
    }
    with pytest.raises(NeedsConfirmation) as asked:
        publisher.publish(AMINA)
    assert len(asked.value.risks) == 2
    assert publisher.latest().number == 1
    assert publisher.publish(AMINA, confirm=True).number == 2


def test_publishing_builds_the_index_of_what_is_published_and_commits_outside_edits(publisher):
    write(publisher.content_dir / "housing" / "new-one" / "en.md", article_file("New one", "Added by hand."))
    publication = publisher.publish(AMINA)
    assert not publisher.history.has_uncommitted()
    assert build_info(publisher.index_dir)["fingerprint"] == _load(publisher.content_dir).fingerprint
    assert publisher.publish(AMINA).number == publication.number  # nothing new: no new number


# -- following -------------------------------------------------------------------------------------


def test_a_follower_takes_the_newest_publication_all_or_nothing(publisher, tmp_path):
    publisher.publish(AMINA)
    follower = _follower(tmp_path, "counter-1", publisher.public_key())
    outcome = follower.sync(str(publisher.publications_dir))
    assert outcome.ok and outcome.taken.number == 1
    assert follower.content_dir.is_symlink()
    assert _title(follower.content_dir, "housing/rental-deposit") == "Rental deposit"
    assert build_info(follower.index_dir)["fingerprint"] == _load(follower.content_dir).fingerprint
    assert follower.sync(str(publisher.publications_dir)).taken is None  # up to date: nothing done

    _edit_title(publisher, "Rental guarantee")
    publisher.publish(AMINA)
    assert follower.sync(str(publisher.publications_dir)).taken.number == 2
    assert _title(follower.content_dir, "housing/rental-deposit") == "Rental guarantee"
    assert follower.state().publication == 2


def test_an_unsigned_or_foreign_publication_is_refused_and_the_last_good_one_stays(publisher, tmp_path):
    publisher.publish(AMINA)
    follower = _follower(tmp_path, "counter-1", publisher.public_key())
    follower.sync(str(publisher.publications_dir))
    # Someone with write access to the served repository replaces the newest publication.
    served = publisher.publications_dir
    latest = run_git(served, "rev-parse", "refs/heads/published").strip()
    message = run_git(served, "log", "-1", "--format=%B", latest).replace("Publication 1", "Publication 2")
    message = message.replace("Kiosk-Publication: 1", "Kiosk-Publication: 2")
    tree = run_git(served, "rev-parse", f"{latest}^{{tree}}").strip()
    forged = run_git(
        served,
        "commit-tree",
        tree,
        "-p",
        latest,
        "-F",
        "-",
        input_text=message,
        env={
            "GIT_AUTHOR_NAME": "x",
            "GIT_AUTHOR_EMAIL": "x@x",
            "GIT_COMMITTER_NAME": "x",
            "GIT_COMMITTER_EMAIL": "x@x",
        },
    ).strip()
    run_git(served, "update-ref", "refs/heads/published", forged)
    outcome = follower.sync(str(served))
    assert not outcome.ok and "is not signed" in outcome.state.problem
    assert follower.state().publication == 1
    assert _title(follower.content_dir, "housing/rental-deposit") == "Rental deposit"

    stranger = ensure_signing_key(tmp_path / "stranger" / "key")
    signed = run_git(
        served,
        "-c",
        "gpg.format=ssh",
        "-c",
        f"user.signingkey={tmp_path / 'stranger' / 'key'}",
        "commit-tree",
        "-S",
        tree,
        "-p",
        latest,
        "-F",
        "-",
        input_text=message,
        env={
            "GIT_AUTHOR_NAME": "x",
            "GIT_AUTHOR_EMAIL": "x@x",
            "GIT_COMMITTER_NAME": "x",
            "GIT_COMMITTER_EMAIL": "x@x",
        },
    ).strip()
    run_git(served, "update-ref", "refs/heads/published", signed)
    outcome = follower.sync(str(served))
    assert "not signed by the publishing server's key" in outcome.state.problem
    assert stranger != publisher.public_key()
    assert follower.state().publication == 1


def test_a_sync_that_fails_after_the_swap_is_finished_by_the_next(publisher, tmp_path):
    publisher.publish(AMINA)
    follower = _follower(tmp_path, "counter-1", publisher.public_key())
    follower.sync(str(publisher.publications_dir))
    _edit_title(publisher, "Rental guarantee")
    publisher.publish(AMINA)
    old_build = build_info(follower.index_dir)["fingerprint"]

    def fail_at_index(step):
        if step == "index":
            raise OSError("No space left on device")

    outcome = follower.sync(str(publisher.publications_dir), on_step=fail_at_index)
    assert "No space left on device" in outcome.state.problem
    assert follower.state().publication == 1  # what the workers serve: the index was not swapped
    assert build_info(follower.index_dir)["fingerprint"] == old_build
    outcome = follower.sync(str(publisher.publications_dir))
    assert outcome.ok and outcome.taken.number == 2 and follower.state().problem == ""


def test_a_broken_publication_is_refused_by_the_follower_too(publisher, tmp_path):
    publisher.publish(AMINA)
    follower = _follower(tmp_path, "counter-1", publisher.public_key())
    follower.sync(str(publisher.publications_dir))
    publisher.history.save({"housing/rental-deposit/en.md": "---\ntitle: [x\n---\nB\n"}, AMINA, "Broken")
    tree = publisher.history.tree_of()
    publisher._mark(publisher.history.head(), None, datetime.now(UTC))  # marked without the check
    assert publisher.latest().tree == tree
    outcome = follower.sync(str(publisher.publications_dir))
    assert outcome.state.problem.startswith("publication 2 has errors: ")
    assert "housing/rental-deposit/en.md:2: YAML error" in outcome.state.problem
    assert follower.state().publication == 1
    assert not any(p.name.startswith("2-") for p in (follower.sync_dir / "releases").iterdir())


def test_an_older_publication_is_never_taken(publisher, tmp_path):
    publisher.publish(AMINA)
    first = publisher.latest().revision
    _edit_title(publisher, "Rental guarantee")
    publisher.publish(AMINA)
    follower = _follower(tmp_path, "counter-1", publisher.public_key())
    follower.sync(str(publisher.publications_dir))
    run_git(publisher.publications_dir, "update-ref", "refs/heads/published", first)  # replayed
    outcome = follower.sync(str(publisher.publications_dir))
    assert "older than publication 2" in outcome.state.problem
    assert _title(follower.content_dir, "housing/rental-deposit") == "Rental guarantee"


def test_a_follower_refuses_to_replace_a_real_content_folder(publisher, tmp_path):
    publisher.publish(AMINA)
    follower = _follower(tmp_path, "counter-1", publisher.public_key())
    make_content(follower.content_dir)
    outcome = follower.sync(str(publisher.publications_dir))
    assert "is a folder" in outcome.state.problem
    assert not follower.content_dir.is_symlink()


# -- rollback ----------------------------------------------------------------------------------------


def test_rollback_publishes_the_previous_content_again_and_followers_take_it(publisher, tmp_path):
    with pytest.raises(NothingToRollBack):
        publisher.rollback(AMINA)
    publisher.publish(AMINA)
    with pytest.raises(NothingToRollBack):
        publisher.rollback(AMINA)
    _edit_title(publisher, "Rental guarantee")
    publisher.publish(AMINA)
    _edit_title(publisher, "Wrong title")
    publisher.publish(AMINA)
    follower = _follower(tmp_path, "counter-1", publisher.public_key())
    follower.sync(str(publisher.publications_dir))
    assert _title(follower.content_dir, "housing/rental-deposit").startswith("Wrong")

    rollback = publisher.rollback(AMINA)
    assert (rollback.number, rollback.restores) == (4, 2)
    assert _title(publisher.content_dir, "housing/rental-deposit") == "Rental guarantee"
    assert follower.sync(str(publisher.publications_dir)).taken.number == 4
    assert _title(follower.content_dir, "housing/rental-deposit") == "Rental guarantee"
    # Again: back to the one before publication 2, not forth to publication 3.
    assert publisher.rollback(AMINA).restores == 1
    follower.sync(str(publisher.publications_dir))
    assert _title(follower.content_dir, "housing/rental-deposit") == "Rental deposit"
    assert "Back to publication 1" in publisher.history.log(limit=1)[0].message


def test_the_key_file_keeps_its_permissions_after_being_loosened(publisher):
    publisher.public_key()
    os.chmod(publisher.key_file, 0o644)
    publisher.publish(AMINA)  # signing fixes what ssh-keygen would refuse
    assert stat.S_IMODE(publisher.key_file.stat().st_mode) == 0o600
