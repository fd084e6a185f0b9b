"""Taking pages home and listening to them: QR codes, the "my pages" list, read-aloud audio."""

from __future__ import annotations

import logging

from flask import Blueprint, abort, current_app, g, render_template, request, send_file, url_for
from flask_babel import gettext as _

from .. import qrcodes
from ..counter import parse_page_list
from ..ratelimit import SPEECH
from ..speech import NoVoice, Speech, SpeechFailed, installed_voices, voice_for
from . import kiosk, language_blueprint
from .limits import allowed

log = logging.getLogger(__name__)

bp = language_blueprint("takeaway", __name__)
qr = Blueprint("qr", __name__)


def _speech() -> Speech:
    config = kiosk().config
    return current_app.extensions.setdefault(
        "kiosk_speech", Speech(config.speech_cache_dir, cache_bytes=config.speech_cache_megabytes * 1024 * 1024)
    )


def page_qr(path: str, label: str):
    """Inline SVG QR code of a kiosk page's public address."""
    return qrcodes.qr_svg(site_address(path), label)


def site_address(path: str) -> str:
    """The address of a page of this site that works from a visitor's phone, not only here."""
    return qrcodes.public_address(kiosk().config.public_base_url, path)


@bp.record_once
def _template_helpers(state) -> None:
    # Globals, not a context processor: macros imported without context use them too.
    state.app.add_template_global(page_qr)
    state.app.add_template_global(qrcodes.qr_svg)  # a QR code of any checked address (maps, calendar files)
    state.app.add_template_global(site_address, "public_address")
    state.app.add_template_global(can_listen)


def can_listen(article, version) -> bool:
    """Whether the Listen controls play something for ``version`` shown to a visitor in g.lang:
    a recording staff attached, or the synthetic voice of the text's language."""
    return (
        article.recording(g.lang, version.lang) is not None or voice_for(version.lang, installed_voices()) is not None
    )


def _linked_hosts() -> frozenset[str]:
    """The hosts the content links to, worked out once per content revision."""
    state = kiosk()
    known = current_app.extensions.get("kiosk_linked_hosts")
    if known is None or known[0] != state.content.fingerprint:
        hosts = qrcodes.linked_hosts(state.content, state.config.public_base_url)
        known = current_app.extensions["kiosk_linked_hosts"] = (state.content.fingerprint, hosts)
    return known[1]


@qr.get("/qr.svg")
def qr_image():
    """A QR code of an address the site links to (?url=) or of a kiosk page's public address (?path=)."""
    try:
        if "path" in request.args:
            address = qrcodes.public_address(kiosk().config.public_base_url, request.args["path"])
        else:
            address = qrcodes.check_linked_address(request.args.get("url", ""), _linked_hosts())
        svg = qrcodes.qr_svg_document(address)
    except qrcodes.NotAnAddress:
        abort(400)
    return svg, 200, {"Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=86400"}


@bp.get("/my-pages")
def my_pages():
    """Pages a visitor collected on a counter; the list lives in the address, never on the server."""
    state = kiosk()
    content = state.content
    keys = parse_page_list(request.args.get("pages", ""), content.articles)
    fallbacks = state.fallbacks_for(g.lang)
    pages = [(article, article.best_version(g.lang, fallbacks)) for article in map(content.articles.get, keys)]
    path = url_for("takeaway.my_pages", pages=",".join(keys)) if keys else None
    return render_template("my_pages.html", pages=pages, list_path=path)


@bp.get("/<topic_id>/<slug>/audio")
def audio(topic_id: str, slug: str):
    """The article read aloud: staff's recording in the visitor's language (else in the language
    of the text shown), else the synthetic voice's WAV of the text shown; 404 when neither exists."""
    state = kiosk()
    article = state.content.article(topic_id, slug) or abort(404)
    version = article.readable_version(g.lang, state.fallbacks_for(g.lang))
    recording = article.recording(g.lang, version.lang)
    if recording is not None:
        return send_file(recording.path, mimetype=recording.mimetype, conditional=True, max_age=3600)
    speech = _speech()
    try:
        path = speech.cached(article, version)
        # Making audio takes a worker seconds: limited per client (listening again is free).
        if path is None and not allowed(current_app, SPEECH, request.environ):
            abort(429)
        path = path or speech.audio(article, version)
    except NoVoice:
        # Translators: shown instead of the read-aloud controls when no voice speaks the language.
        return {"error": "no voice", "message": _("Read aloud is not available in this language.")}, 404
    except SpeechFailed as error:
        log.warning("read-aloud audio not made: %s", error)
        message = _("Please try again in a moment.")
        return {"error": "speech unavailable", "message": message}, 503, {"Retry-After": "30"}
    return send_file(path, mimetype="audio/wav", conditional=True, max_age=86400)
