"""Error pages in the visitor's language, with no stack trace, path or library name."""

from __future__ import annotations

from flask import g, render_template, request
from werkzeug.exceptions import HTTPException

from . import kiosk


def _language_from_path() -> str | None:
    first = request.path.strip("/").split("/", 1)[0]
    return first if first in kiosk().languages else None


def http_error(error: HTTPException):
    """The error handler of every HTTP error (app/web/hooks.py)."""
    if getattr(g, "lang", None) is None:
        g.lang = _language_from_path()
    if request.path.startswith("/api/"):
        return {"error": error.name}, error.code
    return render_template("error.html", code=error.code), error.code
