"""What every template can use: the visitor's language, the offered languages, pictograms."""

from __future__ import annotations

from flask import Flask, g

from .. import __version__
from . import kiosk


def register(app: Flask) -> None:
    @app.context_processor
    def kiosk_context():
        state = kiosk()
        code = getattr(g, "lang", None)
        language = state.languages.get(code) if code else None
        return {
            "lang": language,
            "page_language": language or state.languages[state.config.default_language],
            "languages": state.languages,
            "icon": state.pictograms.svg,
            "fallbacks": state.fallbacks_for(code if language else None),
            "software_version": __version__,
            "content_revision": state.content.fingerprint[:12],
        }
