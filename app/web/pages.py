"""Topics, a topic's articles, an article."""

from __future__ import annotations

from flask import abort, g, redirect, render_template, url_for

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
    article = content.article(topic_id, slug)
    if article is None:
        return _moved_or_gone(content, f"{topic_id}/{slug}")
    topic = content.topic(topic_id) or abort(404)
    fallbacks = state.fallbacks_for(g.lang)
    # The card (title, summary) in the visitor's language where there is one; the text may fall back.
    card, version = article.best_version(g.lang, fallbacks), article.readable_version(g.lang, fallbacks)
    readable = {v.lang for v in article.readable_versions()}
    available = [state.languages[code] for code in state.languages.codes if code in readable]
    return render_template(
        "article.html", topic=topic, article=article, card=card, version=version, available=available
    )


def _moved_or_gone(content, key: str):
    """An address staff renamed or moved: to the new one, for good (printed QR codes and links
    elsewhere keep working). Archived: 410 with the way to its topic, so a visitor who followed an
    old link learns the page was taken down on purpose, not that the kiosk is broken."""
    new = content.new_address(key)
    if new is not None:
        topic_id, slug = new.split("/")
        return redirect(url_for("pages.article", topic_id=topic_id, slug=slug), 301)
    if content.was_archived(key):
        topic = content.topic(key.split("/")[0])
        return render_template("error.html", code=410, topic=topic), 410
    abort(404)
