"""A place file as the studio's form edits it: the fields staff fill in, read from and written
into the file's YAML (opened with content.frontmatter.DataDocument), then checked with the same
reader as `content check`. No Flask.

Fields the form does not show (coordinates, e-mail, about, source…), unknown fields and comments
stay as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import partial

from ruamel.yaml.comments import CommentedMap

from ..content.editing import ALL_LANGUAGES, fields_before, set_field, set_list, set_texts, texts_of
from ..content.yamlsafe import YamlProblem, read_yaml
from .model import Place
from .schema import PLACE_FIELDS, Issue, place_from_mapping

# Where a field goes when the file does not have it yet: in the order the place fields are declared.
_ORDER = tuple(field.name for field in PLACE_FIELDS.fields)

# The fields the form edits: a problem in another one was there before and does not stop a save.
EDITED_FIELDS = frozenset(
    ("name", "address", "phone", "website", "languages", "topics", "opening_hours", "closed")
    + ("appointment_only", "booking")
)


@dataclass
class ClosureEdit:
    first: date | None
    last: date | None = None  # None: until further notice
    reasons: dict[str, str] = field(default_factory=dict)


@dataclass
class PlaceEdit:
    """What the form shows and sends back; texts are {language code: text} ("*": every language)."""

    names: dict[str, str] = field(default_factory=dict)
    addresses: dict[str, str] = field(default_factory=dict)
    phone: str = ""
    website: str = ""
    languages: list[str] = field(default_factory=list)  # spoken at the counter
    opening_hours: str | None = None  # OSM syntax
    appointment_only: bool = False
    closures: list[ClosureEdit] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)


def place_edit_of(data) -> PlaceEdit:
    """The form's values from a place file's mapping (as read, before any check)."""
    data = data if isinstance(data, dict) else {}
    closures = []
    for entry in data.get("closed") or []:
        if isinstance(entry, dict):
            closures.append(
                ClosureEdit(_day(entry.get("from")), _day(entry.get("until")), texts_of(entry.get("reason")))
            )
    languages = data.get("languages")
    topics = data.get("topics")
    return PlaceEdit(
        names=texts_of(data.get("name")),
        addresses=texts_of(data.get("address")),
        phone=str(data.get("phone") or ""),
        website=str(data.get("website") or ""),
        languages=[str(code) for code in languages] if isinstance(languages, list) else [],
        opening_hours=" ".join(str(data["opening_hours"]).split()) if data.get("opening_hours") else None,
        appointment_only=data.get("appointment_only") is True,
        closures=closures,
        topics=[str(topic) for topic in topics] if isinstance(topics, list) else [],
    )


def apply_place_edit(data: CommentedMap, edit: PlaceEdit) -> None:
    """Write the form's values into the file's mapping, leaving everything else as it was."""

    after = partial(fields_before, _ORDER)

    set_texts(data, "name", edit.names, after("name"))
    set_texts(data, "address", edit.addresses, after("address"))
    set_field(data, "phone", edit.phone.strip(), after("phone"))
    set_field(data, "website", edit.website.strip(), after("website"))
    set_field(data, "opening_hours", edit.opening_hours, after("opening_hours"))
    set_field(data, "appointment_only", True if edit.appointment_only else None, after("appointment_only"))
    closures = []
    for closure in edit.closures:
        entry = CommentedMap()
        entry["from"] = closure.first
        if closure.last is not None:
            entry["until"] = closure.last
        set_texts(entry, "reason", closure.reasons)
        closures.append(entry)
    set_field(data, "closed", closures, after("closed"))
    set_list(data, "languages", edit.languages, after("languages"))
    set_list(data, "topics", edit.topics, after("topics"))


def check_place(place_id: str, text: str, languages, topic_ids) -> tuple[Place | None, list[Issue]]:
    """Read the text as `content check` reads a place file: the place and every issue found."""
    try:
        document = read_yaml(text)
    except YamlProblem as error:
        return None, [Issue(None, error.message, fatal=True, line=error.line)]
    return place_from_mapping(place_id, document.data, languages, topic_ids, document)


def check_place_edit(
    document, place_id: str, original: PlaceEdit, edit: PlaceEdit, reason_language: str, languages, topic_ids
) -> tuple[Place | None, list[Issue]]:
    """Put the form's values into the opened file (a DataDocument) and read it back as `content
    check` does. Closure reasons in other languages than ``reason_language`` (the one the form
    shows) stay as they were."""
    _keep_other_reasons(original, edit, reason_language)
    apply_place_edit(document.data, edit)
    return check_place(place_id, document.text(), languages, topic_ids)


def _keep_other_reasons(original: PlaceEdit, edit: PlaceEdit, language: str) -> None:
    before = {(c.first, c.last): c.reasons for c in original.closures}
    for closure in edit.closures:
        reasons = dict(before.get((closure.first, closure.last), {}))
        reasons.pop(ALL_LANGUAGES, None)
        reasons[language] = closure.reasons.get(language, "")
        closure.reasons = {code: text for code, text in reasons.items() if text}


def _day(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()) if value is not None else None
    except ValueError:
        return None
