"""The translation workspace, machine drafts, XLIFF out and back, and replacing a fact everywhere,
under /staff. Thin: the work is in app/translation; files are saved through the content history
(one commit per action, the staff member as author).

Translators work in their own languages; editors and admins in all. Replacing a fact everywhere
touches every language at once: editors and admins only.
"""

from __future__ import annotations

from flask import abort, g
from sqlalchemy.exc import SQLAlchemyError

from ...records import record_source_texts
from ...staff_accounts import may_translate
from ...translation import engine_from_settings
from .. import kiosk
from ..extensions import db
from ..staff_common import staff_blueprint

bp = staff_blueprint("translate", __name__)


def engine():
    """The machine translation engine configured, or None."""
    config = kiosk().config
    return engine_from_settings(config.translation_engine, config.translation_engine_url, config.translation_engine_key)


def my_languages() -> list[str]:
    """The languages the signed-in person translates into, in the kiosk's order."""
    return [code for code in kiosk().languages.codes if may_translate(g.staff_user, code)]


def checked_language(lang: str) -> None:
    if lang not in kiosk().languages:
        abort(404)
    if not may_translate(g.staff_user, lang):
        abort(403)


def article_or_404(topic: str, slug: str):
    content = kiosk().content_on_disk()
    return content, content.article(topic, slug) or abort(404)


def keep_source_texts() -> None:
    """Keep the originals' texts at their revisions (what a later workspace compares with)."""
    try:
        record_source_texts(db.session, kiosk().content_on_disk())
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()  # the files are saved; the texts are recorded at the next publication


from . import replace, work, workspace, xliff  # noqa: E402, F401 - the routes of bp
