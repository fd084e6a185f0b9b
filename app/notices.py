"""Pinned notices: a short text per language ("The office is closed on 24 December", "Winter
shelter: call 0800 99 340") shown on the topics page and on the counters' attract screen from a
start date to an end date. One file per notice, ``notices/<id>.yaml``::

    text:
      fr: Le bureau est fermé le 24 décembre.
      nl: Het kantoor is gesloten op 24 december.
    start: 2026-12-20
    end: 2026-12-24
    where: [topics, counter]

Read and checked here (the loader reports problems with file and line, like places and events),
edited by the studio through the same file. No Flask.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import partial

from ruamel.yaml.comments import CommentedMap

from .content.editing import fields_before, set_field, set_list, set_texts, texts_of
from .content.field_types import Date, PerLanguageText, parse_date
from .content.fields import Context, Field, FieldType, Issue, Raw, Spec, read_fields
from .content.yamlsafe import YamlDocument, YamlProblem, read_yaml
from .places.model import in_language

FOLDER = "notices"
# Where a notice can be pinned: the topics page (every visitor, at a counter or not) and the
# attract screen of the counters (in every language in turn).
TOPICS, COUNTER = "topics", "counter"
PLACES = (TOPICS, COUNTER)
_ORDER = ("text", "start", "end", "where")
# A notice is short: it sits above the topics on a counter screen.
MAX_LENGTH = 300


@dataclass(frozen=True)
class Notice:
    id: str
    texts: dict[str, str]
    first: date  # shown from this day…
    last: date  # …to this day, both included (Brussels days)
    where: tuple[str, ...] = PLACES

    def text(self, lang: str, fallbacks: tuple[str, ...] = ()) -> str:
        return in_language(self.texts, lang, fallbacks) or ""

    def shown_on(self, day: date, where: str) -> bool:
        return where in self.where and self.first <= day <= self.last


def showing(notices, where: str, today: date) -> list[Notice]:
    """The notices pinned to ``where`` today, the newest start first."""
    found = [notice for notice in notices if notice.shown_on(today, where)]
    return sorted(found, key=lambda n: (-n.first.toordinal(), n.id))


class Where(FieldType):
    def value_from_raw(self, raw: Raw):
        where = raw.value
        if not isinstance(where, list) or not where or not all(w in PLACES for w in where):
            return raw.bad_value(f"'where' is a list of one or both of: {', '.join(PLACES)}")
        return tuple(w for w in PLACES if w in where)


# Without both dates a notice cannot be shown: every problem with them is an error.
NOTICE_FIELDS = Spec(
    fields=(
        Field(
            "text",
            PerLanguageText(one_for_all=False, max_length=MAX_LENGTH),
            required=True,
            missing="missing 'text' (text: {fr: …, nl: …})",
        ),
        Field("start", Date(), required=True, missing="missing 'start': the first day it is shown (YYYY-MM-DD)"),
        Field("end", Date(), required=True, missing="missing 'end': the last day it is shown (YYYY-MM-DD)"),
        Field("where", Where(), vital=True, default=PLACES),
    ),
    not_a_mapping="a notice file is a mapping: text:, start:, end:, where:",
)


def notice_from_mapping(
    notice_id: str, data, languages, document: YamlDocument | None = None
) -> tuple[Notice | None, list[Issue]]:
    """Check the parsed YAML of notices/<notice_id>.yaml against NOTICE_FIELDS; never raises."""
    reading = read_fields(NOTICE_FIELDS, data, Context.of(languages), document)
    values = reading.values
    first, last = values.get("start"), values.get("end")
    if first and last and last < first:
        reading.add("end", f"'end' ({last}) is before 'start' ({first})", True, reading.line("end"))
        return None, reading.issues
    if not reading.usable:
        return None, reading.issues
    return Notice(notice_id, values["text"], first, last, values["where"]), reading.issues


# -- editing a notice file (the studio) ---------------------------------------------------


@dataclass
class NoticeEdit:
    texts: dict[str, str] = field(default_factory=dict)
    first: date | None = None
    last: date | None = None
    where: list[str] = field(default_factory=lambda: list(PLACES))


def notice_edit_of(data) -> NoticeEdit:
    data = data if isinstance(data, dict) else {}
    where = data.get("where", list(PLACES))
    return NoticeEdit(
        texts=texts_of(data.get("text")),
        first=parse_date(data.get("start")),
        last=parse_date(data.get("end")),
        where=[str(w) for w in where] if isinstance(where, list) else [],
    )


def apply_notice_edit(data: CommentedMap, edit: NoticeEdit, languages=None) -> None:
    """Write the form's values; with ``languages``, only the texts of those languages change."""

    after = partial(fields_before, _ORDER)

    texts = edit.texts
    if languages is not None:
        # A translator changes the texts of their languages and nothing else.
        texts = texts_of(data.get("text"))
        for code in languages:
            texts[code] = edit.texts.get(code, "")
    set_texts(data, "text", texts, after("text"))
    if languages is None:
        set_field(data, "start", edit.first, after("start"))
        set_field(data, "end", edit.last, after("end"))
        set_list(data, "where", [w for w in PLACES if w in edit.where], after("where"))


def check_notice(notice_id: str, text: str, languages) -> tuple[Notice | None, list[Issue]]:
    try:
        document = read_yaml(text)
    except YamlProblem as error:
        return None, [Issue(None, error.message, fatal=True, line=error.line)]
    return notice_from_mapping(notice_id, document.data, languages, document)
