"""The search page, the JSON search API and suggestions as the visitor types."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g, render_template, request, url_for
from flask_babel import gettext as _

from ..search import present
from . import kiosk, language_blueprint
from .extensions import csrf
from .recording import current_counter
from .result_cards import ResultCards

bp = language_blueprint("search", __name__)
api = Blueprint("api", __name__, url_prefix="/api")
bp.record_once(lambda state: state.app.extensions.setdefault("result_cards", ResultCards()))


# What one search may cost: each word adds spelling alternatives in every language searched, so
# a search's time grows with its words (12 words took 0.4-0.8 s, 5 words 0.2-0.3 s). Words past
# these are not searched; nobody types more at a counter.
MAX_QUERY_WORDS = 5
MAX_QUERY_CHARACTERS = 100


def bounded_query(text: str) -> str:
    """``text`` cut to the words and characters one search may take (unchanged if within them)."""
    text = text[:MAX_QUERY_CHARACTERS]
    words = text.split()
    return text if len(words) <= MAX_QUERY_WORDS else " ".join(words[:MAX_QUERY_WORDS])


def _search(text: str, lang: str):
    text = bounded_query(text)
    state = kiosk()
    content = state.content
    outcome = state.searcher.search(text, lang, synonyms=content.synonyms)
    results = present(outcome, content, lang, state.fallbacks_for(lang))
    # Counted after the response (app/web/recording.py): the words and whether anything was found.
    if text.strip() and outcome.available:
        g.searched = (text, bool(results))
    return outcome, results


def _api_language() -> str:
    lang = request.args.get("lang", kiosk().config.default_language)
    if lang not in kiosk().languages:
        abort(404)
    g.lang = lang
    return lang


@bp.get("/search")
def page():
    text = request.args.get("q", "")
    outcome, results = _search(text, g.lang)
    cards, searcher = current_app.extensions["result_cards"], kiosk().searcher
    return render_template(
        "search.html",
        query=text,
        outcome=outcome,
        results=results,
        topics=kiosk().content.topics,
        result_items=lambda card: cards.items(results, card, lambda hit: searcher.snippet(outcome, hit)),
    )


@api.get("/search")
def search_json():
    lang = _api_language()
    outcome, results = _search(request.args.get("q", ""), lang)
    # No index to search (missing, corrupt, being built): said politely, as on the search page.
    unavailable = {"available": False, "message": _("Search is not available at the moment. Please choose a topic.")}
    return {
        **({} if outcome.available else unavailable),
        "results": [
            {
                "topic": article.topic,
                "article": article.slug,
                "lang": version.lang,
                "title": version.title,
                "summary": version.summary,
                "url": url_for("pages.article", lang=lang, topic_id=article.topic, slug=article.slug),
            }
            for article, version, _hit in results
        ],
    }


@api.post("/search/opened")
@csrf.exempt  # no cookie to protect: it only adds one to an anonymous count, like a page view
def search_result_opened():
    """A visitor opened a result of their search (sent by the search page as they leave it): a
    search whose results nobody opens did not find what visitors meant (the staff's searches page)."""
    lang = _api_language()
    text = bounded_query(request.args.get("q", ""))
    current_app.extensions["recorder"].count_search_opened(lang, text, current_counter())
    return "", 204


def _article_url(lang: str, key: str) -> str:
    topic_id, slug = key.split("/", 1)
    return url_for("pages.article", lang=lang, topic_id=topic_id, slug=slug)


@api.get("/suggest")
def suggest_json():
    lang = _api_language()
    suggestions = kiosk().suggester.suggest(request.args.get("q", "")[:MAX_QUERY_CHARACTERS], lang)
    return {
        "suggestions": [
            # A suggestion is a title or keyword of one article: touching it opens that article.
            {"text": s.text, "lang": s.lang, "url": _article_url(lang, s.article)}
            for s in suggestions
        ]
    }
