"""Thin blueprints: read the request, call the domain, render."""

from __future__ import annotations

import re

from flask import Blueprint, Flask, abort, current_app, g
from jinja2 import BytecodeCache
from werkzeug.routing import BaseConverter

from ..kiosk import Kiosk


def kiosk() -> Kiosk:
    return current_app.extensions["kiosk"]


def language_blueprint(name: str, import_name: str) -> Blueprint:
    """A blueprint under /<lang>/ whose views find the language in g.lang (never a session)."""
    bp = Blueprint(name, import_name, url_prefix="/<lang:lang>")

    @bp.url_value_preprocessor
    def pull_lang(endpoint, values):
        # g and the app looked up once: through their proxies each lookup costs as much as
        # the check itself, and every page under /<lang>/ passes here.
        lang, request_globals = values.pop("lang"), g._get_current_object()
        known = lang in current_app.extensions["kiosk"].languages
        request_globals.lang = lang if known else None
        if not known:
            abort(404)

    @bp.url_defaults
    def add_lang(endpoint, values):
        values.setdefault("lang", getattr(g, "lang", None))

    return bp


class _CompiledTemplates(BytecodeCache):
    """Templates compiled once per process, shared by every app made in it (Jinja checks each
    entry against the template's source, so an edited template is compiled again)."""

    def __init__(self):
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self._compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = _CompiledTemplates()


def register(app: Flask) -> None:
    # A CLI command, a test or a worker that makes another app does not compile the templates again.
    app.jinja_env.bytecode_cache = COMPILED_TEMPLATES
    from . import (
        counter,
        feedback,
        heartbeats,
        hooks,
        language,
        page_frames,
        pages,
        places,
        publishing,
        search,
        site_header,
        staff,
        studio,
        studio_forms,
        system,
        takeaway,
        translate,
        urls,
    )
    from .extensions import csrf

    # Only configured language codes match /<lang>/: anything else is not found at once,
    # never redirected or looked up further.
    codes = "|".join(map(re.escape, app.extensions["kiosk"].languages.codes))
    app.url_map.converters["lang"] = type("LanguageConverter", (BaseConverter,), {"regex": f"(?:{codes})"})

    app.register_blueprint(language.bp)
    app.register_blueprint(system.bp)
    app.register_blueprint(search.api)
    app.register_blueprint(search.bp)
    # The counter's reset carries its own signed token in a header (see counter.reset).
    app.register_blueprint(csrf.exempt(counter.bp))
    app.register_blueprint(takeaway.qr)
    app.register_blueprint(takeaway.bp)
    app.register_blueprint(pages.bp)
    places.register(app)
    # Public forms carry their own cookie-free signed token; counters post heartbeats as JSON.
    app.register_blueprint(csrf.exempt(feedback.bp))
    app.register_blueprint(csrf.exempt(heartbeats.api))
    app.register_blueprint(staff.bp)
    app.register_blueprint(studio.bp)
    app.register_blueprint(translate.bp)
    studio_forms.register(app)
    app.register_blueprint(publishing.bp)
    app.register_blueprint(publishing.repository)
    # Every step Flask runs around a view, in one declared order (see hooks.py).
    hooks.register(app)
    urls.install(app)
    site_header.install(app)
    page_frames.install(app)


def load_every_template(app: Flask) -> int:
    """Compile and load every template now; returns how many. gunicorn calls this in its master
    process (the app is preloaded), so workers start with them instead of compiling each one on
    their first page while a visitor waits (Lighthouse saw it as a slow first page)."""
    names = app.jinja_env.list_templates(extensions=["html"])
    for name in names:
        app.jinja_env.get_template(name)
    return len(names)
