"""Domain pieces of the staff pages, without an app: CSV, weeks, charts, front matter stamps."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from app.charts import MAX_SERIES, line_chart
from app.content.stamp import StampError, bump_revision, stamp_translation
from app.reports import Table, age_text, text_diff, to_csv, week_of, week_start


def test_csv_neutralises_spreadsheet_formulas_and_keeps_unicode():
    table = Table("t", "T", ("a", "b"), [("=SUM(A1)", 3), ("ضمان", "-1"), ("@x", "plain")])
    rows = list(csv.reader(io.StringIO(to_csv(table))))
    assert rows == [["a", "b"], ["'=SUM(A1)", "3"], ["ضمان", "'-1"], ["'@x", "plain"]]


def test_iso_weeks():
    assert week_of(date(2026, 11, 26)) == "2026-W48"
    assert week_start("2026-W48") == date(2026, 11, 23)
    assert week_start("2027-W01") == date(2027, 1, 4)
    with pytest.raises(ValueError):
        week_start("2026-48")


def test_ages():
    assert [age_text(s) for s in (5, 600, 7200, 200000)] == ["5 s", "10 min", "2 h", "2 days"]


def test_diff_lines():
    diff = text_diff("a\nb\nc\n", "a\nB\nc\n")
    assert [(d.kind, d.text) for d in diff if d.kind in ("add", "remove")] == [("remove", "b"), ("add", "B")]


def test_a_chart_is_valid_svg_with_a_text_alternative():
    series = {f"topic-{n}": [n, n + 1, 0] for n in range(12)}
    svg = line_chart("c1", "Views <by> topic", ["2026-W46", "2026-W47", "2026-W48"], series)
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{ns}title").text == "Views <by> topic"
    assert len(root.findall(f"{ns}polyline")) == MAX_SERIES  # the smallest are added up as "other"
    assert "other" in svg
    assert ET.fromstring(line_chart("c2", "Empty", ["2026-W48"], {})).tag == f"{ns}svg"


def test_stamping_front_matter(tmp_path):
    original = tmp_path / "en.md"
    original.write_text("---\ntitle: T\nsummary: S\n---\nbody - with --- dashes\n", "utf-8")
    assert bump_revision(original) == 2
    assert bump_revision(original) == 3
    assert original.read_text("utf-8") == "---\ntitle: T\nsummary: S\nrevision: 3\n---\nbody - with --- dashes\n"

    block = tmp_path / "fr.md"
    block.write_text("---\ntitle: T\ntranslation:\n  from: en\n  revision: 1\n  machine: true\nsummary: S\n---\nx\n")
    stamp_translation(block, 3, reviewed=True)
    expected = "---\ntitle: T\ntranslation:\n  from: en\n  revision: 3\n  machine: false\nsummary: S\n---\nx\n"
    assert block.read_text() == expected

    inline = tmp_path / "ar.md"
    inline.write_text("---\ntitle: T\ntranslation: {from: en, revision: 1, machine: true}\n---\nx\n")
    stamp_translation(inline, 2)
    assert "translation: {from: en, revision: 2, machine: true}" in inline.read_text()

    with pytest.raises(StampError):
        stamp_translation(original, 2)  # an original has no translation block
    broken = tmp_path / "nl.md"
    broken.write_text("no front matter\n")
    with pytest.raises(StampError):
        bump_revision(broken)
