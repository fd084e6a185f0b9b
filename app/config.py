"""Kiosk configuration: one frozen dataclass loaded from YAML, with environment overrides."""

from __future__ import annotations

import copy
import ipaddress
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .settings import CONFIG_FILE_VARIABLE, FILE_KEYS, SETTINGS, Setting

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG_PATH = PROJECT_ROOT / "kiosk_config.yaml"

_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")


class ConfigError(ValueError):
    """A configuration value is missing or wrong; the message says which and why."""


@dataclass(frozen=True)
class KioskConfig:
    """The validated settings; what each one means is in app/settings.py (SETTINGS)."""

    languages: tuple[str, ...]
    default_language: str
    fallback_languages: tuple[str, ...]
    language_fallbacks: dict[str, tuple[str, ...]]
    few_articles: int
    offer_languages_with_few_articles: bool
    content_dir: Path
    index_dir: Path
    index_retry_seconds: int
    database_url: str
    speech_cache_dir: Path
    speech_cache_megabytes: int
    public_base_url: str
    idle_seconds: int
    warning_seconds: int
    counter_key: str = field(repr=False)
    search_min_occasions: int
    search_days_kept: int
    translation_engine: str
    translation_engine_url: str
    translation_engine_key: str = field(repr=False)
    trusted_proxies: int
    secret_key: str = field(repr=False)
    secure_cookies: bool
    counter_id: str
    trust_counter_header: bool
    bind: str
    workers: int
    publishing_key_file: Path
    publications_dir: Path
    publishing_public_key: str
    sync_from: str
    sync_seconds: int
    sync_dir: Path
    sync_name: str
    sync_key: str = field(repr=False)
    source_path: Path | None = None

    @property
    def public_url_is_loopback(self) -> bool:
        """True while QR codes would send phones to this machine's own loopback address."""
        return is_loopback_address(self.public_base_url)


def is_loopback_address(url: str) -> bool:
    """True for an address only the machine itself can open: localhost, 127.0.0.0/8, ::1."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def load_config(path: str | Path | None = None, environ: dict | None = None) -> KioskConfig:
    """Read the YAML file (or KIOSK_CONFIG), apply environment overrides and validate."""
    environ = os.environ if environ is None else environ
    path = Path(path or environ.get(CONFIG_FILE_VARIABLE) or DEFAULT_CONFIG_PATH)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the configuration file ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: the configuration must be a mapping of settings")
    return config_from_mapping(raw, base_dir=path.resolve().parent, environ=environ, source_path=path)


def config_from_mapping(
    raw: dict, base_dir: Path, environ: dict | None = None, source_path: Path | None = None
) -> KioskConfig:
    """Build and validate a KioskConfig from already-parsed settings and the environment."""
    environ = {} if environ is None else environ
    where = str(source_path or "configuration")

    def fail(message: str) -> ConfigError:
        return ConfigError(f"{where}: {message}")

    unknown = set(raw) - FILE_KEYS
    if unknown:
        raise fail(f"unknown setting(s): {', '.join(sorted(unknown))}")
    values = {setting.name: _read(setting, raw, environ, base_dir, fail) for setting in SETTINGS}

    languages = values["languages"]
    if not languages:
        raise fail("'languages' must be a non-empty list of language codes, e.g. [fr, nl, en]")
    for code in languages:
        if not isinstance(code, str) or not _LANGUAGE_CODE.match(code):
            raise fail(f"'languages' has {code!r}, which is not a language code such as 'fr' or 'prs'")
    if len(set(languages)) != len(languages):
        raise fail("'languages' lists a language twice")
    values["languages"] = tuple(languages)

    default_language = values["default_language"] or languages[0]
    if default_language not in languages:
        raise fail(f"'default_language' is {default_language!r}, which is not in 'languages'")
    values["default_language"] = default_language

    fallback = values["fallback_languages"] or [default_language]
    if any(code not in languages for code in fallback):
        raise fail("'fallback_languages' must be a list of codes taken from 'languages'")
    values["fallback_languages"] = tuple(fallback)

    own_chains = values["language_fallbacks"]
    if any(
        code not in languages or not isinstance(chain, list) or any(other not in languages for other in chain)
        for code, chain in own_chains.items()
    ):
        raise fail("'language_fallbacks' must map a language code to a list of codes, all taken from 'languages'")
    values["language_fallbacks"] = {code: tuple(chain) for code, chain in own_chains.items()}

    database_url = values["database_url"]
    if not re.match(r"^(sqlite|postgresql)(\+\w+)?://", database_url):
        raise fail(f"'database_url' must start with sqlite:// or postgresql://, not {database_url!r}")
    if database_url.startswith("sqlite:///") and not database_url.startswith("sqlite:////"):
        # A relative SQLite path is relative to the configuration file, like the folders.
        database_url = "sqlite:///" + str((base_dir / database_url[len("sqlite:///") :]).resolve())
    values["database_url"] = database_url

    if not 0 <= values["trusted_proxies"] <= 5:
        raise fail("'trusted_proxies' (KIOSK_TRUSTED_PROXIES) must be a number of proxies from 0 to 5")
    counter_key = values["counter_key"]
    if counter_key and len(counter_key) < 16:
        raise fail("'counter_key' (KIOSK_COUNTER_KEY) must be a secret of at least 16 characters")
    engine, engine_url = values["translation_engine"], values["translation_engine_url"]
    if engine not in ("", "libretranslate", "deepl"):
        raise fail(f"'translation_engine' is libretranslate, deepl or empty, not {engine!r}")
    if engine and urlsplit(engine_url).scheme not in ("http", "https"):
        raise fail("'translation_engine_url' must be the engine's http(s) address when 'translation_engine' is set")
    if values["sync_from"] and urlsplit(values["sync_from"]).scheme not in ("http", "https"):
        raise fail(f"'sync_from' (KIOSK_SYNC_FROM) must be an http(s) address, not {values['sync_from']!r}")
    values["sync_from"] = values["sync_from"].rstrip("/")
    values["sync_name"] = values["sync_name"] or values["counter_id"]
    if values["workers"] == 0:
        values["workers"] = min(4, (os.cpu_count() or 1) * 2)
    return KioskConfig(**values, source_path=source_path)


_YES, _NO = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def _read(setting: Setting, raw: dict, environ: dict, base_dir: Path, fail) -> object:
    """One setting: from the environment, else the file, else its default; checked for its kind."""
    label = (f"'{setting.name}'" + (f" ({setting.env})" if setting.env else "")) if setting.in_file else setting.env
    unit = setting.unit or "units"
    from_environment = environ.get(setting.env) if setting.env else None
    if from_environment:
        value: object = from_environment
        if setting.kind == "whole":
            try:
                value = int(from_environment)
            except ValueError:
                raise fail(f"{setting.env} must be a whole number of {unit}, not {from_environment!r}") from None
        elif setting.kind == "yes-no":
            if from_environment.lower() not in _YES + _NO:
                raise fail(f"{setting.env} must be 1 or 0, not {from_environment!r}")
            value = from_environment.lower() in _YES
    elif setting.in_file and setting.name in raw:
        value = raw[setting.name]
    elif setting.default is None:
        raise fail(f"'{setting.name}' is required")
    else:
        value = copy.copy(setting.default)

    if setting.kind == "whole":
        if not isinstance(value, int) or isinstance(value, bool) or value < setting.minimum:
            raise fail(f"{label} must be a whole number of {unit}, at least {setting.minimum}, not {value!r}")
    elif setting.kind == "yes-no":
        if not isinstance(value, bool):
            raise fail(f"{label} must be true or false, not {value!r}")
    elif setting.kind == "list":
        if not isinstance(value, list):
            raise fail(f"{label} must be a list, e.g. [fr, nl, en]")
    elif setting.kind == "mapping":
        value = value or {}
        if not isinstance(value, dict):
            raise fail(f"{label} must be a mapping")
    elif setting.kind == "path":
        if not isinstance(value, str) or not value:
            raise fail(f"{label} must be a folder path")
        # Absolute, but links are not followed: a follower's content_dir is a link the sync
        # points at each new publication (app/publishing/sync.py), and must be read anew each time.
        return Path(os.path.abspath(base_dir / value))
    elif setting.kind == "url":
        parts = urlsplit(value) if isinstance(value, str) else None
        if not parts or parts.scheme not in ("http", "https") or not parts.netloc:
            raise fail(f"{label} must be an http(s) address, not {value!r}")
        return value.rstrip("/")
    else:  # text, secret
        value = "" if value is None else value
        if not isinstance(value, str):
            raise fail(f"{label} must be text, not {value!r}")
    return value


def child_environment(extra: dict[str, str]) -> dict[str, str]:
    """The environment for a program the kiosk runs (git), with ``extra`` set. Besides
    load_config, the one place that reads os.environ: a child needs PATH, HOME and the locale."""
    return {**os.environ, **extra}
