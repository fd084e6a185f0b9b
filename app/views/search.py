"""The search page and the JSON search API."""

from __future__ import annotations

from flask import Blueprint, abort, g, render_template, request, url_for

from ..search import present
from . import kiosk, language_blueprint

bp = language_blueprint("search", __name__)
api = Blueprint("api", __name__, url_prefix="/api")


def _search(text: str, lang: str):
    state = kiosk()
    outcome = state.searcher.search(text, lang)
    return outcome, present(outcome, state.content, lang, state.config.fallback_languages)


@bp.get("/search")
def page():
    text = request.args.get("q", "")
    outcome, results = _search(text, g.lang)
    return render_template("search.html", query=text, outcome=outcome, results=results,
                           topics=kiosk().content.topics)


@api.get("/search")
def search_json():
    lang = request.args.get("lang", kiosk().config.default_language)
    if lang not in kiosk().languages:
        abort(404)
    g.lang = lang
    outcome, results = _search(request.args.get("q", ""), lang)
    return {
        "results": [
            {
                "topic": article.topic,
                "article": article.slug,
                "lang": version.lang,
                "title": version.title,
                "summary": version.summary,
                "url": url_for("pages.article", lang=lang, topic_id=article.topic, slug=article.slug),
            }
            for article, version in results
        ]
    }
