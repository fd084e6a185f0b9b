"""A generated corpus for benchmarks: N articles × L languages, written as real content files.

Words come from each language's real text (the kiosk's own content and the Universal
Declaration of Human Rights in tests/data/udhr), so every analyzer sees its own script
and morphology; sentences are random, which is enough to measure speed.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UDHR = ROOT / "tests" / "data" / "udhr"  # copied into the repository, with its source note
# Twelve languages, every kind of analysis: Snowball, lemmas, Arabic script, n-grams.
LANGUAGES = ["en", "fr", "nl", "ar", "uk", "ru", "es", "tr", "ro", "fa", "ti", "so"]
TOPICS = ["housing", "health", "employment", "administration", "education", "daily-life"]
_WORD = re.compile(r"[^\W\d_]{2,}")


def vocabulary(lang: str) -> list[str]:
    """Real words of one language, repeated as often as they occur (a natural distribution)."""
    texts = [p.read_text("utf-8") for p in sorted((UDHR / lang).glob("article_*.txt"))]
    texts += [p.read_text("utf-8").split("---", 2)[-1] for p in (ROOT / "content").glob(f"*/*/{lang}.md")]
    return _WORD.findall(" ".join(texts))


def sentence(words: list[str], rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(words) for _ in range(rng.randint(low, high)))


def write_corpus(root: Path, articles: int, languages=LANGUAGES, seed: int = 7) -> dict:
    """Write topics.yaml and articles × languages files; return what a query set needs."""
    rng = random.Random(seed)
    words = {lang: vocabulary(lang) for lang in languages}
    root.mkdir(parents=True, exist_ok=True)
    topics = "\n".join(f"- id: {t}\n  pictogram: home\n  title: {{en: {t}}}" for t in TOPICS)
    (root / "topics.yaml").write_text(topics + "\n", encoding="utf-8")
    samples = []
    for number in range(articles):
        folder = root / TOPICS[number % len(TOPICS)] / f"article-{number}"
        folder.mkdir(parents=True)
        for position, lang in enumerate(languages):
            title = sentence(words[lang], rng, 3, 7)
            keywords = [rng.choice(words[lang]) for _ in range(5)]
            body = "\n\n".join(sentence(words[lang], rng, 12, 25) + "." for _ in range(rng.randint(8, 16)))
            meta = (
                "revision: 1" if position == 0 else f"translation: {{from: {languages[0]}, revision: 1, machine: true}}"
            )
            (folder / f"{lang}.md").write_text(
                f'---\ntitle: "{title}"\nsummary: "{sentence(words[lang], rng, 12, 20)}"\n'
                f"keywords: [{', '.join(keywords)}]\nsource: https://example.org/\nupdated: 2026-11-26\n{meta}\n"
                f"---\n{body}\n",
                encoding="utf-8",
            )
            if rng.random() < 0.05:
                samples.append((lang, title.split()))
    return {"samples": samples, "languages": list(languages)}


def typo(word: str, rng: random.Random) -> str:
    """One edit: swap, drop or double a letter."""
    at = rng.randrange(1, len(word) - 1)
    edit = rng.choice(["swap", "drop", "double"])
    if edit == "swap":
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    if edit == "drop":
        return word[:at] + word[at + 1 :]
    return word[:at] + word[at] + word[at:]


def make_queries(corpus: dict, count: int = 300, seed: int = 11) -> list[tuple[str, str, str]]:
    """(text, visitor language, plain text for FTS5): plain, typo'd and cross-language queries."""
    rng = random.Random(seed)
    queries = []
    for _ in range(count):
        lang, title = rng.choice(corpus["samples"])
        picked = rng.sample(title, k=min(len(title), rng.randint(1, 2)))
        plain = " ".join(picked)
        kind = rng.random()
        text = plain
        if kind < 0.25:
            long_words = [w for w in picked if len(w) >= 6]
            if long_words:
                text = plain.replace(long_words[0], typo(long_words[0], rng), 1)
        visitor = rng.choice(corpus["languages"]) if kind > 0.75 else lang
        queries.append((text, visitor, plain))
    return queries
