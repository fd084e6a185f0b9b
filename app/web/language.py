"""The first screen: choose a language."""

from flask import Blueprint, render_template
from flask_babel import force_locale, get_locale, gettext

from . import kiosk

bp = Blueprint("language", __name__)


@bp.get("/")
def choose():
    # The heading in the default language first, then in every other one in turn:
    # whoever stands at the screen meets it in their own language within a minute.
    shown = str(get_locale())
    headings = []
    for language in kiosk().languages:
        if language.babel_locale != shown:
            with force_locale(language.babel_locale):
                headings.append((language, gettext("Choose your language")))
    return render_template("choose_language.html", headings=headings, offered=kiosk().offered_languages())
