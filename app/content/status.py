"""Translation status: every article × language as original / current / card only / outdated / missing."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Article, ContentSet

# One short mark per state, the same in the terminal and in Markdown.
MARKS = {
    "original": "O",  # the original text
    "current": "✓",  # translated from the original's current revision, reviewed
    "machine": "m",  # current, machine-assisted and not yet reviewed by a native speaker
    "card": "c",  # current card only: title, summary and keywords; the text falls back
    "outdated": "!",  # translated from an older revision of the original
    "missing": "·",
}
LEGEND = (
    "O original · ✓ current translation, reviewed · m current, machine-assisted, not yet reviewed"
    " · c card only: title, summary and keywords; the text is read in another language"
    " · ! outdated (the original changed since) · · missing"
)


@dataclass(frozen=True)
class StatusRow:
    article: Article
    states: dict[str, str]  # language code → key of MARKS


def state_of(article: Article, lang: str) -> str:
    state = article.translation_state(lang)
    version = article.versions.get(lang)
    if state == "current" and version.card_only:
        return "card"
    if state == "current" and version.translation and version.translation.machine:
        return "machine"
    return state


def translation_status(content: ContentSet, languages: tuple[str, ...]) -> list[StatusRow]:
    """One row per article, in topic order, with the state of each language."""
    order = {topic.id: n for n, topic in enumerate(content.topics)}
    articles = sorted(content.articles.values(), key=lambda a: (order.get(a.topic, 99), a.slug))
    return [StatusRow(a, {code: state_of(a, code) for code in languages}) for a in articles]


def used_languages(rows: list[StatusRow], languages: tuple[str, ...]) -> tuple[str, ...]:
    """The languages that have at least one file, in configured order."""
    return tuple(c for c in languages if any(r.states[c] != "missing" for r in rows))


def format_status(rows: list[StatusRow], languages: tuple[str, ...], markdown: bool = False) -> str:
    """The status as a table: aligned text for a terminal, or a Markdown table."""
    header = ["article", *languages]
    body = [[row.article.key, *(MARKS[row.states[c]] for c in languages)] for row in rows]
    totals = ["files", *(str(sum(r.states[c] != "missing" for r in rows)) for c in languages)]
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(cells) + " |" for cells in [*body, totals]]
        return "\n".join(lines) + f"\n\n{LEGEND}\n"
    width = max(len(cells[0]) for cells in [header, *body])
    lines = [f"{cells[0]:<{width}}  " + " ".join(f"{c:>3}" for c in cells[1:]) for cells in [header, *body, totals]]
    return "\n".join(lines) + f"\n\n{LEGEND}\n"


def outdated(rows: list[StatusRow]) -> list[tuple[Article, str]]:
    """(article, language) of every outdated translation."""
    return [(row.article, code) for row in rows for code, state in row.states.items() if state == "outdated"]
