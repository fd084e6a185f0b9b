"""The newcomer information kiosk: a multilingual information counter for newcomers."""

from __future__ import annotations

__version__ = "0.1.0"  # also in pyproject.toml; counters report it in their heartbeat

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

    from .config import KioskConfig


def create_app(config: KioskConfig | None = None) -> Flask:
    """Application factory: configuration, extensions, blueprints, commands."""
    # Imported here, not at the top: importing any domain module (app.content, app.search…)
    # runs this file first, and the domain must load without Flask (tests/test_architecture.py).
    from .config import PROJECT_ROOT, load_config
    from .kiosk import Kiosk
    from .web.application import KioskFlask
    from .web.extensions import init_storage
    from .web.i18n import babel, init_template_gettext, select_locale

    app = KioskFlask(__name__)
    # Configuration is read and validated before anything else, so a bad value stops here.
    config = config or load_config()
    app.extensions["kiosk"] = Kiosk.from_config(config)
    app.config.update(
        BABEL_TRANSLATION_DIRECTORIES=str(PROJECT_ROOT / "translations"),
        BABEL_DEFAULT_LOCALE="en",
        JSON_AS_ASCII=False,
    )
    app.json.ensure_ascii = False

    babel.init_app(app, locale_selector=select_locale)
    init_template_gettext(app)
    # The database is optional for public pages: nothing here connects to it.
    init_storage(app, config)

    from . import web

    web.register(app)
    if config.trusted_proxies:
        # The outermost layer, so that everything after it sees the visitor's address and
        # scheme. Only as many forwarded values as there are proxies are believed.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=config.trusted_proxies, x_proto=config.trusted_proxies)

    from .cli import register_commands

    register_commands(app)
    return app
