"""Article files: <topic>/<article>/<lang>.md, front matter read against ARTICLE_FIELDS, the
original and its translations seen together, and recordings beside them. No Flask."""

from __future__ import annotations

import functools
from pathlib import Path

from .field_types import SLUG
from .fields import read_fields
from .frontmatter import FrontMatterError, split_front_matter
from .model import Article, ArticleVersion
from .reader import OTHER_FOLDERS, REDIRECTS_FILE, TOPICS_FILE, Reader
from .recordings import AUDIO_TYPES, Recording, recording_problem
from .specs import ARTICLE_FIELDS


def read_articles(reader: Reader, topic_ids: set[str]) -> dict[str, Article]:
    articles: dict[str, Article] = {}
    recordings: list[Path] = []
    for path in sorted(reader.root.rglob("*")):
        relative = path.relative_to(reader.root)
        if any(part.startswith(".") for part in relative.parts) or path.is_dir():
            continue
        if relative.parts[0] in OTHER_FOLDERS or relative.as_posix() in (TOPICS_FILE, REDIRECTS_FILE, "README.md"):
            continue
        if len(relative.parts) == 3 and path.suffix.lower() in AUDIO_TYPES:
            recordings.append(path)
            continue
        version_key = _place_of(reader, path, relative, topic_ids)
        if version_key is None:
            continue
        topic, slug, lang = version_key
        version = _read_version(reader, path, lang)
        if version is not None:
            article = articles.setdefault(f"{topic}/{slug}", Article(topic, slug))
            article.versions[lang] = version
    for article in articles.values():
        check_originals(reader, article)
    for path in recordings:
        _attach_recording(reader, path, articles)
    return articles


def _attach_recording(reader: Reader, path: Path, articles: dict[str, Article]) -> None:
    """<topic>/<article>/<lang>.mp3 (.ogg, .wav): an article's audio recorded by staff."""
    topic, slug, filename = path.relative_to(reader.root).parts
    lang = filename[: -len(path.suffix)]
    article = articles.get(f"{topic}/{slug}")
    if lang not in reader.languages:
        reader.problem(path, 1, f"unknown language code {lang!r} (configured: {', '.join(sorted(reader.languages))})")
    elif article is None:
        reader.problem(path, 1, "a recording of no article: put it beside the article's <lang>.md files")
    elif lang in article.recordings:
        reader.problem(path, 1, f"a second recording in {lang!r}: keep one of {lang}.mp3, {lang}.ogg, {lang}.wav")
    elif (problem := recording_problem(reader.root, path)) is not None:
        reader.problem(path, 1, problem)
    else:
        article.recordings[lang] = Recording(lang, path, AUDIO_TYPES[path.suffix.lower()])


def _place_of(reader: Reader, path: Path, relative: Path, topic_ids: set[str]):
    """(topic, slug, lang) when the file is where an article file belongs, else report."""
    parts = relative.parts
    expected = "articles go in <topic>/<article>/<lang>.md"
    if len(parts) != 3 or path.suffix != ".md":
        if path.suffix == ".md":
            reader.problem(path, 1, f"language file in the wrong place: {expected}")
        else:
            reader.problem(path, 1, f"unexpected file: {expected}", fatal=False)
        return None
    topic, slug, filename = parts
    lang = filename[: -len(".md")]
    if topic not in topic_ids:
        reader.problem(path, 1, f"unknown topic {topic!r}: add it to {TOPICS_FILE} or move the article")
        return None
    if not SLUG.match(slug):
        reader.problem(path, 1, f"article folder {slug!r} must be lower-case letters, digits and hyphens")
        return None
    if lang not in reader.languages:
        reader.problem(path, 1, f"unknown language code {lang!r} (configured: {', '.join(sorted(reader.languages))})")
        return None
    return topic, slug, lang


def _read_version(reader: Reader, path: Path, lang: str) -> ArticleVersion | None:
    text = reader.read_text(path)
    return None if text is None else version_from_text(reader, path, lang, text, checked=True)


def version_from_text(reader: Reader, path: Path, lang: str, text: str, checked: bool = False) -> ArticleVersion | None:
    """The version a file's text makes, or None after reporting why it is unusable."""
    if not checked:
        text = reader.checked_text(path, text)
        if text is None:
            return None
    try:
        parts = split_front_matter(text)
    except FrontMatterError as error:
        reader.problem(path, error.line, error.message)
        return None
    document = reader.yaml(path, parts.front, first_line=parts.front_first_line)
    if document is None:
        return None
    if not isinstance(document.data, dict):
        reader.problem(path, 2, ARTICLE_FIELDS.not_a_mapping)
        return None
    reading = read_fields(ARTICLE_FIELDS, document.data, reader.context(lang=lang), document)
    reader.report(path, reading.issues)
    if not reading.usable:
        return None
    values = reading.values
    front = document.data

    draft, publish_on, expires_on = values["draft"], values["publish_on"], values["expires_on"]
    if "draft" in reading.failed:
        draft = True  # unclear: kept from visitors until staff say
    if {"publish_on", "expires_on"} & reading.failed:
        draft, publish_on, expires_on = True, None, None  # an unreadable date shows nothing early
    elif publish_on and expires_on and expires_on <= publish_on:
        reader.problem(path, document.line("expires_on"), "'expires_on' must come after 'publish_on'")

    revision, translation = values["revision"], values["translation"]
    if translation is None:
        revision = revision or 1
    else:
        if front.get("revision") is not None:
            reader.problem(
                path,
                document.line("revision"),
                "a translation has no 'revision'; it names the original's in translation.revision",
                fatal=False,
            )
        revision = None
    if translation is None and not parts.body.strip():
        # A translation with no text is a card (title, summary, keywords); an original needs a text.
        reader.problem(path, parts.closing_line, "no text under the front matter: the original needs one", fatal=False)
    if values["places"]:
        # Looked up only for a place that turns out to be unknown: a line needs the YAML's node
        # marks, which YAML read from the cache folder (parsed_yaml.py) makes only when asked.
        reader.place_lines[path] = functools.partial(_place_line, document, tuple(values["places"]))

    return ArticleVersion(
        lang=lang,
        title=values["title"],
        summary=values["summary"],
        keywords=values["keywords"],
        source=values["source"],
        updated=values["updated"],
        body=reader.bodies.render(parts.body, rtl=lang in reader.rtl_languages),
        path=path,
        revision=revision,
        translation=translation,
        places=values["places"],
        draft=draft,
        publish_on=publish_on,
        expires_on=expires_on,
    )


def _place_line(document, place_ids: tuple[str, ...], place_id: str) -> int:
    lines = {named: document.line("places", position) for position, named in enumerate(place_ids)}
    return lines.get(place_id, 1)


def check_article_places(reader: Reader, articles: dict[str, Article], places) -> None:
    """Every place an article names must have a file, or its card would be missing."""
    for article in articles.values():
        for version in article.versions.values():
            for place_id in version.places:
                if place_id not in places:
                    find = reader.place_lines.get(version.path)
                    line = find(place_id) if find is not None else 1
                    reader.problem(
                        version.path, line, f"unknown place {place_id!r} (no file places/{place_id}.yaml)", False
                    )


def check_originals(reader: Reader, article: Article, only: str | None = None) -> None:
    """Report an article without exactly one original; it is served all the same.
    ``only``: report only what concerns that language's file (the studio checking one)."""
    if only is not None:
        before = len(reader.problems)
        check_originals(reader, article)
        mine = article.versions[only].path
        kept = [p for p in reader.problems[before:] if p.path == mine or p.path == mine.parent]
        reader.problems[before:] = kept
        return
    originals = [v for v in article.versions.values() if v.translation is None]
    some_file = next(iter(article.versions.values())).path
    if not originals:
        reader.problem(
            some_file.parent,
            1,
            "no original: one file must have no translation block (the article is served, "
            "but its translations cannot be told current or outdated)",
            fatal=False,
        )
        return
    original = article.original  # what every page and report uses as the original
    if len(originals) > 1:
        names = ", ".join(sorted(v.path.name for v in originals))
        reader.problem(
            some_file.parent,
            1,
            f"{len(originals)} originals ({names}): all but one need a translation block; "
            f"{original.path.name} is used as the original meanwhile",
            fatal=False,
        )
    for version in article.versions.values():
        translation = version.translation
        if translation is None:
            continue
        if translation.source_lang != original.lang:
            reader.problem(
                version.path,
                1,
                f"translated from {translation.source_lang!r}, but the original is {original.lang}.md",
                fatal=False,
            )
        elif translation.source_revision > (original.revision or 1):
            reader.problem(
                version.path,
                1,
                f"translation.revision {translation.source_revision} is newer than "
                f"the original's revision {original.revision}",
                fatal=False,
            )
