"""Queries that meet few documents, answered without Whoosh's matcher trees: the same scores,
summed in the same order, ranked the same way. No Flask.

Whoosh answers a query by building a tree of matchers (one object per term, per Or and per And)
and walking it one document at a time through method calls. On the shipped content a query's
terms each meet a few dozen documents, and building and walking that tree was most of a
search's time. Here:

- a term's documents and scores are read once per index build through Whoosh's own term matcher
  (its BM25F scorer, the term's boost), and kept: the score of a term in a document does not
  depend on the query it is part of, and visitors' queries share their words;
- an Or or And combines its parts' scores as dictionaries, in the very binary tree Whoosh would
  build for it (``make_weighted_tree`` on the parts' ``estimate_size``), so that every document's
  score is the same sum of the same floats in the same order (to the last bit on one segment;
  on several, Whoosh's collector may regroup a sum as it rearranges its matchers to skip, a
  difference in the last bit);
- the documents are ranked as Whoosh's TopCollector ranks them: score, then document number.

Queries whose terms meet many documents (a common word in a large index) are left to Whoosh:
its block-max skipping reads only the postings that can reach the top there.
tests/test_search_small_queries.py compares both on thousands of searches.
"""

from __future__ import annotations

import heapq

from whoosh.query import And, Or, Term
from whoosh.util import make_weighted_tree

from .kept import kept

# A query is answered here when its terms meet at most this many documents in a segment,
# counted once per term (Whoosh's own estimate): beyond, scoring every posting costs more than
# Whoosh's skipping.
MOST_POSTINGS = 3000
# Scored postings kept per build (a document number and a score each, some 100 bytes with the
# dictionaries): a few MB at most; emptied when full.
KEPT_SCORES = 60_000
# Terms' document frequencies kept per build (one small int each); emptied when full.
KEPT_SIZES = 50_000


class QueryTooBroad(Exception):
    """The query meets too many documents to be answered here (Whoosh answers it)."""


class TermScores:
    """The scored postings of the terms of one build's segments, read once each."""

    def __init__(self):
        self._scores: dict[tuple, dict[int, float]] = {}
        self._kept = 0
        self._sizes: dict[tuple, int] = {}

    def size(self, term: Term, segment: int, reader) -> int:
        """Whoosh's estimate of the documents a term meets in a segment (its document frequency),
        read once: every Or and And of every search weighs its parts by it."""
        key = (segment, term.fieldname, term.text)
        return kept(self._sizes, key, lambda: term.estimate_size(reader), KEPT_SIZES)

    def of(self, term: Term, segment: int, searcher, context) -> dict[int, float]:
        key = (segment, term.fieldname, term.text, term.boost)
        scores = self._scores.get(key)
        if scores is None:
            scores = {}
            matcher = term.matcher(searcher, context)  # Whoosh's: its scorer, boost, deletions
            while matcher.is_active():
                scores[matcher.id()] = matcher.score()
                matcher.next()
            if self._kept + len(scores) > KEPT_SCORES:
                self._scores.clear()
                self._kept = 0
            self._scores[key] = scores
            self._kept += len(scores)
        return scores


class _Part:
    """A part's scores as a leaf of make_weighted_tree. Whoosh's matchers compare equal to one
    another in that tree's sorting, so parts of equal weight keep their order: so do these."""

    __slots__ = ("scores",)
    __hash__ = None

    def __init__(self, scores: dict[int, float]):
        self.scores = scores

    def __eq__(self, other) -> bool:
        return True

    def __lt__(self, other) -> bool:
        return False


def _union(a: _Part, b: _Part) -> _Part:
    """Whoosh's UnionMatcher: a document in both scores a + b, in one its own score."""
    scores = dict(a.scores)
    for document, score in b.scores.items():
        scores[document] = scores[document] + score if document in scores else score
    return _Part(scores)


def _intersection(a: _Part, b: _Part) -> _Part:
    """Whoosh's IntersectionMatcher: a document in both, scored a + b."""
    first, second = a.scores, b.scores
    if len(second) < len(first):  # look up in the larger; the sum keeps its order
        return _Part({document: first[document] + score for document, score in second.items() if document in first})
    return _Part({document: score + second[document] for document, score in first.items() if document in second})


def _scores(query, segment: int, searcher, context, terms: TermScores) -> dict[int, float]:
    if type(query) is Term:
        return terms.of(query, segment, searcher, context)
    if isinstance(query, Or) and query.matcher_type == Or.DEFAULT_MATCHER and not query.scale:
        combine, sign = _union, 1  # DefaultOr._matcher: parts weighed by their estimated size
    elif type(query) is And:
        combine, sign = _intersection, -1  # And._matcher: by 0 - their estimated size
    else:
        raise QueryTooBroad(f"not a query of terms, Or and And: {type(query).__name__}")
    parts = query.subqueries
    if not parts:
        return {}
    if len(parts) == 1:  # CompoundQuery.matcher: the part's matcher itself, without the boost
        return _scores(parts[0], segment, searcher, context, terms)
    reader = searcher.reader()
    weighted = [
        (sign * _size(part, segment, reader, terms), _Part(_scores(part, segment, searcher, context, terms)))
        for part in parts
    ]
    scores = make_weighted_tree(combine, weighted).scores
    if query.boost != 1.0:  # _tree_matcher's WrappingMatcher
        scores = {document: score * query.boost for document, score in scores.items()}
    return scores


def _size(query, segment: int, reader, terms: TermScores) -> int:
    """``query.estimate_size(reader)`` as Whoosh computes it for terms, Or and And, with each
    term's frequency read once (TermScores.size)."""
    if type(query) is Term:
        return terms.size(query, segment, reader)
    sizes = [_size(part, segment, reader, terms) for part in query.subqueries]
    if type(query) is And:
        return min(sizes)
    return min(sum(sizes), reader.doc_count())  # CompoundQuery.estimate_size


def _terms_of(query, found: set) -> set:
    if type(query) is Term:
        found.add(query)
    else:
        for part in getattr(query, "subqueries", ()):
            _terms_of(part, found)
    return found


def top_documents(query, searcher, terms: TermScores, limit: int) -> list[tuple[int, float]]:
    """(document, score) of the ``limit`` best documents for ``query``, best first, as Whoosh's
    ``searcher.search(query, limit=limit).items()`` gives them. Raises QueryTooBroad for a query
    left to Whoosh."""
    context = searcher.context()
    found: dict[int, float] = {}
    query_terms = _terms_of(query, set())
    for segment, (leaf, offset) in enumerate(searcher.leaf_searchers()):
        reader = leaf.reader()
        if sum(terms.size(term, segment, reader) for term in query_terms) > MOST_POSTINGS:
            raise QueryTooBroad("its terms meet too many documents")
        for document, score in _scores(query, segment, leaf, context, terms).items():
            found[offset + document] = score
    # TopCollector: the best scores, then the lowest document numbers.
    return heapq.nsmallest(limit, found.items(), key=lambda item: (-item[1], item[0]))
