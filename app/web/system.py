"""Liveness: cheap, no database, no index."""

from flask import Blueprint, redirect, url_for

bp = Blueprint("system", __name__)


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}


@bp.get("/favicon.ico")
def favicon():
    # Browsers ask for it whatever the page says; the pages name the SVG icon.
    return redirect(url_for("static", filename="favicon.svg"), 301)
