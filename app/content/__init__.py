"""Content files: load, validate and render them. No Flask here."""

from .loader import MAX_FILE_BYTES, content_fingerprint, load_content
from .model import Article, ArticleVersion, ContentSet, Problem, Topic, Translation

__all__ = [
    "MAX_FILE_BYTES",
    "Article",
    "ArticleVersion",
    "ContentSet",
    "Problem",
    "Topic",
    "Translation",
    "content_fingerprint",
    "load_content",
]
