"""Tables that staff pages show and export as CSV, the same rows in both; weeks as ISO weeks."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

# A counter sends a heartbeat every minute; one that has been silent this long is offline.
ONLINE_SECONDS = 180
TOP_SEARCHES = 50


def N_(text: str) -> str:
    """Marks a table's title or column name for the catalogs (`make translations` extracts N_);
    the staff pages show it translated, CSV exports keep the English, which scripts rely on.
    No "%" in them: the templates' gettext formats every string it translates."""
    return text


@dataclass(frozen=True)
class Table:
    name: str  # the ?table= of its CSV export
    title: str
    columns: tuple[str, ...]
    rows: list[tuple] = field(default_factory=list)


# What starts a formula in a spreadsheet, also in full width (some spreadsheets read ＝ as =).
_FORMULA_STARTS = frozenset("=+-@\t\r\n＝＋－＠")


def _spreadsheet_safe(cell):
    """``cell`` with a ' in front if a spreadsheet would run it as a formula.

    Spreadsheets skip spaces and invisible characters (zero-width spaces, direction marks, a
    byte order mark) before they look for "=": so does this check.
    """
    if not isinstance(cell, str):
        return cell
    visible = next((c for c in cell if unicodedata.category(c) not in ("Cf", "Cc", "Zs", "Zl", "Zp")), "")
    if cell[:1] in _FORMULA_STARTS or visible in _FORMULA_STARTS:
        return "'" + cell
    return cell


def to_csv(table: Table, delimiter: str = ",") -> str:
    """RFC 4180 CSV (or with ``;`` between cells, as spreadsheets set up for Belgium expect);
    cells that a spreadsheet would run as a formula are quoted with a '."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([_spreadsheet_safe(cell) for cell in row])
    return out.getvalue()


# -- weeks ---------------------------------------------------------------------------------


def week_of(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(week: str) -> date:
    """Monday of an ISO week written 2026-W48; ValueError for anything else."""
    return datetime.strptime(week + "-1", "%G-W%V-%u").date()
