"""gunicorn settings for the kiosk (make run). Override with GUNICORN_CMD_ARGS."""

import gc
import ipaddress
import sys

from app.config import load_config

# Every setting comes from the kiosk's one settings table (app/settings.py): KIOSK_BIND,
# KIOSK_WORKERS, KIOSK_TRUSTED_PROXIES… are read there, with the configuration file.
_config = load_config()
bind = _config.bind
workers = _config.workers
worker_class = "sync"
timeout = 30
graceful_timeout = 10
# Load the app once in the master: content is read and rendered once, workers share it.
preload_app = True
# No access log: a shared counter keeps no trace of what a visitor read, and no IP addresses.
accesslog = None
errorlog = "-"
loglevel = "info"
# Several kiosks or test servers may run on one machine: no shared control socket.
control_socket_disable = True


# gunicorn believes X-Forwarded-Proto only where the app does (trusted_proxies, Werkzeug's
# ProxyFix): from the proxy in front, or from nobody (by default gunicorn trusts loopback).
forwarded_allow_ips = "*" if _config.trusted_proxies else ""


def _reachable_from_other_machines(address: str) -> bool:
    """Whether a bind address (``host:port``, ``unix:…``, ``fd://…``) listens beyond this machine."""
    if address.startswith(("unix:", "fd://")):
        return False
    host = address.rsplit(":", 1)[0].strip("[]") if ":" in address else address
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host != "localhost"


def on_starting(server):
    """Build the search index before serving when it is missing or older than the content."""
    from app.content import load_content
    from app.languages import LanguageSet
    from app.search import IndexBusy, build_index, is_stale

    config = _config
    # A sync worker serves one connection at a time: a client that sends its request slowly
    # holds it (slowloris). Other machines reach the kiosk only through nginx, which holds slow
    # clients itself (deploy/kiosk-proxy.conf); the loopback address serves the counter's own browser.
    exposed = [address for address in server.cfg.bind if _reachable_from_other_machines(address)]
    if exposed and not config.trusted_proxies and server.cfg.worker_class_str == "sync":
        server.log.error(
            "refusing to listen on %s: gunicorn's sync workers would wait on slow clients. Put nginx "
            "in front (deploy/kiosk-proxy.conf, deploy/compose.one-server.yaml) and set "
            "KIOSK_TRUSTED_PROXIES=1, or bind to 127.0.0.1 (KIOSK_BIND)",
            ", ".join(exposed),
        )
        sys.exit(1)
    # The database schema is brought up to date here (also at Docker start); a database that
    # is down is logged and the kiosk serves anyway.
    from app.database import upgrade_if_reachable

    if upgrade_if_reachable(config.database_url):
        server.log.info("database schema up to date")
    # preload_app: the app, and with it the content, is loaded already; loading the content a
    # second time here would cost as much again at every start.
    app = server.app.wsgi() if server.cfg.preload_app else None
    kiosk = app.extensions.get("kiosk") if hasattr(app, "extensions") else None
    if kiosk is not None:
        from app.web import load_every_template

        server.log.info("%d templates loaded", load_every_template(app))
        content = kiosk.content_as_loaded()
    else:
        content = load_content(
            config.content_dir, LanguageSet.from_codes(config.languages).codes, cache_dir=config.cache_dir
        )
    try:
        if is_stale(config.index_dir, content.fingerprint):
            result = build_index(content, config.index_dir, wait=True, languages=config.languages)
            server.log.info("search index built: %d documents in %.1f s", result.documents, result.seconds)
    except IndexBusy:
        server.log.warning("an index build is already running; serving the current index")
    except Exception as error:  # noqa: BLE001 - a full disk, a folder that cannot be written…
        # Pages need no index: serve them; search says it is unavailable (or uses the older
        # index) until a worker builds the index again (every index_retry_seconds).
        server.log.error(
            "search index could not be built (%s: %s); serving pages, search unavailable until it is built",
            type(error).__name__,
            error,
        )


def pre_fork(server, worker):
    """The master's objects (the app, the content, templates) frozen out of the garbage collector
    before each worker is forked: a worker's collections then never walk them, nor write to the
    memory pages it shares with the master (Python's gc.freeze documentation)."""
    gc.freeze()


def post_worker_init(worker):
    """Catch up with publications, watch for the next ones, and open the search index and load
    its dictionaries, all before the first visitor's request."""
    kiosk = worker.wsgi.extensions.get("kiosk") if hasattr(worker.wsgi, "extensions") else None
    if kiosk is not None:
        # A worker is forked from the content the master loaded at start: one forked later (after
        # a crash, or after a publication the master never loads) would serve that older content
        # to its first visitors, and a watcher started only by a visitor's request would leave a
        # worker that served only staff without one.
        kiosk.catch_up()
        kiosk.watch_publications()
        try:
            kiosk.searcher.warm()
        except Exception:
            # A worker that raises here fails to boot, and gunicorn then stops the whole server:
            # warming is only a head start, the first search opens the index anyway.
            worker.log.exception("search index not warmed; the first search will open it")


def worker_exit(server, worker):
    """Write the counts still in memory before a worker stops."""
    recorder = worker.wsgi.extensions.get("recorder") if hasattr(worker.wsgi, "extensions") else None
    if recorder is not None:
        recorder.flush()
