"""The content's YAML data files: the topic list, synonyms, places, events, pinned notices and
redirects, each read against its declared fields. No Flask."""

from __future__ import annotations

import os
from pathlib import Path

from ..events import event_from_mapping
from ..notices import notice_from_mapping
from ..places import place_from_mapping
from .field_types import SLUG
from .fields import read_fields, read_value
from .model import Article, Topic
from .reader import OTHER_FOLDERS, REDIRECTS_FILE, TOPICS_FILE, Reader
from .specs import REDIRECT_FIELDS, SYNONYMS, TOPIC_FIELDS
from .yamlsafe import YamlDocument

# -- topics.yaml ---------------------------------------------------------------------------------


def read_topics(reader: Reader) -> list[Topic]:
    """Topics from topics.yaml; when it is unusable, from the folders, so articles still serve."""
    topics = _read_topics_file(reader)
    if topics is None:
        root = reader.root
        folders = (
            sorted(
                p.name
                for p in root.iterdir()
                if p.is_dir() and not p.is_symlink() and SLUG.match(p.name) and p.name not in OTHER_FOLDERS
            )
            if root.is_dir()
            else []
        )
        topics = [Topic(id=name, pictogram="", titles={}) for name in folders]
    return topics


def _read_topics_file(reader: Reader) -> list[Topic] | None:
    path = reader.root / TOPICS_FILE
    if not os.path.lexists(path):
        reader.problem(path, 1, f"missing {TOPICS_FILE}: the list of topics")
        return None
    text = reader.read_text(path)
    return None if text is None else topics_from_text(reader, path, text)


def topics_from_text(reader: Reader, path: Path, text: str) -> list[Topic] | None:
    document = reader.yaml(path, text)
    if document is None:
        return None
    if not isinstance(document.data, list):
        reader.problem(path, 1, "topics.yaml must be a list of topics (lines starting with '- id:')")
        return None
    topics: list[Topic] = []
    context = reader.context()
    for position, entry in enumerate(document.data):
        topic_id = entry.get("id") if isinstance(entry, dict) else None
        named = isinstance(topic_id, str) and topic_id
        reading = read_fields(
            TOPIC_FIELDS, entry, context, document, (position,), f"topic {topic_id!r}: " * bool(named)
        )
        reader.report(path, reading.issues)
        if not reading.usable:
            continue
        if topic_id in {t.id for t in topics} or topic_id in OTHER_FOLDERS:
            reader.problem(path, document.line(position), f"topic id {topic_id!r} is used twice or is reserved")
            continue
        values = reading.values
        topics.append(Topic(id=topic_id, pictogram=values["pictogram"], titles=values["title"]))
    return topics


# -- synonyms/<lang>.yaml ------------------------------------------------------------------------


def read_synonyms(reader: Reader) -> dict[str, tuple[tuple[str, ...], ...]]:
    """synonyms/<lang>.yaml: a list of groups, each a list of words or phrases."""
    synonyms = {}
    files = reader.yaml_files(
        "synonyms",
        lambda stem: stem in reader.languages,
        "synonym files are named <language code>.yaml, e.g. synonyms/fr.yaml",
    )
    for path, document in files:
        data = document.data if isinstance(document.data, list) else [document.data]
        groups, issues = read_value(SYNONYMS, "synonyms", data, reader.context(), document)
        reader.report(path, issues)
        synonyms[path.stem] = groups or ()
    return synonyms


# -- places, events, notices ---------------------------------------------------------------------


def _mappings(reader: Reader, folder_name: str) -> list[tuple[str, Path, YamlDocument]]:
    """(id, path, parsed YAML) for each readable <folder>/<id>.yaml."""
    naming = f"{folder_name} files are named <id>.yaml in lower-case letters, digits, hyphens"
    return [(path.stem, path, document) for path, document in reader.yaml_files(folder_name, SLUG.match, naming)]


def read_places(reader: Reader, topic_ids: set[str]):
    """places/<id>.yaml: offices and services, with opening hours."""
    places = {}
    for place_id, path, document in _mappings(reader, "places"):
        place, issues = place_from_mapping(place_id, document.data, reader.languages, topic_ids, document)
        reader.report(path, issues)
        if place is not None:
            places[place_id] = place
    return places


def read_events(reader: Reader, topic_ids: set[str], place_ids: set[str]):
    """events/<id>.yaml: information sessions and registration days."""
    events = {}
    for event_id, path, document in _mappings(reader, "events"):
        event, issues = event_from_mapping(event_id, document.data, reader.languages, topic_ids, place_ids, document)
        reader.report(path, issues)
        if event is not None:
            events[event_id] = event
    return events


def read_notices(reader: Reader):
    """notices/<id>.yaml: texts pinned to the topics page and the counters for some days."""
    notices = {}
    for notice_id, path, document in _mappings(reader, "notices"):
        notice, issues = notice_from_mapping(notice_id, document.data, reader.languages, document)
        reader.report(path, issues)
        if notice is not None:
            notices[notice_id] = notice
    return notices


# -- redirects.yaml ------------------------------------------------------------------------------


def read_redirects(reader: Reader, articles: dict[str, Article]) -> tuple[dict[str, str], frozenset[str]]:
    """redirects.yaml: ``moved`` (old address: new address) and ``archived`` (addresses)."""
    path = reader.root / REDIRECTS_FILE
    if not os.path.lexists(path):
        return {}, frozenset()
    text = reader.read_text(path)
    document = None if text is None else reader.yaml(path, text)
    if document is None or document.data is None:
        return {}, frozenset()
    reading = read_fields(REDIRECT_FIELDS, document.data, reader.context(), document)
    reader.report(path, reading.issues)
    if not reading.usable:
        return {}, frozenset()
    moved, archived = reading.values["moved"] or {}, frozenset(reading.values["archived"])
    good_moves = {}
    for old, new in moved.items():
        if new not in articles and new not in moved and new not in archived:
            reader.problem(path, document.line("moved", old), f"{old} moved to {new}, which is no article", False)
        else:
            good_moves[old] = new
    return good_moves, archived
