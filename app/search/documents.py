"""What the index holds of the content: the article versions visitors may find, each as a
Whoosh document with its text in its own language's fields, and the words spelling corrections
are made from. No Flask."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from datetime import date

from ..content import ContentSet
from .analysis import ROOTED, WORD_PATTERN, fold_word
from .schema import head_value

_WORD = re.compile(WORD_PATTERN)


def indexed_versions(content: ContentSet, today: date) -> list:
    """(article, version) of every file visitors may find: no draft and nothing expired (their words
    would reach spelling suggestions). Files published later are indexed now; a search shows
    them from their day on (query.present only shows what the day's content has)."""
    found = []
    for article in content.articles.values():
        original = article.original
        if original is not None and not original.shown_on_or_after(today):
            continue
        found += [(article, v) for v in article.versions.values() if v.shown_on_or_after(today)]
    return found


def digest(document: dict) -> str:
    """What a document is made of, in a few bytes: a changed article has another digest."""
    return hashlib.sha256(json.dumps(document, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


def article_parts(content: ContentSet, article, version) -> dict[str, str]:
    """The texts of one article version, by part (title, keywords, topic, summary, body)."""
    topic = content.topic(article.topic)
    return {
        "title": version.title,
        "keywords": " ".join(version.keywords),
        "topic": topic.titles.get(version.lang, "") if topic else "",
        "summary": version.summary,
        "body": version.body_text,
    }


def article_document(content: ContentSet, article, version, parts: dict[str, str] | None = None) -> dict:
    """The Whoosh document of one article version: its text in its own language's fields
    (``parts``: its article_parts, when the caller has them already)."""
    lang = version.lang
    parts = parts or article_parts(content, article, version)
    fields = {f"head_{lang}": head_value(parts), f"body_{lang}": parts["body"]}
    if lang in ROOTED:
        fields[f"roots_{lang}"] = " ".join(parts.values())
    return {
        "key": f"{article.key}/{lang}",
        "article": article.key,
        "topic": article.topic,
        "lang": lang,
        "text": parts["body"],
        **fields,
    }


def count_words(parts: dict[str, str], counts: Counter) -> None:
    """Add the words of one document's parts, as found, to ``counts`` (one language's): its
    spelling vocabulary is made from them once at the end (spelling_vocabulary), as a corpus
    repeats its words massively."""
    for text in parts.values():
        counts.update(_WORD.findall(text))


def spelling_vocabulary(counts: Counter, lang: str) -> Counter:
    """Words as written (lower-cased, not folded or stemmed), for spelling correction, with how
    often they occur: a correction is analysed like the visitor's words, and Turkish stems and
    Albanian lemmas need the letters as written (a folded "saglıgı" is not stemmed like
    "sağlığı"). ``counts``: the language's words as found, from count_words."""
    vocabulary: Counter = Counter()
    for word, count in counts.items():
        written = _spelling_word(word, lang)
        if written is not None:
            vocabulary[written] += count
    return vocabulary


def _spelling_word(word: str, lang: str) -> str | None:
    folded = fold_word(word, lang)
    if len(folded) >= 3 and not folded.isdigit():
        return word.lower().replace("i\u0307", "i")  # Turkish İ lower-cased: i + a dot above
    return None
