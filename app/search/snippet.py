"""The text around the words that matched, for a search result: escaped, with the matches in
<mark>. No Flask."""

from __future__ import annotations

import html
import re
from collections import deque

from .analysis import WORD_PATTERN, analysis_kind

SNIPPET_WORDS = 28
_WORD = re.compile(WORD_PATTERN)


def snippet_html(text: str, lang: str, opened, query_tokens: dict[str, set[str]]) -> str:
    """About SNIPPET_WORDS words around the first match, escaped, with matches in <mark>.

    Read in one pass that stops at the end of the window: the words after it are never
    analysed (analysing whole texts for one window was most of a search page's snippet cost).
    """
    wanted = query_tokens.get(lang, set())
    ngram = analysis_kind(lang) == "ngram"
    known: dict[str, bool] = {}  # a text repeats its words: each is analysed once here

    def matches(word: str) -> bool:
        found = known.get(word)
        if found is None:
            tokens = opened.tokens(lang, word)
            found = bool(tokens) and (tokens[0] in wanted if ngram else not wanted.isdisjoint(tokens))
            known[word] = found
        return found

    before = SNIPPET_WORDS // 3
    head: list[re.Match] = []  # the first words, shown when nothing matches
    window: deque[re.Match] = deque(maxlen=before + 1)  # until a match: the words before it and it
    marked: list[re.Match] = []
    skipped, matched, more = 0, False, False
    for word in _WORD.finditer(text[:4000]):
        if not matched:
            if len(head) < SNIPPET_WORDS:
                head.append(word)
            if len(window) == window.maxlen:
                skipped += 1
            window.append(word)
            if wanted and matches(word.group(0)):
                matched = True
                marked.append(word)
                window = list(window)
            continue
        if len(window) == SNIPPET_WORDS:
            more = True
            break
        window.append(word)
        if matches(word.group(0)):
            marked.append(word)
    if not matched:
        more = skipped + len(window) > len(head)
        window, skipped = head, 0
    if not window:
        return ""
    start, end = window[0].start(), window[-1].end()
    pieces, cursor = [], start
    for word in marked:
        pieces.append(html.escape(text[cursor : word.start()]))
        pieces.append(f"<mark>{html.escape(word.group(0))}</mark>")
        cursor = word.end()
    pieces.append(html.escape(text[cursor:end]))
    return ("… " if skipped else "") + "".join(pieces) + (" …" if more else "")
