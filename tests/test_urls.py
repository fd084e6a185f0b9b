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


def test_a_static_address_follows_its_file(app, tmp_path, monkeypatch):
    # The fingerprint (?v=) follows the file's content: a remembered address must too, once the
    # file's time is looked at again (at most once a second).
    clock = [1000.0]
    monkeypatch.setattr("app.web.static_files.time.monotonic", lambda: clock[0])
    app.static_folder = str(tmp_path)
    style = tmp_path / "page.css"
    addresses = []
    for number, text in enumerate(["body { color: black }", "body { color: navy }"]):
        style.write_text(text, encoding="utf-8")
        os.utime(style, (1_000_000 + number, 1_000_000 + number))
        clock[0] += 1.0
        for _ in range(2):
            with app.test_request_context("/fr/"):
                g.lang = "fr"
                addresses.append(render_template_string("{{ url_for('static', filename='page.css') }}"))
    assert addresses[0] == addresses[1] and addresses[2] == addresses[3]
    assert addresses[0].startswith("/static/page.css?v=") and addresses[0] != addresses[2]


def test_a_static_file_is_looked_at_once_a_second_not_for_every_link(app, tmp_path, monkeypatch):
    clock, looked_at = [1000.0], []
    monkeypatch.setattr("app.web.static_files.time.monotonic", lambda: clock[0])
    real_stat = os.stat

    def stat(path, *args, **kwargs):
        if str(path).endswith("page.css"):
            looked_at.append(path)
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr("app.web.static_files.os.stat", stat)
    app.static_folder = str(tmp_path)
    (tmp_path / "page.css").write_text("body { color: black }", encoding="utf-8")
    link = "{{ url_for('static', filename='page.css') }}"
    for advance in (0.0, 0.5, 0.4, 0.2):
        clock[0] += advance
        with app.test_request_context("/fr/"):
            g.lang = "fr"
            render_template_string(f"{link} {link}")
    assert len(looked_at) == 2  # at 1000.0 and at 1001.1, for the links and the fingerprint alike
