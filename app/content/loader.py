"""Read the content folder into a ContentSet, collecting every problem instead of failing.

A broken file is reported (path, line, message) and skipped; everything else is served.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable, Collection
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from ..events import event_from_mapping
from ..languages import UnknownLanguage, describe_language
from ..notices import notice_from_mapping
from ..places import place_from_mapping
from .frontmatter import FrontMatterError, split_front_matter
from .model import Article, ArticleVersion, ContentSet, Problem, Topic, Translation
from .recordings import AUDIO_TYPES, Recording, recording_problem
from .render import RenderedBodies
from .yamlsafe import YamlProblem, parse_yaml

MAX_FILE_BYTES = 256 * 1024
# Fewer keywords than this and an article is hard to find by the words people really type.
MIN_KEYWORDS = 3
TOPICS_FILE = "topics.yaml"
# Rendered article bodies of the latest load, per file revision: a load after a publication
# renders only what changed (rendering was most of a load once YAML was read by libyaml).
RENDERED = RenderedBodies()
# Folders at the top of content/ that hold other kinds of files than articles.
OTHER_FOLDERS = {"places", "events", "synonyms", "notices"}
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_KNOWN_FIELDS = {
    "title",
    "summary",
    "keywords",
    "source",
    "updated",
    "revision",
    "translation",
    "places",
    "draft",
    "publish_on",
    "expires_on",
}
# Old addresses of renamed, moved and archived articles (written by the staff studio).
REDIRECTS_FILE = "redirects.yaml"


def load_content(
    root: Path,
    languages: Collection[str],
    pictogram_exists: Callable[[str], bool] | None = None,
) -> ContentSet:
    """Load topics and articles under ``root``; never raises on bad content."""
    root = Path(root)
    reader = _Reader(root, set(languages), pictogram_exists, RENDERED.load())
    topics = reader.read_topics()
    articles = reader.read_articles({topic.id for topic in topics})
    reader.bodies.finish()
    synonyms = reader.read_synonyms()
    places = reader.read_places({topic.id for topic in topics})
    events = reader.read_events({topic.id for topic in topics}, set(places))
    reader.check_article_places(articles, places)
    moved, archived = reader.read_redirects(articles)
    notices = reader.read_notices()
    return ContentSet(
        topics=topics,
        articles=articles,
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
    reader = _Reader(Path(root), set(languages), None, RENDERED.load())
    lang = Path(path).stem
    version = reader.version_from_text(Path(path), lang, text.replace("\r\n", "\n"))
    if version is not None and others is not None:
        article = Article(others.topic, others.slug, {**others.versions, lang: version})
        reader.check_originals(article, only=lang)
    return version, reader.problems
def check_topics_text(
    root: Path, text: str, languages: Collection[str], pictogram_exists: Callable[[str], bool] | None = None
) -> tuple[list[Topic], list[Problem]]:
    """The topics of a topics.yaml text and its problems, as `content check` finds them (the
    studio checks a new topic list before writing it)."""
    reader = _Reader(Path(root), set(languages), pictogram_exists, RENDERED.load())
    topics = reader.topics_from_text(Path(root) / TOPICS_FILE, text)
    return topics or [], reader.problems


def content_fingerprint(root: Path) -> str:
    """A hash of every file under ``root``: it changes whenever any content changes.

    Read as the loader reads: regular files inside ``root`` only, each up to the size limit
    (a link to /dev/zero or a FIFO is hashed by name, never read).
    """
    root = Path(root)
    digest = hashlib.sha256()
    for path in _visible_files(root):
        digest.update(str(path.relative_to(root)).encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(read_content_file(root, path))
        except (UnusableFile, OSError) as error:
            digest.update(b"\0unusable:" + str(error).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _visible_files(root: Path) -> list[Path]:
    """Every file under ``root`` but hidden ones: the content's git repository (.git), the
    studio's temporary files (.name.tmp) and editors' swap files are not content."""
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        found.extend(Path(folder) / name for name in files if not name.startswith("."))
    return sorted(found)


class UnusableFile(Exception):
    """A content path that is not read: a link out of the folder, a special file, too large."""


def read_content_file(root: Path, path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path``, a regular file inside ``root``, read no further than ``limit``.

    Raises UnusableFile (with the reason for staff) for a path that resolves outside ``root``
    (a symbolic link out of the folder), for anything but a regular file (a FIFO would block,
    /dev/zero never ends) and for a file over ``limit``; OSError when it cannot be read.
    """
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    if os.path.commonpath([real_root, real]) != real_root:
        raise UnusableFile("a symbolic link to a file outside the content folder: not read")
    # O_NONBLOCK: opening a FIFO with no writer would otherwise wait for ever. The checks are
    # made on the opened file (fstat), so it cannot be swapped between the check and the read.
    fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise UnusableFile(f"not a regular file ({_file_kind(status.st_mode)}): only ordinary text files are read")
        if status.st_size > limit:
            raise UnusableFile(f"file is {status.st_size // 1024} KiB; the limit is {limit // 1024} KiB")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(64 * 1024, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        # It grew while it was read: still no more than the limit was read.
        raise UnusableFile(f"file is over {limit // 1024} KiB; the limit is {limit // 1024} KiB")
    return b"".join(chunks)


def _file_kind(mode: int) -> str:
    kinds = {
        stat.S_ISFIFO: "a named pipe (FIFO)",
        stat.S_ISCHR: "a character device",
        stat.S_ISBLK: "a block device",
        stat.S_ISSOCK: "a socket",
        stat.S_ISDIR: "a folder",
    }
    return next((name for test, name in kinds.items() if test(mode)), "a special file")


class _Reader:
    def __init__(self, root: Path, languages: set[str], pictogram_exists, bodies: RenderedBodies.Load):
        self.root = root
        self.bodies = bodies
        self.languages = languages
        self.rtl_languages = {code for code in languages if _is_rtl(code)}
        self.pictogram_exists = pictogram_exists
        self.problems: list[Problem] = []
        self.fingerprint = hashlib.sha256()

    def problem(self, path: Path, line: int, message: str, fatal: bool = True) -> None:
        self.problems.append(Problem(path, line, message, fatal))

    # -- reading files -------------------------------------------------------------------

    def read_text(self, path: Path) -> str | None:
        """The file as text, or None after reporting why it cannot be used."""
        try:
            data = read_content_file(self.root, path)
        except UnusableFile as error:
            self.problem(path, 1, str(error))
            return None
        except OSError as error:
            self.problem(path, 1, f"cannot read the file ({error.strerror or error})")
            return None
        self.fingerprint.update(str(path.relative_to(self.root)).encode("utf-8", "surrogateescape") + b"\0")
        self.fingerprint.update(data)
        if not data.strip():
            self.problem(path, 1, "the file is empty")
            return None
        if b"\0" in data:
            line = data[: data.index(b"\0")].count(b"\n") + 1
            self.problem(path, line, "binary data (a NUL byte): this is not a text file")
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            self.problem(path, line, f"invalid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8")
            return None
        return self.checked_text(path, text)

    def checked_text(self, path: Path, text: str) -> str | None:
        """The text ready to read, or None after reporting a merge conflict in it."""
        text = text.removeprefix("\ufeff").replace("\r\n", "\n")
        marker = conflict_marker(text)
        if marker is not None:
            line, sign = marker
            self.problem(path, line, f"a merge conflict marker ({sign}): keep one version and remove the markers")
            return None  # never served: visitors would read both versions and the markers
        return text

    # -- topics ------------------------------------------------------------------------

    def read_topics(self) -> list[Topic]:
        """Topics from topics.yaml; when it is unusable, from the folders, so articles still serve."""
        topics = self._read_topics_file()
        if topics is None:
            folders = (
                sorted(
                    p.name
                    for p in self.root.iterdir()
                    if p.is_dir() and not p.is_symlink() and _SLUG.match(p.name) and p.name not in OTHER_FOLDERS
                )
                if self.root.is_dir()
                else []
            )
            topics = [Topic(id=name, pictogram="", titles={}) for name in folders]
        return topics

    def _read_topics_file(self) -> list[Topic] | None:
        path = self.root / TOPICS_FILE
        if not os.path.lexists(path):
            self.problem(path, 1, f"missing {TOPICS_FILE}: the list of topics")
            return None
        text = self.read_text(path)
        if text is None:
            return None
        return self.topics_from_text(path, text)

    def topics_from_text(self, path: Path, text: str) -> list[Topic] | None:
        try:
            data = parse_yaml(text)
        except YamlProblem as error:
            self.problem(path, error.line, error.message)
            return None
        if not isinstance(data, list):
            self.problem(path, 1, "topics.yaml must be a list of topics (lines starting with '- id:')")
            return None
        topics, lines = [], _key_lines(text, "id")
        for position, entry in enumerate(data):
            line = lines[position] if position < len(lines) else 1
            topic = self._topic(path, line, entry, {t.id for t in topics})
            if topic:
                topics.append(topic)
        return topics

    def _topic(self, path: Path, line: int, entry, seen: set[str]) -> Topic | None:
        if not isinstance(entry, dict):
            self.problem(path, line, "each topic must be a mapping with id, pictogram and title")
            return None
        topic_id, pictogram, titles = entry.get("id"), entry.get("pictogram"), entry.get("title")
        if not isinstance(topic_id, str) or not _SLUG.match(topic_id):
            self.problem(path, line, f"topic id {topic_id!r} must be lower-case letters, digits and hyphens")
            return None
        if topic_id in seen or topic_id in OTHER_FOLDERS:
            self.problem(path, line, f"topic id {topic_id!r} is used twice or is reserved")
            return None
        if (
            not isinstance(titles, dict)
            or not titles
            or not all(isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in titles.items())
        ):
            self.problem(path, line, f"topic {topic_id!r} needs a title per language (title: {{en: …}})")
            return None
        for code in titles:
            if code not in self.languages:
                self.problem(path, line, f"topic {topic_id!r}: unknown language code {code!r}", fatal=False)
        if not isinstance(pictogram, str) or not pictogram:
            self.problem(path, line, f"topic {topic_id!r} needs a pictogram (an icon name)", fatal=False)
            pictogram = ""
        elif self.pictogram_exists and not self.pictogram_exists(pictogram):
            self.problem(path, line, f"topic {topic_id!r}: no pictogram named {pictogram!r}", fatal=False)
        titles = {k: v.strip() for k, v in titles.items() if k in self.languages}
        return Topic(id=topic_id, pictogram=pictogram, titles=titles)

    # -- synonyms ----------------------------------------------------------------------

    def read_synonyms(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """synonyms/<lang>.yaml: a list of groups, each a list of words or phrases."""
        synonyms = {}
        files = self._yaml_files(
            "synonyms",
            lambda stem: stem in self.languages,
            "synonym files are named <language code>.yaml, e.g. synonyms/fr.yaml",
        )
        for path, text, data in files:
            lines = [n for n, line in enumerate(text.split("\n"), start=1) if line.startswith("-")]
            groups = []
            for position, group in enumerate(data if isinstance(data, list) else [data]):
                line = lines[position] if position < len(lines) else 1
                if (
                    not isinstance(group, list)
                    or len(group) < 2
                    or not all(isinstance(word, (str, int)) and str(word).strip() for word in group)
                ):
                    self.problem(path, line, "each synonym group is a list of two or more words: - [flat, apartment]")
                    continue
                groups.append(tuple(" ".join(str(word).split()) for word in group))
            synonyms[path.stem] = tuple(groups)
        return synonyms

    # -- places and events ----------------------------------------------------------------

    def _read_mappings(self, folder_name: str):
        """(id, path, parsed YAML, top-level key lines) for each <folder>/<id>.yaml."""
        files = self._yaml_files(
            folder_name,
            _SLUG.match,
            f"{folder_name} files are named <id>.yaml in lower-case letters, digits, hyphens",
        )
        for path, text, data in files:
            yield path.stem, path, data, _field_lines(text, first_line=1)

    def _yaml_files(self, folder_name: str, name_ok, naming_message: str):
        """(path, text, parsed YAML) of each readable <folder>/<name>.yaml; problems reported."""
        folder = self.root / folder_name
        for path in sorted(folder.glob("*")) if folder.is_dir() else []:
            if path.name.startswith(".") or path.is_dir():
                continue
            if path.suffix != ".yaml" or not name_ok(path.stem):
                self.problem(path, 1, naming_message)
                continue
            text = self.read_text(path)
            if text is None:
                continue
            try:
                yield path, text, parse_yaml(text)
            except YamlProblem as error:
                self.problem(path, error.line, error.message)

    def _report(self, path: Path, lines: dict[str, int], issues) -> None:
        for issue in issues:
            self.problem(path, lines.get(issue.field, 1), issue.message, issue.fatal)

    def read_places(self, topic_ids: set[str]):
        """places/<id>.yaml: offices and services, with opening hours."""
        places = {}
        for place_id, path, data, lines in self._read_mappings("places"):
            place, issues = place_from_mapping(place_id, data, self.languages, topic_ids)
            self._report(path, lines, issues)
            if place is not None:
                places[place_id] = place
        return places

    def read_events(self, topic_ids: set[str], place_ids: set[str]):
        """events/<id>.yaml: information sessions and registration days."""
        events = {}
        for event_id, path, data, lines in self._read_mappings("events"):
            event, issues = event_from_mapping(event_id, data, self.languages, topic_ids, place_ids)
            self._report(path, lines, issues)
            if event is not None:
                events[event_id] = event
        return events

    def read_redirects(self, articles: dict[str, Article]) -> tuple[dict[str, str], frozenset[str]]:
        """redirects.yaml: ``moved`` (old address: new address) and ``archived`` (addresses)."""
        path = self.root / REDIRECTS_FILE
        if not os.path.lexists(path):
            return {}, frozenset()
        text = self.read_text(path)
        try:
            data = parse_yaml(text) if text is not None else None
        except YamlProblem as error:
            self.problem(path, error.line, error.message)
            return {}, frozenset()
        usage = "redirects.yaml has 'moved' (old-topic/old-article: topic/article) and 'archived' (a list)"
        if data is None:
            return {}, frozenset()
        if not isinstance(data, dict) or set(data) - {"moved", "archived"}:
            self.problem(path, 1, usage)
            return {}, frozenset()
        lines = _field_lines(text, first_line=1)
        moved, archived = data.get("moved") or {}, data.get("archived") or []
        if not isinstance(moved, dict) or not isinstance(archived, list):
            self.problem(path, 1, usage)
            return {}, frozenset()
        good_moves = {}
        for old, new in moved.items():
            line = _line_holding(text, f"{old}:")
            if not (_is_address(old) and _is_address(new)):
                self.problem(path, line, f"{old!r}: {new!r} is not topic/article: topic/article")
            elif new not in articles and new not in moved and new not in archived:
                self.problem(path, line, f"{old} moved to {new}, which is no article", fatal=False)
            else:
                good_moves[old] = new
        good_archived = {key for key in archived if _is_address(key)}
        if len(good_archived) != len(archived):
            self.problem(path, lines.get("archived", 1), "each archived address is topic/article")
        return good_moves, frozenset(good_archived)
    def read_notices(self):
        """notices/<id>.yaml: texts pinned to the topics page and the counters for some days."""
        notices = {}
        for notice_id, path, data, lines in self._read_mappings("notices"):
            notice, issues = notice_from_mapping(notice_id, data, self.languages)
            self._report(path, lines, issues)
            if notice is not None:
                notices[notice_id] = notice
        return notices

    def check_article_places(self, articles: dict[str, Article], places) -> None:
        """Every place an article names must have a file, or its card would be missing."""
        for article in articles.values():
            for version in article.versions.values():
                for place_id in version.places:
                    if place_id not in places:
                        line = _places_line(version.path)
                        self.problem(
                            version.path, line, f"unknown place {place_id!r} (no file places/{place_id}.yaml)", False
                        )

    # -- articles ----------------------------------------------------------------------

    def read_articles(self, topic_ids: set[str]) -> dict[str, Article]:
        articles: dict[str, Article] = {}
        recordings: list[Path] = []
        for path in sorted(self.root.rglob("*")):
            relative = path.relative_to(self.root)
            if any(part.startswith(".") for part in relative.parts) or path.is_dir():
                continue
            if relative.parts[0] in OTHER_FOLDERS or relative.as_posix() in (TOPICS_FILE, REDIRECTS_FILE, "README.md"):
                continue
            if len(relative.parts) == 3 and path.suffix.lower() in AUDIO_TYPES:
                recordings.append(path)
                continue
            version_key = self._place_of(path, relative, topic_ids)
            if version_key is None:
                continue
            topic, slug, lang = version_key
            version = self._read_version(path, lang)
            if version is not None:
                article = articles.setdefault(f"{topic}/{slug}", Article(topic, slug))
                article.versions[lang] = version
        for article in articles.values():
            self.check_originals(article)
        for path in recordings:
            self._attach_recording(path, articles)
        return articles

    def _attach_recording(self, path: Path, articles: dict[str, Article]) -> None:
        """<topic>/<article>/<lang>.mp3 (.ogg, .wav): an article's audio recorded by staff."""
        topic, slug, filename = path.relative_to(self.root).parts
        lang = filename[: -len(path.suffix)]
        article = articles.get(f"{topic}/{slug}")
        if lang not in self.languages:
            self.problem(path, 1, f"unknown language code {lang!r} (configured: {', '.join(sorted(self.languages))})")
        elif article is None:
            self.problem(path, 1, "a recording of no article: put it beside the article's <lang>.md files")
        elif lang in article.recordings:
            self.problem(path, 1, f"a second recording in {lang!r}: keep one of {lang}.mp3, {lang}.ogg, {lang}.wav")
        elif (problem := recording_problem(self.root, path)) is not None:
            self.problem(path, 1, problem)
        else:
            article.recordings[lang] = Recording(lang, path, AUDIO_TYPES[path.suffix.lower()])

    def _place_of(self, path: Path, relative: Path, topic_ids: set[str]):
        """(topic, slug, lang) when the file is where an article file belongs, else report."""
        parts = relative.parts
        expected = "articles go in <topic>/<article>/<lang>.md"
        if len(parts) != 3 or path.suffix != ".md":
            if path.suffix == ".md":
                self.problem(path, 1, f"language file in the wrong place: {expected}")
            else:
                self.problem(path, 1, f"unexpected file: {expected}", fatal=False)
            return None
        topic, slug, filename = parts
        lang = filename[: -len(".md")]
        if topic not in topic_ids:
            self.problem(path, 1, f"unknown topic {topic!r}: add it to {TOPICS_FILE} or move the article")
            return None
        if not _SLUG.match(slug):
            self.problem(path, 1, f"article folder {slug!r} must be lower-case letters, digits and hyphens")
            return None
        if lang not in self.languages:
            self.problem(path, 1, f"unknown language code {lang!r} (configured: {', '.join(sorted(self.languages))})")
            return None
        return topic, slug, lang

    def _read_version(self, path: Path, lang: str) -> ArticleVersion | None:
        text = self.read_text(path)
        return None if text is None else self.version_from_text(path, lang, text, checked=True)

    def version_from_text(self, path: Path, lang: str, text: str, checked: bool = False) -> ArticleVersion | None:
        """The version a file's text makes, or None after reporting why it is unusable."""
        if not checked:
            text = self.checked_text(path, text)
            if text is None:
                return None
        try:
            parts = split_front_matter(text)
        except FrontMatterError as error:
            self.problem(path, error.line, error.message)
            return None
        front_text = parts.front
        try:
            front = parse_yaml(front_text, first_line=parts.front_first_line)
        except YamlProblem as error:
            self.problem(path, error.line, error.message)
            return None
        if not isinstance(front, dict):
            self.problem(path, 2, "front matter must be a mapping (title: …, summary: …)")
            return None
        field_line = _field_lines(front_text, first_line=parts.front_first_line)
        return self._version_from(path, lang, front, field_line, parts.body, parts.closing_line)

    def _version_from(self, path, lang, front, field_line, body, closing_line=1) -> ArticleVersion | None:
        def line_of(key: str) -> int:
            return field_line.get(key, 1)

        for key in front:
            if key not in _KNOWN_FIELDS:
                self.problem(path, line_of(key), f"unknown field {key!r}", fatal=False)
        text_fields = {}
        for key in ("title", "summary"):
            value = front.get(key)
            if not isinstance(value, str) or not value.strip():
                self.problem(path, line_of(key), f"missing '{key}' (required text)")
                return None
            text_fields[key] = " ".join(value.split())

        keywords = front.get("keywords")
        if isinstance(keywords, str):
            keywords = [k for k in keywords.split(",")]
        if keywords is None:
            self.problem(path, 1, "missing 'keywords' (words people search for)", fatal=False)
            keywords = []
        elif not isinstance(keywords, list) or not all(isinstance(k, (str, int)) for k in keywords):
            self.problem(path, line_of("keywords"), "'keywords' must be a list of words", fatal=False)
            keywords = []
        elif len({str(k).strip() for k in keywords if str(k).strip()}) < MIN_KEYWORDS:
            self.problem(
                path,
                line_of("keywords"),
                f"give at least {MIN_KEYWORDS} different keywords: the words people type when they search",
                fatal=False,
            )

        source = front.get("source")
        if source is None:
            self.problem(path, 1, "missing 'source' (the official page this is based on)", fatal=False)
        elif (
            not isinstance(source, str)
            or urlsplit(source.strip()).scheme != "https"
            or "." not in urlsplit(source.strip()).netloc
            or any(c.isspace() for c in source.strip())
        ):
            self.problem(path, line_of("source"), "'source' must be a web address starting with https://", fatal=False)
            source = None

        updated = front.get("updated")
        if isinstance(updated, str):
            try:
                updated = date.fromisoformat(updated.strip())
            except ValueError:
                updated = "bad"
        if updated is None:
            self.problem(path, 1, "missing 'updated' (YYYY-MM-DD)", fatal=False)
        elif not isinstance(updated, date):
            self.problem(path, line_of("updated"), "'updated' must be a date written YYYY-MM-DD", fatal=False)
            updated = None

        places = front.get("places") or []
        if not isinstance(places, list) or not all(isinstance(p, str) for p in places):
            self.problem(path, line_of("places"), "'places' must be a list of place ids", fatal=False)
            places = []

        draft = front.get("draft", False)
        if not isinstance(draft, bool):
            self.problem(path, line_of("draft"), "'draft' must be true or false")
            draft = True  # unclear: kept from visitors until staff say
        publish_on = self._date(path, line_of("publish_on"), "publish_on", front.get("publish_on"))
        expires_on = self._date(path, line_of("expires_on"), "expires_on", front.get("expires_on"))
        if publish_on is False or expires_on is False:
            draft, publish_on, expires_on = True, None, None  # an unreadable date shows nothing early
        elif publish_on and expires_on and expires_on <= publish_on:
            self.problem(path, line_of("expires_on"), "'expires_on' must come after 'publish_on'")

        revision, translation = front.get("revision"), front.get("translation")
        if translation is None:
            if revision is None:
                revision = 1
            elif not isinstance(revision, int) or isinstance(revision, bool) or revision < 1:
                self.problem(path, line_of("revision"), "'revision' must be a whole number from 1", fatal=False)
                revision = 1
        else:
            if revision is not None:
                self.problem(
                    path,
                    line_of("revision"),
                    "a translation has no 'revision'; it names the original's in translation.revision",
                    fatal=False,
                )
            revision = None
            translation = self._translation(path, line_of("translation"), lang, translation)
            if translation is None:
                return None
        if translation is None and not body.strip():
            # A translation with no text is a card (title, summary, keywords); an original needs a text.
            self.problem(path, closing_line, "no text under the front matter: the original needs one", fatal=False)

        body_html, body_text = self.bodies.render(body, rtl=lang in self.rtl_languages)
        return ArticleVersion(
            lang=lang,
            title=text_fields["title"],
            summary=text_fields["summary"],
            keywords=tuple(str(k).strip() for k in keywords if str(k).strip()),
            source=source.strip() if source else None,
            updated=updated,
            body_html=body_html,
            body_text=body_text,
            path=path,
            revision=revision,
            translation=translation,
            places=tuple(places),
            draft=draft,
            publish_on=publish_on,
            expires_on=expires_on,
        )

    def _date(self, path: Path, line: int, key: str, value) -> date | None | bool:
        """A date field: the date, None when absent, False (reported) when it cannot be read."""
        if value is None:
            return None
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        elif isinstance(value, date) and not isinstance(value, datetime):
            return value
        self.problem(path, line, f"'{key}' must be a date written YYYY-MM-DD")
        return False

    def _translation(self, path, line, lang, data) -> Translation | None:
        usage = "translation needs from: <language code>, revision: <number>, machine: true|false"
        if not isinstance(data, dict):
            self.problem(path, line, usage)
            return None
        source_lang, revision, machine = data.get("from"), data.get("revision"), data.get("machine")
        if source_lang not in self.languages or source_lang == lang:
            self.problem(path, line, f"translation.from {source_lang!r} is not another configured language")
            return None
        if not isinstance(revision, int) or isinstance(revision, bool) or revision < 1:
            self.problem(path, line, f"translation.revision must be a whole number from 1 ({usage})")
            return None
        if not isinstance(machine, bool):
            # Never assumed: a reader is told when a text was machine-assisted.
            self.problem(
                path,
                line,
                "translation.machine must be said: true (machine-assisted) or false (by a person)",
                fatal=False,
            )
            machine = True
        # reviewed_by / reviewed_on: who approved the translation in the studio, and when.
        unknown = set(data) - {"from", "revision", "machine", "reviewed_by", "reviewed_on"}
        if unknown:
            self.problem(path, line, f"unknown translation field(s): {', '.join(map(str, unknown))}", fatal=False)
        return Translation(source_lang=source_lang, source_revision=revision, machine=machine)

    def check_originals(self, article: Article, only: str | None = None) -> None:
        """Report an article without exactly one original; it is served all the same.
        ``only``: report only what concerns that language's file (the studio checking one)."""
        if only is not None:
            before = len(self.problems)
            self.check_originals(article)
            mine = article.versions[only].path
            kept = [p for p in self.problems[before:] if p.path == mine or p.path == mine.parent]
            self.problems[before:] = kept
            return
        originals = [v for v in article.versions.values() if v.translation is None]
        some_file = next(iter(article.versions.values())).path
        if not originals:
            self.problem(
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
            self.problem(
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
                self.problem(
                    version.path,
                    1,
                    f"translated from {translation.source_lang!r}, but the original is {original.lang}.md",
                    fatal=False,
                )
            elif translation.source_revision > (original.revision or 1):
                self.problem(
                    version.path,
                    1,
                    f"translation.revision {translation.source_revision} is newer than "
                    f"the original's revision {original.revision}",
                    fatal=False,
                )


# The lines git writes around a merge conflict (|||||||: the common ancestor, in diff3 style).
_CONFLICT_MARKER = re.compile(r"^(<{7}|\|{7}|={7}|>{7})(?: |$)", re.MULTILINE)


def conflict_marker(text: str) -> tuple[int, str] | None:
    """(line, marker) of the first merge conflict marker in ``text``, or None.

    "=======" alone on a line is also a Markdown heading underline; a conflict is more likely
    in a kiosk's files, and "# Heading" says the same, so it is reported too.
    """
    found = _CONFLICT_MARKER.search(text)
    return None if found is None else (text.count("\n", 0, found.start()) + 1, found.group(1))


def _is_rtl(code: str) -> bool:
    try:
        return describe_language(code).is_rtl
    except UnknownLanguage:
        return False


def _field_lines(front_text: str, first_line: int) -> dict[str, int]:
    """Line number of each top-level key of the front matter, for messages."""
    lines = {}
    for offset, line in enumerate(front_text.split("\n")):
        match = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
        if match and match.group(1) not in lines:
            lines[match.group(1)] = first_line + offset
    return lines


def _places_line(path: Path) -> int:
    """The line of the 'places:' field in an article file (for messages only)."""
    try:
        lines = read_content_file(path.parent, path).decode("utf-8").split("\n")
    except (OSError, UnusableFile, UnicodeDecodeError):
        return 1
    return next((n for n, line in enumerate(lines, start=1) if line.startswith("places:")), 1)


def _is_address(value) -> bool:
    parts = value.split("/") if isinstance(value, str) else []
    return len(parts) == 2 and all(_SLUG.match(part) for part in parts)


def _line_holding(text: str, needle: str) -> int:
    position = text.find(needle)
    return 1 if position < 0 else text.count("\n", 0, position) + 1


def _key_lines(text: str, key: str) -> list[int]:
    """Lines where list items with ``key`` start ("- id: …"), in order."""
    return [n for n, line in enumerate(text.split("\n"), start=1) if re.match(rf"^-\s+{key}\s*:", line)]
