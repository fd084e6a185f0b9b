"""The Whoosh schema: one document per (article, language), with each language's text in fields
analysed for that language (title_fr, body_ar…). Declared once, here."""

from __future__ import annotations

from whoosh.fields import ID, STORED, TEXT, Schema

from .analysis import ROOTED, language_analyzer, root_analyzer

# How much a match in each part of an article counts: title above keywords above summary above
# body. The topic's title counts like a keyword ("housing" finds every housing article).
FIELD_BOOSTS = {"title": 6.0, "keywords": 4.0, "topic": 2.5, "summary": 2.0, "body": 1.0}
ROOT_BOOST = 0.5  # Arabic roots are coarse (مدرسة, دروس and دراسة share one): a hint, not proof


def text_fields(lang: str) -> list[str]:
    """The searchable fields of one language, in the order of FIELD_BOOSTS."""
    fields = [f"{part}_{lang}" for part in FIELD_BOOSTS]
    return fields + ([f"roots_{lang}"] if lang in ROOTED else [])


def field_boost(field: str) -> float:
    part = field.rsplit("_", 1)[0]
    return ROOT_BOOST if part == "roots" else FIELD_BOOSTS[part]


def build_schema(languages) -> Schema:
    """Fields for every language offered; a document fills only its own language's fields."""
    schema = Schema(
        key=ID(stored=True, unique=True),  # "topic/article/lang": one document each
        article=ID(stored=True),  # "topic/article": collapses languages into one hit
        topic=ID(stored=True),
        lang=ID(stored=True),
        text=STORED(),  # plain body text, for snippets
    )
    for lang in languages:
        analyzer = language_analyzer(lang)
        for part in FIELD_BOOSTS:
            schema.add(f"{part}_{lang}", TEXT(analyzer=analyzer, phrase=False))
        if lang in ROOTED:
            schema.add(f"roots_{lang}", TEXT(analyzer=root_analyzer(lang), phrase=False))
    return schema
