"""The types only settings have (app/settings.py): paths, secrets, the database address, the
kiosk's languages. Text, true or false, whole numbers, choices and web addresses are checked by
the types content fields use too (app/content/value_types.py). Each reads one value and answers
it, or ``raw.bad_value(reason)``, like the field types of content files (app/content/fields.py,
whose Raw gives the value's line in kiosk_config.yaml). No Flask.

``raw.called`` is how the message calls the setting: ``'idle_seconds'`` for a value from the
file, ``KIOSK_IDLE_SECONDS`` for one from the environment, whose text ``from_text`` reads first.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .content.fields import FieldType, Raw
from .content.value_types import Text, WholeNumber
from .languages import UnknownLanguage, describe_language


@dataclass(frozen=True)
class SettingsContext:
    """What a setting is read against: the folder of the configuration file, which relative
    paths start from."""

    base_dir: Path


_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")


class TextOr(Text):
    """Text; empty: the value of the setting ``other``."""

    def __init__(self, other: str):
        super().__init__(strings_only=True, empty=True)
        self.other = other
        self.needs = (other,)

    def value_from_raw(self, raw: Raw):
        return super().value_from_raw(raw) or raw.values[self.other]


class Secret(FieldType):
    """A key, kept exactly as written (spaces too); empty: none. ``least``: its shortest length."""

    def __init__(self, least: int = 0):
        self.least = least

    def value_from_raw(self, raw: Raw):
        value = "" if raw.value is None else raw.value
        if not isinstance(value, str):
            return raw.bad_value(f"{raw.called} must be text, not {value!r}")
        if value and len(value) < self.least:
            return raw.bad_value(f"{raw.called} must be a secret of at least {self.least} characters")
        return value


class Workers(WholeNumber):
    """gunicorn's workers; 0 stands for 2 per core, at most 4."""

    def value_from_raw(self, raw: Raw):
        value = super().value_from_raw(raw)
        return min(4, (os.cpu_count() or 1) * 2) if value == 0 else value


class Folder(FieldType):
    """A path, relative to the configuration file's folder (``raw.context.base_dir``)."""

    def value_from_raw(self, raw: Raw):
        if not isinstance(raw.value, str) or not raw.value:
            return raw.bad_value(f"{raw.called} must be a folder path")
        # Absolute, but links are not followed: a follower's content_dir is a link the sync
        # points at each new publication (app/publishing/sync.py), and must be read anew each time.
        return Path(os.path.abspath(raw.context.base_dir / raw.value))


class DatabaseAddress(FieldType):
    def value_from_raw(self, raw: Raw):
        value = raw.value
        if not isinstance(value, str) or not re.match(r"^(sqlite|postgresql)(\+\w+)?://", value):
            return raw.bad_value(f"{raw.called} must start with sqlite:// or postgresql://, not {value!r}")
        if value.startswith("sqlite:///") and not value.startswith("sqlite:////"):
            # A relative SQLite path is relative to the configuration file, like the folders.
            return "sqlite:///" + str((raw.context.base_dir / value[len("sqlite:///") :]).resolve())
        return value


class Languages(FieldType):
    """The kiosk's languages: a list of codes that Babel's CLDR data knows, none twice."""

    def value_from_raw(self, raw: Raw):
        if not isinstance(raw.value, list) or not raw.value:
            return raw.bad_value(f"{raw.called} must be a non-empty list of language codes, e.g. [fr, nl, en]")
        problems = [(position, _code_problem(code, raw.value[:position])) for position, code in enumerate(raw.value)]
        for position, problem in problems:
            if problem:
                raw.note(f"{raw.called}{problem}", position)
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


class OneOfTheLanguages(FieldType):
    """One of the kiosk's languages; empty: the first of them."""

    needs = ("languages",)

    def value_from_raw(self, raw: Raw):
        languages = raw.values["languages"]
        value = raw.value or languages[0]
        if value not in languages:
            return raw.bad_value(f"{raw.called} is {value!r}, which is not in 'languages'")
        return value


class SomeOfTheLanguages(FieldType):
    """A list of the kiosk's languages; empty: the default language alone."""

    needs = ("languages", "default_language")

    def value_from_raw(self, raw: Raw):
        value = raw.value or [raw.values["default_language"]]
        if not isinstance(value, list) or any(code not in raw.values["languages"] for code in value):
            return raw.bad_value(f"{raw.called} must be a list of codes taken from 'languages', not {raw.value!r}")
        return tuple(value)


class FallbackChains(FieldType):
    """{language: [languages]}, all of the kiosk's languages."""

    needs = ("languages",)

    def value_from_raw(self, raw: Raw):
        value, languages = raw.value or {}, raw.values["languages"]
        if not isinstance(value, dict) or any(
            code not in languages or not isinstance(chain, list) or any(other not in languages for other in chain)
            for code, chain in value.items()
        ):
            return raw.bad_value(
                f"{raw.called} must map a language code to a list of codes, all taken from 'languages'"
            )
        return {code: tuple(chain) for code, chain in value.items()}
