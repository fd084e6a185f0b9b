"""Which articles need translating into a language, and the files of one article. No Flask here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..content.model import Article, ContentSet
from ..content.status import state_of

# The states a translator has work in: no file yet, behind its original, or a machine draft.
TO_DO = ("missing", "outdated", "machine", "card")


@dataclass(frozen=True)
class ArticleFiles:
    """One article in one language, as paths inside the content folder."""

    key: str
    original_lang: str
    original_path: str
    revision: int
    path: str  # the translation's file, existing or not
    state: str  # status.state_of: missing, outdated, machine, card, current (original: not offered)


def article_files(content: ContentSet, article: Article, lang: str) -> ArticleFiles | None:
    """The files of ``article`` in ``lang`` (None when it has no original, or ``lang`` is it)."""
    original = article.original
    if original is None or original.lang == lang:
        return None
    root = Path(content.root)
    return ArticleFiles(
        key=article.key,
        original_lang=original.lang,
        original_path=original.path.relative_to(root).as_posix(),
        revision=original.revision or 1,
        path=f"{article.topic}/{article.slug}/{lang}.md",
        state=state_of(article, lang),
    )


def translation_work(content: ContentSet, lang: str, states=TO_DO) -> list[ArticleFiles]:
    """Every article whose translation into ``lang`` is in one of ``states``, in topic order."""
    order = {topic.id: n for n, topic in enumerate(content.topics)}
    found = []
    for article in sorted(content.articles.values(), key=lambda a: (order.get(a.topic, 99), a.slug)):
        files = article_files(content, article, lang)
        if files is not None and files.state in states:
            found.append(files)
    return found
