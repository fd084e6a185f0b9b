"""Issue 17.11: each language's fallback chain comes from the language registry (close languages
first), and the configuration can replace it."""

from __future__ import annotations

import pytest
from conftest import article_file, make_config, make_content, write

from app import create_app
from app.config import ConfigError
from app.languages import LanguageSet

OFFERED = ["fr", "nl", "en", "ar", "prs", "fa", "uk", "ru", "ckb", "ku"]


@pytest.mark.parametrize(
    ("code", "chain"),
    [
        ("fa", ("prs", "en", "fr")),
        ("prs", ("fa", "en", "fr")),
        ("ckb", ("ku", "en", "fr")),
        ("ku", ("ckb", "en", "fr")),
        ("ru", ("uk", "en", "fr")),
        ("uk", ("ru", "en", "fr")),
        ("ar", ("en", "fr")),
        ("en", ("fr",)),  # never itself
    ],
)
def test_the_registry_puts_close_languages_first(code, chain):
    assert LanguageSet.from_codes(OFFERED).fallback_chain(code, ("en", "fr")) == chain


def test_close_languages_that_are_not_offered_are_left_out():
    assert LanguageSet.from_codes(["en", "fr", "fa"]).fallback_chain("fa", ("en", "fr")) == ("en", "fr")


def test_the_configuration_replaces_a_chain():
    languages = LanguageSet.from_codes(OFFERED)
    assert languages.fallback_chain("uk", ("en", "fr"), {"uk": ()}) == ("en", "fr")
    assert languages.fallback_chain("ar", ("en", "fr"), {"ar": ("fr",)}) == ("fr", "en")


def test_a_bad_chain_is_refused_with_the_setting_name(tmp_path):
    with pytest.raises(ConfigError, match="'language_fallbacks'"):
        make_config(tmp_path, tmp_path, languages=OFFERED, language_fallbacks={"uk": ["xx"]})
    with pytest.raises(ConfigError, match="'language_fallbacks'"):
        make_config(tmp_path, tmp_path, languages=OFFERED, language_fallbacks={"uk": "ru"})


@pytest.fixture
def content(tmp_path):
    root = make_content(tmp_path / "content")
    registration = root / "housing" / "registration"
    write(registration / "en.md", article_file("Registering at the commune", "Where to register.", revision=1))
    write(
        registration / "prs.md",
        article_file("ثبت نام در شاروالی", "کجا ثبت نام کنید.", translation=("en", 1, False)),
    )
    write(
        registration / "ru.md",
        article_file("Регистрация в коммуне", "Где зарегистрироваться.", translation=("en", 1, False)),
    )
    return root


def client_for(tmp_path, content, **overrides):
    from app.search import build_index

    config = make_config(tmp_path, content, languages=OFFERED, **overrides)
    from app.content import load_content

    build_index(load_content(config.content_dir, config.languages), config.index_dir)
    app = create_app(config)
    app.config.update(TESTING=True)
    return app.test_client()


def test_a_farsi_visitor_gets_the_dari_version_and_a_ukrainian_the_russian_one(tmp_path, content):
    client = client_for(tmp_path, content)
    page = client.get("/fa/housing/registration").get_data(as_text=True)
    assert "ثبت نام در شاروالی" in page and 'lang="prs"' in page
    page = client.get("/uk/housing/registration").get_data(as_text=True)
    assert "Регистрация в коммуне" in page
    # The topic list and "my pages" follow the same chain.
    assert "ثبت نام در شاروالی" in client.get("/fa/housing/").get_data(as_text=True)
    assert "ثبت نام در شاروالی" in client.get("/fa/my-pages?pages=housing/registration").get_data(as_text=True)
    # An Arabic reader still gets English.
    assert "Registering at the commune" in client.get("/ar/housing/registration").get_data(as_text=True)


def test_a_configured_chain_wins_over_the_registry(tmp_path, content):
    client = client_for(tmp_path, content, language_fallbacks={"uk": []})
    assert "Registering at the commune" in client.get("/uk/housing/registration").get_data(as_text=True)
