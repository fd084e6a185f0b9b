"""Count page views and searches after each public page, in memory only (see app/recorder.py).

Nothing about the visitor is looked at: not the address, the user agent or any cookie. A view
is counted by language, topic, article and counter; a search by its normalised words.
"""

from __future__ import annotations

from flask import current_app, request

from ..counter import counter_id_sent
from ..recorder import Recorder


def recorder() -> Recorder:
    return current_app.extensions["recorder"]


def current_counter() -> str:
    """The counter this request comes from: set per server, or by a trusted office proxy."""
    config = current_app.config
    # The header is read only where it is believed (most servers: never).
    return counter_of(config, request.headers.get("X-Kiosk-Counter") if config["KIOSK_TRUST_COUNTER_HEADER"] else None)


def counter_of(config, proxy_header: str | None) -> str:
    if config["KIOSK_TRUST_COUNTER_HEADER"]:
        from_proxy = counter_id_sent(proxy_header)
        if from_proxy:
            return from_proxy
    return config["KIOSK_COUNTER_ID"]


def _page(endpoint: str, args: dict) -> tuple[str, str]:
    """(topic, article) of a page; other screens under /<lang>/ count under their own name."""
    if endpoint.startswith("pages."):
        return args.get("topic_id", ""), args.get("slug", "")
    section = endpoint.split(".", 1)[0]
    return f"({section})", str(next(iter(args.values()), ""))[:100]


def count_page(state: Recorder, seen: tuple, counter: str, content) -> None:
    """Count one answered page, as ``what_was_seen`` described it."""
    kind, lang, *details = seen
    if kind == "search":
        text, found = details
        state.count_search(lang, text, counter, found)
    elif kind == "view":
        topic, article = details
        state.count_view(lang, topic, article, counter)
    state.note_content(content)


def what_was_seen(response, request, g) -> tuple | None:
    """("view", lang, topic, article), ("search", lang, text, found), ("page", lang) or None."""
    lang = getattr(g, "lang", None)
    endpoint = request.endpoint
    if request.method != "GET" or response.status_code != 200 or not lang or not endpoint:
        return None
    if "searched" in g:
        return ("search", lang, *g.searched)
    if response.mimetype == "text/html" and not endpoint.startswith(("search.", "feedback.")):
        args = {k: v for k, v in (request.view_args or {}).items() if k != "lang"}
        return ("view", lang, *_page(endpoint, args))
    return ("page", lang)


def count(response, request, app, g):
    """After the view, the last step of the request pipeline (app/web/hooks.py): counts the
    answer the visitor got, rendered or from the page cache, once."""
    seen = what_was_seen(response, request, g)
    if seen is not None:
        config = app.config
        proxy_header = request.headers.get("X-Kiosk-Counter") if config["KIOSK_TRUST_COUNTER_HEADER"] else None
        count_page(app.extensions["recorder"], seen, counter_of(config, proxy_header), app.extensions["kiosk"].content)
    return response
