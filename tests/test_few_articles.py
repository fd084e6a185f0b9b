"""Issue 17.14: a language with fewer than `few_articles` articles of its own says so on its
topics page, listing what can be read in it; a setting leaves such languages off the choice."""

from __future__ import annotations

import pytest
from conftest import make_config

from app import create_app
from app.config import ConfigError
from app.content import load_content
from app.search import build_index


def client_for(tmp_path, content_dir, **overrides):
    # The test content has 2 articles in French, 1 in English, Arabic, Ukrainian and Dutch, none
    # in Tigrinya or Pashto.
    config = make_config(tmp_path, content_dir, few_articles=2, **overrides)
    build_index(load_content(config.content_dir, config.languages), config.index_dir)
    app = create_app(config)
    app.config.update(TESTING=True)
    return app.test_client()


def test_a_language_with_few_articles_lists_what_there_is(tmp_path, content_dir):
    client = client_for(tmp_path, content_dir)
    page = client.get("/uk/").get_data(as_text=True)
    assert "notice-few-articles" in page
    assert 'href="/uk/housing/rental-deposit">Гарантія оренди</a>' in page
    assert "/uk/health/finding-a-doctor" not in page.split("notice-few-articles")[1].split("</aside>")[0]
    page = client.get("/ti/").get_data(as_text=True)
    assert "notice-few-articles" in page and "own-articles" not in page  # nothing at all: said so
    assert "notice-few-articles" not in client.get("/fr/").get_data(as_text=True)
    # Offered by default: every language is on the choice.
    choice = client.get("/").get_data(as_text=True)
    assert all(f'hreflang="{code}"' in choice for code in ("fr", "en", "uk", "ti", "ps"))


def test_languages_with_few_articles_can_be_left_off_the_choice(tmp_path, content_dir):
    client = client_for(tmp_path, content_dir, offer_languages_with_few_articles=False)
    choice = client.get("/").get_data(as_text=True)
    assert 'hreflang="fr"' in choice and 'hreflang="en"' in choice  # enough articles; the default
    assert not any(f'hreflang="{code}"' in choice for code in ("uk", "ti", "ps", "ar", "nl"))
    assert client.get("/ti/").status_code == 200  # a shared address keeps working
    attract = client.get("/kiosk/bapa-1").get_data(as_text=True)
    assert 'lang="fr"' in attract and 'class="attract-invitation" lang="ti"' not in attract


def test_bad_values_are_refused_with_their_names(tmp_path, content_dir):
    with pytest.raises(ConfigError, match="'few_articles'"):
        make_config(tmp_path, content_dir, few_articles=-1)
    with pytest.raises(ConfigError, match="'offer_languages_with_few_articles'"):
        make_config(tmp_path, content_dir, offer_languages_with_few_articles="no")
