"""The types of the settings in app/settings.py: each reads one value and answers it, or
``raw.bad_value(reason)``, like the field types of content files (app/content/fields.py, whose
Raw gives the value's line in kiosk_config.yaml). No Flask.

``raw.name`` is how the message calls the setting: ``'idle_seconds'`` for a value from the file,
``KIOSK_IDLE_SECONDS`` for one from the environment, whose text ``from_text`` reads first.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .content.fields import FieldType, Raw
from .languages import UnknownLanguage, describe_language


@dataclass(frozen=True)
class SettingsContext:
    """What a setting is read against: the folder of the configuration file, which relative
    paths start from."""

    base_dir: Path


_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")
_YES, _NO = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


class SettingType(FieldType):
    """The base of the others, reading text; ``needs``: settings read before this one."""

    needs: tuple[str, ...] = ()
    unit = ""  # said after a whole number in the README ("90 seconds")

    def from_text(self, text: str, raw: Raw):
        """The value an environment variable's text stands for (or ``raw.bad_value``)."""
        return text

    def value_from_raw(self, raw: Raw):
        value = "" if raw.value is None else raw.value
        return value if isinstance(value, str) else raw.bad_value(f"{raw.name} must be text, not {value!r}")


class Text(SettingType):
    """Any text, empty too."""


class TextOr(SettingType):
    """Text; empty: the value of the setting ``other``."""

    def __init__(self, other: str):
        self.other = other
        self.needs = (other,)

    def value_from_raw(self, raw: Raw):
        return super().value_from_raw(raw) or raw.values[self.other]


class Secret(SettingType):
    def __init__(self, least: int = 0):
        self.least = least

    def value_from_raw(self, raw: Raw):
        value = super().value_from_raw(raw)
        if isinstance(value, str) and value and len(value) < self.least:
            return raw.bad_value(f"{raw.name} must be a secret of at least {self.least} characters")
        return value


class WholeNumber(SettingType):
    def __init__(self, unit: str, minimum: int = 0, maximum: int | None = None):
        self.unit, self.minimum, self.maximum = unit, minimum, maximum

    def from_text(self, text: str, raw: Raw):
        try:
            return int(text)
        except ValueError:
            return raw.bad_value(f"{raw.name} must be a whole number of {self.unit}, not {text!r}")

    def value_from_raw(self, raw: Raw):
        value = raw.value
        too_big = self.maximum is not None and isinstance(value, int) and value > self.maximum
        if not isinstance(value, int) or isinstance(value, bool) or value < self.minimum or too_big:
            span = f"from {self.minimum} to {self.maximum}" if self.maximum is not None else f"at least {self.minimum}"
            return raw.bad_value(f"{raw.name} must be a whole number of {self.unit}, {span}, not {value!r}")
        return value


class Workers(WholeNumber):
    """gunicorn's workers; 0 stands for 2 per core, at most 4."""

    def value_from_raw(self, raw: Raw):
        value = super().value_from_raw(raw)
        return min(4, (os.cpu_count() or 1) * 2) if value == 0 else value


class YesNo(SettingType):
    def from_text(self, text: str, raw: Raw):
        if text.lower() not in _YES + _NO:
            return raw.bad_value(f"{raw.name} must be 1 or 0, not {text!r}")
        return text.lower() in _YES

    def value_from_raw(self, raw: Raw):
        if not isinstance(raw.value, bool):
            return raw.bad_value(f"{raw.name} must be true or false, not {raw.value!r}")
        return raw.value


class Folder(SettingType):
    """A path, relative to the configuration file's folder (``raw.context.base_dir``)."""

    def value_from_raw(self, raw: Raw):
        if not isinstance(raw.value, str) or not raw.value:
            return raw.bad_value(f"{raw.name} must be a folder path")
        # Absolute, but links are not followed: a follower's content_dir is a link the sync
        # points at each new publication (app/publishing/sync.py), and must be read anew each time.
        return Path(os.path.abspath(raw.context.base_dir / raw.value))


class WebAddress(SettingType):
    """An http(s) address, kept without its last slash; ``optional``: empty is allowed, unless
    the setting named ``wanted_by`` is set."""

    def __init__(self, optional: bool = False, wanted_by: str = ""):
        self.optional, self.wanted_by = optional, wanted_by
        self.needs = (wanted_by,) if wanted_by else ()

    def value_from_raw(self, raw: Raw):
        value = raw.value
        if self.optional and value in (None, "") and not (self.wanted_by and raw.values[self.wanted_by]):
            return ""
        parts = urlsplit(value) if isinstance(value, str) else None
        if not parts or parts.scheme not in ("http", "https") or not parts.netloc:
            when = f" when '{self.wanted_by}' is set" if self.wanted_by else ""
            return raw.bad_value(f"{raw.name} must be an http(s) address{when}, not {value!r}")
        return value.rstrip("/")


class Choice(SettingType):
    def __init__(self, *choices: str):
        self.choices = choices

    def value_from_raw(self, raw: Raw):
        value = "" if raw.value is None else raw.value
        if value not in self.choices:
            words = ", ".join(choice or "empty" for choice in self.choices)
            return raw.bad_value(f"{raw.name} is one of: {words}; not {value!r}")
        return value


class DatabaseAddress(SettingType):
    def value_from_raw(self, raw: Raw):
        value = raw.value
        if not isinstance(value, str) or not re.match(r"^(sqlite|postgresql)(\+\w+)?://", value):
            return raw.bad_value(f"{raw.name} must start with sqlite:// or postgresql://, not {value!r}")
        if value.startswith("sqlite:///") and not value.startswith("sqlite:////"):
            # A relative SQLite path is relative to the configuration file, like the folders.
            return "sqlite:///" + str((raw.context.base_dir / value[len("sqlite:///") :]).resolve())
        return value


class Languages(SettingType):
    """The kiosk's languages: a list of codes that Babel's CLDR data knows, none twice."""

    def value_from_raw(self, raw: Raw):
        if not isinstance(raw.value, list) or not raw.value:
            return raw.bad_value(f"{raw.name} must be a non-empty list of language codes, e.g. [fr, nl, en]")
        problems = [(position, _code_problem(code, raw.value[:position])) for position, code in enumerate(raw.value)]
        for position, problem in problems:
            if problem:
                raw.note(f"{raw.name}{problem}", position)
        return raw.bad_value("") if any(problem for _, problem in problems) else tuple(raw.value)


def _code_problem(code, earlier: list) -> str:
    if not isinstance(code, str) or not _LANGUAGE_CODE.match(code):
        return f" has {code!r}, which is not a language code such as 'fr' or 'prs'"
    if code in earlier:
        return f" lists {code!r} twice"
    try:
        describe_language(code)
    except UnknownLanguage as unknown:
        return f": {unknown}"
    return ""


class OneOfTheLanguages(SettingType):
    """One of the kiosk's languages; empty: the first of them."""

    needs = ("languages",)

    def value_from_raw(self, raw: Raw):
        languages = raw.values["languages"]
        value = raw.value or languages[0]
        if value not in languages:
            return raw.bad_value(f"{raw.name} is {value!r}, which is not in 'languages'")
        return value


class SomeOfTheLanguages(SettingType):
    """A list of the kiosk's languages; empty: the default language alone."""

    needs = ("languages", "default_language")

    def value_from_raw(self, raw: Raw):
        value = raw.value or [raw.values["default_language"]]
        if not isinstance(value, list) or any(code not in raw.values["languages"] for code in value):
            return raw.bad_value(f"{raw.name} must be a list of codes taken from 'languages', not {raw.value!r}")
        return tuple(value)


class FallbackChains(SettingType):
    """{language: [languages]}, all of the kiosk's languages."""

    needs = ("languages",)

    def value_from_raw(self, raw: Raw):
        value, languages = raw.value or {}, raw.values["languages"]
        if not isinstance(value, dict) or any(
            code not in languages or not isinstance(chain, list) or any(other not in languages for other in chain)
            for code, chain in value.items()
        ):
            return raw.bad_value(f"{raw.name} must map a language code to a list of codes, all taken from 'languages'")
        return {code: tuple(chain) for code, chain in value.items()}
