"""The pinned notices visitors see on the topics page and the counters' welcome screen (template
globals; the notices are written in the studio's forms)."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..notices import showing
from ..places import BRUSSELS
from . import kiosk
from .caching import keep_page_for


def pinned_notices(where: str) -> list:
    """The notices pinned to ``where`` today (the page is kept in the cache until midnight)."""
    now = datetime.now(BRUSSELS)
    today = now.date()
    midnight = datetime.combine(today, datetime.min.time(), BRUSSELS)
    keep_page_for(midnight.timestamp(), (midnight + timedelta(days=1)).timestamp())
    return showing(kiosk().content.notices.values(), where, today)


def notice_text(notice, code: str) -> tuple[str, str]:
    """(text, the language it is in) of a notice for a language, with its fallbacks."""
    chain = (code, *kiosk().fallbacks_for(code), "*")
    shown = next((c for c in chain if c in notice.texts), next(iter(notice.texts)))
    return notice.texts[shown], code if shown == "*" else shown
