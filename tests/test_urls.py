"""Templates build addresses through a remembering url_for (app/web/urls.py): the addresses must
be exactly Flask's, per language and mount point."""

from __future__ import annotations

import os

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


def test_a_static_address_follows_its_file(app, tmp_path):
    # The fingerprint (?v=) follows the file's content: a remembered address must too.
    app.static_folder = str(tmp_path)
    style = tmp_path / "page.css"
    addresses = []
    for number, text in enumerate(["body { color: black }", "body { color: navy }"]):
        style.write_text(text, encoding="utf-8")
        os.utime(style, (1_000_000 + number, 1_000_000 + number))
        for _ in range(2):
            with app.test_request_context("/fr/"):
                g.lang = "fr"
                addresses.append(render_template_string("{{ url_for('static', filename='page.css') }}"))
    assert addresses[0] == addresses[1] and addresses[2] == addresses[3]
    assert addresses[0].startswith("/static/page.css?v=") and addresses[0] != addresses[2]
