"""The CPU cost of an uncached search page inside one process: the kiosk's WSGI app called
directly with distinct searches (as make bench's "uncached search page" row asks wrk for them),
beside Flask's hello world and a search page from the page cache, median of several rounds.

Every round starts with empty page and search caches, as under wrk, where a search is almost
never asked twice among 20,000. Usage:
    python bench/search_page_bench.py [--pages 1500] [--rounds 5] [--profile]
(with --profile: SORT=cumtime LINES=60 to order and cut the profile differently)
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from pipeline_bench import _call, _environ, kiosk_app  # noqa: E402

from bench import SEARCH_PAGE, uncached_search_paths  # noqa: E402


def _forget_pages(app) -> None:
    """Empty caches, as for searches a worker has not seen: rendered pages and search outcomes."""
    from app.web.caching import PageCache

    app.extensions["page_cache"] = PageCache()
    app.extensions["kiosk"].searcher._results.clear()


def _per_page(app, environs: list[dict]) -> float:
    _forget_pages(app)
    started = time.process_time()  # CPU time: others share the machine
    for environ in environs:
        _call(app, environ)
    return (time.process_time() - started) / len(environs) * 1e6


def _per_request(app, environ: dict, count: int) -> float:
    started = time.process_time()
    for _ in range(count):
        _call(app, environ)
    return (time.process_time() - started) / count * 1e6


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=1500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    arguments = parser.parse_args()

    import hello

    paths = random.Random(19).sample(uncached_search_paths(), arguments.pages)
    with tempfile.TemporaryDirectory(prefix="kiosk-search-page-bench-") as folder:
        app = kiosk_app(Path(folder))
        environs = [_environ(path) for path in paths]
        _per_page(app, environs)  # warm: templates compiled, documents' texts analysed
        hello_environ, cached_environ = _environ("/"), _environ(SEARCH_PAGE)
        _call(hello.app, hello_environ)

        if arguments.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(_per_page, app, environs)
            order, lines = os.environ.get("SORT", "tottime"), int(os.environ.get("LINES", "35"))
            pstats.Stats(profiler).sort_stats(order).print_stats(lines)
            return 0

        times: dict[str, list[float]] = {"hello": [], "uncached search": [], "cached search": []}
        for _ in range(arguments.rounds):
            times["hello"].append(_per_request(hello.app, hello_environ, 3000))
            times["uncached search"].append(_per_page(app, environs))
            _call(app, cached_environ)
            times["cached search"].append(_per_request(app, cached_environ, 3000))
        hello_us = statistics.median(times["hello"])
        print(f"{'page':16} {'µs/request':>11} {'best':>7} {'vs hello (time)':>16}")
        for name, samples in times.items():
            us = statistics.median(samples)
            print(f"{name:16} {us:11.1f} {min(samples):7.1f} {hello_us / us:16.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
