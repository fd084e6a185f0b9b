"""`flask content …`: check, status, stamp, readability and the README's content tables."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click
from flask.cli import AppGroup

from ..content.readability import SCORED_LANGUAGES, measure, median_score
from ..content.status import format_status, translation_status, used_languages
from ..places import BRUSSELS
from ..places.todo import DEFAULT_STALE_AFTER_DAYS, format_place_todo, place_todo
from .common import record_source_texts as _record_source_texts
from .common import running_kiosk as _kiosk

content_cli = AppGroup("content", help="Check, publish and follow the content files.")


@content_cli.command("check")
@click.option("--verbose", is_flag=True, help="List every warning, not one line per kind of warning.")
def content_check(verbose: bool):
    """Validate every content file; print path:line: message per problem; exit 1 if any.

    Warnings (texts not in every language, entities left in text…) do not fail the check; they
    are counted per kind, or listed one by one with --verbose."""
    from ..content.checks import check_content, summarise

    kiosk = _kiosk()
    content = kiosk.content_on_disk()
    found = sorted([*content.problems, *check_content(content, kiosk.languages.codes)], key=_where)
    problems = [problem for problem in found if not problem.warning]
    warnings = [problem for problem in found if problem.warning]
    for problem in problems:
        click.echo(problem.format(kiosk.config.content_dir))
    # Warnings on standard error: standard output stays the list of what fails the check.
    if verbose:
        for warning in warnings:
            click.echo(f"warning: {warning.format(kiosk.config.content_dir)}", err=True)
    else:
        for what, count, first in summarise(warnings):
            example = first.format(kiosk.config.content_dir)
            click.echo(f"warning: {count} × {what}, such as {example}", err=True)
        if warnings:
            click.echo("(--verbose lists every warning)", err=True)
    versions = sum(len(a.versions) for a in content.articles.values())
    summary = (
        f"{len(content.topics)} topics, {len(content.articles)} articles, {versions} files read, "
        f"{len(content.places)} places, {len(content.events)} events"
    )
    summary += f"; {len(warnings)} warning(s)" if warnings else ""
    if problems:
        click.echo(f"{len(problems)} problem(s) found; {summary}", err=True)
        sys.exit(1)
    click.echo(f"No problems; {summary}", err=True)


def _where(problem) -> tuple[str, int]:
    return str(problem.path), problem.line


@content_cli.command("status")
@click.option("--markdown", is_flag=True, help="Print a Markdown table instead of aligned text.")
@click.option("--all-languages", is_flag=True, help="Show every configured language, even with no file.")
@click.option("--places", is_flag=True, help="Print the staff to-do for places instead: missing facts, old checks.")
@click.option(
    "--stale-after",
    type=click.IntRange(min=1),
    default=DEFAULT_STALE_AFTER_DAYS,
    show_default=True,
    metavar="DAYS",
    help="With --places: a place last verified more than DAYS ago is listed.",
)
def content_status(markdown: bool, all_languages: bool, places: bool, stale_after: int):
    """Print articles × languages: original, current, machine-assisted, outdated, missing.

    With --places, print per place what is still to find out (address, opening hours, phone,
    website, languages, source) and which places were not verified for --stale-after days.
    """
    kiosk = _kiosk()
    content = kiosk.content_on_disk()
    if places:
        today = datetime.now(BRUSSELS).date()
        click.echo(format_place_todo(place_todo(content.places.values(), today, stale_after)), nl=False)
        return
    rows = translation_status(content, kiosk.languages.codes)
    languages = kiosk.languages.codes if all_languages else used_languages(rows, kiosk.languages.codes)
    click.echo(format_status(rows, languages, markdown=markdown), nl=False)


@content_cli.command("stamp")
@click.argument("article_key", metavar="TOPIC/ARTICLE")
@click.argument("languages", nargs=-1, metavar="[LANGUAGE…]")
@click.option("--reviewed", is_flag=True, help="Also mark the translations as reviewed (machine: false).")
@click.option("--minor", is_flag=True, help="The original had a minor edit: translations stay current.")
@click.option(
    "--major", is_flag=True, help="The original changed: give it a new revision (translations become outdated)."
)
def content_stamp(article_key: str, languages: tuple[str, ...], reviewed: bool, minor: bool, major: bool):
    """Mark translations as current after a review, or record an edit of the original.

    \b
    content stamp housing/rental-deposit fr ar   fr.md and ar.md now follow the original's revision
    content stamp housing/rental-deposit --minor the original's edit needs no new translation
    content stamp housing/rental-deposit --major the original changed: new revision number
    """
    from ..content.stamp import StampError, bump_revision, stamp_translation
    from ..records import replace_source_text
    from ..web.extensions import db

    kiosk = _kiosk()
    content = kiosk.content_on_disk()
    article = content.articles.get(article_key.strip("/"))
    if article is None or article.original is None:
        raise click.ClickException(
            f"no article {article_key!r} with an original (use topic/article, e.g. housing/rental-deposit)"
        )
    if sum((bool(languages), minor, major)) != 1:
        raise click.ClickException("give either languages to stamp, or --minor, or --major")
    original = article.original
    today = datetime.now(BRUSSELS).date()  # a stamp is the day visitors read as "Last updated"
    try:
        if major:
            revision = bump_revision(original.path, today=today)
            click.echo(
                f"{article.key}: the original ({original.lang}) is now at revision {revision}; "
                "its translations are outdated"
            )
        elif minor:
            replace_source_text(db.session, article)
            db.session.commit()
            click.echo(
                f"{article.key}: the edit of the original is minor; "
                f"translations stay current at revision {original.revision}"
            )
        for code in languages:
            version = article.versions.get(code)
            if version is None or version.translation is None:
                raise click.ClickException(f"{article.key} has no translation in {code!r}")
            stamp_translation(version.path, original.revision, reviewed=reviewed, today=today)
            click.echo(
                f"{article.key} {code}: current (translated from revision {original.revision})"
                + (", reviewed" if reviewed else "")
            )
    except StampError as error:
        raise click.ClickException(str(error)) from None
    if major or languages:
        # Keep the texts of the revisions stamped now, to show later what changes after them.
        _record_source_texts(kiosk.content_on_disk())


def readability_table(content) -> tuple[str, float | None]:
    """A Markdown table of reading-ease scores and the median over every scored file."""
    # A card-only translation has no text to score: its language counts only where it has texts.
    texts = {(a.key, v.lang): v for a in content.articles.values() for v in a.readable_versions()}
    scored = [code for code in SCORED_LANGUAGES if any(lang == code for _, lang in texts)]
    lines = ["| article | " + " | ".join(scored) + " |", "|---|" + "---|" * len(scored)]
    readings = []
    for article in sorted(content.articles.values(), key=lambda a: a.key):
        cells = []
        for code in scored:
            version = texts.get((article.key, code))
            reading = measure(version.body_html, code) if version else None
            if reading:
                readings.append(reading)
            cells.append(f"{reading.score:.0f}" if reading and reading.score is not None else "·")
        lines.append(f"| {article.key} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n", median_score(readings)


@content_cli.command("readability")
def content_readability():
    """Print a Flesch reading-ease score per article for the languages that have a formula."""
    table, median = readability_table(_kiosk().content_on_disk())
    click.echo(table, nl=False)
    click.echo(f"\nMedian reading ease: {median} (higher is easier; 60-70 is plain language)")


@content_cli.command("readme")
@click.argument("readme", type=click.Path(exists=True, dir_okay=False), default="README.md")
def content_readme(readme: str):
    """Rewrite the generated tables of the README (between their marker comments)."""
    kiosk = _kiosk()
    content = kiosk.content_on_disk()
    rows = translation_status(content, kiosk.languages.codes)
    status = format_status(rows, used_languages(rows, kiosk.languages.codes), markdown=True)
    table, median = readability_table(content)
    sections = {
        "content-status": status,
        "readability": f"Median reading ease over every scored file: **{median}**.\n\n{table}",
    }
    text = Path(readme).read_text("utf-8")
    for name, body in sections.items():
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        if start not in text or end not in text:
            raise click.ClickException(f"{readme} has no {start} … {end} markers")
        before, rest = text.split(start, 1)
        text = before + start + "\n" + body + end + rest.split(end, 1)[1]
    Path(readme).write_text(text, encoding="utf-8")
    click.echo(f"Updated {readme}: {len(rows)} articles, median reading ease {median}", err=True)
