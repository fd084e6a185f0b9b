"""Place pages, the list of places, "add to my calendar", and the place and event helpers that
the topic and article pages use. The domain (app.places, app.events) decides; this only asks."""

from __future__ import annotations

from datetime import datetime, timedelta

from babel.dates import format_date, format_skeleton
from flask import Flask, Response, abort, g, render_template, url_for

from ..events import to_ics, upcoming
from ..places import BRUSSELS, format_period, language_name, opening_status, status_words, week_hours
from ..qrcodes import public_address
from . import kiosk, language_blueprint
from .caching import keep_page_for

bp = language_blueprint("places", __name__)


def _now() -> datetime:
    now = datetime.now(BRUSSELS)
    # "Open now" and "coming up" are true for this minute: the page cache keeps it no longer.
    minute = now.replace(second=0, microsecond=0)
    keep_page_for(minute.timestamp(), (minute + timedelta(minutes=1)).timestamp())
    return now


def _locale() -> str:
    return kiosk().languages[g.lang].babel_locale


def _by_name(places):
    return sorted(places, key=lambda place: place.name(g.lang, kiosk().fallbacks_for(g.lang)).casefold())


@bp.get("/places/")
def index():
    return render_template("places/index.html", places=_by_name(kiosk().content.places.values()))


@bp.get("/places/<place_id>")
def place(place_id: str):
    content = kiosk().content
    place = content.places.get(place_id) or abort(404)
    topics = [topic for topic in content.topics if topic.id in place.topics]
    return render_template(
        "places/place.html", place=place, topics=topics, week=week_hours(place, _now().date()), now=_now()
    )


@bp.get("/events/<event_id>.ics")
def event_ics(event_id: str):
    content = kiosk().content
    event = content.events.get(event_id) or abort(404)
    place = content.places.get(event.place) if event.place else None
    page = public_address(kiosk().config.public_base_url, url_for("places.place", place_id=place.id)) if place else None
    body = to_ics(event, g.lang, _now(), fallbacks=kiosk().fallbacks_for(g.lang), place=place, url=page)
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{event.id}.ics"'},
    )


# -- helpers for templates ----------------------------------------------------------------


def place_status(place):
    """The "open now" line's parts for the visitor's language, at this moment."""
    return status_words(opening_status(place, _now()), g.lang, _locale(), kiosk().fallbacks_for(g.lang))


def places_for_topic(topic_id: str):
    return _by_name(kiosk().content.places_serving(topic_id))


def places_named(version):
    """The places an article names, in its order (unknown ids are reported by content check)."""
    places = kiosk().content.places
    return [places[place_id] for place_id in version.places if place_id in places]


def upcoming_events(topic: str | None = None, place: str | None = None):
    return upcoming(kiosk().content.events.values(), _now(), topic=topic, place=place)


def occurrence_day(occurrence) -> str:
    return format_date(occurrence.start, "full", locale=_locale())


def weekday_date(day) -> str:
    """ "Monday 21 December" in the order and words of the visitor's locale."""
    return format_skeleton("MMMMEEEEd", day, locale=_locale())


def period(start, end) -> str:
    return format_period(start, end, _locale())


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.add_template_global(place_status)
    app.add_template_global(places_for_topic)
    app.add_template_global(places_named)
    app.add_template_global(upcoming_events)
    app.add_template_global(occurrence_day)
    app.add_template_global(period)
    app.add_template_global(weekday_date)
    app.add_template_global(lambda: kiosk().content.places, "places_by_id")
    app.add_template_global(lambda code: language_name(code, _locale()), "spoken_language_name")
