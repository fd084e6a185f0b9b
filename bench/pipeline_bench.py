"""The cost of a cached page inside one process: the kiosk's WSGI app called directly, beside
Flask's hello world, interleaved, median of several rounds (no sockets, no gunicorn).

Far less sensitive to a busy machine than wrk, so a change to the request pipeline
(app/web/hooks.py) can be weighed on its own. Usage:
    python bench/pipeline_bench.py [--requests 5000] [--rounds 7] [--profile topic|article]
(with --profile: SORT=cumtime LINES=60 to order and cut the profile differently)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

PAGES = {"topic": "/fr/housing/", "article": "/ar/daily-life/bank-account"}


def _environ(path: str) -> dict:
    from werkzeug.test import EnvironBuilder

    # As wrk sends it: no Accept-Encoding, no cookie; a loopback client, as in make bench.
    builder = EnvironBuilder(path=path, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    try:
        return builder.get_environ()
    finally:
        builder.close()


def _call(app, environ: dict) -> int:
    """One request; returns the body's length (the body is read, as a server would)."""
    status = []

    def start_response(code, headers, exc_info=None):
        status.append(code)

    iterable = app(dict(environ), start_response)
    try:
        size = sum(len(chunk) for chunk in iterable)
    finally:
        if hasattr(iterable, "close"):
            iterable.close()
    if not status[0].startswith("200"):
        raise RuntimeError(f"{environ['PATH_INFO']}: {status[0]}")
    return size


def _per_request(app, environ: dict, count: int) -> float:
    started = time.process_time()  # CPU time: others share the machine
    for _ in range(count):
        _call(app, environ)
    return (time.process_time() - started) / count * 1e6


def kiosk_app(work: Path):
    os.environ.update(
        {
            "KIOSK_INDEX_DIR": str(work / "index"),
            "KIOSK_COUNTER_ID": "bench",  # as make bench: one loopback client, a counter's own browser
        }
    )
    from app import create_app
    from app.config import load_config
    from app.search import build_index

    config = load_config()
    app = create_app(config)
    build_index(app.extensions["kiosk"].content_as_loaded(), config.index_dir, wait=True, languages=config.languages)
    return app


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--profile", choices=sorted(PAGES))
    arguments = parser.parse_args()

    import hello

    with tempfile.TemporaryDirectory(prefix="kiosk-pipeline-bench-") as folder:
        app = kiosk_app(Path(folder))
        environs = {name: _environ(path) for name, path in PAGES.items()}
        sizes = {name: _call(app, environ) for name, environ in environs.items()}  # now in the cache
        hello_environ = _environ("/")
        _call(hello.app, hello_environ)

        if arguments.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(_per_request, app, environs[arguments.profile], arguments.requests)
            order, lines = os.environ.get("SORT", "tottime"), int(os.environ.get("LINES", "35"))
            pstats.Stats(profiler).sort_stats(order).print_stats(lines)
            return 0

        times: dict[str, list[float]] = {"hello": [], **{name: [] for name in PAGES}}
        for _ in range(arguments.rounds):
            times["hello"].append(_per_request(hello.app, hello_environ, arguments.requests))
            for name, environ in environs.items():
                times[name].append(_per_request(app, environ, arguments.requests))
        # CPU µs per request: the median of the rounds, and the best round (the least disturbed).
        hello_us, hello_best = statistics.median(times["hello"]), min(times["hello"])
        print(f"{'page':10} {'µs/request':>11} {'best':>7} {'vs hello (time)':>16} {'body bytes':>11}")
        print(f"{'hello':10} {hello_us:11.1f} {hello_best:7.1f} {'':>16} {13:11}")
        for name in PAGES:
            us = statistics.median(times[name])
            print(f"{name:10} {us:11.1f} {min(times[name]):7.1f} {hello_us / us:16.2f} {sizes[name]:11}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
