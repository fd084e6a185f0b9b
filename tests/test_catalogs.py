"""Interface catalogs: complete, not fuzzy, compilable, placeholders intact; checked at start."""

from __future__ import annotations

import re
import subprocess

import pytest
from babel.messages.pofile import read_po

from app.config import PROJECT_ROOT, ConfigError, load_config
from app.kiosk import Kiosk
from app.languages import LanguageSet

TRANSLATIONS = PROJECT_ROOT / "translations"
CONFIG = load_config(environ={})
LANGUAGES = LanguageSet.from_codes(CONFIG.languages)
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def test_twenty_one_languages_are_offered():
    assert len(LANGUAGES) == 21


@pytest.mark.parametrize("language", list(LANGUAGES), ids=lambda language: language.code)
def test_catalog_is_complete_and_keeps_placeholders(language):
    path = TRANSLATIONS / language.babel_locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language.babel_locale)
    with (TRANSLATIONS / "messages.pot").open("rb") as handle:
        template = read_po(handle)
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    assert {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id} <= ids, "catalog is behind"
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        sources = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        assert len(strings) == (1 if isinstance(message.id, str) else catalog.num_plurals), message.id
        for string in strings:
            assert string.strip(), (language.code, message.id)
            assert sorted(set(PLACEHOLDER.findall(string))) == sorted(set(PLACEHOLDER.findall(sources[-1]))), string


def test_catalogs_compile_without_errors():
    pybabel = PROJECT_ROOT / ".venv" / "bin" / "pybabel"
    result = subprocess.run(
        [str(pybabel if pybabel.exists() else "pybabel"), "compile", "-d", str(TRANSLATIONS), "--statistics"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr.lower()


def test_the_kiosk_refuses_to_start_without_a_catalog(tmp_path):
    (tmp_path / "fr" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "fr" / "LC_MESSAGES" / "messages.mo").write_bytes(b"")
    config = load_config(environ={})
    with pytest.raises(ConfigError, match=r"no compiled interface catalog for nl, en, ar"):
        Kiosk.from_config(config, translations_dir=tmp_path)


@pytest.mark.slow
def test_the_template_holds_every_string_of_the_code(tmp_path):
    """A string added to a template or view without `make translations` fails here."""
    pybabel = PROJECT_ROOT / ".venv" / "bin" / "pybabel"
    fresh = tmp_path / "messages.pot"
    result = subprocess.run(
        [
            str(pybabel if pybabel.exists() else "pybabel"),
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "N_",
            "-o",
            str(fresh),
            ".",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr

    def ids(path):
        with path.open("rb") as handle:
            return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}

    assert ids(fresh) == ids(TRANSLATIONS / "messages.pot")
