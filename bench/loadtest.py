"""make loadtest: gunicorn on loopback under concurrent clients, pages and searches, while the
index is rebuilt; then a soak that watches worker memory.

Usage: python bench/loadtest.py [--clients 50] [--seconds 60] [--rebuilds 5] [--soak 100000]
Only loopback is ever a target.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Pages in several languages and searches whose answer is known: an empty answer is an error.
PAGES = [
    "/",
    "/fr/",
    "/ar/",
    "/uk/",
    "/ti/",
    "/fr/housing/",
    "/ar/health/",
    "/en/employment/",
    "/fr/administration/commune-registration",
    "/ar/daily-life/bank-account",
    "/uk/housing/social-housing",
    "/ps/emergencies/emergency-numbers",
    "/nl/health/health-insurance",
]
KNOWN_SEARCHES = [
    ("bank account", "en"),
    ("logement social", "fr"),
    ("حساب بنكي", "ar"),
    ("соціальне житло", "uk"),
    ("ziekenfonds", "nl"),
    ("Actiris", "so"),
    ("housing", "ar"),
]


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    empty_known: int = 0
    failures: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, latency: float, status: int, empty: bool = False) -> None:
        with self.lock:
            self.latencies.append(latency)
            self.statuses[status] = self.statuses.get(status, 0) + 1
            self.empty_known += empty

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)


def start_server(port: int, index_dir: Path, workers: int = 2) -> subprocess.Popen:
    env = os.environ | {
        "KIOSK_BIND": f"127.0.0.1:{port}",
        "KIOSK_WORKERS": str(workers),
        "KIOSK_INDEX_DIR": str(index_dir),
        # The load comes from one loopback client: served as a counter's own browser, which is
        # not rate-limited (the limits would otherwise answer 429 after 120 searches a minute).
        "KIOSK_COUNTER_ID": "loadtest",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
        finally:
            connection.close()  # also after a timeout: an unclosed socket is a ResourceWarning
    server.kill()
    raise RuntimeError("gunicorn did not start")


def client_loop(port: int, stop: threading.Event, tally: Tally, seed: int, limit: int | None = None) -> None:
    rng = random.Random(seed)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    done = 0
    while not stop.is_set() and (limit is None or done < limit):
        done += 1
        searching = rng.random() < 0.4
        if searching:
            words, lang = rng.choice(KNOWN_SEARCHES)
            path = _quote(f"/api/search?q={words.replace(' ', '+')}&lang={lang}")
        else:
            path = rng.choice(PAGES)
        started = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
        except OSError:
            with tally.lock:
                tally.failures += 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        empty = searching and response.status == 200 and not json.loads(body)["results"]
        tally.add(time.perf_counter() - started, response.status, empty)
    connection.close()


def _quote(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/?=&+")


def rebuild_index(index_dir: Path) -> None:
    env = os.environ | {"KIOSK_INDEX_DIR": str(index_dir)}
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "index", "build", "--wait"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def worker_memory(master: int) -> list[int]:
    """RSS in KiB of each gunicorn worker."""
    children = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()
    sizes = []
    for pid in children:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        sizes += [int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")]
    return sizes


def load(port: int, index_dir: Path, clients: int, seconds: float, rebuilds: int) -> Tally:
    tally, stop = Tally(), threading.Event()
    threads = [threading.Thread(target=client_loop, args=(port, stop, tally, n)) for n in range(clients)]
    for thread in threads:
        thread.start()
    started = time.monotonic()
    for number in range(rebuilds):
        # Spread the rebuilds over the run.
        time.sleep(max(0.0, started + seconds * (number + 0.5) / max(rebuilds, 1) - time.monotonic()))
        rebuild_index(index_dir)
    time.sleep(max(0.0, started + seconds - time.monotonic()))
    stop.set()
    for thread in threads:
        thread.join()
    tally.elapsed = time.monotonic() - started
    return tally


def soak(port: int, master: int, requests: int, clients: int = 8) -> tuple[list[int], list[int], Tally]:
    warm = Tally()
    stop = threading.Event()
    for thread in [threading.Thread(target=client_loop, args=(port, stop, warm, n, 200)) for n in range(clients)]:
        thread.start()
        thread.join()
    before = worker_memory(master)
    tally = Tally()
    threads = [
        threading.Thread(target=client_loop, args=(port, stop, tally, 100 + n, requests // clients))
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return before, worker_memory(master), tally


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rebuilds", type=int, default=5)
    parser.add_argument("--soak", type=int, default=100_000)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kiosk-load-") as folder:
        index_dir = Path(folder) / "index"
        server = start_server(args.port, index_dir)
        try:
            tally = load(args.port, index_dir, args.clients, args.seconds, args.rebuilds)
            total = len(tally.latencies)
            print(f"Load: {args.clients} clients, {tally.elapsed:.0f} s, {args.rebuilds} index rebuilds meanwhile")
            print(f"  requests: {total}  ({total / tally.elapsed:.0f} requests/s)")
            print(
                f"  latency: p50 {percentile(tally.latencies, 0.5):.1f} ms, "
                f"p99 {percentile(tally.latencies, 0.99):.1f} ms"
            )
            print(
                f"  statuses: {dict(sorted(tally.statuses.items()))}; 5xx: {tally.server_errors}; "
                f"connection failures: {tally.failures}; empty results for known queries: {tally.empty_known}"
            )
            if args.soak:
                before, after, soaked = soak(args.port, server.pid, args.soak)
                growth = (sum(after) - sum(before)) / sum(before) * 100
                print(
                    f"Soak: {len(soaked.latencies)} requests; worker memory {sum(before) // 1024} MiB → "
                    f"{sum(after) // 1024} MiB ({growth:+.1f}%); 5xx: {soaked.server_errors}"
                )
        finally:
            server.terminate()
            server.wait()
    ok = tally.server_errors == 0 and tally.empty_known == 0 and tally.failures == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
