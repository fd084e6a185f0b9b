"""The offered languages: CLDR (through Babel) for names, direction and script, and each
language's own record (facts.py) for the rest."""

from __future__ import annotations

from dataclasses import dataclass, field

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from .facts import LanguageFacts, facts_of


@dataclass(frozen=True)
class Language:
    code: str  # as used in URLs and content file names: "fr", "prs", "ckb"
    babel_locale: str  # the CLDR locale behind it: "fr", "fa_AF"
    native_name: str  # in its own script, for the language choice screen
    english_name: str
    direction: str  # "ltr" or "rtl"
    script: str  # ISO 15924: "Latn", "Arab", "Cyrl", "Ethi"
    close_languages: tuple[str, ...] = ()  # read by its speakers before any general fallback
    facts: LanguageFacts | None = None  # everything else the kiosk knows about it (facts.py)

    @property
    def is_rtl(self) -> bool:
        return self.direction == "rtl"


def missing_catalogs(languages: LanguageSet, translations_dir) -> list[str]:
    """Codes of offered languages whose compiled interface catalog (.mo) is missing."""
    from pathlib import Path

    return [
        language.code
        for language in languages
        if not (Path(translations_dir) / language.babel_locale / "LC_MESSAGES" / "messages.mo").is_file()
    ]


class UnknownLanguage(ValueError):
    """A language code that Babel's CLDR data does not know."""


def describe_language(code: str) -> Language:
    """Return the Language for a code, from CLDR and the language's record."""
    facts = facts_of(code)
    locale_id = facts.babel_locale or code
    try:
        locale = Locale.parse(locale_id)
    except (ValueError, LookupError, UnknownLocaleError) as error:
        raise UnknownLanguage(f"{code!r} is not a language that Babel's CLDR data knows") from error
    likely = get_global("likely_subtags").get(locale.language, "")
    script = locale.script or (likely.split("_")[1] if likely.count("_") >= 2 else "Latn")
    native = facts.native_name or locale.get_language_name(locale) or code
    return Language(
        code=code,
        babel_locale=str(locale),
        native_name=native[:1].upper() + native[1:] if script in ("Latn", "Cyrl") else native,
        english_name=facts.english_name or locale.get_language_name("en") or code,
        direction="rtl" if locale.text_direction == "rtl" else "ltr",
        script=script,
        close_languages=facts.close_languages,
        facts=facts,
    )


@dataclass(frozen=True)
class LanguageSet:
    """The offered languages, in the configured order."""

    languages: tuple[Language, ...]
    # Code -> language: a page asks for its language a dozen times (routing, locale, templates).
    _by_code: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        by_code = {}
        for language in self.languages:
            by_code.setdefault(language.code, language)  # the first, as a scan in order finds it
        object.__setattr__(self, "_by_code", by_code)

    @classmethod
    def from_codes(cls, codes) -> LanguageSet:
        return cls(tuple(describe_language(code) for code in codes))

    def __iter__(self):
        return iter(self.languages)

    def __contains__(self, code: object) -> bool:
        try:
            return code in self._by_code
        except TypeError:  # not a code at all (unhashable)
            return False

    def __len__(self) -> int:
        return len(self.languages)

    def get(self, code: str) -> Language | None:
        try:
            return self._by_code.get(code)
        except TypeError:
            return None

    def __getitem__(self, code: str) -> Language:
        language = self.get(code)
        if language is None:
            raise KeyError(code)
        return language

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(language.code for language in self.languages)

    def fallback_chain(self, code: str, general: tuple[str, ...], overrides: dict | None = None) -> tuple[str, ...]:
        """Where to look, in order, when something is missing in ``code``: the language's own chain
        (from ``overrides``, else its close languages), then the general fallbacks; offered
        languages only, each once, never ``code`` itself."""
        language = self.get(code)
        own = (overrides or {}).get(code, language.close_languages if language else ())
        chain: list[str] = []
        for other in (*own, *general):
            if other != code and other in self and other not in chain:
                chain.append(other)
        return tuple(chain)
