"""Search over the content: Whoosh schema, build-and-swap, queries. No Flask here."""

from .index import BuildResult, IndexBusy, build_index, build_info, current_build, is_stale
from .query import MAX_QUERY_CHARS, Hit, Searcher, SearchOutcome, present, query_words

__all__ = [
    "MAX_QUERY_CHARS",
    "BuildResult",
    "Hit",
    "IndexBusy",
    "SearchOutcome",
    "Searcher",
    "build_index",
    "build_info",
    "current_build",
    "is_stale",
    "present",
    "query_words",
]
