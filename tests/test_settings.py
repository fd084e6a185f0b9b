"""One settings table (app/settings.py): every setting is declared there once, the configuration
and the README follow it, and nothing else reads the environment."""

from __future__ import annotations

import ast
import dataclasses
import sys
from pathlib import Path

import pytest

from app.config import ConfigError, KioskConfig, config_from_mapping
from app.settings import BY_NAME, SETTINGS

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from settings_table import README, readme_with_table  # noqa: E402

BASE = {"languages": ["fr", "en"]}


def test_every_configuration_field_is_declared_once_in_the_table():
    fields = {f.name for f in dataclasses.fields(KioskConfig)} - {"source_path"}
    assert fields == set(BY_NAME)
    assert len(BY_NAME) == len(SETTINGS)


def test_the_readme_shows_the_table_made_from_the_settings():
    readme = README.read_text("utf-8")
    assert readme == readme_with_table(readme), "run: .venv/bin/python scripts/settings_table.py --write"


def test_nothing_but_the_configuration_reads_the_environment():
    readers = []
    for path in [*sorted((ROOT / "app").rglob("*.py")), ROOT / "gunicorn.conf.py", ROOT / "wsgi.py"]:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv"):
                if isinstance(node.value, ast.Name) and node.value.id == "os":
                    readers.append(str(path.relative_to(ROOT)))
    # load_config (its default: os.environ, read through the table) and child_environment (the
    # environment handed to git, which needs PATH and HOME).
    assert readers == ["app/config.py", "app/config.py"]


def test_defaults_come_from_the_table(tmp_path):
    config = config_from_mapping(BASE, tmp_path)
    assert config.idle_seconds == BY_NAME["idle_seconds"].default
    assert config.index_dir == tmp_path / BY_NAME["index_dir"].default
    assert (config.default_language, config.fallback_languages) == ("fr", ("fr",))
    assert (config.secret_key, config.secure_cookies, config.counter_id) == ("", False, "")
    assert config.bind == "127.0.0.1:8000"
    assert 1 <= config.workers <= 4


def test_the_environment_overrides_and_is_checked(tmp_path):
    environ = {
        "KIOSK_SECURE_COOKIES": "1",
        "KIOSK_TRUST_COUNTER_HEADER": "true",
        "KIOSK_COUNTER_ID": "bapa-1",
        "KIOSK_WORKERS": "3",
        "KIOSK_BIND": "127.0.0.1:9000",
        "KIOSK_SECRET_KEY": "s" * 64,
        "KIOSK_SPEECH_CACHE_DIR": "/srv/speech",
    }
    config = config_from_mapping(BASE, tmp_path, environ=environ)
    assert (config.secure_cookies, config.trust_counter_header, config.counter_id) == (True, True, "bapa-1")
    assert (config.workers, config.bind, config.speech_cache_dir) == (3, "127.0.0.1:9000", Path("/srv/speech"))
    assert "s" * 64 not in repr(config)  # secrets stay out of logs and tracebacks
    with pytest.raises(ConfigError, match="KIOSK_SECURE_COOKIES must be 1 or 0, not 'maybe'"):
        config_from_mapping(BASE, tmp_path, environ={"KIOSK_SECURE_COOKIES": "maybe"})
    with pytest.raises(ConfigError, match="KIOSK_WORKERS must be a whole number of workers, not 'four'"):
        config_from_mapping(BASE, tmp_path, environ={"KIOSK_WORKERS": "four"})


def test_machine_settings_are_refused_in_the_file(tmp_path):
    # A secret key in a file that is committed and shared would sign every region's sessions.
    with pytest.raises(ConfigError, match="unknown setting"):
        config_from_mapping(BASE | {"secret_key": "x" * 40}, tmp_path)
