"""The types of single values that content fields and settings share: text, true or false, a
whole number, one of a few words, a web address. Each is checked here once. No Flask.

They live in app/content beside the machinery that reads every field (fields.py: Raw, Reading,
the YAML lines), which app/config.py uses for kiosk_config.yaml too: settings import from content,
never the other way round, and a module at app/'s top would make content import from above it.
The types only content has are in field_types.py; those only settings have in app/setting_types.py.

A message names the value as ``raw.called`` ("'phone'"; for a setting "'bind' (KIOSK_BIND)", or
"KIOSK_BIND" when the environment gave it). Settings' messages are ``raw.detailed``: they say the
whole rule and the value as written, since a value from the environment has no line to look at.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from .fields import FieldType, Raw

_YES, _NO = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def one_line(value) -> str:
    return " ".join(str(value).split())


def is_text(value) -> bool:
    """Whether a YAML value can be read as a line of text: a string or a number, not blank."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool) and bool(str(value).strip())


def _as_written(raw: Raw, separator: str = ", ") -> str:
    return f"{separator}not {raw.value!r}" if raw.detailed else ""


class Text(FieldType):
    """One line of text (a number too: a phone number, a year); runs of spaces made one.
    ``strings_only``: no numbers; ``empty``: blank text does, read as "" (a setting left blank)."""

    def __init__(self, strings_only: bool = False, empty: bool = False):
        self.strings_only = strings_only
        self.empty = empty

    def value_from_raw(self, raw: Raw):
        value = raw.value
        if self.empty and (value is None or (isinstance(value, str) and not value.strip())):
            return ""
        if not is_text(value) or (self.strings_only and not isinstance(value, str)):
            return raw.bad_value(f"{raw.called} must be text{_as_written(raw)}")
        return one_line(value)


class Bool(FieldType):
    """True or false; in the environment 1 or 0 (also yes/no, on/off, true/false)."""

    def from_text(self, text: str, raw: Raw):
        if text.lower() not in _YES + _NO:
            return raw.bad_value(f"{raw.called} must be 1 or 0, not {text!r}")
        return text.lower() in _YES

    def value_from_raw(self, raw: Raw):
        if not isinstance(raw.value, bool):
            return raw.bad_value(f"{raw.called} must be true or false{_as_written(raw)}")
        return raw.value


class WholeNumber(FieldType):
    """A whole number (true and false are not), from ``minimum`` to ``maximum``; ``unit``: what
    it counts, said in settings' messages and the README ("90 seconds")."""

    def __init__(self, minimum: int = 0, maximum: int | None = None, unit: str = ""):
        self.minimum, self.maximum, self.unit = minimum, maximum, unit

    def from_text(self, text: str, raw: Raw):
        try:
            return int(text)
        except ValueError:
            return raw.bad_value(f"{raw.called} must be a whole number{self._of_unit()}, not {text!r}")

    def value_from_raw(self, raw: Raw):
        value = raw.value
        if (
            isinstance(value, int)
            and not isinstance(value, bool)
            and value >= self.minimum
            and (self.maximum is None or value <= self.maximum)
        ):
            return value
        up_to = f" to {self.maximum}" if self.maximum is not None else ""
        if not raw.detailed:
            return raw.bad_value(f"{raw.called} must be a whole number from {self.minimum}{up_to}")
        span = f"from {self.minimum}{up_to}" if up_to else f"at least {self.minimum}"
        return raw.bad_value(f"{raw.called} must be a whole number{self._of_unit()}, {span}{_as_written(raw)}")

    def _of_unit(self) -> str:
        return f" of {self.unit}" if self.unit else ""


class Choice(FieldType):
    """One of a few words ("" among them: a setting that may be left empty); ``aliases`` maps
    other values to them (YAML reads yes as true)."""

    def __init__(self, choices: tuple[str, ...], aliases: dict | None = None):
        self.choices = choices
        self.aliases = aliases or {}

    def value_from_raw(self, raw: Raw):
        value = "" if raw.value is None else raw.value
        if isinstance(value, bool):
            value = self.aliases.get(value)
        if value is not None and value in self.choices:
            return value
        if raw.detailed:
            words = ", ".join(choice or "empty" for choice in self.choices)
            return raw.bad_value(f"{raw.called} is one of: {words}{_as_written(raw, '; ')}")
        *first, last = self.choices
        return raw.bad_value(f"{raw.called} is {', '.join(first)} or {last}")


class Url(FieldType):
    """An http(s) web address. ``https_only``: an official page (an article's source), on a
    dotted host name. ``optional``: empty does, unless the value named ``wanted_by`` is set (an
    engine's address, once an engine is chosen). ``drop_last_slash``: paths are added to it (the
    kiosk's public address)."""

    def __init__(
        self, https_only: bool = False, optional: bool = False, wanted_by: str = "", drop_last_slash: bool = False
    ):
        self.schemes = ("https",) if https_only else ("http", "https")
        self.https_only = https_only
        self.optional, self.wanted_by = optional, wanted_by
        self.needs = (wanted_by,) if wanted_by else ()
        self.drop_last_slash = drop_last_slash

    def value_from_raw(self, raw: Raw):
        text = raw.value.strip() if isinstance(raw.value, str) else ""
        if self.optional and raw.value in (None, "") and not (self.wanted_by and raw.values[self.wanted_by]):
            return ""
        parts = urlsplit(text)
        usable = parts.scheme in self.schemes and parts.netloc
        if self.https_only:
            usable = usable and "." in parts.netloc and not any(c.isspace() for c in text)
        if usable:
            return text.rstrip("/") if self.drop_last_slash else text
        if not raw.detailed:
            return raw.bad_value(f"{raw.called} must be a web address starting with https://")
        when = f" when '{self.wanted_by}' is set" if self.wanted_by else ""
        return raw.bad_value(f"{raw.called} must be an http(s) address{when}{_as_written(raw)}")
