"""What the staff pages show, as tables that are also exported as CSV. No Flask here.

Each report returns ``Table`` objects: the page renders them, ``to_csv`` exports the same rows,
so a figure on screen and in a spreadsheet can never disagree. One module per report.
"""

from .counters import ContentServed, age_text, content_served, counters_table
from .searches import RARE_SEARCH, common_searches, search_tables
from .tables import N_, ONLINE_SECONDS, TOP_SEARCHES, Table, to_csv, week_of, week_start
from .translations import (
    DiffLine,
    OutdatedTranslation,
    TranslationReport,
    content_problems,
    text_diff,
    translation_report,
)
from .usage import DIMENSION_NAMES, DIMENSIONS, USAGE_TITLES, Usage, feedback_tables, usage

__all__ = [
    "DIMENSIONS",
    "DIMENSION_NAMES",
    "ONLINE_SECONDS",
    "RARE_SEARCH",
    "TOP_SEARCHES",
    "USAGE_TITLES",
    "ContentServed",
    "DiffLine",
    "N_",
    "OutdatedTranslation",
    "Table",
    "TranslationReport",
    "Usage",
    "age_text",
    "common_searches",
    "content_problems",
    "content_served",
    "counters_table",
    "feedback_tables",
    "search_tables",
    "text_diff",
    "to_csv",
    "translation_report",
    "usage",
    "week_of",
    "week_start",
]
