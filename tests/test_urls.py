"""Templates build addresses through a remembering url_for (app/web/urls.py): the addresses must
be exactly Flask's, per language and mount point."""

from __future__ import annotations

from flask import g, render_template_string

TEMPLATE = "{{ url_for('pages.article', topic_id='housing', slug='rental-deposit') }} {{ url_for('search.page', q=q) }}"


def test_remembered_addresses_are_flasks_in_each_language_and_mount_point(app):
    for lang, root in [("fr", ""), ("ar", ""), ("fr", "/kiosk"), ("ar", "/kiosk")] * 2:
        with app.test_request_context(f"/{lang}/", base_url=f"http://localhost{root}/"):
            g.lang = lang
            for words in ["logement", "سكن", "a&b=c"]:
                shown = render_template_string(TEMPLATE, q=words)
                flask = " ".join(
                    [
                        app.url_for("pages.article", topic_id="housing", slug="rental-deposit"),
                        app.url_for("search.page", q=words),
                    ]
                )
                assert shown == flask.replace("&", "&amp;")
                assert shown.startswith(f"{root}/{lang}/housing/rental-deposit ")
