"""What every template can use: the visitor's language, the offered languages, pictograms."""

from __future__ import annotations

from flask import g
from flask_babel import force_locale, get_locale, gettext

from .. import __version__
from ..fonts import fonts_to_preload
from . import kiosk


def in_every_language(message: str, page_language_first: bool = True) -> list:
    """(language, ``message`` translated) for every offered language, the page's language first
    unless told otherwise: words a first screen says in turn, before anyone has chosen a language."""
    shown = str(get_locale())
    said = []
    for language in kiosk().languages:
        with force_locale(language.babel_locale):
            said.append((language, gettext(message)))
    if page_language_first:
        said.sort(key=lambda pair: pair[0].babel_locale != shown)  # stable: the configured order after it
    return said


def language_of(values: dict) -> str | None:
    """The language a text picked from ``values`` (one per language code) is shown in: the visitor's,
    else the first of its fallbacks, else the first given (the rule of Place.name, Topic.title…)."""
    code = getattr(g, "lang", None)
    for candidate in (code, *kiosk().fallbacks_for(code)):
        if candidate in values:
            return candidate
    first = next(iter(values), None)
    return None if first == "*" else first  # "*": one text for every language, such as a name


def visitor_language():
    """The registry's record of the page's language (g.lang), or None outside any language."""
    code = getattr(g, "lang", None)
    return kiosk().languages.get(code) if code else None


def kiosk_context() -> dict:
    """Template context (app/web/hooks.py): the page's language and what every page shows."""
    state = kiosk()
    language = visitor_language()
    page_language = language or state.languages[state.config.default_language]
    return {
        "lang": language,
        "page_language": page_language,
        "preload_fonts": fonts_to_preload(page_language.script),
        "languages": state.languages,
        "icon": state.pictograms.svg,
        "fallbacks": state.fallbacks_for(language.code if language else None),
        "software_version": __version__,
        "content_revision": state.content.fingerprint[:12],
        "in_every_language": in_every_language,
        "language_of": language_of,
    }
