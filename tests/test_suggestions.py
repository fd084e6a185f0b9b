"""Issue 17.13: suggestions match inside the words of titles, not only at their start, and a
suggestion opens its article."""

from __future__ import annotations

import pytest
from conftest import article_file, make_config, make_content, write

from app import create_app
from app.content import load_content
from app.search import build_index
from app.search.suggest import Suggester


@pytest.fixture
def content_dir(tmp_path):
    root = make_content(tmp_path / "content")
    write(
        root / "housing" / "commune-registration" / "ar.md",
        article_file("التسجيل في البلدية", "أين وكيف تسجل في البلدية.", revision=1),
    )
    write(
        root / "housing" / "commune-registration" / "en.md",
        article_file("Registering at the commune", "Where to register.", translation=("ar", 1, False)),
    )
    return root


def test_arabic_words_are_found_after_their_article_prefix(content_dir):
    suggester = Suggester(load_content(content_dir, ["en", "fr", "ar"]))
    texts = [s.text for s in suggester.suggest("تسجيل", "ar")]
    assert "التسجيل في البلدية" in texts
    # Inside a word, from three letters: "gist" finds "Registering"; "is" alone finds nothing inside.
    assert "Registering at the commune" in [s.text for s in suggester.suggest("gist", "en")]
    assert "Registering at the commune" not in [s.text for s in suggester.suggest("is", "en")]
    # Matches at the start of a word still come first.
    assert [s.text for s in suggester.suggest("reg", "en")][0] == "Registering at the commune"


def test_a_suggestion_opens_its_article(tmp_path, content_dir):
    config = make_config(tmp_path, content_dir)
    build_index(load_content(config.content_dir, config.languages), config.index_dir)
    app = create_app(config)
    client = app.test_client()
    answer = client.get("/api/suggest", query_string={"q": "تسجيل", "lang": "ar"}).get_json()
    found = {s["text"]: s["url"] for s in answer["suggestions"]}
    assert found["التسجيل في البلدية"] == "/ar/housing/commune-registration"
    assert client.get(found["التسجيل في البلدية"]).status_code == 200
    # In another language the same suggestion opens the article in the visitor's language.
    answer = client.get("/api/suggest", query_string={"q": "Regist", "lang": "fr"}).get_json()
    assert "/fr/housing/commune-registration" in [s["url"] for s in answer["suggestions"]]
