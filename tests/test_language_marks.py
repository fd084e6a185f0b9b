"""Issue 17.5: text shown in another language than the page's carries its lang and dir and a label
with its language's name, like article cards."""

from __future__ import annotations

import re

import pytest
from conftest import make_config, write

from app import create_app
from app.content import load_content
from app.search import build_index


@pytest.fixture
def client(tmp_path, content_dir):
    write(
        content_dir / "places" / "commune.yaml",
        """
        name: Maison communale
        address: {fr: "Place Communale 1, 1080 Molenbeek"}
        about:
          en: Where newcomers register.
          ar: حيث يسجل القادمون الجدد.
        topics: [housing]
        """,
    )
    config = make_config(tmp_path, content_dir)
    build_index(load_content(config.content_dir, config.languages), config.index_dir)
    app = create_app(config)
    app.config.update(TESTING=True)
    return app.test_client()


def test_an_untranslated_topic_title_is_marked_and_labelled(client):
    page = client.get("/uk/").get_data(as_text=True)
    # Health has no Ukrainian title: English, marked, with the label a card would have.
    assert re.search(
        r'<span lang="en" dir="ltr">Health</span> <span class="language-label[^"]*" lang="en">English</span>', page
    )
    assert '<span class="topic-title">Житло</span>' in page  # translated: nothing added
    assert "<title>" in page and "emergency" not in page.split("<title>")[1].split("</title>")[0]


def test_a_place_description_in_english_on_an_arabic_page(client):
    page = client.get("/ar/places/commune").get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in page  # the page
    assert "حيث يسجل القادمون الجدد." in page  # in Arabic: no mark
    page = client.get("/uk/places/commune").get_data(as_text=True)
    assert re.search(r'<span lang="en" dir="ltr">Where newcomers register.</span> <span class="language-label', page)
    # The address exists in French only: marked as French, no label inside the address line.
    assert '<span lang="fr" dir="ltr">Place Communale 1, 1080 Molenbeek</span>' in page
    # One name for every language is left as it is.
    assert "<span>Maison communale</span>" in page
