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
from .content.yamlsafe import YamlProblem, parse_yaml
from .places.model import in_language
from .places.schema import Issue, parse_day, per_language

FOLDER = "notices"
# Where a notice can be pinned: the topics page (every visitor, at a counter or not) and the
# attract screen of the counters (in every language in turn).
TOPICS, COUNTER = "topics", "counter"
PLACES = (TOPICS, COUNTER)
_KNOWN_FIELDS = {"text", "start", "end", "where"}
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


def notice_from_mapping(notice_id: str, data, languages) -> tuple[Notice | None, list[Issue]]:
    """Validate the parsed YAML of notices/<notice_id>.yaml; never raises."""
    issues: list[Issue] = []
    if not isinstance(data, dict):
        return None, [Issue(None, "a notice file is a mapping: text:, start:, end:, where:", fatal=True)]
    for key in data:
        if key not in _KNOWN_FIELDS:
            issues.append(Issue(str(key), f"unknown field {key!r}"))
    texts = per_language(data.get("text"), "text", languages, issues)
    if not texts:
        issues.append(Issue("text", "missing 'text' (text: {fr: …, nl: …})", fatal=True))
    for code, text in texts.items():
        if len(text) > MAX_LENGTH:
            issues.append(Issue("text", f"text.{code} is {len(text)} characters; a notice has at most {MAX_LENGTH}"))
    first = parse_day(data.get("start"), "start", issues)
    last = parse_day(data.get("end"), "end", issues)
    if data.get("start") is None:
        issues.append(Issue("start", "missing 'start': the first day it is shown (YYYY-MM-DD)", fatal=True))
    if data.get("end") is None:
        issues.append(Issue("end", "missing 'end': the last day it is shown (YYYY-MM-DD)", fatal=True))
    if first and last and last < first:
        issues.append(Issue("end", f"'end' ({last}) is before 'start' ({first})", fatal=True))
    where = data.get("where", list(PLACES))
    if not isinstance(where, list) or not where or not all(w in PLACES for w in where):
        issues.append(Issue("where", f"'where' is a list of one or both of: {', '.join(PLACES)}", fatal=True))
        where = []
    # Without both dates a notice cannot be shown: a date that cannot be read is fatal here.
    issues = [Issue(i.field, i.message, True) if i.field in ("start", "end") else i for i in issues]
    if not texts or first is None or last is None or last < first or not where:
        if not any(issue.fatal for issue in issues):
            issues.append(Issue(None, "the notice is not shown until this is fixed", fatal=True))
        return None, issues
    return Notice(notice_id, texts, first, last, tuple(w for w in PLACES if w in where)), issues


# -- editing a notice file (the studio) ---------------------------------------------------


@dataclass
class NoticeEdit:
    texts: dict[str, str] = field(default_factory=dict)
    first: date | None = None
    last: date | None = None
    where: list[str] = field(default_factory=lambda: list(PLACES))


def notice_edit_of(data) -> NoticeEdit:
    data = data if isinstance(data, dict) else {}
    problems: list[Issue] = []
    where = data.get("where", list(PLACES))
    return NoticeEdit(
        texts=texts_of(data.get("text")),
        first=parse_day(data.get("start"), "start", problems),
        last=parse_day(data.get("end"), "end", problems),
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
        data = parse_yaml(text)
    except YamlProblem as error:
        return None, [Issue(None, error.message, fatal=True)]
    return notice_from_mapping(notice_id, data, languages)
