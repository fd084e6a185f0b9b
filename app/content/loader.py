"""Read the content folder into a ContentSet, collecting every problem instead of failing.

A broken file is reported (path, line, message) and skipped; everything else is served. The
files are read by ``articles`` (articles and recordings) and ``data_files`` (topics, synonyms,
places, events, notices, redirects), each against the fields declared for its kind
(``specs``; the types in ``fields``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path

from . import articles, data_files, parsed_yaml
from .files import MAX_FILE_BYTES, UnusableFile, conflict_marker, content_fingerprint, read_content_file
from .model import Article, ArticleVersion, ContentSet, Problem, Topic
from .parsed_yaml import ParsedYaml
from .reader import OTHER_FOLDERS, REDIRECTS_FILE, TOPICS_FILE, Reader
from .rendered_bodies import RenderedBodies, store_file
from .specs import MIN_KEYWORDS

__all__ = [
    "MAX_FILE_BYTES",
    "MIN_KEYWORDS",
    "OTHER_FOLDERS",
    "REDIRECTS_FILE",
    "RENDERED",
    "TOPICS_FILE",
    "UnusableFile",
    "check_topics_text",
    "conflict_marker",
    "content_fingerprint",
    "load_content",
    "read_article_text",
    "read_content_file",
]

# Rendered article bodies of the latest load, per file revision: a load after a publication
# renders only what changed (rendering was most of a load once YAML was read by libyaml).
RENDERED = RenderedBodies()
# Front matter and data files of the latest load, parsed once per text (parsed_yaml.py).
PARSED = ParsedYaml()


def load_content(
    root: Path,
    languages: Collection[str],
    pictogram_exists: Callable[[str], bool] | None = None,
    cache_dir: Path | None = None,
) -> ContentSet:
    """Load topics and articles under ``root``; never raises on bad content.

    ``cache_dir``: where rendered bodies are kept between loads and processes (the server's
    cache folder); without it, a fresh process renders every body."""
    root = Path(root)
    store = None if cache_dir is None else store_file(cache_dir, root)
    parsed_store = None if cache_dir is None else parsed_yaml.store_file(cache_dir, root)
    reader = Reader(root, set(languages), pictogram_exists, RENDERED.load(store), PARSED.load(parsed_store))
    topics = data_files.read_topics(reader)
    topic_ids = {topic.id for topic in topics}
    found = articles.read_articles(reader, topic_ids)
    reader.bodies.finish()
    synonyms = data_files.read_synonyms(reader)
    places = data_files.read_places(reader, topic_ids)
    events = data_files.read_events(reader, topic_ids, set(places))
    articles.check_article_places(reader, found, places)
    moved, archived = data_files.read_redirects(reader, found)
    notices = data_files.read_notices(reader)
    reader.parsed.finish()
    return ContentSet(
        topics=topics,
        articles=found,
        synonyms=synonyms,
        places=places,
        events=events,
        notices=notices,
        problems=sorted(reader.problems, key=lambda p: (str(p.path), p.line)),
        root=root,
        fingerprint=reader.fingerprint.hexdigest(),
        moved=moved,
        archived=archived,
    )


def read_article_text(
    root: Path, path: Path, text: str, languages: Collection[str], others: Article | None = None
) -> tuple[ArticleVersion | None, list[Problem]]:
    """Check the text of one article file as `content check` would, without writing it: the
    file's own problems, and (with ``others``, the article's other files) its original and
    translations seen together. For the studio, before a save."""
    reader = Reader(Path(root), set(languages), None, RENDERED.load())
    lang = Path(path).stem
    version = articles.version_from_text(reader, Path(path), lang, text.replace("\r\n", "\n"))
    if version is not None and others is not None:
        article = Article(others.topic, others.slug, {**others.versions, lang: version})
        articles.check_originals(reader, article, only=lang)
    return version, reader.problems


def check_topics_text(
    root: Path, text: str, languages: Collection[str], pictogram_exists: Callable[[str], bool] | None = None
) -> tuple[list[Topic], list[Problem]]:
    """The topics of a topics.yaml text and its problems, as `content check` finds them (the
    studio checks a new topic list before writing it)."""
    reader = Reader(Path(root), set(languages), pictogram_exists, RENDERED.load())
    topics = data_files.topics_from_text(reader, Path(root) / TOPICS_FILE, text)
    return topics or [], reader.problems
