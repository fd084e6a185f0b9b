"""Changing topics.yaml as the studio does: a topic moved up or down, its pictogram, its title
in each language. The list is the file opened with DataDocument, so the comments and the layout
stay. No Flask."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from .editing import set_field, set_texts


def _position(topics: list, topic_id: str) -> int | None:
    return next((n for n, entry in enumerate(topics) if isinstance(entry, dict) and entry.get("id") == topic_id), None)


def move_topic(topics: list, topic_id: str, step: int) -> bool:
    """Move a topic ``step`` places (-1: up, 1: down) in the list; False when it cannot move."""
    position = _position(topics, topic_id)
    if position is None or not 0 <= position + step < len(topics):
        return False
    topics.insert(position + step, topics.pop(position))
    return True


def edit_topic(
    topics: list,
    topic_id: str,
    *,
    pictogram: str | None = None,
    titles: Mapping[str, str] | None = None,
    languages: Collection[str] | None = None,
) -> bool:
    """Set a topic's pictogram and titles; with ``languages``, only the titles in those change
    (a translator's own languages). False when there is no such topic."""
    position = _position(topics, topic_id)
    if position is None:
        return False
    entry = topics[position]
    if pictogram is not None:
        set_field(entry, "pictogram", pictogram, ("id",))
    if titles is not None:
        current = {str(k): str(v) for k, v in (entry.get("title") or {}).items()}
        for code in languages if languages is not None else set(current) | set(titles):
            current[code] = titles.get(code, "")
        set_texts(entry, "title", current, ("id", "pictogram"))
    return True


def has_topic(topics: list, topic_id: str) -> bool:
    return _position(topics, topic_id) is not None


def topic_pictogram(topics: list, topic_id: str) -> str:
    position = _position(topics, topic_id)
    return str(topics[position].get("pictogram") or "") if position is not None else ""


def topic_titles(topics: list, topic_id: str) -> dict[str, str]:
    position = _position(topics, topic_id)
    if position is None:
        return {}
    titles = topics[position].get("title")
    return {str(k): str(v) for k, v in titles.items()} if isinstance(titles, dict) else {}
