"""Babel set-up and locale selection. Views and templates import _ and _l from here."""

from __future__ import annotations

from babel import Locale
from flask import Flask, current_app, g
from flask_babel import (
    Babel,  # noqa: F401 - re-exported
    get_domain,
    get_locale,
    get_translations,
)
from jinja2 import pass_context
from markupsafe import Markup

from ..search.kept import kept

babel = Babel()


# Each Babel locale parsed once per process: flask-babel parses what the selector names on every
# request (some 10 µs), unless it is given a Locale already.
_parsed_locales: dict[str, Locale] = {}


def select_locale() -> Locale:
    """The Babel locale of the staff pages' language (g.staff_lang, set by the staff pages), else
    of the language in the URL; the default language elsewhere."""
    kiosk = current_app.extensions["kiosk"]
    code = getattr(g, "staff_lang", None) or getattr(g, "lang", None) or kiosk.config.default_language
    name = kiosk.languages[code].babel_locale
    locale = _parsed_locales.get(name)
    if locale is None:
        locale = _parsed_locales[name] = Locale.parse(name)
    return locale


def init_template_gettext(app: Flask) -> None:
    """Templates' _() and ngettext() take the translations chosen once per rendering.

    flask-babel's own look the locale and catalog up again for every string (through request and
    app proxies): some 10 µs each, and a page says a dozen strings or more. The catalog is that
    of the locale when the template is rendered (inside force_locale too); the strings are
    formatted as Jinja's "newstyle" gettext formats them (escaped variables, %% for %).
    """
    app.context_processor(_translations_context)
    app.jinja_env.globals.update(_=_template_gettext, gettext=_template_gettext, ngettext=_template_ngettext)


# flask-babel's catalog and the locale's name, per Babel domain (one per app) and locale: its
# get_translations() finds its request record, domain and locale through some nine proxy
# look-ups and names the locale again on every call, 5 % of an uncached search page.
_kept_catalogs: dict[tuple, tuple] = {}
KEPT_CATALOGS = 1000  # apps × locales (the tests make hundreds of apps); emptied when full


def _translations_context() -> dict:
    """The catalog of the locale being rendered, and its name (for the keys of kept fragments).
    The locale is flask-babel's, so that force_locale holds: read from its record of this
    request when it has one, else asked of flask-babel (which then records it)."""
    record = g.get("_flask_babel")
    locale = getattr(record, "babel_locale", None) or get_locale()
    domain = getattr(record, "babel_domain", None) or get_domain()
    catalog, name = kept(_kept_catalogs, (domain, locale), lambda: (get_translations(), str(locale)), KEPT_CATALOGS)
    return {"babel_translations": catalog, "babel_locale_name": name}


def _translations_of(context):
    # A template imported without context has none of the rendering's variables.
    return context.get("babel_translations") or get_translations()


@pass_context
def _template_gettext(context, message: str, **variables) -> str:
    text = _translations_of(context).ugettext(message)
    if not variables and "%" not in text:
        return Markup(text) if context.eval_ctx.autoescape else text  # formatting would not change it
    return (Markup(text) if context.eval_ctx.autoescape else text) % variables


@pass_context
def _template_ngettext(context, singular: str, plural: str, number: int, **variables) -> str:
    variables.setdefault("num", number)
    text = _translations_of(context).ungettext(singular, plural, number)
    return (Markup(text) if context.eval_ctx.autoescape else text) % variables
