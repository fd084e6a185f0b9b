"""Templates' _() and ngettext() (app/web/i18n.py) take the catalog once per rendering and format
as Jinja's newstyle gettext: the page's language, force_locale honoured, variables escaped."""

from __future__ import annotations

from flask import render_template_string
from flask_babel import force_locale

TEMPLATE = (
    '{{ _("Search") }}|{{ _("Nothing was found for “%(words)s”. Try other words, or choose a topic.", words=w) }}|'
    '{{ ngettext("%(num)d page found", "%(num)d pages found", 3) }}|{{ gettext("Search") }}'
)


def test_strings_are_translated_into_the_page_s_language_and_variables_escaped(app):
    with app.test_request_context("/fr/search"):
        app.preprocess_request()
        said = render_template_string(TEMPLATE, w="<b>x</b>").split("|")
    assert said[0] == said[3] == "Rechercher"
    assert "&lt;b&gt;x&lt;/b&gt;" in said[1] and "<b>" not in said[1] and said[1].startswith("Rien")
    assert said[2] == "3 pages trouvées"


def test_a_rendering_inside_force_locale_takes_that_locale(app):
    with app.test_request_context("/fr/search"):
        app.preprocess_request()
        with force_locale("en"):
            english = render_template_string(TEMPLATE, w="x").split("|")
        french = render_template_string(TEMPLATE, w="x").split("|")
    assert english[0] == "Search" and english[2] == "3 pages found"
    assert french[0] == "Rechercher"


def test_a_percent_sign_is_formatted_as_newstyle_gettext_formats_it(app):
    with app.test_request_context("/en/"):
        app.preprocess_request()
        assert render_template_string('{{ _("100%% free") }}|{{ _("plain") }}') == "100% free|plain"
