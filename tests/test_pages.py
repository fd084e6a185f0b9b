"""Every page through the Flask test client, on a real index and content folder."""

from __future__ import annotations

import re

import pytest
from conftest import LANGUAGES, article_file, make_config, write

from app import create_app
from app.content import load_content
from app.search import build_index


def test_language_choice_lists_every_language_in_its_own_script(client):
    html = client.get("/").get_data(as_text=True)
    for code, name in [("fr", "Français"), ("ar", "العربية"), ("uk", "Українська"), ("ti", "ትግርኛ")]:
        assert f'href="/{code}/"' in html and name in html
    assert re.search(r'<a class="language-button language-name" href="/ar/"\s+lang="ar" dir="rtl"', html)


def test_topics_page_in_arabic_is_right_to_left_with_pictograms(client):
    response = client.get("/ar/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "السكن" in html and "الصحة" in html
    assert html.count('<svg class="icon topic-icon"') == 2
    # Its own script's fonts are asked for before the stylesheet: drawn from the first paint.
    preload = '<link rel="preload" href="/static/vendor/fonts/noto-sans-arabic-arabic-400-normal.woff2" as="font"'
    assert preload in html and html.index(preload) < html.index("fonts.css")
    assert "ethiopic" not in html.split("</head>")[0]


def test_topic_page_lists_articles_in_the_visitor_language_first(client):
    html = client.get("/fr/housing/").get_data(as_text=True)
    assert "Garantie locative" in html
    html = client.get("/ar/health/").get_data(as_text=True)
    assert "Trouver un médecin" in html and 'class="language-label"' in html


def test_article_in_its_language_shows_date_source_and_other_languages(client):
    html = client.get("/fr/housing/rental-deposit").get_data(as_text=True)
    assert "<h1>Garantie locative</h1>" in html
    assert "20 novembre 2026" in html
    assert 'href="https://www.belgium.be/"' in html
    assert 'href="/ar/housing/rental-deposit"' in html
    assert "notice-fallback" not in html and "notice-machine" not in html


def test_machine_translation_notice(client):
    html = client.get("/ar/housing/rental-deposit").get_data(as_text=True)
    assert "notice-machine" in html
    assert "٢٠٢٦" in html or "2026" in html  # the date, formatted for Arabic


def test_fallback_shows_a_notice_and_the_languages_it_exists_in(client):
    response = client.get("/ti/health/finding-a-doctor")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="ti" dir="ltr">' in html
    assert "notice-fallback" in html
    assert '<article class="article" lang="fr" dir="ltr">' in html
    assert 'href="/fr/health/finding-a-doctor"' in html and 'href="/nl/health/finding-a-doctor"' in html


def test_search_page_and_nothing_found(client):
    html = client.get("/en/search?q=deposit").get_data(as_text=True)
    assert "Rental deposit" in html and 'href="/en/housing/rental-deposit"' in html
    html = client.get("/en/search?q=zzzzqqq").get_data(as_text=True)
    assert "notice-nothing" in html and 'href="/en/housing/"' in html


def test_search_api_shape(client):
    response = client.get("/api/search?q=deposit&lang=fr")
    assert response.status_code == 200 and response.is_json
    assert response.get_json() == {
        "results": [
            {
                "topic": "housing",
                "article": "rental-deposit",
                "lang": "fr",
                "title": "Garantie locative",
                "summary": "Comment fonctionne la garantie locative à Bruxelles.",
                "url": "/fr/housing/rental-deposit",
            }
        ]
    }
    assert client.get("/api/search?q=deposit&lang=xx").status_code == 404
    assert client.get("/api/search?lang=en").get_json() == {"results": []}


@pytest.mark.parametrize(
    "path",
    [
        "/xx/",
        "/fr/cooking/",
        "/fr/housing/nope",
        "/fr/housing/rental-deposit/extra",
        "/FR/",
        "/fr/..%2f..%2fetc/passwd",
        "/fr/housing/..",
        "/api/nothing",
        "/" + "a" * 3000,
    ],
)
def test_unknown_paths_are_404_never_500(client, path):
    assert client.get(path).status_code == 404


def test_404_is_in_the_visitor_language(client):
    html = client.get("/fr/cooking/").get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in html and "Page introuvable" in html
    html = client.get("/ar/cooking/").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    html = client.get("/nowhere").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in html and "Page not found" in html
    assert "Traceback" not in html and "werkzeug" not in html.lower()


def test_healthz(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_public_pages_set_no_cookies(client):
    for path in ["/", "/fr/", "/fr/housing/", "/fr/housing/rental-deposit", "/fr/search?q=x"]:
        assert "Set-Cookie" not in client.get(path).headers


def test_no_page_references_another_origin(client):
    for path in ["/", "/ar/", "/ar/housing/", "/ar/housing/rental-deposit", "/ar/search?q=deposit"]:
        html = client.get(path).get_data(as_text=True)
        for tag, url in re.findall(r"<(link|script|img|iframe|source)[^>]+(?:href|src)=\"([^\"]+)\"", html):
            assert url.startswith("/"), (path, tag, url)


def test_pages_are_cached_compressed_and_revalidated(client, app, content_dir):
    first = client.get("/fr/housing/", headers={"Accept-Encoding": "gzip"})
    assert first.headers["Content-Encoding"] == "gzip" and first.headers["Cache-Control"] == "no-cache"
    etag = first.headers["ETag"]
    again = client.get("/fr/housing/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    plain = client.get("/fr/housing/rental-deposit")
    assert "Content-Encoding" not in plain.headers and "<h1>Garantie locative</h1>" in plain.get_data(as_text=True)
    # A page with a form has a new single-use token in every answer: never a 304 (test_form_tokens.py).
    assert "ETag" not in plain.headers and plain.headers["Cache-Control"] == "no-store"
    assert "Garantie locative" in client.get("/fr/housing/").get_data(as_text=True)
    # Search pages carry the visitor's words: never stored by the browser.
    assert client.get("/fr/search?q=garantie").headers["Cache-Control"] == "no-store"
    # New content means a new page, not the cached one.
    (content_dir / "housing" / "rental-deposit" / "fr.md").write_text(
        (content_dir / "housing" / "rental-deposit" / "fr.md")
        .read_text("utf-8")
        .replace("Garantie locative", "Garantie"),
        encoding="utf-8",
    )
    build_index(load_content(content_dir, LANGUAGES), app.extensions["kiosk"].config.index_dir)  # publish
    assert app.extensions["kiosk"].refresh()  # what each worker's watcher does within seconds
    changed = client.get("/fr/housing/", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and "Garantie locative" not in changed.get_data(as_text=True)
    assert "<h1>Garantie</h1>" in client.get("/fr/housing/rental-deposit").get_data(as_text=True)


def test_a_cached_page_is_answered_again_with_the_same_headers(client, app):
    first = client.get("/fr/housing/", headers={"Accept-Encoding": "gzip"})
    second = client.get("/fr/housing/", headers={"Accept-Encoding": "gzip"})
    assert second.data == first.data
    assert sorted(second.headers.items()) == sorted(first.headers.items())
    assert "Content-Security-Policy" in second.headers and "Set-Cookie" not in second.headers
    # Over HTTPS the cached page says so (HSTS), over plain HTTP it does not.
    secure = client.get("/fr/housing/", base_url="https://kiosk.example")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "Strict-Transport-Security" not in client.get("/fr/housing/").headers


def test_static_files_are_fingerprinted_cached_and_compressed(client):
    html = client.get("/fr/").get_data(as_text=True)
    css = re.search(r'href="(/static/css/kiosk\.css\?v=[0-9a-f]+)"', html).group(1)
    response = client.get(css, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    import gzip

    assert b"margin-inline" in gzip.decompress(response.data)
    response.close()
    stale = client.get("/static/css/kiosk.css?v=0000")  # an old version: not promised for a year
    assert "immutable" not in stale.headers.get("Cache-Control", "")
    stale.close()


@pytest.fixture
def card_client(tmp_path, content_dir):
    """The fixture content with a card-only Ukrainian translation of the doctor article."""
    card = article_file(
        "Знайти сімейного лікаря", "Сімейний лікар і глобальна медична картка.", "", translation=("fr", 1, True)
    )
    write(content_dir / "health" / "finding-a-doctor" / "uk.md", card)
    config = make_config(tmp_path, content_dir)
    build_index(load_content(config.content_dir, config.languages), config.index_dir)
    app = create_app(config)
    app.config.update(TESTING=True)
    return app.test_client()


def test_a_card_only_translation_gives_title_and_summary_then_the_fallback_text(card_client):
    html = card_client.get("/uk/health/finding-a-doctor").get_data(as_text=True)
    assert "<title>Знайти сімейного лікаря" in html
    assert '<article class="article" lang="uk" dir="ltr">\n  <h1>Знайти сімейного лікаря</h1>' in html
    assert '<p class="article-summary">Сімейний лікар і глобальна медична картка.</p>' in html
    # The text is the French original's, marked as French, after the notice that says so.
    body = re.search(r'<div class="article-body" lang="fr" dir="ltr">(.*?)</div>', html, re.S)
    assert body and "Choisissez un médecin généraliste" in body.group(1)
    assert html.index("notice-fallback") < body.start()
    assert html.index("notice-machine") < html.index("<h1>")  # the card is machine-assisted
    # Offered to read in the languages that have the text, not in the card's own.
    notice = re.search(r'<ul class="available-languages".*?</ul>', html, re.S).group(0)
    assert 'href="/fr/health/finding-a-doctor"' in notice and 'href="/nl/health/finding-a-doctor"' in notice
    assert "/uk/" not in notice


def test_a_card_only_translation_is_listed_and_found_in_its_language(card_client):
    html = card_client.get("/uk/health/").get_data(as_text=True)
    card = re.search(r'<a class="article-card".*?</a>', html, re.S).group(0)
    assert 'lang="uk"' in card and "Знайти сімейного лікаря" in card and "language-label" not in card
    results = card_client.get("/api/search?q=лікаря&lang=uk").get_json()["results"]
    assert [(r["article"], r["lang"], r["title"]) for r in results][:1] == [
        ("finding-a-doctor", "uk", "Знайти сімейного лікаря")
    ]


def test_every_template_is_loaded_before_the_workers_start(indexed_config):
    from pathlib import Path

    from app import create_app
    from app.web import load_every_template

    app = create_app(indexed_config)
    templates = Path(app.root_path) / "templates"
    expected = len(list(templates.rglob("*.html")))
    assert load_every_template(app) == expected > 30
    # Loaded: Jinja's cache holds each one, so a worker forked now renders without compiling.
    assert len(app.jinja_env.cache) >= expected
