from pathlib import Path

import pytest

from app.config import DEFAULT_CONFIG_PATH, ConfigError, config_from_mapping, load_config


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


@pytest.mark.parametrize(
    "raw, message",
    [
        ({"languages": []}, "'languages' must be a non-empty list"),
        ({"languages": ["fr", "French"]}, "'French', which is not a language code"),
        ({"languages": ["fr", "fr"]}, "lists a language twice"),
        ({"languages": ["fr"], "default_language": "en"}, "'default_language' is 'en'"),
        ({"languages": ["fr"], "fallback_languages": ["nl"]}, "'fallback_languages'"),
        ({"languages": ["fr"], "database_url": "mysql://x"}, "'database_url' must start with"),
        ({"languages": ["fr"], "public_base_url": "kiosk.local"}, "'public_base_url' (KIOSK_PUBLIC_URL) must be"),
        ({"languages": ["fr"], "langauges": ["fr"]}, "unknown setting(s): langauges"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(raw, message, tmp_path):
    with pytest.raises(ConfigError) as error:
        config_from_mapping(raw, base_dir=tmp_path, source_path=tmp_path / "kiosk.yaml")
    assert message in str(error.value)
    assert str(tmp_path / "kiosk.yaml") in str(error.value)


def test_unreadable_or_broken_file(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "missing.yaml", environ={})
    broken = tmp_path / "broken.yaml"
    broken.write_text("languages: [fr\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(broken, environ={})
