"""The first screen: choose a language."""

from flask import Blueprint, render_template

bp = Blueprint("language", __name__)


@bp.get("/")
def choose():
    return render_template("choose_language.html")
