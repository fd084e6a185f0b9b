"""Topics, a topic's articles, an article."""

from __future__ import annotations

from flask import abort, g, render_template

from . import kiosk, language_blueprint

bp = language_blueprint("pages", __name__)


@bp.get("/")
def topics():
    state = kiosk()
    # Few articles in this language: say so, and list what there is to read in it.
    own = [(a, a.versions[g.lang]) for a in state.own_articles(g.lang)] if state.has_few_articles(g.lang) else None
    return render_template("topics.html", topics=state.content.topics, own_articles=own)


@bp.get("/<topic_id>/")
def topic(topic_id: str):
    state = kiosk()
    content = state.content
    topic = content.topic(topic_id) or abort(404)
    fallbacks = state.fallbacks_for(g.lang)
    articles = [(a, a.best_version(g.lang, fallbacks)) for a in content.articles_in(topic.id)]
    articles.sort(key=lambda pair: (pair[1].lang != g.lang, pair[1].title.casefold()))
    return render_template("topic.html", topic=topic, articles=articles)


@bp.get("/<topic_id>/<slug>")
def article(topic_id: str, slug: str):
    state = kiosk()
    content = state.content
    topic = content.topic(topic_id) or abort(404)
    article = content.article(topic.id, slug) or abort(404)
    fallbacks = state.fallbacks_for(g.lang)
    # The card (title, summary) in the visitor's language where there is one; the text may fall back.
    card, version = article.best_version(g.lang, fallbacks), article.readable_version(g.lang, fallbacks)
    readable = {v.lang for v in article.readable_versions()}
    available = [state.languages[code] for code in state.languages.codes if code in readable]
    return render_template(
        "article.html", topic=topic, article=article, card=card, version=version, available=available
    )
