"""Every setting of the kiosk in one table: its name in ``kiosk_config.yaml``, the environment
variable that overrides it, its default and one line of documentation. No Flask here.

``app/config.py`` reads the settings through this table: each value is read and checked by its
setting's type (app/content/value_types.py, app/setting_types.py), which words what is wrong,
said with the file's line. The README's configuration table is made from it
(``scripts/settings_table.py``; a test keeps them equal), and nothing else in the project reads
``os.environ``. Settings that only the environment sets (``in_file=False``) are those that differ
per machine or must stay out of files: the secret key, the gunicorn address, a counter's own id.
"""

from __future__ import annotations

from dataclasses import dataclass

from .content.fields import FieldType
from .content.value_types import Bool, Choice, Text, Url, WholeNumber
from .setting_types import (
    DatabaseAddress,
    FallbackChains,
    Folder,
    Languages,
    OneOfTheLanguages,
    Secret,
    SomeOfTheLanguages,
    TextOr,
    Workers,
)


@dataclass(frozen=True)
class Setting:
    name: str  # the KioskConfig field, and the key in kiosk_config.yaml when in_file
    type: FieldType  # reads and checks a value, and words what is wrong (app/content/value_types.py)
    default: object  # None: required (no default); a default is read by the type too
    doc: str
    env: str = ""  # the environment variable that overrides the file ("" for none)
    in_file: bool = True
    default_doc: str = ""  # the default in words, when it is computed


_TEXT = Text(strings_only=True, empty=True)  # a string; blank: not set

# A table, one setting a row or a few: kept so rather than one argument a line.
# fmt: off
SETTINGS: tuple[Setting, ...] = (
    # Languages
    Setting("languages", Languages(), None, "languages offered on the language choice screen, in this order"),
    Setting(
        "default_language", OneOfTheLanguages(), "", "the language used when nothing else says which",
        default_doc="the first of `languages`",
    ),
    Setting(
        "fallback_languages", SomeOfTheLanguages(), [],
        "shown, in this order, when an article is not in the visitor's language",
        default_doc="`[default_language]`",
    ),
    Setting(
        "language_fallbacks", FallbackChains(), {},
        "a language's own fallback chain, replacing the one the language registry gives it (e.g. `uk: []`)",
    ),
    Setting(
        "few_articles", WholeNumber(unit="articles"), 10,
        "a language with fewer articles of its own gets a notice on its topics page",
    ),
    Setting(
        "offer_languages_with_few_articles", Bool(), True,
        "whether such a language stays on the language choice (its addresses always work)",
    ),
    # Files and storage
    Setting("content_dir", Folder(), "content", "the content folder (relative to the configuration file)",
            env="KIOSK_CONTENT_DIR"),
    Setting("index_dir", Folder(), "var/index", "the search index folder, on this server's own disk",
            env="KIOSK_INDEX_DIR"),
    Setting(
        "index_retry_seconds", WholeNumber(1, unit="seconds"), 60,
        "how often a missing, corrupt or stale index is built again",
        env="KIOSK_INDEX_RETRY_SECONDS",
    ),
    Setting(
        "database_url", DatabaseAddress(), "sqlite:///var/kiosk.sqlite3",
        "SQLite by default; `postgresql://…` when several servers share data",
        env="DATABASE_URL",
    ),
    Setting(
        "cache_dir", Folder(), "var/cache",
        "what the server can make again but keeps between starts (rendered article bodies); safe to delete",
        env="KIOSK_CACHE_DIR",
    ),
    Setting(
        "speech_cache_dir", Folder(), "var/speech",
        "read-aloud audio made by espeak-ng, per article, language and revision",
        env="KIOSK_SPEECH_CACHE_DIR",
    ),
    Setting(
        "speech_cache_megabytes", WholeNumber(10, unit="megabytes"), 500,
        "the audio cache stays below this size, least recently listened first",
    ),
    # Counters and visitors
    Setting(
        "public_base_url", Url(drop_last_slash=True), "http://127.0.0.1:8000",
        "the address put in QR codes; while it is a loopback address counters refuse to start and servers warn",
        env="KIOSK_PUBLIC_URL",
    ),
    Setting(
        "idle_seconds", WholeNumber(10, unit="seconds"), 90,
        "a counter asks \"Are you still there?\" after this long without a touch",
    ),
    Setting(
        "warning_seconds", WholeNumber(3, unit="seconds"), 15,
        "then counts down this long before it forgets the visitor",
    ),
    Setting(
        "counter_key", Secret(least=16), "",
        "the secret a counter's start address carries (`?key=`) when its server is another machine "
        "(at least 16 characters; empty: only the server's own browser can be a counter)",
        env="KIOSK_COUNTER_KEY",
    ),
    Setting(
        "search_min_occasions", WholeNumber(1, unit="occasions"), 3,
        "a search is shown to staff only once made on this many different (day, counter) occasions",
    ),
    Setting("search_days_kept", WholeNumber(1, unit="days"), 90, "search statistics are deleted after this many days"),
    # Staff studio
    Setting(
        "translation_engine", Choice(("", "libretranslate", "deepl")), "",
        "`libretranslate` or `deepl`: the machine translation API that drafts translations in the studio (empty: none)",
        env="KIOSK_TRANSLATION_ENGINE",
    ),
    Setting(
        "translation_engine_url", Url(optional=True, wanted_by="translation_engine", drop_last_slash=True), "",
        "its address, e.g. `http://127.0.0.1:5000` (LibreTranslate on this machine) or `https://api-free.deepl.com`",
        env="KIOSK_TRANSLATION_ENGINE_URL",
    ),
    Setting(
        "translation_engine_key", Secret(), "",
        "its API key (DeepL's; LibreTranslate's `api_key` when it asks for one)",
        env="KIOSK_TRANSLATION_ENGINE_KEY",
    ),
    # Publishing across a region (docs/deploy.md, app/publishing)
    Setting(
        "publishing_key_file", Folder(), "var/publishing/signing_key",
        "on the publishing server: the Ed25519 key that signs publications (made on the first publication, mode 600)",
        env="KIOSK_PUBLISHING_KEY_FILE",
    ),
    Setting(
        "publications_dir", Folder(), "var/publications.git",
        "on the publishing server: the git repository of publications only, served to followers at `/content.git/`",
        env="KIOSK_PUBLICATIONS_DIR",
    ),
    Setting(
        "publishing_public_key", _TEXT, "",
        "on followers: the publishing server's public key (`ssh-ed25519 AAAA…`, shown on /staff/publish); "
        "a publication it did not sign is refused",
        env="KIOSK_PUBLISHING_PUBLIC_KEY",
    ),
    Setting(
        "sync_from", Url(optional=True, drop_last_slash=True), "",
        "on followers: the address of the server to follow (`content sync` without `--from`)",
        env="KIOSK_SYNC_FROM",
    ),
    Setting(
        "sync_seconds", WholeNumber(1, unit="seconds"), 60,
        "how often `content sync --repeat` looks for a new publication",
        env="KIOSK_SYNC_SECONDS",
    ),
    Setting(
        "sync_dir", Folder(), "var/sync",
        "on followers: the fetched publications, their checkouts and the sync's state",
        env="KIOSK_SYNC_DIR",
    ),
    Setting(
        "sync_name", TextOr("counter_id"), "",
        "on followers: the name it reports under on the Counters page (provisioned with `counters add NAME`)",
        env="KIOSK_SYNC_NAME", in_file=False, default_doc="`counter_id`",
    ),
    Setting(
        "sync_key", Secret(), "", "on followers: the key `counters add NAME` printed for that name",
        env="KIOSK_SYNC_KEY", in_file=False,
    ),
    # Deployment
    Setting(
        "trusted_proxies", WholeNumber(maximum=5, unit="proxies"), 0,
        "reverse proxies in front whose `X-Forwarded-For`/`-Proto` are believed (0 to 5; 1 behind `deploy/nginx.conf`)",
        env="KIOSK_TRUSTED_PROXIES",
    ),
    Setting(
        "secret_key", Secret(), "",
        "the key signing staff sessions and public form tokens: the same on every server of a region",
        env="KIOSK_SECRET_KEY", in_file=False, default_doc="made once in `var/secret_key`",
    ),
    Setting(
        "secure_cookies", Bool(), False, "`1` when a proxy serves HTTPS: the staff cookie travels over HTTPS only",
        env="KIOSK_SECURE_COOKIES", in_file=False,
    ),
    Setting(
        "counter_id", _TEXT, "", "on a counter that runs its own server: its id, so its views are counted per counter",
        env="KIOSK_COUNTER_ID", in_file=False,
    ),
    Setting(
        "trust_counter_header", Bool(), False,
        "`1` only behind a proxy that sets `X-Kiosk-Counter` per office and strips it from visitors",
        env="KIOSK_TRUST_COUNTER_HEADER", in_file=False,
    ),
    Setting("bind", _TEXT, "127.0.0.1:8000", "gunicorn's address (beyond loopback only with a proxy in front)",
            env="KIOSK_BIND", in_file=False),
    Setting(
        "workers", Workers(unit="workers"), 0, "gunicorn's number of worker processes",
        env="KIOSK_WORKERS", in_file=False,
        default_doc="2 per core, at most 4",
    ),
)
# fmt: on

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
            unit = getattr(setting.type, "unit", "")  # a whole number's: "90 seconds"
            if unit and not setting.default_doc:
                default += f" {unit}"
        lines.append(f"| {name} | {env} | {default} | {setting.doc} |")
    return "\n".join(lines) + "\n"
