"""The text around the words that matched, for a search result: escaped, with the matches in
<mark>. No Flask.

A document's words are analysed once (``AnalysedText``) and kept by the open build for the
documents shown most: a snippet is then a look-up of where the first wanted token stands, not
a walk over the text, whatever the query.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from .analysis import WORD_PATTERN, analysis_kind
from .kept import kept

SNIPPET_WORDS = 28
WORDS_BEFORE_MATCH = SNIPPET_WORDS // 3
# Snippets come from the beginning of a text: a match further in is too far into the article to
# be what the visitor looked for, and reading less keeps the analysis of a long text cheap.
SNIPPET_TEXT_CHARS = 4000
# Snippets kept per analysed text (a few hundred bytes each); emptied when full.
SNIPPETS_PER_TEXT = 8
_WORD = re.compile(WORD_PATTERN)


@dataclass(frozen=True)
class AnalysedText:
    """The words of (the start of) a text: where each stands, and where each token is."""

    text: str
    spans: tuple[tuple[int, int], ...]  # (start, end) of each word
    places: dict[str, tuple[int, ...]]  # token -> the numbers of the words that have it, in order
    # Snippets made, by the tokens of the text they mark: searches that share a word of this text
    # share its snippet ("permis de conduire" and "permis travail" mark the same "permis").
    made: dict[frozenset[str], str] = field(default_factory=dict, compare=False, repr=False)


def analyse_text(text: str, lang: str, opened) -> AnalysedText:
    """``text``'s words with their tokens. In n-gram languages a word matches by its whole-word
    token only: its grams would mark every word sharing two letters with the query."""
    text = text[:SNIPPET_TEXT_CHARS]
    whole_word_only = analysis_kind(lang) == "ngram"
    spans, places = [], {}
    for number, word in enumerate(_WORD.finditer(text)):
        analysed = opened.tokens(lang, word.group(0))
        spans.append(word.span())
        for token in analysed[:1] if whole_word_only else analysed:
            places.setdefault(token, []).append(number)
    return AnalysedText(text, tuple(spans), {token: tuple(numbers) for token, numbers in places.items()})


def snippet_from(analysed: AnalysedText, wanted: set[str] | frozenset[str]) -> str:
    """About SNIPPET_WORDS words from a few words before the first match, escaped, with every
    match in the window in <mark>; the text's first words when nothing matches."""
    matching = frozenset(token for token in wanted if token in analysed.places)
    return kept(analysed.made, matching, lambda: _snippet(analysed, matching), SNIPPETS_PER_TEXT)


def _snippet(analysed: AnalysedText, matching: frozenset[str]) -> str:
    spans, count = analysed.spans, len(analysed.spans)
    if not count:
        return ""
    # The words that match, from where each token stands: a search wants a few tokens, and
    # looking at each of the window's words in turn was most of a snippet's time.
    matched = [analysed.places[token] for token in matching]
    start = max(0, min(numbers[0] for numbers in matched) - WORDS_BEFORE_MATCH) if matched else 0
    end = min(count, start + SNIPPET_WORDS)
    marked = sorted({number for numbers in matched for number in numbers if start <= number < end})
    text, pieces, cursor = analysed.text, [], spans[start][0]
    for number in marked:
        word_start, word_end = spans[number]
        pieces.append(html.escape(text[cursor:word_start]))
        pieces.append(f"<mark>{html.escape(text[word_start:word_end])}</mark>")
        cursor = word_end
    pieces.append(html.escape(text[cursor : spans[end - 1][1]]))
    return ("… " if start else "") + "".join(pieces) + (" …" if end < count else "")


def snippet_html(text: str, lang: str, opened, query_tokens: dict[str, set[str]]) -> str:
    """The snippet of ``text`` for a search's tokens in ``lang`` (analysing the text now)."""
    return snippet_from(analyse_text(text, lang, opened), query_tokens.get(lang, set()))
