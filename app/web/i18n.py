"""Babel set-up and locale selection. Views and templates import _ and _l from here."""

from __future__ import annotations

from flask import current_app, g
from flask_babel import Babel  # noqa: F401 - re-exported

babel = Babel()


def select_locale() -> str:
    """The Babel locale of the staff pages' language (g.staff_lang, set by the staff pages), else
    of the language in the URL; the default language elsewhere."""
    kiosk = current_app.extensions["kiosk"]
    code = getattr(g, "staff_lang", None) or getattr(g, "lang", None) or kiosk.config.default_language
    return kiosk.languages[code].babel_locale
