"""Kiosk configuration: one frozen dataclass loaded from YAML, with environment overrides."""

from __future__ import annotations

import copy
import difflib
import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .content.fields import BadValue, Raw, Reading
from .content.yamlsafe import YamlDocument, YamlProblem, read_yaml
from .setting_types import SettingsContext
from .settings import BY_NAME, CONFIG_FILE_VARIABLE, FILE_KEYS, SETTINGS, Setting

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG_PATH = PROJECT_ROOT / "kiosk_config.yaml"


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
    cache_dir: Path
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
        document = read_yaml(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the configuration file ({error.strerror})") from None
    except YamlProblem as problem:
        raise ConfigError(f"{path}:{problem.line}: not valid YAML ({problem.message})") from None
    raw = {} if document.data is None else document.data
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}:{document.line()}: the configuration must be a mapping of settings")
    return config_from_mapping(raw, path.resolve().parent, environ, source_path=path, document=document)


def config_from_mapping(
    raw: dict,
    base_dir: Path,
    environ: dict | None = None,
    source_path: Path | None = None,
    document: YamlDocument | None = None,
) -> KioskConfig:
    """Build a KioskConfig from parsed settings and the environment, each value read and checked
    by its setting's type (app/settings.py); ``document`` gives the lines of the file's values.
    Raises ConfigError with every problem, each as ``path:line: message``."""
    environ = {} if environ is None else environ
    in_file = Reading(SettingsContext(base_dir), document, detailed=True)
    # Environment values have no line; the values read and the problems are shared.
    elsewhere = Reading(in_file.context, values=in_file.values, issues=in_file.issues, detailed=True)
    for key in raw:
        if key not in FILE_KEYS:
            in_file.add(str(key), _unknown(key), True, in_file.line(key))
    # Those that need other settings are read after them (the order of the table otherwise).
    for setting in sorted(SETTINGS, key=lambda setting: bool(setting.type.needs)):
        if all(in_file.values.get(name) is not None for name in setting.type.needs):
            in_file.values[setting.name] = _read(setting, raw, environ, in_file, elsewhere)
    if in_file.issues:
        where = str(source_path or "configuration")
        raise ConfigError(
            "\n".join(
                f"{where}:{issue.line}: {issue.message}" if issue.line else f"{where}: {issue.message}"
                for issue in sorted(in_file.issues, key=lambda issue: issue.line or 0)  # the file's order
            )
        )
    return KioskConfig(**in_file.values, source_path=source_path)


def _unknown(key) -> str:
    setting = BY_NAME.get(key)
    if setting is not None:  # a machine's own setting, such as the secret key: never in a shared file
        return f"unknown setting {key!r}: it is set by the environment only ({setting.env})"
    close = difflib.get_close_matches(str(key), sorted(FILE_KEYS), n=1)
    return f"unknown setting {key!r}" + (f" (did you mean {close[0]!r}?)" if close else "")


def _read(setting: Setting, raw: dict, environ: dict, in_file: Reading, elsewhere: Reading):
    """One setting's value, from the environment, else the file, else its default, read by its
    type; None (and the problem noted) when it is missing or bad."""
    text = environ.get(setting.env) if setting.env else None
    if text:
        value = Raw(setting.name, text, elsewhere, at=(), called=setting.env)
        value.value = setting.type.from_text(text, value)
    else:
        label = f"'{setting.name}'" + (f" ({setting.env})" if setting.env else "")
        if setting.in_file and setting.name in raw:
            value = Raw(setting.name, raw[setting.name], in_file, called=label)
        elif setting.default is None:
            in_file.add(setting.name, f"{label} is required", True, in_file.line(setting.name, missing=1))
            return None
        else:
            # A default that does not do (an engine's address, once the engine is set) is said at
            # the top of the file, like a missing field of a content file.
            value = Raw(setting.name, copy.copy(setting.default), in_file, called=label)
    read = value.value if isinstance(value.value, BadValue) else setting.type.value_from_raw(value)
    if isinstance(read, BadValue):
        if read.message:  # "": the type noted what is wrong already
            value.reading.add(setting.name, read.message, True, value.line())
        return None
    return read


def child_environment(extra: dict[str, str]) -> dict[str, str]:
    """The environment for a program the kiosk runs (git), with ``extra`` set. Besides
    load_config, the one place that reads os.environ: a child needs PATH, HOME and the locale."""
    return {**os.environ, **extra}
