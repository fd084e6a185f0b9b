"""The Whoosh query of one language for a visitor's slots: terms the index holds, in that
language's fields, with character n-grams only where they help. No Flask."""

from __future__ import annotations

import math

from whoosh.query import And, Term
from whoosh.query import Or as WhooshOr

from .analysis import analysis_kind, script_of
from .kept import kept
from .schema import field_boost, text_fields

# Grams of one word looked for (the rarest ones), in languages searched by character n-grams.
MOST_GRAMS = 6
# Words' queries kept per build (a few Term objects each); emptied when full.
KEPT_WORD_QUERIES = 20_000


class Or(WhooshOr):
    """Whoosh's Or, its parts always merged as a tree of union matchers.

    For an index of under 5,000 documents (the shipped content) Whoosh otherwise pre-loads every
    match of an Or of three or more parts into an array of 2,048 scores, made and cleared in
    Python for each Or of each search: a quarter of a search's time. The scores are the same sums.
    """

    matcher_type = WhooshOr.DEFAULT_MATCHER


def language_query(opened, lang, slots, strict, query_tokens, grams: bool):
    """And (strict) or Or of the slots, each an Or of its alternatives in ``lang``'s fields.

    Character n-grams are used only in the visitor's own language and script: elsewhere they
    would let any word meet any text that shares a few letters with it.
    """
    slot_queries = []
    for slot in slots:
        alternatives = []
        for phrase in slot.alternatives:
            word_queries = []
            for word in phrase:
                shown, word_query = _kept_word_query(opened, lang, word, grams)
                if shown is None:
                    continue  # nothing of the word is left once analysed (a stop word)
                query_tokens.setdefault(lang, set()).update(shown)
                word_queries.append(word_query)
            if word_queries and None not in word_queries:  # every word of the phrase must exist
                alternatives.append(word_queries[0] if len(word_queries) == 1 else And(word_queries))
        if alternatives:
            slot_queries.append(alternatives[0] if len(alternatives) == 1 else Or(alternatives))
        elif strict:
            return None  # a word this language does not have: no document can hold them all
    if not slot_queries:
        return None
    if len(slot_queries) == 1:
        return slot_queries[0]
    return And(slot_queries) if strict else Or(slot_queries)


def _kept_word_query(opened, lang: str, word: str, grams: bool):
    """A word's query, made once per build: visitors' queries share their words, and making one
    (its tokens, the fields that hold them) was a fifth of a search's time. Whoosh's queries are
    never changed once made, so one may stand in many searches' trees."""
    make = lambda: _word_query(opened, lang, word, grams)  # noqa: E731
    return kept(opened.word_queries, (lang, word, grams), make, KEPT_WORD_QUERIES)


def _word_query(opened, lang: str, word: str, grams: bool):
    """(tokens a snippet marks, the word's query) for one word in ``lang``: (None, None) for a
    word that analyses to nothing, (tokens, None) for one whose terms the index does not hold."""
    fields = text_fields(lang)
    ngram = analysis_kind(lang) == "ngram"
    tokens = opened.tokens(lang, word)
    if not tokens:
        return None, None
    if ngram and (not grams or script_of(word) not in (opened.scripts[lang], None)):
        tokens = tokens[:1]  # the whole word, no grams
    elif ngram:
        tokens = (*tokens[:1], *_rarest_grams(opened.reader, fields, tokens[1:]))
    # Only terms the index holds: most words exist in few languages' fields, and a query of
    # absent terms still costs a matcher each.
    terms = [
        Term(f, t, boost=field_boost(f))
        for f in fields
        for t in (opened.tokens(f, word) if f.startswith("roots_") else tokens)
        if opened.has_term(f, t)
    ]
    shown = tokens[:1] if ngram else tokens
    if not terms:
        return shown, None
    # n-grams: half of a word's grams must meet, or every word would match.
    minmatch = math.ceil(len(tokens) / 2) if ngram and len(tokens) > 2 else 0
    return shown, _any(terms, minmatch)


def _rarest_grams(reader, fields, grams, keep: int = MOST_GRAMS) -> list[str]:
    """The word's grams that fewest documents hold: they tell the word apart, and common grams
    ("aa", "an") would make Whoosh walk most of the index for every long word."""
    frequency = {gram: sum(reader.doc_frequency(field, gram) for field in fields) for gram in grams}
    present = [gram for gram in grams if frequency[gram]]
    return sorted(present, key=lambda gram: (frequency[gram], gram))[:keep]


def _any(terms, minmatch: int):
    """Or of terms; with ``minmatch``, of the grams of one word (counted per gram, not per field)."""
    if not minmatch:
        return Or(terms)
    by_token: dict[str, list] = {}
    for term in terms:
        by_token.setdefault(term.text, []).append(term)
    return Or([Or(group) for group in by_token.values()], minmatch=minmatch)
