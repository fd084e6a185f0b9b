"""Every shipped page in every offered language, read as a visitor sees it: no HTML entity
shown as text (right-to-left pages isolate Latin words, and once split "&quot;" in two)."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser
from urllib.parse import quote

import pytest

from app import create_app
from app.config import load_config
from app.content.render import html_to_text, render_markdown
from app.search import build_index

ENTITY_TEXT = re.compile(r"&#?\w+;")


class VisibleText(HTMLParser):
    """The text a visitor reads: character references decoded, scripts and styles left out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("script", "style", "template")

    def handle_endtag(self, tag):
        self._hidden -= tag in ("script", "style", "template")

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return "".join(parser.parts)


@pytest.mark.parametrize("rtl", [True, False])
def test_quotes_and_ampersands_survive_the_isolation_of_latin_runs(rtl):
    text = 'يقول "Actiris & VDAB" <ok> O\'Brien: 02 505 14 11.'
    html = render_markdown(text, rtl=rtl)
    assert html_to_text(html) == text
    assert visible_text(html).strip() == text
    if rtl:
        assert '<bdi dir="ltr">Actiris &amp; VDAB</bdi>' in html


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """The app on the shipped content and configuration, with its own index."""
    folder = tmp_path_factory.mktemp("shipped")
    config = replace(load_config(environ={}), index_dir=folder / "index", database_url=f"sqlite:///{folder}/db")
    app = create_app(config)
    kiosk = app.extensions["kiosk"]
    build_index(kiosk.content, config.index_dir, languages=kiosk.languages.codes)
    return app


@pytest.mark.slow
def test_no_page_in_any_language_shows_an_entity_as_text(shipped):
    kiosk = shipped.extensions["kiosk"]
    content = kiosk.content
    client = shipped.test_client()
    paths = ["/"]
    for lang in kiosk.languages.codes:
        paths += [f"/{lang}/", f"/{lang}/places/"]
        paths += [f"/{lang}/{topic.id}/" for topic in content.topics]
        paths += [f"/{lang}/{article.topic}/{article.slug}" for article in content.articles.values()]
        if kiosk.languages[lang].direction == "rtl":
            # Place pages hold Latin names and addresses: where right-to-left isolation acts.
            paths += [f"/{lang}/places/{place}" for place in content.places]
        # Search snippets, from the words of each article's title in that language.
        titles = [v.title for a in content.articles.values() if (v := a.versions.get(lang))]
        paths += [f"/{lang}/search?q={quote(title)}" for title in titles[:3]]
    shown = []
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        text = visible_text(response.get_data(as_text=True))
        shown += [(path, found) for found in ENTITY_TEXT.findall(text)]
    assert shown == []
    assert len(paths) > 1000
