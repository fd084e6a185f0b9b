"""Liveness: cheap, no database, no index."""

from flask import Blueprint

bp = Blueprint("system", __name__)


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}
