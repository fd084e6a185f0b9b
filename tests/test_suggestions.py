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


def test_matches_inside_words_are_those_a_scan_of_every_entry_finds(tmp_path):
    # The inside-word matches are found in one text per language; they must be exactly, and in
    # the same order, those a check of every entry of the language finds.
    import random

    rng = random.Random(7)
    syllables = ["re", "gis", "ter", "com", "mune", "ba", "nk", "ac", "count", "hou", "sing", "ta", "x"]
    root = make_content(tmp_path / "content")
    for n in range(60):
        title = " ".join("".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(rng.randint(1, 3)))
        write(root / "housing" / f"article-{n}" / "en.md", article_file(title.capitalize(), "Summary.", revision=1))
    suggester = Suggester(load_content(root, ["en", "fr"]))
    language = suggester.languages["en"]

    def scan(typed, limit, found):
        def inside(part, word):
            return word.startswith(part) or (len(part) >= 3 and part in word)

        best = []
        for number in language.numbers:
            words = suggester.entry_words[number]
            if number not in found and all(any(inside(p, w) for w in words) for p in typed):
                best.append(number)
        return best[:limit]

    checked = 0
    for first in ["gis", "mune", "ount", "sing", "erco", "bank", "xta", "ter"]:
        for typed in ([first], [first, "re"], ["ba", first], [first, "hou"]):
            for limit in (1, 3, 8):
                found = set(scan(typed, 2, set())) if limit == 8 else set()
                expected = scan(typed, limit, found)
                assert suggester._inside(language, typed, limit, found) == expected, typed
                checked += bool(expected)
    assert checked > 20  # most inputs find something
