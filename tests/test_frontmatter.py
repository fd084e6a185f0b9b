"""The one content writer (app/content/frontmatter.py): a file edited by the kiosk keeps what
a person wrote (comments, key order, quotes, layout), and a save is atomic."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from app.content.frontmatter import ContentDocument, DataDocument, FrontMatterError, save_text

CONTENT = Path(__file__).resolve().parent.parent / "content"

HAND_WRITTEN = """---
# Reviewed by the Molenbeek office.
title: "Rental deposit"
summary: 'Up to two months of rent'   # the legal maximum
keywords: [deposit, garantie, waarborg]
translation: {from: en, revision: 1, machine: true}
revision: 4
---
Body line.

---

After a Markdown rule.
"""


def test_unchanged_is_byte_for_byte():
    assert ContentDocument(HAND_WRITTEN).text() == HAND_WRITTEN
    odd = "---  \ntitle: x\n---   \nbody"  # spaces after the delimiters are kept too
    assert ContentDocument(odd).text() == odd


def test_an_edit_changes_that_field_and_nothing_else():
    document = ContentDocument(HAND_WRITTEN)
    document.fields["translation"]["revision"] = 5
    document.fields["keywords"].append("caution")
    document.fields["updated"] = date(2026, 12, 2)
    expected = (
        HAND_WRITTEN.replace("revision: 1,", "revision: 5,")
        .replace("waarborg]", "waarborg, caution]")
        .replace("revision: 4\n", "revision: 4\nupdated: 2026-12-02\n")
    )
    assert document.text() == expected


def test_the_body_is_everything_after_the_front_matter():
    document = ContentDocument(HAND_WRITTEN)
    assert document.body.startswith("Body line.") and "After a Markdown rule." in document.body
    document.body = "New body.\n"
    assert document.text().endswith("revision: 4\n---\nNew body.\n")


@pytest.mark.slow  # every shipped file: seconds, not milliseconds
def test_every_shipped_file_keeps_its_front_matter_when_its_body_is_edited():
    changed = []
    files = sorted(CONTENT.rglob("*.md"))
    assert len(files) > 300
    for path in files:
        text = path.read_text("utf-8")
        document = ContentDocument(text)
        document.body += "x"
        if document.text() != text + "x":
            changed.append(str(path.relative_to(CONTENT)))
    assert changed == []


def test_every_shipped_data_file_round_trips():
    files = sorted(CONTENT.rglob("*.yaml"))
    assert len(files) > 30
    assert [str(p) for p in files if DataDocument(p.read_text("utf-8")).text() != p.read_text("utf-8")] == []


def test_no_front_matter_is_a_clear_error_with_its_line():
    with pytest.raises(FrontMatterError) as error:
        ContentDocument("title: no delimiters\n")
    assert error.value.line == 1
    with pytest.raises(FrontMatterError, match="mapping"):
        ContentDocument("---\n- a list\n---\nbody\n")
    with pytest.raises(FrontMatterError, match="not valid YAML") as error:
        ContentDocument("---\ntitle: ok\nsummary: [unclosed\n---\nbody\n")
    assert error.value.line > 2


def test_a_save_that_fails_leaves_the_old_file_whole(tmp_path, monkeypatch):
    path = tmp_path / "en.md"
    path.write_text(HAND_WRITTEN, "utf-8")
    os.chmod(path, 0o640)

    def crash(source, target):
        raise OSError("disk full")

    with monkeypatch.context() as patched:
        patched.setattr(os, "replace", crash)
        with pytest.raises(OSError, match="disk full"):
            save_text(path, "---\ntitle: half\n")
    assert path.read_text("utf-8") == HAND_WRITTEN
    assert [p.name for p in tmp_path.iterdir()] == ["en.md"]  # no temporary file left behind
    save_text(path, "---\ntitle: new\n---\n")
    assert path.read_text("utf-8") == "---\ntitle: new\n---\n"
    assert path.stat().st_mode & 0o777 == 0o640  # the file keeps its permissions
