"""The content folder as a real git repository: saves are commits by their author, history,
restore, and a second save over someone else's is refused. No app: the domain module alone."""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import write

from app.content.history import Author, ContentHistory, EditConflict, text_token

AMINA = Author("amina", "Amina Benali")
JEF = Author("jef")

ARTICLE = """\
---
title: Register at the commune
summary: Where and when.
---
Go to the commune's population office.
"""


@pytest.fixture
def history(tmp_path):
    root = tmp_path / "content"
    write(root / "administration" / "commune" / "en.md", ARTICLE)
    history = ContentHistory(root)
    history.ensure_repository()
    return history


def _git(history, *args):
    return subprocess.run(["git", *args], cwd=history.root, capture_output=True, text=True, check=True).stdout


def test_the_first_commit_holds_what_was_there(history):
    assert history.is_repository()
    assert _git(history, "ls-files").split() == ["administration/commune/en.md"]
    assert not history.has_uncommitted()
    history.ensure_repository()  # a second start changes nothing
    assert len(history.log()) == 1


def test_a_folder_inside_another_repository_gets_its_own(tmp_path):
    subprocess.run(["git", "init", "--quiet", str(tmp_path)], check=True)
    root = tmp_path / "content"
    write(root / "t" / "a" / "en.md", ARTICLE)
    history = ContentHistory(root)
    assert not history.is_repository()  # the project's repository is not the content's
    history.ensure_repository()
    assert history.is_repository()
    assert _git(history, "rev-parse", "--show-toplevel").strip() == str(root)


def test_a_save_is_a_commit_by_its_author(history):
    path = "administration/commune/en.md"
    opened = history.read(path)
    change = history.save(
        {path: opened.replace("population office", "civil affairs office")},
        AMINA,
        "Fix office name",
        {path: text_token(opened)},
    )
    assert "civil affairs office" in (history.root / path).read_text("utf-8")
    assert (change.author, change.username, change.message) == ("Amina Benali", "amina", "Fix office name")
    assert change.paths == (path,)
    assert (
        _git(history, "log", "-1", "--format=%an <%ae>|%cn").strip()
        == "Amina Benali <amina@staff.kiosk.invalid>|Kiosk studio"
    )
    assert [c.message for c in history.log(path)][0] == "Fix office name"
    assert history.text_at(path, history.log(path)[-1].revision) == ARTICLE


def test_the_second_of_two_editors_is_refused_with_who_and_when(history):
    path = "administration/commune/en.md"
    opened = history.read(path)  # both open the same version
    token = text_token(opened)
    history.save({path: opened + "\nFirst.\n"}, AMINA, "First edit", {path: token})
    with pytest.raises(EditConflict) as refused:
        history.save({path: opened + "\nSecond.\n"}, JEF, "Second edit", {path: token})
    assert refused.value.change.author == "Amina Benali"
    assert "changed by Amina Benali at" in str(refused.value)
    assert refused.value.current_text.endswith("First.\n")
    assert "Second." not in history.read(path)  # nothing written


def test_a_hand_edit_not_yet_committed_also_refuses(history):
    path = "administration/commune/en.md"
    token = text_token(history.read(path))
    (history.root / path).write_text(ARTICLE + "\nBy hand.\n", "utf-8")
    with pytest.raises(EditConflict) as refused:
        history.save({path: ARTICLE}, JEF, "Edit", {path: token})
    assert refused.value.change is None
    assert "outside the studio" in str(refused.value)


def test_restore_is_a_new_commit_and_history_is_kept(history):
    path = "administration/commune/en.md"
    first = history.log(path)[0].revision
    history.save({path: ARTICLE.replace("Where", "How")}, AMINA, "Edit")
    history.restore(path, first, JEF)
    assert history.read(path) == ARTICLE
    messages = [c.message for c in history.log(path)]
    assert messages[0].startswith("Restore administration/commune/en.md as of")
    assert len(messages) == 3


def test_new_files_deletions_and_moves(history):
    history.save({"administration/commune/fr.md": ARTICLE}, AMINA, "French")
    history.save({"administration/commune/fr.md": None}, AMINA, "No French")
    assert not (history.root / "administration/commune/fr.md").exists()
    history.move("administration/commune", "administration/registration", JEF, "Rename")
    assert (history.root / "administration/registration/en.md").is_file()
    assert not (history.root / "administration/commune").exists()
    assert len(history.log("administration/registration/en.md")) >= 2  # follows the rename
    assert not history.has_uncommitted()


def test_paths_outside_the_folder_are_refused(history):
    for bad in ("../evil.md", "/etc/passwd", ""):
        with pytest.raises(ValueError):
            history.save({bad: "x"}, AMINA, "Evil")
    with pytest.raises(ValueError):
        history.text_at("administration/commune/en.md", "HEAD; rm -rf /")


def test_parallel_saves_of_different_files_all_land(history):
    def save(n):
        return history.save({f"t/a{n}/en.md": ARTICLE}, AMINA, f"Article {n}")

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(save, range(8)))
    assert len(history.log()) == 9
    assert not history.has_uncommitted()
