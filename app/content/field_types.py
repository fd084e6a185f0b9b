"""The field types only content files have (see app/content/fields.py for how they are read;
text, true or false, whole numbers, choices and web addresses are in value_types.py, shared with
the settings). No Flask.

Each answers ``value_from_raw(raw)`` with the value, or ``raw.bad_value(reason)`` worded for
staff; a problem in part of a value that leaves the rest usable is noted with ``raw.note``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

from babel import Locale, UnknownLocaleError

from .fields import BadValue, FieldType, Issue, Raw, Spec, read_fields
from .value_types import Text, is_text, one_line

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class Email(Text):
    def value_from_raw(self, raw: Raw):
        text = super().value_from_raw(raw)
        if isinstance(text, str) and ("@" not in text or " " in text):
            return raw.bad_value(f"'{raw.name}' {text!r} is not an e-mail address")
        return text


class PerLanguageText(FieldType):
    """{language code: text}; with ``one_for_all``, one text may stand for every language
    (kept as {"*": text}: the name of an office is often the same in all)."""

    def __init__(self, one_for_all: bool = True, max_length: int | None = None):
        self.one_for_all = one_for_all
        self.max_length = max_length

    def value_from_raw(self, raw: Raw):
        name, value = raw.name, raw.value
        if self.one_for_all and is_text(value):
            return {"*": one_line(value)}
        if not isinstance(value, dict) or not value:
            if self.one_for_all:
                return raw.bad_value(f"'{name}' must be text, or text per language ({name}: {{fr: …, nl: …}})")
            return raw.bad_value(f"'{name}' must be text per language ({name}: {{en: …, fr: …}})")
        texts = {}
        for code, text in value.items():
            if code not in raw.context.languages:
                raw.note(f"{name}: unknown language code {code!r}", code)
            elif not is_text(text) or isinstance(text, float):
                raw.note(f"{name}.{code} must be text", code)
            else:
                texts[code] = one_line(text)
                if self.max_length and len(texts[code]) > self.max_length:
                    raw.note(f"{name}.{code} is {len(texts[code])} characters; at most {self.max_length}", code)
        return texts


def parse_date(value) -> date | None:
    """The day of a value written YYYY-MM-DD (YAML reads it as a date; a quoted one is read
    here), or None."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    return None


class Date(FieldType):
    def value_from_raw(self, raw: Raw):
        day = parse_date(raw.value)
        return raw.bad_value(f"'{raw.name}' must be a date written YYYY-MM-DD") if day is None else day


class Slug(FieldType):
    """An id in addresses and file names: lower-case letters, digits and hyphens."""

    def __init__(self, what: str = ""):
        self.what = what  # how messages call it: "topic id"

    def value_from_raw(self, raw: Raw):
        if not isinstance(raw.value, str) or not SLUG.match(raw.value):
            return raw.bad_value(
                f"{self.what or raw.name} {raw.value!r} must be lower-case letters, digits and hyphens"
            )
        return raw.value


class LanguageCode(FieldType):
    """One of the kiosk's languages; with ``other``, not the language of the file itself."""

    def __init__(self, other: bool = False):
        self.other = other

    def value_from_raw(self, raw: Raw):
        value = raw.value
        if (
            not isinstance(value, str)
            or value not in raw.context.languages
            or (self.other and value == raw.context.lang)
        ):
            kind = "another configured language" if self.other else "a configured language"
            return raw.bad_value(f"{raw.name} {value!r} is not {kind}")
        return value


class ListOf(FieldType):
    """A list whose items are each read by ``item``; an item that cannot be used is reported and
    left out. ``usage`` is said when the value is no list (or, with ``least``, too short)."""

    def __init__(self, item: FieldType, usage: str, least: int = 0, fatal: bool = False):
        self.item = item
        self.usage = usage
        self.least = least
        self.fatal = fatal  # whether an item left out is an error

    def value_from_raw(self, raw: Raw):
        if not isinstance(raw.value, list) or len(raw.value) < self.least:
            return raw.bad_value(self.usage)
        found = []
        for position, value in enumerate(raw.value):
            read = self.item.value_from_raw(raw.part(position, value))
            if isinstance(read, BadValue):
                if read.message:
                    raw.note(read.message, position, fatal=self.fatal)
            else:
                found.append(read)
        return tuple(found)


class Entry(FieldType):
    """A mapping inside the file, read against its own spec (an article's translation block, a
    closure of a place); ``build(values, raw)`` makes the value of the fields read (and may answer
    ``raw.bad_value``). Without ``fatal``, its problems are warnings: only the entry is lost."""

    def __init__(self, spec: Spec, build: Callable[[dict, Raw], object], fatal: bool = True):
        self.spec = spec
        self.build = build
        self.fatal = fatal

    def value_from_raw(self, raw: Raw):
        outer = raw.reading
        inner = read_fields(
            self.spec,
            raw.value,
            outer.context,
            outer.document,
            at=(*outer.at, *raw.at),
            prefix=outer.prefix,
            names=f"{raw.name}.",
        )
        outer.issues.extend(Issue(raw.at[0], i.message, i.fatal and self.fatal, i.line) for i in inner.issues)
        return self.build(inner.values, raw) if inner.usable else raw.bad_value("")


class Ids(FieldType):
    """A list of ids of other things; with ``known`` (which context set), unknown ones are
    reported and left out."""

    def __init__(self, usage: str, known: str = "", unknown: str = ""):
        self.usage = usage
        self.known = known
        self.unknown = unknown

    def value_from_raw(self, raw: Raw):
        value = raw.value
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            return raw.bad_value(self.usage)
        if not self.known:
            return tuple(value)
        known = getattr(raw.context, self.known)
        for position, item in enumerate(value):
            if item not in known:
                raw.note(self.unknown.format(id=item), position)
        return tuple(item for item in value if item in known)


class Keywords(FieldType):
    """The words people search for: a list, or one line with commas; ``least`` different ones."""

    def __init__(self, least: int):
        self.least = least

    def value_from_raw(self, raw: Raw):
        value = raw.value
        if isinstance(value, str):
            value = value.split(",")
        if not isinstance(value, list) or not all(isinstance(k, (str, int)) for k in value):
            return raw.bad_value(f"'{raw.name}' must be a list of words")
        words = tuple(str(k).strip() for k in value if str(k).strip())
        if len(set(words)) < self.least:
            raw.note(f"give at least {self.least} different keywords: the words people type when they search")
        return words


class SpokenLanguages(FieldType):
    """Languages spoken at a place or an event: any language code, not only the kiosk's."""

    def value_from_raw(self, raw: Raw):
        value = raw.value
        if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
            return raw.bad_value(f"'{raw.name}' is a list of language codes: [fr, nl, en]")
        codes = []
        for position, code in enumerate(value):
            try:
                Locale.parse(code)
            except (ValueError, UnknownLocaleError):
                raw.note(f"'{raw.name}': {code!r} is not a language code", position)
                continue
            codes.append(code)
        return tuple(codes)
