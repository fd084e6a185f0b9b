"""Taking pages home and listening to them: QR codes, the "my pages" list, read-aloud audio."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g, render_template, request, send_file, url_for
from flask_babel import gettext as _

from .. import qrcodes
from ..counter import parse_page_list
from ..speech import NoVoice, Speech, installed_voices, voice_for
from . import kiosk, language_blueprint

bp = language_blueprint("takeaway", __name__)
qr = Blueprint("qr", __name__)


def _speech() -> Speech:
    return current_app.extensions.setdefault("kiosk_speech", Speech(kiosk().config.speech_cache_dir))


def page_qr(path: str, label: str):
    """Inline SVG QR code of a kiosk page's public address."""
    return qrcodes.qr_svg(qrcodes.public_address(kiosk().config.public_base_url, path), label)


@bp.app_context_processor
def takeaway_context():
    return {
        "page_qr": page_qr,
        "public_address": lambda path: qrcodes.public_address(kiosk().config.public_base_url, path),
        "can_read_aloud": lambda code: voice_for(code, installed_voices()) is not None,
    }


@qr.get("/qr.svg")
def qr_image():
    """A QR code of an outside address (?url=) or of a kiosk page's public address (?path=)."""
    try:
        if "path" in request.args:
            address = qrcodes.public_address(kiosk().config.public_base_url, request.args["path"])
        else:
            address = request.args.get("url", "")
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
    """The article read aloud (WAV), in the language it is shown in; 404 when there is no voice."""
    state = kiosk()
    article = state.content.article(topic_id, slug) or abort(404)
    version = article.best_version(g.lang, state.fallbacks_for(g.lang))
    try:
        path = _speech().audio(article, version)
    except NoVoice:
        # Translators: shown instead of the read-aloud controls when no voice speaks the language.
        return {"error": "no voice", "message": _("Read aloud is not available in this language.")}, 404
    return send_file(path, mimetype="audio/wav", conditional=True, max_age=86400)
