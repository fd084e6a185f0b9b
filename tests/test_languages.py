import pytest

from app.config import load_config
from app.languages import LanguageSet, UnknownLanguage, describe_language


@pytest.mark.parametrize(
    "code, native, direction, script",
    [
        ("fr", "Français", "ltr", "Latn"),
        ("ar", "العربية", "rtl", "Arab"),
        ("prs", "دری", "rtl", "Arab"),
        ("ps", "پښتو", "rtl", "Arab"),
        ("ckb", "کوردیی ناوەندی", "rtl", "Arab"),
        ("ti", "ትግርኛ", "ltr", "Ethi"),
        ("uk", "Українська", "ltr", "Cyrl"),
        ("ku", "Kurdî (kurmancî)", "ltr", "Latn"),
    ],
)
def test_languages_come_from_cldr(code, native, direction, script):
    language = describe_language(code)
    assert (language.native_name, language.direction, language.script) == (native, direction, script)


def test_dari_uses_the_afghan_persian_locale():
    assert describe_language("prs").babel_locale == "fa_AF"
    assert describe_language("prs").english_name == "Dari"


def test_unknown_code_is_refused():
    with pytest.raises(UnknownLanguage):
        describe_language("xx")


def test_every_configured_language_is_known_and_ordered():
    config = load_config(environ={})
    languages = LanguageSet.from_codes(config.languages)
    assert languages.codes == config.languages
    assert "ar" in languages and "xx" not in languages
    assert languages["ar"].is_rtl
