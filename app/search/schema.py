"""The Whoosh schema: one document per (article, language), with each language's text in fields
analysed for that language (head_fr, body_ar…). Declared once, here."""

from __future__ import annotations

from whoosh.analysis import Analyzer
from whoosh.fields import ID, STORED, TEXT, Schema

from .analysis import ROOTED, language_analyzer, root_analyzer

# How much a match in each part of an article counts: title above keywords above summary above
# body. The topic's title counts like a keyword ("housing" finds every housing article).
# Title, keywords, topic and summary share one field, each word weighed by its part when the
# index is built: a query looks each word up in two fields, not five (most of a search's time
# was building the matchers of every field × word × alternative).
HEAD_PARTS = {"title": 6.0, "keywords": 4.0, "topic": 2.5, "summary": 2.0}
FIELD_BOOSTS = {"head": 3.0, "body": 1.0}
ROOT_BOOST = 0.5  # Arabic roots are coarse (مدرسة, دروس and دراسة share one): a hint, not proof
# Between the parts of a head field's value (a character no text holds: the loader keeps none).
PART_SEPARATOR = "\x1e"
# Written in build.json: a build of another schema is built again, never searched.
SCHEMA_VERSION = 3  # 3: Latin words folded with the accent map for spelling too


def text_fields(lang: str) -> list[str]:
    """The searchable fields of one language, in the order of FIELD_BOOSTS."""
    fields = [f"{part}_{lang}" for part in FIELD_BOOSTS]
    return fields + ([f"roots_{lang}"] if lang in ROOTED else [])


def field_boost(field: str) -> float:
    part = field.rsplit("_", 1)[0]
    return ROOT_BOOST if part == "roots" else FIELD_BOOSTS[part]


def head_value(parts: dict[str, str]) -> str:
    """The head field's value: the parts in the order of HEAD_PARTS, each weighed by PartsAnalyzer."""
    return PART_SEPARATOR.join(parts.get(part, "").replace(PART_SEPARATOR, " ") for part in HEAD_PARTS)


class PartsAnalyzer(Analyzer):
    """A language's analysis of each part of a head value, every token weighed by its part.

    The weight is the term's frequency to BM25F: a title word counts more than a summary word,
    tempered as repeated words are, without lengthening the field. Text without a separator
    (a query word) is analysed plainly, weight 1: queries carry their own boosts.
    """

    def __init__(self, analyzer):
        self.analyzer = analyzer
        self.weights = tuple(HEAD_PARTS.values())

    def __call__(self, value, **kwargs):
        parts = value.split(PART_SEPARATOR) if PART_SEPARATOR in value else [value]
        weighed = len(parts) > 1
        for weight, part in zip(self.weights, parts, strict=False):
            for token in self.analyzer(part, **kwargs):
                if weighed:
                    token.boost = weight
                yield token

    def has_morph(self):
        return self.analyzer.has_morph() if hasattr(self.analyzer, "has_morph") else False


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
        schema.add(f"head_{lang}", TEXT(analyzer=PartsAnalyzer(analyzer), phrase=False))
        schema.add(f"body_{lang}", TEXT(analyzer=analyzer, phrase=False))
        if lang in ROOTED:
            schema.add(f"roots_{lang}", TEXT(analyzer=root_analyzer(lang), phrase=False))
    return schema
