"""Kiosk configuration: one frozen dataclass loaded from YAML, with environment overrides."""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG_PATH = PROJECT_ROOT / "kiosk_config.yaml"

_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")


class ConfigError(ValueError):
    """A configuration value is missing or wrong; the message says which and why."""


@dataclass(frozen=True)
class KioskConfig:
    languages: tuple[str, ...]
    default_language: str
    fallback_languages: tuple[str, ...]
    content_dir: Path
    index_dir: Path
    database_url: str
    public_base_url: str
    source_path: Path | None = None
    # Counters: seconds without a touch before "Are you still there?", then seconds of countdown.
    idle_seconds: int = 90
    warning_seconds: int = 15
    # Audio made by espeak-ng, one file per article, language and revision.
    speech_cache_dir: Path | None = None
    # Seconds between attempts to build a missing, corrupt or stale search index again.
    index_retry_seconds: int = 60
    # Search statistics: a query is shown to staff only once searched on this many different
    # (day, counter) occasions, and every search row is deleted after this many days.
    search_min_occasions: int = 3
    search_days_kept: int = 90
    # The audio cache is kept below this size; the files least recently listened to go first.
    speech_cache_megabytes: int = 500
    # The secret a counter's start address carries (?key=…) to be marked as a counter; "" (the
    # default): only a browser on the server's own machine can become a counter.
    counter_key: str = ""
    # Reverse proxies in front of this server whose X-Forwarded-For/-Proto are believed (0: none).
    trusted_proxies: int = 0
    # A language's own fallback chain, replacing the one the language registry gives it.
    language_fallbacks: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # A language with fewer articles of its own than this has a notice on its topics page, and is
    # left off the language choice unless offer_languages_with_few_articles.
    few_articles: int = 10
    offer_languages_with_few_articles: bool = True

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
    path = Path(path or environ.get("KIOSK_CONFIG") or DEFAULT_CONFIG_PATH)
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
    """Build and validate a KioskConfig from already-parsed settings."""
    environ = {} if environ is None else environ
    where = str(source_path or "configuration")

    def fail(message: str) -> ConfigError:
        return ConfigError(f"{where}: {message}")

    unknown = set(raw) - {
        "languages",
        "default_language",
        "fallback_languages",
        "content_dir",
        "index_dir",
        "database_url",
        "public_base_url",
        "idle_seconds",
        "warning_seconds",
        "speech_cache_dir",
        "index_retry_seconds",
        "search_min_occasions",
        "search_days_kept",
        "trusted_proxies",
        "speech_cache_megabytes",
        "counter_key",
        "language_fallbacks",
        "few_articles",
        "offer_languages_with_few_articles",
    }
    if unknown:
        raise fail(f"unknown setting(s): {', '.join(sorted(unknown))}")

    languages = raw.get("languages")
    if not isinstance(languages, list) or not languages:
        raise fail("'languages' must be a non-empty list of language codes, e.g. [fr, nl, en]")
    for code in languages:
        if not isinstance(code, str) or not _LANGUAGE_CODE.match(code):
            raise fail(f"'languages' has {code!r}, which is not a language code such as 'fr' or 'prs'")
    if len(set(languages)) != len(languages):
        raise fail("'languages' lists a language twice")

    default_language = raw.get("default_language", languages[0])
    if default_language not in languages:
        raise fail(f"'default_language' is {default_language!r}, which is not in 'languages'")

    fallback = raw.get("fallback_languages", [default_language])
    if not isinstance(fallback, list) or any(code not in languages for code in fallback):
        raise fail("'fallback_languages' must be a list of codes taken from 'languages'")

    own_chains = raw.get("language_fallbacks") or {}
    if not isinstance(own_chains, dict) or any(
        code not in languages or not isinstance(chain, list) or any(other not in languages for other in chain)
        for code, chain in own_chains.items()
    ):
        raise fail("'language_fallbacks' must map a language code to a list of codes, all taken from 'languages'")

    def directory(key: str, env_name: str, default: str) -> Path:
        value = environ.get(env_name) or raw.get(key, default)
        if not isinstance(value, str) or not value:
            raise fail(f"'{key}' must be a folder path")
        return (base_dir / value).resolve()

    database_url = environ.get("DATABASE_URL") or raw.get("database_url", "sqlite:///var/kiosk.sqlite3")
    if not isinstance(database_url, str) or not re.match(r"^(sqlite|postgresql)(\+\w+)?://", database_url):
        raise fail(f"'database_url' must start with sqlite:// or postgresql://, not {database_url!r}")
    if database_url.startswith("sqlite:///") and not database_url.startswith("sqlite:////"):
        # A relative SQLite path is relative to the configuration file, like the folders.
        database_url = "sqlite:///" + str((base_dir / database_url[len("sqlite:///") :]).resolve())

    public_base_url = environ.get("KIOSK_PUBLIC_URL") or raw.get("public_base_url", "http://127.0.0.1:8000")
    parts = urlsplit(public_base_url) if isinstance(public_base_url, str) else None
    if not parts or parts.scheme not in ("http", "https") or not parts.netloc:
        raise fail(f"'public_base_url' must be an http(s) address, not {public_base_url!r}")

    trusted_proxies = environ.get("KIOSK_TRUSTED_PROXIES") or raw.get("trusted_proxies", 0)
    try:
        trusted_proxies = int(trusted_proxies)
    except (TypeError, ValueError):
        trusted_proxies = -1
    if isinstance(raw.get("trusted_proxies"), bool) or not 0 <= trusted_proxies <= 5:
        raise fail("'trusted_proxies' (KIOSK_TRUSTED_PROXIES) must be a number of proxies from 0 to 5")

    counter_key = environ.get("KIOSK_COUNTER_KEY") or raw.get("counter_key") or ""
    if not isinstance(counter_key, str) or (counter_key and len(counter_key) < 16):
        raise fail("'counter_key' (KIOSK_COUNTER_KEY) must be a secret of at least 16 characters")

    def seconds(key: str, default: int, minimum: int, env_name: str | None = None, unit: str = "seconds") -> int:
        value = raw.get(key, default)
        if env_name and environ.get(env_name):
            try:
                value = int(environ[env_name])
            except ValueError:
                raise fail(f"{env_name} must be a whole number of seconds, not {environ[env_name]!r}") from None
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise fail(f"'{key}' must be a whole number of {unit}, at least {minimum}, not {value!r}")
        return value

    offer_few = raw.get("offer_languages_with_few_articles", True)
    if not isinstance(offer_few, bool):
        raise fail(f"'offer_languages_with_few_articles' must be true or false, not {offer_few!r}")

    return KioskConfig(
        languages=tuple(languages),
        default_language=default_language,
        fallback_languages=tuple(fallback),
        content_dir=directory("content_dir", "KIOSK_CONTENT_DIR", "content"),
        index_dir=directory("index_dir", "KIOSK_INDEX_DIR", "var/index"),
        database_url=database_url,
        public_base_url=public_base_url.rstrip("/"),
        source_path=source_path,
        idle_seconds=seconds("idle_seconds", 90, 10),
        warning_seconds=seconds("warning_seconds", 15, 3),
        speech_cache_dir=directory("speech_cache_dir", "KIOSK_SPEECH_CACHE_DIR", "var/speech"),
        index_retry_seconds=seconds("index_retry_seconds", 60, 1, "KIOSK_INDEX_RETRY_SECONDS"),
        search_min_occasions=seconds("search_min_occasions", 3, 1, unit="occasions"),
        search_days_kept=seconds("search_days_kept", 90, 1, unit="days"),
        trusted_proxies=trusted_proxies,
        counter_key=counter_key,
        speech_cache_megabytes=seconds("speech_cache_megabytes", 500, 10),  # a whole number, like seconds
        language_fallbacks={code: tuple(chain) for code, chain in own_chains.items()},
        few_articles=seconds("few_articles", 10, 0, unit="articles"),
        offer_languages_with_few_articles=offer_few,
    )
