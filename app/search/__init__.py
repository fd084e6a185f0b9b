"""Search over the content: Whoosh schema, build-and-swap, queries. No Flask here."""

from .index import (
    BuildResult,
    IndexBusy,
    IndexCorrupt,
    IndexUpkeep,
    build_index,
    build_info,
    current_build,
    is_stale,
    verify_build,
)
from .query import MAX_QUERY_CHARS, Hit, Searcher, SearchOutcome, present, query_words

__all__ = [
    "MAX_QUERY_CHARS",
    "BuildResult",
    "Hit",
    "IndexBusy",
    "IndexCorrupt",
    "IndexUpkeep",
    "SearchOutcome",
    "Searcher",
    "build_index",
    "build_info",
    "current_build",
    "is_stale",
    "present",
    "query_words",
    "verify_build",
]
