"""Search over the content: Whoosh schema, build-and-swap, queries. No Flask here."""

from .builds import IndexBusy, IndexCorrupt, build_info, current_build, is_stale, verify_build
from .index import BuildResult, build_index
from .query import Hit, Searcher, SearchOutcome, present
from .slots import MAX_QUERY_CHARS, query_words
from .upkeep import IndexUpkeep

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
