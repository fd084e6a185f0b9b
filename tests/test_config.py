from pathlib import Path

import pytest

from app.config import DEFAULT_CONFIG_PATH, ConfigError, config_from_mapping, load_config
from app.settings import BY_NAME, SETTINGS


def test_defaults_load_with_no_environment():
    config = load_config(environ={})
    assert config.source_path == DEFAULT_CONFIG_PATH
    assert config.languages[:4] == ("fr", "nl", "en", "ar")
    assert config.content_dir == DEFAULT_CONFIG_PATH.parent / "content"
    assert config.database_url.startswith("sqlite:////")


def test_environment_overrides_the_file(tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text("languages: [fr, ar]\nindex_dir: idx\n", encoding="utf-8")
    config = load_config(
        environ={
            "KIOSK_CONFIG": str(other),
            "KIOSK_CONTENT_DIR": str(tmp_path / "c"),
            "DATABASE_URL": "postgresql://kiosk@db/kiosk",
        }
    )
    assert config.languages == ("fr", "ar")
    assert config.content_dir == tmp_path / "c"
    assert config.index_dir == tmp_path / "idx"
    assert config.database_url == "postgresql://kiosk@db/kiosk"
    assert load_config(environ={"KIOSK_CONFIG": str(other), "KIOSK_INDEX_DIR": "/srv/i"}).index_dir == Path("/srv/i")


# Each type of setting (app/setting_types.py, app/content/value_types.py) once at least: (the file, the
# line, the message).
BAD_VALUES = [
    ("languages: fr\n", 1, "'languages' must be a non-empty list of language codes"),
    ("languages: []\n", 1, "'languages' must be a non-empty list"),
    ("languages:\n  - fr\n  - French\n", 3, "'languages' has 'French', which is not a language code"),
    ("languages: [fr,\n  fr]\n", 2, "'languages' lists 'fr' twice"),
    ("languages: [fr, xx]\n", 1, "'languages': 'xx' is not a language that Babel's CLDR data knows"),
    ("languages: [fr]\n\ndefault_language: en\n", 3, "'default_language' is 'en', which is not in 'languages'"),
    ("languages: [fr]\nfallback_languages: [nl]\n", 2, "'fallback_languages' must be a list of codes taken from"),
    ("languages: [fr]\nlanguage_fallbacks: {fr: nl}\n", 2, "'language_fallbacks' must map a language code"),
    ("languages: [fr]\ndatabase_url: mysql://x\n", 2, "'database_url' (DATABASE_URL) must start with sqlite://"),
    ("languages: [fr]\npublic_base_url: kiosk.local\n", 2, "'public_base_url' (KIOSK_PUBLIC_URL) must be an http"),
    ("languages: [fr]\ncontent_dir: ''\n", 2, "'content_dir' (KIOSK_CONTENT_DIR) must be a folder path"),
    ("languages: [fr]\nidle_seconds: 5\n", 2, "'idle_seconds' must be a whole number of seconds, at least 10, not 5"),
    (
        "languages: [fr]\ntrusted_proxies: 6\n",
        2,
        "'trusted_proxies' (KIOSK_TRUSTED_PROXIES) must be a whole number of proxies, from 0 to 5, not 6",
    ),
    (
        "languages: [fr]\noffer_languages_with_few_articles: maybe\n",
        2,
        "'offer_languages_with_few_articles' must be true or false, not 'maybe'",
    ),
    ("languages: [fr]\ncounter_key: short\n", 2, "'counter_key' (KIOSK_COUNTER_KEY) must be a secret of at least 16"),
    (
        "languages: [fr]\npublishing_public_key: [a]\n",
        2,
        "'publishing_public_key' (KIOSK_PUBLISHING_PUBLIC_KEY) must be text",
    ),
    (
        "languages: [fr]\ntranslation_engine: google\n",
        2,
        "'translation_engine' (KIOSK_TRANSLATION_ENGINE) is one of: empty, libretranslate, deepl; not 'google'",
    ),
    (
        "languages: [fr]\ntranslation_engine: deepl\n",
        1,
        "'translation_engine_url' (KIOSK_TRANSLATION_ENGINE_URL) "
        "must be an http(s) address when 'translation_engine' is set",
    ),
    ("languages: [fr]\nsync_from: follow.me\n", 2, "'sync_from' (KIOSK_SYNC_FROM) must be an http(s) address"),
    ("languages: [fr]\nlangauges: [fr]\n", 2, "unknown setting 'langauges' (did you mean 'languages'?)"),
    (
        "languages: [fr]\nsecret_key: xxxxxxxxxxxxxxxxxxxx\n",
        2,
        "unknown setting 'secret_key': it is set by the environment only (KIOSK_SECRET_KEY)",
    ),
    ("default_language: fr\n", 1, "'languages' is required"),
]


@pytest.mark.parametrize("text, line, message", BAD_VALUES)
def test_a_bad_value_is_refused_with_the_path_and_line(text, line, message, tmp_path):
    path = tmp_path / "kiosk.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path, environ={})
    where = f"{path}:{line}: " if line else f"{path}: "
    assert f"{where}{message}" in str(error.value)


def test_every_type_of_setting_has_a_bad_value_above():
    named = {setting.name for text, _, _ in BAD_VALUES for setting in SETTINGS if f"\n{setting.name}:" in f"\n{text}"}
    named |= {"translation_engine_url"}  # its bad value is its absence
    in_the_file = {type(setting.type) for setting in SETTINGS if setting.in_file}
    assert in_the_file <= {type(BY_NAME[name].type) for name in named}


def test_every_problem_of_the_file_is_said_at_once(tmp_path):
    path = tmp_path / "kiosk.yaml"
    path.write_text("languages: [fr]\nidle_seconds: 1\nwarning_seconds: 1\nidle_second: 100\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path, environ={})
    said = [line.split(": ")[0] for line in str(error.value).splitlines()]
    assert said == [f"{path}:2", f"{path}:3", f"{path}:4"]  # in the file's order


def test_a_bad_environment_value_names_its_variable(tmp_path):
    path = tmp_path / "kiosk.yaml"
    path.write_text("languages: [fr]\nidle_seconds: 100\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path, environ={"KIOSK_TRUSTED_PROXIES": "9"})
    assert str(error.value) == f"{path}: KIOSK_TRUSTED_PROXIES must be a whole number of proxies, from 0 to 5, not 9"


def test_settings_read_without_a_file_say_where_they_come_from(tmp_path):
    with pytest.raises(ConfigError) as error:
        config_from_mapping({"languages": ["fr"], "idle_seconds": 1}, base_dir=tmp_path)
    assert str(error.value) == "configuration: 'idle_seconds' must be a whole number of seconds, at least 10, not 1"


def test_unreadable_or_broken_file(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "missing.yaml", environ={})
    broken = tmp_path / "broken.yaml"
    broken.write_text("languages: [fr\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken.yaml:2: not valid YAML"):
        load_config(broken, environ={})
    broken.write_text("languages: [fr]\nlanguages: [nl]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken.yaml:2: not valid YAML \(YAML error: duplicate key 'languages'\)"):
        load_config(broken, environ={})
    broken.write_text("- fr\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken.yaml:1: the configuration must be a mapping of settings"):
        load_config(broken, environ={})
