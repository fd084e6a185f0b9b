"""make bench-search: index build time and query latency of the kiosk's search (Whoosh, typo-
tolerant, cross-language) beside SQLite FTS5 on the same generated corpus and queries.

Usage: python bench/search_bench.py [--articles 2000]
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_queries, write_corpus  # noqa: E402

from app.content import load_content  # noqa: E402
from app.search import Searcher, build_index  # noqa: E402
from app.search.suggest import Suggester  # noqa: E402


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    return {"p50": pick(0.50), "p95": pick(0.95), "p99": pick(0.99)}


def build_fts5(content, path: Path) -> float:
    started = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(key UNINDEXED, lang UNINDEXED, title, keywords, summary, "
        "body, tokenize='unicode61 remove_diacritics 2')"
    )
    rows = [
        (f"{a.key}/{v.lang}", v.lang, v.title, " ".join(v.keywords), v.summary, v.body_text)
        for a in content.articles.values()
        for v in a.versions.values()
    ]
    db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)", rows)
    db.commit()
    seconds = time.perf_counter() - started
    db.close()
    return seconds


def query_fts5(db, plain: str) -> list:
    match = " ".join('"' + word.replace('"', "") + '"' for word in plain.split())
    return db.execute(
        "SELECT key FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 0, 0, 6, 4, 2, 1) LIMIT 20", (match,)
    ).fetchall()


def run(articles: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix="kiosk-bench-"))
    try:
        print(f"Generating {articles} articles × 12 languages in {work} …", file=sys.stderr)
        corpus = write_corpus(work / "content", articles)
        return measure(work / "content", corpus, work / "index")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(content_dir: Path, corpus: dict, index_dir: Path) -> dict:
    """Build both indexes of one corpus and time the same queries on each."""
    work = index_dir.parent
    content = load_content(content_dir, corpus["languages"])
    documents = sum(len(a.versions) for a in content.articles.values())
    queries = make_queries(corpus)

    fts_seconds = build_fts5(content, work / "fts.sqlite3")
    print(f"FTS5 built in {fts_seconds:.1f} s; building the kiosk index …", file=sys.stderr)
    started = time.perf_counter()
    build_index(content, index_dir, languages=corpus["languages"])
    whoosh_seconds = time.perf_counter() - started

    db = sqlite3.connect(work / "fts.sqlite3")
    fts_times = []
    for _, _, plain in queries:
        started = time.perf_counter()
        query_fts5(db, plain)
        fts_times.append(time.perf_counter() - started)

    searcher = Searcher(index_dir)
    searcher.warm()
    kiosk_times, found = [], 0
    for text, lang, _ in queries:
        started = time.perf_counter()
        outcome = searcher.search(text, lang)
        kiosk_times.append(time.perf_counter() - started)
        found += bool(outcome.hits)

    suggester = Suggester(content)
    suggest_times = []
    for text, lang, _ in queries:
        for end in range(1, min(len(text), 8) + 1):
            started = time.perf_counter()
            suggester.suggest(text[:end], lang)
            suggest_times.append(time.perf_counter() - started)
    return {
        "documents": documents,
        "queries": len(queries),
        "found": found,
        "build": (whoosh_seconds, fts_seconds),
        "kiosk": percentiles(kiosk_times),
        "fts5": percentiles(fts_times),
        "suggest": percentiles(suggest_times),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    r = run(args.articles)
    whoosh, fts = r["build"]
    print(
        f"\nSearch benchmark: {r['documents']} documents, {r['queries']} queries "
        f"({r['found']} with results), one run on this machine\n"
    )
    print(f"{'what':34} {'kiosk':>10} {'SQLite FTS5':>12} {'ratio':>8}")
    print(f"{'index build (s)':34} {whoosh:10.1f} {fts:12.1f} {whoosh / fts:7.1f}×")
    for p in ("p50", "p95", "p99"):
        k, f = r["kiosk"][p], r["fts5"][p]
        print(f"{'/api/search ' + p + ' (ms)':34} {k:10.2f} {f:12.2f} {k / f:7.1f}×")
    for p in ("p50", "p95", "p99"):
        print(f"{'/api/suggest ' + p + ' (ms)':34} {r['suggest'][p]:10.3f} {'—':>12} {'':>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
