"""Field specs: validation as data (Lektor's field types are the model). No Flask.

Each kind of file declares its fields once (app/content/specs.py for articles, topics, synonyms
and redirects; PLACE_FIELDS in app/places/schema.py, EVENT_FIELDS in app/events/schema.py,
NOTICE_FIELDS in app/notices.py; the settings of kiosk_config.yaml in app/settings.py): a type
(app/content/value_types.py for text, true or false, whole numbers, choices and web addresses,
which settings use too; app/content/field_types.py for content's own; app/setting_types.py for
settings' own), whether the field is required, what to say when it is missing. A type reads one
raw YAML value (``value_from_raw``) and answers the value, or ``raw.bad_value(reason)``; a
problem inside a value that leaves the rest usable (one unknown language among several) is noted
with ``raw.note`` and the value kept.
Every problem carries the line of its YAML node (yamlsafe.YamlDocument), so `content check`
says ``path:line: message``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .yamlsafe import YamlDocument


@dataclass(frozen=True)
class Issue:
    """A problem in a data file, tied to the top-level field it comes from and, when the file's
    node marks are known, to its line."""

    field: str | None
    message: str
    fatal: bool = False
    line: int | None = None


@dataclass(frozen=True)
class BadValue:
    """What a type answers for a value it cannot use: the reason, worded for staff."""

    message: str


@dataclass(frozen=True)
class Context:
    """What a value is checked against: the kiosk's languages, the topics and places that exist."""

    languages: frozenset[str] = frozenset()
    topic_ids: frozenset[str] = frozenset()
    place_ids: frozenset[str] = frozenset()
    pictogram_exists: Callable[[str], bool] | None = None
    lang: str = ""  # the language of the file read (an article's <lang>.md)

    @classmethod
    def of(cls, languages=(), topic_ids=(), place_ids=(), **more) -> Context:
        return cls(frozenset(languages), frozenset(topic_ids), frozenset(place_ids), **more)


class Raw:
    """One field's value as read, where it was written, and the fields read before it."""

    def __init__(self, name: str, value, reading: Reading, at: tuple | None = None, called: str = ""):
        self.name = reading.names + name  # as messages call it: "title", "translation.from"
        # The name quoted, or as the settings say it: "'bind' (KIOSK_BIND)", or "KIOSK_BIND" alone
        # for a value from the environment.
        self.called = called or f"'{self.name}'"
        self.value = value
        self.reading = reading
        self.at = (name,) if at is None else at  # the path of the value in the mapping read

    @property
    def context(self) -> Context:
        return self.reading.context

    @property
    def detailed(self) -> bool:
        """Whether messages say the whole rule and the value as written (Reading.detailed)."""
        return self.reading.detailed

    @property
    def values(self) -> dict:
        """The fields read before this one (an event's end needs its start)."""
        return self.reading.values

    def line(self, *below) -> int:
        return self.reading.line(*self.at, *below)

    def bad_value(self, message: str) -> BadValue:
        return BadValue(message)

    def note(self, message: str, *below, fatal: bool = False) -> None:
        """A problem in part of the value (``below``: its key or index); the rest is kept."""
        self.reading.add(self.at[0] if self.at else None, message, fatal, self.line(*below))

    def part(self, key, value) -> Raw:
        """The raw value of an item or key of this value (a date in a list of dates)."""
        return Raw(self.name, value, self.reading, (*self.at, key), self.called)


class FieldType:
    needs: tuple[str, ...] = ()  # the values this type reads in ``raw.values``, read before it

    def value_from_raw(self, raw: Raw):
        raise NotImplementedError

    def from_text(self, text: str, raw: Raw):
        """The value a text stands for (an environment variable's), to be read by
        ``value_from_raw``; or ``raw.bad_value``."""
        return text


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    required: bool = False  # missing, empty or bad: the file (or the entry) cannot be used
    missing: str = ""  # said when the field is absent: an error when required, else a warning
    bad: str = ""  # said instead of the type's reason when the value is bad
    error: bool = False  # a bad value is an error; the file is still used, with ``default``
    vital: bool = False  # a bad value (not its absence) makes the file unusable
    default: object = None
    needs: tuple[str, ...] = ()  # read only when these fields have a value (an event's end: start)


@dataclass(frozen=True)
class Spec:
    """The fields of one kind of file (or of one entry in a list, such as a topic)."""

    fields: tuple[Field, ...]
    not_a_mapping: str  # said when the file (or entry) is not a mapping of fields
    unknown: str = "unknown field {key!r}"  # a warning for each field not declared

    def __post_init__(self):
        object.__setattr__(self, "names", frozenset(f.name for f in self.fields))


@dataclass
class Reading:
    """The result of reading a mapping against a spec; ``usable`` is False when a required field
    is missing or bad (the file is reported and not served)."""

    context: Context
    document: YamlDocument | None = None
    at: tuple = ()  # where the mapping is in the document (a topic: (position,))
    prefix: str = ""  # put before each message ("topic 'housing': ")
    names: str = ""  # put before each field's name in messages ("translation.")
    values: dict = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)  # fields whose value was bad (default used)
    usable: bool = True
    # Settings' messages say the whole rule and the value as written ("…of seconds, at least 10,
    # not 5"): a value from the environment has no line to look at. An editor sees the line.
    detailed: bool = False

    def line(self, *path, missing: int | None = None) -> int | None:
        if self.document is None:
            return None
        return self.document.line(*self.at, *path, missing=missing)

    def add(self, field_name: str | None, message: str, fatal: bool, line: int | None) -> None:
        self.issues.append(Issue(field_name, self.prefix + message, fatal, line))


def read_fields(
    spec: Spec,
    data,
    context: Context,
    document: YamlDocument | None = None,
    at: tuple = (),
    prefix: str = "",
    names: str = "",
) -> Reading:
    """Check ``data`` (a parsed mapping) against ``spec``: every field's value, or its default
    when missing or bad, and every problem with its line. Never raises."""
    reading = Reading(context, document, at, prefix, names)
    if not isinstance(data, Mapping):
        reading.add(None, spec.not_a_mapping, True, reading.line())
        reading.usable = False
        return reading
    for key in data:
        if key not in spec.names:
            reading.add(str(key), spec.unknown.format(key=key), False, reading.line(key))
    for declared in spec.fields:
        reading.values[declared.name] = _read_field(declared, data.get(declared.name), reading)
        if not reading.usable:
            break  # the file is not used: the problems of its other fields come once this is fixed
    return reading


def _read_field(declared: Field, value, reading: Reading):
    # A missing top-level field is reported on the file's first line; a missing field of an entry
    # on the entry's line (found only then: a line needs the YAML's node marks, which YAML kept in
    # the cache folder makes only when asked).
    missing_line = None
    if any(reading.values.get(name) is None for name in declared.needs):
        return copy.copy(declared.default)
    if value is not None:
        raw = Raw(declared.name, value, reading)
        read = declared.type.value_from_raw(raw)
        if isinstance(read, BadValue):
            unusable = declared.required or declared.vital
            if read.message:  # "": a part of the value said what is wrong already
                reading.add(declared.name, declared.bad or read.message, unusable or declared.error, raw.line())
            reading.failed.add(declared.name)
            reading.usable = reading.usable and not unusable
            return copy.copy(declared.default)
        if not declared.required or read not in ("", {}, (), []):
            return read
        missing_line = raw.line()
    if declared.missing:
        if missing_line is None:
            missing_line = reading.line() if reading.at else (1 if reading.document else None)
        reading.add(declared.name, declared.missing, declared.required, missing_line)
    if declared.required:
        reading.usable = False
    return copy.copy(declared.default)


def read_value(field_type: FieldType, name: str, data, context: Context, document: YamlDocument | None = None):
    """(value or None, issues) of a whole file that is one value (a list of synonym groups)."""
    reading = Reading(context, document)
    read = field_type.value_from_raw(Raw(name, data, reading, at=()))
    if isinstance(read, BadValue):
        reading.add(None, read.message, True, reading.line())
        return None, reading.issues
    return read, reading.issues
