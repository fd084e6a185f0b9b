"""An event file as the studio's form edits it: title and text per language, date and times,
place, languages spoken, topics and the repetition rule, read from and written into the file's
YAML (content.frontmatter.DataDocument), then checked by the reader `content check` uses. No Flask.

Fields the form does not show (extra ``dates``, ``except``, website, source…), unknown fields and
comments stay as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import partial

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from .content.editing import fields_before, set_field, set_list, set_texts, texts_of
from .content.yamlsafe import YamlProblem, read_yaml
from .events import Event, event_from_mapping
from .places import BRUSSELS, Issue
from .recurrence import Repetition, to_rule

# The fields the form edits: a problem in another one was there before and does not stop a save.
EDITED_FIELDS = frozenset(("title", "about", "place", "topics", "languages", "start", "end", "repeat"))
_ORDER = ("title", "about", "place", "topics", "languages", "start", "end", "repeat", "dates", "except")


@dataclass
class EventEdit:
    titles: dict[str, str] = field(default_factory=dict)
    abouts: dict[str, str] = field(default_factory=dict)
    day: date | None = None
    starts: time | None = None
    ends: time | None = None
    place: str = ""
    languages: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    repeat: str | None = None  # the RFC 5545 rule (recurrence.to_rule makes it from choices)

    def start(self) -> datetime | None:
        if self.day is None or self.starts is None:
            return None
        return datetime.combine(self.day, self.starts, BRUSSELS)


def event_edit_of(data) -> EventEdit:
    """The form's values from an event file's mapping (as read, before any check)."""
    data = data if isinstance(data, dict) else {}
    day = starts = ends = None
    try:
        moment = datetime.fromisoformat(str(data.get("start")).strip())
        day, starts = moment.date(), moment.time().replace(tzinfo=None)
    except ValueError:
        pass
    end = data.get("end")
    if isinstance(end, int) and not isinstance(end, bool):
        ends = time(end // 60 % 24, end % 60)  # YAML 1.1 reads 11:00 as 660 (minutes)
    elif end is not None:
        text = str(end).strip()
        try:
            ends = time.fromisoformat(text.zfill(5)) if len(text) <= 5 else datetime.fromisoformat(text).time()
        except ValueError:
            ends = None
    languages, topics = data.get("languages"), data.get("topics")
    return EventEdit(
        titles=texts_of(data.get("title")),
        abouts=texts_of(data.get("about")),
        day=day,
        starts=starts,
        ends=ends,
        place=str(data.get("place") or ""),
        languages=[str(code) for code in languages] if isinstance(languages, list) else [],
        topics=[str(topic) for topic in topics] if isinstance(topics, list) else [],
        repeat=str(data["repeat"]).strip() if data.get("repeat") else None,
    )


def apply_event_edit(data: CommentedMap, edit: EventEdit) -> None:
    """Write the form's values into the file's mapping, leaving everything else as it was."""

    after = partial(fields_before, _ORDER)

    set_texts(data, "title", edit.titles, after("title"))
    set_texts(data, "about", edit.abouts, after("about"))
    set_field(data, "place", edit.place or None, after("place"))
    set_list(data, "topics", edit.topics, after("topics"))
    set_list(data, "languages", edit.languages, after("languages"))
    start = edit.start()
    set_field(data, "start", f"{start:%Y-%m-%d %H:%M}" if start else None, after("start"))
    set_field(data, "end", DoubleQuotedScalarString(f"{edit.ends:%H:%M}") if edit.ends else None, after("end"))
    set_field(data, "repeat", edit.repeat, after("repeat"))


def set_repetition(edit: EventEdit, repetition: Repetition | None, rule: str | None) -> None:
    """The edit's rule made from the form's choices, or the ``rule`` as typed when the choices
    cannot show it (``repetition`` None); recurrence.RepetitionProblem when they make no rule."""
    start = edit.start()
    if repetition is None:
        edit.repeat = (rule or "").strip() or None
    elif start is not None:
        edit.repeat = to_rule(repetition, start)


def check_event_edit(document, event_id: str, edit: EventEdit, languages, topic_ids, place_ids):
    """Put the form's values into the opened file (a DataDocument) and read it back as `content
    check` does: the event and every issue found."""
    apply_event_edit(document.data, edit)
    return check_event(event_id, document.text(), languages, topic_ids, place_ids)


def check_event(event_id: str, text: str, languages, topic_ids, place_ids) -> tuple[Event | None, list[Issue]]:
    """Read the text as `content check` reads an event file: the event and every issue found."""
    try:
        document = read_yaml(text)
    except YamlProblem as error:
        return None, [Issue(None, error.message, fatal=True, line=error.line)]
    return event_from_mapping(event_id, document.data, languages, topic_ids, place_ids, document)
