"""The Whoosh schema: one document per (article, language). Analyzers are module-level
functions because Whoosh pickles them into the index."""

from __future__ import annotations

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

# Letters, digits and combining marks (Arabic vowel signs are not matched by \w).
WORD_PATTERN = r"[\w\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u200c]+"


def folding_analyzer():
    """Words, lower-cased, with Latin accents folded (é → e) so typing without them works."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


# Field weights: a word in the title says more about an article than one in the body.
FIELD_BOOSTS = {"title": 4.0, "keywords": 3.0, "summary": 2.0, "body": 1.0}


def build_schema() -> Schema:
    return Schema(
        key=ID(stored=True, unique=True),       # "topic/article/lang": one document each
        article=ID(stored=True),                # "topic/article": collapses languages into one hit
        topic=ID(stored=True),
        lang=ID(stored=True),
        title=TEXT(analyzer=folding_analyzer(), stored=True, field_boost=FIELD_BOOSTS["title"]),
        keywords=TEXT(analyzer=folding_analyzer(), field_boost=FIELD_BOOSTS["keywords"]),
        summary=TEXT(analyzer=folding_analyzer(), stored=True, field_boost=FIELD_BOOSTS["summary"]),
        body=TEXT(analyzer=folding_analyzer(), field_boost=FIELD_BOOSTS["body"]),
        revision=STORED(),
    )
