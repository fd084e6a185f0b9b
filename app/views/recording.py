"""Count page views and searches after each public page, in memory only (see app/recorder.py).

Nothing about the visitor is looked at: not the address, the user agent or any cookie. A view
is counted by language, topic, article and counter; a search by its normalised words.
"""

from __future__ import annotations

from flask import Flask, current_app, g, request

from ..anonymise import counter_id
from ..recorder import Recorder
from . import kiosk


def recorder() -> Recorder:
    return current_app.extensions["recorder"]


def current_counter() -> str:
    """The counter this request comes from: set per server, or by a trusted office proxy."""
    if current_app.config["KIOSK_TRUST_COUNTER_HEADER"]:
        from_proxy = counter_id(request.headers.get("X-Kiosk-Counter"))
        if from_proxy:
            return from_proxy
    return current_app.config["KIOSK_COUNTER_ID"]


def _page(endpoint: str, args: dict) -> tuple[str, str]:
    """(topic, article) of a page; other screens under /<lang>/ count under their own name."""
    if endpoint.startswith("pages."):
        return args.get("topic_id", ""), args.get("slug", "")
    section = endpoint.split(".", 1)[0]
    return f"({section})", str(next(iter(args.values()), ""))[:100]


def register(app: Flask) -> None:
    @app.after_request
    def count(response):
        lang = getattr(g, "lang", None)
        if request.method != "GET" or response.status_code != 200 or not lang or not request.endpoint:
            return response
        state = recorder()
        if "searched" in g:
            text, found = g.searched
            state.count_search(lang, text, current_counter(), found)
        elif response.mimetype == "text/html" and not request.endpoint.startswith(("search.", "feedback.")):
            args = {k: v for k, v in (request.view_args or {}).items() if k != "lang"}
            topic, article = _page(request.endpoint, args)
            state.count_view(lang, topic, article, current_counter())
        state.note_content(kiosk().content)
        return response
