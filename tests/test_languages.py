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


# -- the registry: one record per language ---------------------------------------------------


def test_a_language_is_found_by_its_code_and_anything_else_is_not():
    languages = LanguageSet.from_codes(["fr", "ar", "ti"])
    assert [languages[code].code for code in ("fr", "ar", "ti")] == ["fr", "ar", "ti"]
    assert "ar" in languages and languages.get("ti").script == "Ethi"
    for junk in ("xx", "", None, ["fr"], {"fr": 1}, 3):
        assert junk not in languages and languages.get(junk) is None
    with pytest.raises(KeyError):
        languages["en"]


from app.keyboards import missing_own_layouts  # noqa: E402
from app.languages import LANGUAGE_FACTS, facts_of  # noqa: E402
from app.search.analysis import _base, analysis_kind, fold_word  # noqa: E402

OFFERED = load_config(environ={}).languages


def test_every_offered_language_has_its_record_and_keyboard():
    assert [code for code in OFFERED if code not in LANGUAGE_FACTS] == []
    assert missing_own_layouts(OFFERED) == []
    assert facts_of("xx").keyboard == ("library", "english")  # unknown: the Latin keyboard, n-grams
    assert analysis_kind("xx") == "ngram"


@pytest.mark.parametrize(
    "lang, word",
    [
        ("pl", "Łódź"),
        ("fr", "Élève"),
        ("de", "Straße"),
        ("ro", "Țară"),
        ("tr", "İstanbul"),
        ("ar", "مدرسةٌ"),
        ("uk", "Їжа"),
    ],
)
def test_a_word_folds_alike_for_spelling_and_for_the_index(lang, word):
    """One folding rule: the spelling dictionary and suggestions (fold_word) and the index
    (the analyzer before stemming) must agree, or a correction points at a word never indexed."""
    indexed = [token.text for token in _base(lang)(word)]
    assert indexed == [fold_word(word, lang)]
