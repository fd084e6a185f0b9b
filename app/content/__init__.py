"""Content files: load, validate and render them. No Flask.

The loader is imported on first use (PEP 562): the field types in ``app.content.fields`` are
used by places, events and notices, which the loader itself reads, so importing the package
must not load the loader first.
"""

from importlib import import_module

from .model import Article, ArticleVersion, ContentSet, Problem, Topic, Translation

__all__ = [
    "MAX_FILE_BYTES",
    "Article",
    "ArticleVersion",
    "ContentSet",
    "Problem",
    "Topic",
    "Translation",
    "check_topics_text",
    "content_fingerprint",
    "load_content",
    "read_article_text",
]
_FROM_LOADER = {"MAX_FILE_BYTES", "check_topics_text", "content_fingerprint", "load_content", "read_article_text"}


def __getattr__(name: str):
    if name in _FROM_LOADER:
        return getattr(import_module(".loader", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
