"""Every setting of the kiosk in one table: its name in ``kiosk_config.yaml``, the environment
variable that overrides it, its default and one line of documentation. No Flask here.

``app/config.py`` reads and validates the settings through this table, the README's
configuration table is made from it (``scripts/settings_table.py``; a test keeps them equal),
and nothing else in the project reads ``os.environ``. Settings that only the environment sets
(``in_file=False``) are those that differ per machine or must stay out of files: the secret
key, the gunicorn address, a counter's own id.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str  # the KioskConfig field, and the key in kiosk_config.yaml when in_file
    kind: str  # how a value is read: list, mapping, text, path, url, whole, yes-no, secret
    default: object  # None: required (no default)
    doc: str
    env: str = ""  # the environment variable that overrides the file ("" for none)
    in_file: bool = True
    minimum: int = 0  # for whole numbers
    unit: str = ""  # for whole numbers: "seconds", "days"… (in error messages and the README)
    default_doc: str = ""  # the default in words, when it is computed


SETTINGS: tuple[Setting, ...] = (
    # Languages
    Setting("languages", "list", None, "languages offered on the language choice screen, in this order"),
    Setting(
        "default_language", "text", "", "the language used when nothing else says which",
        default_doc="the first of `languages`",
    ),
    Setting(
        "fallback_languages", "list", [], "shown, in this order, when an article is not in the visitor's language",
        default_doc="`[default_language]`",
    ),
    Setting(
        "language_fallbacks", "mapping", {},
        "a language's own fallback chain, replacing the one the language registry gives it (e.g. `uk: []`)",
    ),
    Setting(
        "few_articles", "whole", 10, "a language with fewer articles of its own gets a notice on its topics page",
        unit="articles",
    ),
    Setting(
        "offer_languages_with_few_articles", "yes-no", True,
        "whether such a language stays on the language choice (its addresses always work)",
    ),
    # Files and storage
    Setting("content_dir", "path", "content", "the content folder (relative to the configuration file)",
            env="KIOSK_CONTENT_DIR"),
    Setting("index_dir", "path", "var/index", "the search index folder, on this server's own disk",
            env="KIOSK_INDEX_DIR"),
    Setting(
        "index_retry_seconds", "whole", 60, "how often a missing, corrupt or stale index is built again",
        env="KIOSK_INDEX_RETRY_SECONDS", minimum=1, unit="seconds",
    ),
    Setting(
        "database_url", "text", "sqlite:///var/kiosk.sqlite3",
        "SQLite by default; `postgresql://…` when several servers share data",
        env="DATABASE_URL",
    ),
    Setting(
        "speech_cache_dir", "path", "var/speech",
        "read-aloud audio made by espeak-ng, per article, language and revision",
        env="KIOSK_SPEECH_CACHE_DIR",
    ),
    Setting(
        "speech_cache_megabytes", "whole", 500, "the audio cache stays below this size, least recently listened first",
        minimum=10, unit="megabytes",
    ),
    # Counters and visitors
    Setting(
        "public_base_url", "url", "http://127.0.0.1:8000",
        "the address put in QR codes; while it is a loopback address counters refuse to start and servers warn",
        env="KIOSK_PUBLIC_URL",
    ),
    Setting("idle_seconds", "whole", 90, "a counter asks \"Are you still there?\" after this long without a touch",
            minimum=10, unit="seconds"),
    Setting("warning_seconds", "whole", 15, "then counts down this long before it forgets the visitor",
            minimum=3, unit="seconds"),
    Setting(
        "counter_key", "secret", "",
        "the secret a counter's start address carries (`?key=`) when its server is another machine "
        "(at least 16 characters; empty: only the server's own browser can be a counter)",
        env="KIOSK_COUNTER_KEY",
    ),
    Setting(
        "search_min_occasions", "whole", 3,
        "a search is shown to staff only once made on this many different (day, counter) occasions",
        minimum=1, unit="occasions",
    ),
    Setting("search_days_kept", "whole", 90, "search statistics are deleted after this many days",
            minimum=1, unit="days"),
    # Staff studio
    Setting(
        "translation_engine", "text", "",
        "`libretranslate` or `deepl`: the machine translation API that drafts translations in the studio (empty: none)",
        env="KIOSK_TRANSLATION_ENGINE",
    ),
    Setting(
        "translation_engine_url", "text", "",
        "its address, e.g. `http://127.0.0.1:5000` (LibreTranslate on this machine) or `https://api-free.deepl.com`",
        env="KIOSK_TRANSLATION_ENGINE_URL",
    ),
    Setting(
        "translation_engine_key", "secret", "",
        "its API key (DeepL's; LibreTranslate's `api_key` when it asks for one)",
        env="KIOSK_TRANSLATION_ENGINE_KEY",
    ),
    # Publishing across a region (docs/deploy.md, app/publishing)
    Setting(
        "publishing_key_file", "path", "var/publishing/signing_key",
        "on the publishing server: the Ed25519 key that signs publications (made on the first publication, mode 600)",
        env="KIOSK_PUBLISHING_KEY_FILE",
    ),
    Setting(
        "publications_dir", "path", "var/publications.git",
        "on the publishing server: the git repository of publications only, served to followers at `/content.git/`",
        env="KIOSK_PUBLICATIONS_DIR",
    ),
    Setting(
        "publishing_public_key", "text", "",
        "on followers: the publishing server's public key (`ssh-ed25519 AAAA…`, shown on /staff/publish); "
        "a publication it did not sign is refused",
        env="KIOSK_PUBLISHING_PUBLIC_KEY",
    ),
    Setting(
        "sync_from", "text", "", "on followers: the address of the server to follow (`content sync` without `--from`)",
        env="KIOSK_SYNC_FROM",
    ),
    Setting(
        "sync_seconds", "whole", 60, "how often `content sync --repeat` looks for a new publication",
        env="KIOSK_SYNC_SECONDS", minimum=1, unit="seconds",
    ),
    Setting(
        "sync_dir", "path", "var/sync", "on followers: the fetched publications, their checkouts and the sync's state",
        env="KIOSK_SYNC_DIR",
    ),
    Setting(
        "sync_name", "text", "",
        "on followers: the name it reports under on the Counters page (provisioned with `counters add NAME`)",
        env="KIOSK_SYNC_NAME", in_file=False, default_doc="`counter_id`",
    ),
    Setting(
        "sync_key", "secret", "", "on followers: the key `counters add NAME` printed for that name",
        env="KIOSK_SYNC_KEY", in_file=False,
    ),
    # Deployment
    Setting(
        "trusted_proxies", "whole", 0,
        "reverse proxies in front whose `X-Forwarded-For`/`-Proto` are believed (0 to 5; 1 behind `deploy/nginx.conf`)",
        env="KIOSK_TRUSTED_PROXIES", unit="proxies",
    ),
    Setting(
        "secret_key", "secret", "",
        "the key signing staff sessions and public form tokens: the same on every server of a region",
        env="KIOSK_SECRET_KEY", in_file=False, default_doc="made once in `var/secret_key`",
    ),
    Setting(
        "secure_cookies", "yes-no", False, "`1` when a proxy serves HTTPS: the staff cookie travels over HTTPS only",
        env="KIOSK_SECURE_COOKIES", in_file=False,
    ),
    Setting(
        "counter_id", "text", "", "on a counter that runs its own server: its id, so its views are counted per counter",
        env="KIOSK_COUNTER_ID", in_file=False,
    ),
    Setting(
        "trust_counter_header", "yes-no", False,
        "`1` only behind a proxy that sets `X-Kiosk-Counter` per office and strips it from visitors",
        env="KIOSK_TRUST_COUNTER_HEADER", in_file=False,
    ),
    Setting("bind", "text", "127.0.0.1:8000", "gunicorn's address (beyond loopback only with a proxy in front)",
            env="KIOSK_BIND", in_file=False),
    Setting(
        "workers", "whole", 0, "gunicorn's number of worker processes", env="KIOSK_WORKERS", in_file=False,
        unit="workers", default_doc="2 per core, at most 4",
    ),
)

# The one setting that says where the others are: it cannot be in the file it names.
CONFIG_FILE_VARIABLE = "KIOSK_CONFIG"

BY_NAME = {setting.name: setting for setting in SETTINGS}
FILE_KEYS = frozenset(setting.name for setting in SETTINGS if setting.in_file)


def markdown_table() -> str:
    """The README's configuration table."""

    def shown(value: object) -> str:
        if isinstance(value, bool):
            return "`true`" if value else "`false`"
        return f"`{value}`" if value not in ("", [], {}) else "empty"

    lines = [
        "| setting | environment | default | what it does |",
        "|---|---|---|---|",
        f"| (the file itself) | `{CONFIG_FILE_VARIABLE}` | `kiosk_config.yaml` | another configuration file |",
    ]
    for setting in SETTINGS:
        name = f"`{setting.name}`" if setting.in_file else "(environment only)"
        env = f"`{setting.env}`" if setting.env else ""
        if setting.default is None:
            default = "required"
        else:
            default = setting.default_doc or shown(setting.default)
            if setting.unit and not setting.default_doc:
                default += f" {setting.unit}"
        lines.append(f"| {name} | {env} | {default} | {setting.doc} |")
    return "\n".join(lines) + "\n"
