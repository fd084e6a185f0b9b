"""How often a typo in a longer title or keyword word misses the article it comes from.

Typos are generated, not collected: one letter dropped, one doubled, two neighbours swapped, in
every title and keyword word of 7+ letters of the articles of a language that, spelled right,
finds one of the articles holding it in the first three hits. A typo "misses" when none of them
comes up in the first three hits. The figures, from the
repository:

    PYTHONPATH=. .venv/bin/python tests/typo_queries.py [tr sq en nl ru]
"""

from __future__ import annotations

import random
import re
import sys
import tempfile

from app.config import load_config
from app.content import load_content
from app.search import Searcher, build_index
from app.search.analysis import WORD_PATTERN, fold_word

LANGUAGES = ("tr", "sq", "en", "nl", "ru")
MIN_LETTERS = 7
TOP = 3


def typos(word: str, rng: random.Random) -> list[tuple[str, str]]:
    """(kind, typo): a letter dropped, doubled, two swapped; never the first letter."""
    drop = rng.randrange(1, len(word))
    double = rng.randrange(1, len(word))
    swap = next((n for n in rng.sample(range(1, len(word) - 1), len(word) - 2) if word[n] != word[n + 1]), None)
    found = [("dropped", word[:drop] + word[drop + 1 :]), ("doubled", word[:double] + word[double] + word[double:])]
    if swap is not None:
        found.append(("swapped", word[:swap] + word[swap + 1] + word[swap] + word[swap + 2 :]))
    return found


def title_words(content, lang: str) -> dict[str, set[str]]:
    """{word as typed, lower-case: the articles whose title or keywords hold it}."""
    words: dict[str, set[str]] = {}
    for article in content.articles.values():
        version = article.versions.get(lang)
        if version is None:
            continue
        for text in (version.title, *version.keywords):
            for word in re.findall(WORD_PATTERN, text):
                if len(word) >= MIN_LETTERS and word.isalpha():
                    words.setdefault(word.lower(), set()).add(article.key)
    return words


def miss_rates(content, searcher: Searcher, languages=LANGUAGES, seed: int = 17):
    """{lang: (misses, typos, [(typo, word) missed…])}."""
    rng = random.Random(seed)
    rates = {}
    for lang in languages:
        words = title_words(content, lang)
        misses, tried = [], 0
        for word in sorted(words):
            wanted = words[word]
            if not wanted.intersection(_top(searcher, content, word, lang)):
                continue  # the word as written does not find its article: no typo could
            for _, typo in typos(word, rng):
                if fold_word(typo, lang) == fold_word(word, lang):
                    continue
                tried += 1
                if not wanted.intersection(_top(searcher, content, typo, lang)):
                    misses.append((typo, word))
        rates[lang] = (len(misses), tried, misses)
    return rates


def _top(searcher: Searcher, content, text: str, lang: str) -> list[str]:
    return [hit.article for hit in searcher.search(text, lang, synonyms=content.synonyms).hits[:TOP]]


def main(languages) -> None:
    config = load_config(environ={})
    content = load_content(config.content_dir, config.languages)
    with tempfile.TemporaryDirectory() as index_dir:
        build_index(content, index_dir, languages=config.languages)
        rates = miss_rates(content, Searcher(index_dir), languages)
    total_misses = sum(m for m, _, _ in rates.values())
    total = sum(t for _, t, _ in rates.values())
    for lang, (missed, tried, examples) in rates.items():
        print(f"{lang}: {missed}/{tried} missed ({missed / tried:.1%}); e.g. {examples[:6]}")
    print(f"all: {total_misses}/{total} missed ({total_misses / total:.1%})")


if __name__ == "__main__":
    main(tuple(sys.argv[1:]) or LANGUAGES)
